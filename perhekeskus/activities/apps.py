from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "perhekeskus.activities"
    verbose_name = _("Kohtaamispaikkojen toiminta")

    def ready(self):
        from . import loader  # noqa: F401 -- registers the seasons and activities sections
