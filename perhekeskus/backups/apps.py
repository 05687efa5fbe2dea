from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """`manage.py backup` and `manage.py restore`: the whole database in one encrypted file, for
    SQLite and PostgreSQL (docs/deploy.md). No models; it reads the database as it finds it and
    imports no other Perhekeskus app."""

    name = "perhekeskus.backups"
    label = "backups"
    verbose_name = "Varmuuskopiot"
