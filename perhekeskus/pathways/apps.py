from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathwaysConfig(AppConfig):
    name = "perhekeskus.pathways"
    verbose_name = _("Palvelupolut")

    def ready(self):
        from . import loader  # noqa: F401 -- registers the pathways section of load_data
