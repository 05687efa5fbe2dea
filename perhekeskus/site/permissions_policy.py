"""The Permissions-Policy header: the browser features that no page of ours may use.

No page uses the camera, the microphone, the location, payments, USB or the like. Denying them all
means that a script that found its way into a page (past the content security policy) could not
ask for them either, and that no family is shown a browser's prompt for its camera or location on
a help page. Django sets no such header (its SecurityMiddleware covers HSTS, nosniff, the referrer
and the opener policy), so this small middleware does, from settings.PERMISSIONS_POLICY; it sits
beside the CSP middleware near the top of MIDDLEWARE, so that every page has it.
"""

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed

HEADER = "Permissions-Policy"


def permissions_policy(features: dict[str, list[str]]) -> str:
    """The header's value: `camera=()` for a feature allowed nowhere, `fullscreen=(self)` or
    `fullscreen=(self "https://example.org")` for one allowed to those origins."""
    return ", ".join(f"{feature}=({' '.join(map(_origin, origins))})" for feature, origins in features.items())


def _origin(origin: str) -> str:
    return origin if origin == "self" else f'"{origin}"'


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every answer, unless a view has set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))
        if not self.value:
            raise MiddlewareNotUsed

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(HEADER, self.value)
        return response
