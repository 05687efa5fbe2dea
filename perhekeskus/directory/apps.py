from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "perhekeskus.directory"
    verbose_name = _("Palveluhakemisto")

    def ready(self):
        from . import loader_directory  # noqa: F401 -- registers the directory's sections of load_data
