from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpRequestsConfig(AppConfig):
    name = "perhekeskus.help_requests"
    verbose_name = _("Pyydä apua!")

    def ready(self):
        # The data files' help-request sections load through the same load_data command.
        from . import loader  # noqa: F401
