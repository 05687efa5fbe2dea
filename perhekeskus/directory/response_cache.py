"""Search responses kept in the cache, for everyone who asks the same.

Families ask the same few things ("neuvola", "perhekahvila") over and over; a search over a
national directory costs far more than sending a stored answer. An answer is kept under the
address, the language, the content version (renewed by every change to the directory, so an edit
is seen at once) and the current minute (open-now states change on the minute), for at most
SEARCH_CACHE_SECONDS, so nothing stale is served. Only anonymous GETs that found something are
kept: a signed-in worker's page carries their own bar, and a query that found nothing is counted
for the coordinator every time it is asked. Shared between workers when REDIS_URL sets a Redis
cache; per process otherwise.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

from perhekeskus.search.index import current_version

KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")


def cache_key(request) -> str | None:
    """The key of this request's answer, or None when it must not be shared."""
    user = getattr(request, "user", None)  # the open API signs no one in: None there
    if not settings.SEARCH_CACHE_SECONDS or request.method != "GET" or (user and user.is_authenticated):
        return None
    parts = [
        translation.get_language() or "",
        request.get_full_path(),
        # The API also reads its language from the header; pages have it in the address.
        request.headers.get("Accept-Language", "")[:200] if request.path.startswith("/api/") else "",
        str(current_version()),
        str(int(time.time() // 60)),
    ]
    return "search-response:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def lookup(request) -> tuple[str | None, HttpResponse | None]:
    key = cache_key(request)
    stored = cache.get(key) if key else None
    if stored is None:
        return key, None
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response[name] = value
    return key, response


def store(key: str | None, response) -> None:
    """Keep a rendered 200 answer under the key (None: keep nothing)."""
    if key is None or response.status_code != 200 or getattr(response, "not_shared", False):
        return
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    cache.set(key, (response.status_code, headers, response.content), settings.SEARCH_CACHE_SECONDS)
