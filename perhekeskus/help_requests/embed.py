"""The "Pyydä apua!" button for other sites: an HTML snippet that site editors copy onto the
city's and the wellbeing region's pages.

A plain link styled inline: no script, no stylesheet and nothing loaded from anywhere, so it
works on any page whatever its content security policy, and tells nobody who saw it.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

EMBED_STYLE = (
    "display:inline-block;background:#b01e12;color:#ffffff;font:700 1.125rem/1.5 system-ui,-apple-system,"
    "'Segoe UI',Roboto,Arial,sans-serif;padding:0.6em 1.1em;border-radius:4px;text-decoration:none;"
    "border:2px solid #ffffff;box-shadow:0 0 0 2px #b01e12"
)


def embed_snippet(*, lang: str, municipality=None) -> str:
    """The button's HTML in `lang`, linking to the form (with the municipality chosen, if given)."""
    with translation.override(lang):
        url = settings.SITE_URL.rstrip("/") + reverse("help_requests:ask")
        label = _("Pyydä apua!")
    if municipality is not None:
        url += f"?municipality={municipality.slug}"
    return format_html('<a href="{}" lang="{}" style="{}">{}</a>', url, lang, EMBED_STYLE, label)
