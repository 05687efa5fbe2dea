from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """Palaute: the public feedback channel that the Act on the Provision of Digital Services
    (306/2019) requires of a public service, apart from the help requests."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "perhekeskus.feedback"
    verbose_name = _("Palaute")

    def ready(self):
        # The law pages' section of the data files loads through the same load_data command.
        from . import loader  # noqa: F401
