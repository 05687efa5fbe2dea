"""What a person posted, given back as a form that sends it again, for the pages that answer a
POST that could not be stored (503.html: the database is unavailable) or not read (a body that
is not UTF-8, 400).

Every posted field comes back, to the same address: short values and tokens hidden, the texts
the person wrote in a textarea where they see them and can copy them. Passwords are never sent back: the form
has an empty password field to type them again. The CSRF token is a fresh one, from the page's
own {% csrf_token %}.
"""

from django.conf import settings
from django.http import QueryDict
from django.utils import translation

LONG_VALUE_CHARS = 40
CSRF_FIELD = "csrfmiddlewaretoken"


def posted_again(request, data: QueryDict) -> dict:
    """The template context of the form that posts `data` again to the request's own address:
    `action`, `fields` (name, value, long), `passwords` (names to type again) and `had_token`
    (the form had a one-time token, so sending it twice stores it once)."""
    fields, passwords = [], []
    for name, values in data.lists():
        if name == CSRF_FIELD:
            continue
        if "password" in name.lower():
            passwords.append(name)
            continue
        for value in values:
            fields.append({"name": name, "value": value, "long": _free_text(value)})
    return {
        "action": request.get_full_path(),
        "fields": fields,
        "passwords": passwords,
        "had_token": bool(data.get("form_token")),
    }


def _free_text(value: str) -> bool:
    """Whether a value is shown: a text the person wrote (several lines, or long with spaces in it;
    a token, a code or an address has none and stays hidden), or one with characters that could
    not be read (�), for the person to correct."""
    return "\n" in value or "\ufffd" in value or (len(value) > LONG_VALUE_CHARS and any(ch.isspace() for ch in value))


def api_path(request) -> bool:
    """Whether the request is the API's, which answers JSON."""
    return request.path_info.startswith("/api/")


def api_language(request) -> str:
    """The language of an API answer made outside the API's views: ?lang=, else Accept-Language
    (the API's paths have no language prefix)."""
    try:
        lang = request.GET.get("lang", "")
    except Exception:  # an unreadable query string: Accept-Language then
        lang = ""
    if lang in {code for code, _name in settings.LANGUAGES}:
        return lang
    return translation.get_language_from_request(request)
