"""Rate limits of the public help-request endpoints (django-ratelimit) and the client address.

One module for the web form and the JSON API, so that both count against the same per-client
limits of the same groups: an asker cannot double their allowance by switching from the form to
the API, and a change of the rates is made once.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

# Per client address (settings.RATELIMIT_IP_META_KEY), never global: a flood from one client
# must not lock the others out. The JSON API shares the submit group with the form.
SUBMIT_GROUP, SUBMIT_RATES = "help_requests.submit", ("5/m", "30/h")
PICKUP_GROUP, PICKUP_RATES = "help_requests.pickup", ("10/h",)
REPLY_GROUP, REPLY_RATES = "help_requests.reply", ("20/h",)


def over_limit(request, group: str, rates: tuple[str, ...], *, increment: bool = True) -> bool:
    """Count this POST against the client's limits of `group` (unless `increment` is false: look
    only); whether any limit is exceeded."""
    limited = False
    for rate in rates:
        limited |= is_ratelimited(request, group=group, key="ip", rate=rate, method="POST", increment=increment)
    return limited


def client_ip(request) -> str:
    """The client's address behind a trusted proxy: the last X-Forwarded-For entry (the one the
    proxy itself appended), else REMOTE_ADDR. Used only as a rate-limit key, never stored."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(request, exception):
    """429 with a calm message; what the person typed is in their browser's back button."""
    message = _("Liian monta yritystä lyhyessä ajassa. Odota hetki ja yritä uudelleen. Hätätilanteessa soita 112.")
    return render(request, "help_requests/rate_limited.html", {"message": message}, status=429)
