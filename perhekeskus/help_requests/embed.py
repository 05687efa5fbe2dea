"""The "Pyydä apua!" button for other sites: an HTML snippet that site editors copy onto the
city's and the wellbeing region's pages.

A plain link styled inline: no script, no stylesheet and nothing loaded from anywhere, so it
works on any page whatever its content security policy (one that forbids inline styles shows a
plain link), and tells nobody who saw it. Our own
embed page shows the same link as a preview with the class `embed-button` instead
(perhekeskus/static/perhekeskus/help.css holds EMBED_STYLE's declarations), since our policy
allows no inline style.
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
PREVIEW_CLASS = "embed-button"


def embed_snippet(*, lang: str, municipality=None) -> str:
    """The button's HTML in `lang`, linking to the form (with the municipality chosen, if given)."""
    url, label = _link(lang=lang, municipality=municipality)
    return format_html('<a href="{}" lang="{}" style="{}">{}</a>', url, lang, EMBED_STYLE, label)


def embed_preview(*, lang: str, municipality=None) -> str:
    """The same button for our own page: styled by the class PREVIEW_CLASS, not inline."""
    url, label = _link(lang=lang, municipality=municipality)
    return format_html('<a href="{}" lang="{}" class="{}">{}</a>', url, lang, PREVIEW_CLASS, label)


def _link(*, lang: str, municipality) -> tuple[str, str]:
    with translation.override(lang):
        url = settings.SITE_URL.rstrip("/") + reverse("help_requests:ask")
        label = _("Pyydä apua!")
    if municipality is not None:
        url += f"?municipality={municipality.slug}"
    return url, label
