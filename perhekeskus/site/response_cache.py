"""Search answers kept in the cache, for everyone who asks the same.

Families ask the same few things ("neuvola", "perhekahvila") over and over, and a search over a
national directory costs far more than sending a stored answer. An answer is kept under the
language and the address (and, for the API, the Accept-Language and Accept headers it also
reads). Stored with it are the content version it was made from and the moment until which its
open-now states hold (`Found.valid_until`: the first opening or closing among the
services it counts, or midnight). It is served only while both hold, so an edit to the directory is
seen at once and no door is shown open after it has closed; SEARCH_CACHE_SECONDS bounds how long
any answer is kept (0: none is).

When that moment passes, the first request makes the answer again while the others are served the
one they had for at most REFRESH_SECONDS more: being a few seconds late to turn "open" into
"closed" is better than every worker making the same national search at once on the hour.

Only answers that are the same for everyone are kept: anonymous GETs without a session, 200s that
found something (a query that found nothing is counted for the coordinator every time it is asked)
and did not use a CSRF token. Views opt in with `@shared` (a viewset with `shared_actions`).

The middleware answers before the view runs (and, for the API, before the REST framework's own
machinery), with one round trip to the cache that reads the version and the answer together.
Shared between workers when REDIS_URL sets a Redis cache; per process otherwise.
"""

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation

from perhekeskus.search.index import VERSION_KEY, current_version

KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")
REFRESH_SECONDS = 10


def shared(view):
    """Mark a view whose anonymous answers may be kept and served to everyone who asks the same."""
    view.shares_answers = True
    return view


def _shares(view_func, request) -> bool:
    if getattr(view_func, "shares_answers", False):
        return True
    # A viewset's view function: the action for this method must be one of its shared ones.
    actions = getattr(view_func, "actions", None) or {}
    return actions.get(request.method.lower()) in getattr(getattr(view_func, "cls", None), "shared_actions", ())


def cache_key(request) -> str | None:
    """The key of this request's answer, or None when it must not be shared."""
    if not settings.SEARCH_CACHE_SECONDS or request.method != "GET":
        return None
    # A session may hold a signed-in worker or a message for this person alone.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES:
        return None
    if "Authorization" in request.headers:  # an API client that signs in
        return None
    # The API also reads its language from Accept-Language, and its format (JSON or the browsable
    # page) from Accept; pages have their language in the address.
    api = request.path.startswith("/api/")
    parts = [
        translation.get_language() or "",
        request.get_full_path(),
        request.headers.get("Accept-Language", "")[:200] if api else "",
        request.headers.get("Accept", "")[:200] if api else "",
    ]
    return "search-response:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _read(key: str) -> tuple[int, tuple | None]:
    """The content version and the stored answer, in one round trip when the version is cached."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    return (current_version() if version is None else version), found.get(key)


def _servable(stored: tuple | None, version: int, key: str) -> bool:
    if stored is None or stored[0] != version:
        return False
    valid_until, now = stored[1], timezone.now().timestamp()
    if now < valid_until:
        return True
    # Gone stale: this request refreshes it unless another already does.
    return now < valid_until + REFRESH_SECONDS and not cache.add(f"{key}:refresh", 1, REFRESH_SECONDS)


class SharedAnswersMiddleware:
    """Serve and keep the answers of `@shared` views (last in MIDDLEWARE, so that what the other
    middleware add to a response, such as security headers, is added to a kept one too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "shared_answer_key", None)
        if key is not None and _keepable(request, response):
            self._store(key, request.shared_answer_version, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _shares(view_func, request):
            return None
        key = cache_key(request)
        if key is None:
            return None
        version, stored = _read(key)
        if _servable(stored, version, key):
            _version, _valid_until, status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            return response
        request.shared_answer_key, request.shared_answer_version = key, version
        return None

    @staticmethod
    def _store(key: str, version: int, response) -> None:
        now = timezone.now().timestamp()
        valid_until = getattr(response, "valid_until", None)
        valid_until = valid_until.timestamp() if valid_until else now + settings.SEARCH_CACHE_SECONDS
        seconds = min(valid_until - now, settings.SEARCH_CACHE_SECONDS)
        if seconds < 1:
            return
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        stored = (version, now + seconds, response.status_code, headers, response.content)
        cache.set(key, stored, int(seconds) + REFRESH_SECONDS)


def _keepable(request, response) -> bool:
    return (
        response.status_code == 200
        and not getattr(response, "not_shared", False)
        and not response.cookies
        # A page that used a CSRF token carries this person's token.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(response, "streaming", False)
    )
