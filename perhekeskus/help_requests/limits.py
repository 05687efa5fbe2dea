"""Rate limits of the public help-request endpoints (django-ratelimit) and the client address."""

from django.shortcuts import render
from django.utils.translation import gettext as _


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
