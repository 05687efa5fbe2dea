"""The first visit in the visitor's own language: a Finnish (unprefixed) address is redirected to
its Swedish or English one when the visitor has chosen that language before (Django's language
cookie) or, without a choice, when the browser's Accept-Language prefers it.

The language lives in the address (/sv/..., /en/...), so pages stay shareable and the shared
answers stay right; this middleware only redirects to such an address, never answers in another
language at the same one. A visitor who follows one of our own links (the language switcher,
say: a Referer from this site) is never redirected, and moving to another language that way is
remembered in the cookie. Prefixed addresses, the API, the admin, feeds and files are left alone.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

LEFT_ALONE_PREFIXES = ("/api/", "/admin/", "/i18n/", "/static/")
NOT_PAGES = (".ics", ".atom", ".pdf", ".csv", ".json", ".xml", ".txt")
COOKIE_SECONDS = 365 * 24 * 3600


class FirstVisitLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _a_page(request):
            return self.get_response(request)
        own_site, came_from = _referer(request)
        here = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        unprefixed = translation.get_language_from_path(request.path_info) is None
        if unprefixed and not own_site:
            wanted = translation.get_language_from_request(request)  # the cookie, else Accept-Language
            if wanted != settings.LANGUAGE_CODE:
                target = translate_url(request.get_full_path(), wanted)
                if target != request.get_full_path():
                    response = HttpResponseRedirect(target)
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
        response = self.get_response(request)
        if unprefixed:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        if own_site and came_from != here and response.status_code == 200:
            _remember(response, here)
        return response


def _a_page(request) -> bool:
    path = request.path_info
    return (
        request.method in ("GET", "HEAD") and not path.startswith(LEFT_ALONE_PREFIXES) and not path.endswith(NOT_PAGES)
    )


def _referer(request) -> tuple[bool, str | None]:
    """Whether the request came by a link of this site, and the language of the page it left."""
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if not referer.netloc or referer.netloc != request.get_host():
        return False, None
    return True, translation.get_language_from_path(referer.path) or settings.LANGUAGE_CODE


def _remember(response, code: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=COOKIE_SECONDS,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
