from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "perhekeskus.network"
    verbose_name = _("Perhekeskusverkosto")

    def ready(self):
        from . import loader  # noqa: F401 -- registers the network and surveys sections of load_data
