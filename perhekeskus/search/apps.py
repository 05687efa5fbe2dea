from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "perhekeskus.search"
    verbose_name = "Haku"
