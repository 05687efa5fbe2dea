"""Posted text is read as UTF-8 or not at all: the one rule for the pages' forms and the API.

Left to themselves, Django reads a form body that is not UTF-8 as Latin-1 (raw bytes) or with
replacement characters (percent-encoded bytes) and refuses one that declares another charset with
a bare 400 that loses the form; the REST framework decodes JSON in whatever charset the request
declares. Either way a text could be stored otherwise than it was written. `undecodable_body` says
whether a request breaks the rule; the site's middleware (site/undecodable.py) answers such a
request with a 400 and a clear message before anything reads its body. A view that can show its
own form again names the page that does it with `@undecodable_body_page(page)`; the page binds
its form to `kept_post(request)`.

Only form (urlencoded) and JSON bodies are checked. Multipart bodies carry files, and Django reads
their fields with replacement characters; no form of the site posts multipart.
"""

import codecs
from collections.abc import Callable
from urllib.parse import parse_qsl

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import QueryDict, RawPostDataException, UnreadablePostError
from django.utils.translation import gettext_lazy as _

FORM = "application/x-www-form-urlencoded"

UNDECODABLE_MESSAGE = _(
    "Lähettämääsi tekstiä ei voitu lukea luotettavasti, koska se ei ollut UTF-8-merkistössä. Mitään ei "
    "tallennettu. Tarkista teksti (merkit, joita ei voitu lukea, näkyvät merkkinä �) ja lähetä uudelleen."
)
UNDECODABLE_API_MESSAGE = _(
    "Pyynnön runko ei ollut UTF-8-merkistössä, joten sitä ei luettu eikä mitään tallennettu. Lähetä "
    "runko UTF-8-koodattuna (Content-Type ilman charsetia tai charset=utf-8)."
)


def _checked(content_type: str) -> bool:
    return content_type == FORM or content_type == "application/json" or content_type.endswith("+json")


def _codec(charset: str) -> str | None:
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def undecodable_body(request) -> bool:
    """Whether the request's form or JSON body declares a charset other than UTF-8 or is not
    UTF-8 (for a form, also once its %-escapes are decoded). A body too big to read is left to
    the views, which say so."""
    if not _checked(request.content_type or ""):
        return False
    charset = request.content_params.get("charset")
    if charset is not None and _codec(charset) != "utf-8":
        return True
    try:
        body = request.body
    except (RequestDataTooBig, RawPostDataException, UnreadablePostError):
        return False
    try:
        text = body.decode("utf-8")
        if request.content_type == FORM:
            parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return True
    return False


def kept_post(request) -> QueryDict:
    """What can be kept of a form body that is not UTF-8: its fields read in the charset it
    declared if Python knows it, else as UTF-8 with every byte that is not shown as �, so that the
    person sees what to correct. Empty when the body cannot be read at all."""
    if request.content_type != FORM:
        return QueryDict()
    try:
        body = request.body
    except (RequestDataTooBig, RawPostDataException, UnreadablePostError):
        return QueryDict()
    encoding = _codec(request.content_params.get("charset") or "") or "utf-8"
    try:
        return QueryDict(body.decode(encoding, errors="replace"), encoding=encoding)
    except TooManyFieldsSent:
        return QueryDict()


def undecodable_body_page(page: Callable) -> Callable:
    """Mark a view whose POSTs that are not UTF-8 `page(request)` answers, with the view's own form
    again (bound to `kept_post`), instead of the site's general page."""

    def mark(view: Callable) -> Callable:
        view.undecodable_body_page = page  # type: ignore[attr-defined]
        return view

    return mark
