"""The answer when the database is unavailable: a 503 with Retry-After, never a 500.

`DatabaseFaultsMiddleware` (in MIDDLEWARE after LocaleMiddleware, so that the page's language is
active) answers every error of a view that `directory.unavailable.database_unavailable`
recognises; `server_error` (config.urls.handler500) does the same for one met outside a view,
such as a middleware's read. The API gets `{"detail": ...}` in its language (?lang= or
Accept-Language), a page gets 503.html in the page's; a POST gets its fields back in a form that
sends them again (`posted_again`), passwords excepted. Nothing here touches the database: the page
is rendered without context processors, and its emergency number is 112, not a lookup.

The help-request pages do better where the database can still be read (help_requests.public_views
shows the real form again); this is the answer for everything else, and for them when even reading
fails.
"""

import sys

from django.http import HttpResponse, JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.template import loader
from django.utils import translation
from django.views import defaults

from perhekeskus.directory.posted_again import api_language, api_path, posted_again
from perhekeskus.directory.unavailable import (
    UNAVAILABLE_MESSAGE,
    database_unavailable,
    log_unavailable,
    unavailable_response,
)


class DatabaseFaultsMiddleware:
    """A view's database fault answered with a 503 and Retry-After instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_unavailable(exception):
            return None
        return unavailable_page(request, exception)


def server_error(request):
    """handler500: a database fault met outside a view is a 503 too; anything else Django's 500."""
    error = sys.exc_info()[1]
    if error is not None and database_unavailable(error):
        return unavailable_page(request, error)
    return defaults.server_error(request)


def unavailable_page(request, error) -> HttpResponse:
    """503, Retry-After and no-store: JSON for the API, else 503.html with the POST kept."""
    log_unavailable(error, path=request.path)
    if api_path(request):
        with translation.override(api_language(request)):
            response = JsonResponse(
                {"detail": str(UNAVAILABLE_MESSAGE)}, status=503, json_dumps_params={"ensure_ascii": False}
            )
            response["Content-Language"] = translation.get_language()
    else:
        with translation.override(getattr(request, "LANGUAGE_CODE", None) or translation.get_language()):
            response = HttpResponse(loader.render_to_string("503.html", _page_context(request)), status=503)
    return unavailable_response(response)


def _page_context(request) -> dict:
    posted = request.method == "POST"
    data = QueryDict()
    if posted:
        try:
            data = request.POST
        except Exception:  # too big, cut off, unreadable: the page says so without it
            data = QueryDict()
    context = posted_again(request, data)
    # {% csrf_token %} reads it from the context: there is no RequestContext, so no processors.
    return {**context, "posted": posted, "csrf_token": get_token(request)}
