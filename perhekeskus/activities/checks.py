"""System checks of the calendar's settings: the address printed on the posters.

A poster is printed and pinned on a wall for weeks; its QR code and its address must lead to the
live site, not to the development default (http://127.0.0.1:8000) nor to a plain-http address
that the site redirects. So with DEBUG off, `manage.py check` (and `migrate`, which runs it) fails
until SITE_URL is set to the site's https address.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


@register()
def site_url_is_the_live_site(app_configs=None, **kwargs) -> list[Error]:
    """Error perhekeskus.E001 when DEBUG is off and SITE_URL is the default or not https."""
    if settings.DEBUG:
        return []
    site_url = settings.SITE_URL
    if site_url == settings.SITE_URL_DEFAULT:
        return [
            Error(
                f"SITE_URL is the development default {site_url}.",
                hint="Set SITE_URL to the site's own address, e.g. https://perhekeskus.example.fi: "
                "the posters print it and their QR code leads there, and e-mails link to it.",
                id="perhekeskus.E001",
            )
        ]
    parts = urlsplit(site_url)
    if parts.scheme != "https" or not parts.netloc:
        return [
            Error(
                f"SITE_URL {site_url!r} is not an https address.",
                hint="Give the site's address with https://, e.g. https://perhekeskus.example.fi.",
                id="perhekeskus.E002",
            )
        ]
    return []
