from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "perhekeskus.search"
    verbose_name = "Haku"

    def ready(self):
        from . import loader  # noqa: F401 -- registers the thesaurus section of load_data
        from .signals import connect

        connect()
