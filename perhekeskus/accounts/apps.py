from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "perhekeskus.accounts"
    verbose_name = _("Henkilökunnan tunnukset")

    def ready(self):
        # Signal receivers: the lockout e-mail (django-axes) and the session clocks (user_logged_in).
        from . import lockout, sessions  # noqa: F401
