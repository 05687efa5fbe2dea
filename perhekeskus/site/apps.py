from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The public pages that list and search: the directory's pages and the calendar's lists,
    over the finder and the search below them (docs/architecture.md)."""

    name = "perhekeskus.site"
    label = "site"
    verbose_name = "Sivusto"
