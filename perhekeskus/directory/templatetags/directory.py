"""Template helpers of the directory: opening hours in words (from hours_wording.py), language
links, filter links."""

from django import template
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.urls import translate_url
from django.utils import timezone
from django.utils.translation import get_language

from .. import addresses, hours_wording
from ..translation import translated, translated_language

register = template.Library()


@register.filter
def t(obj, base):
    """{{ service|t:"description" }}: the text in the active language, falling back to Finnish."""
    return translated(obj, base)


@register.filter
def t_lang(obj, base):
    """The language code the text of `t` is in, for a `lang` attribute where it differs."""
    return translated_language(obj, base)


@register.inclusion_tag("directory/_open_state.html", takes_context=True)
def open_state(context, state, now=None):
    """'Auki nyt · sulkeutuu klo 11.00' or 'Suljettu · avautuu huomenna klo 9.00'."""
    return hours_wording.open_state_in_words(state, now or timezone.now())


register.simple_tag(hours_wording.weekly_hours, name="weekly_hours")


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in every UI language, for the language switcher (plain links, no JS)."""
    request = context["request"]
    current = get_language()
    names = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}
    # Pages outside the language-prefixed URLs (the API docs) choose their language by ?lang=.
    prefixed = not request.path.startswith("/api/")
    links = []
    for code, name in names.items():
        if prefixed:
            url = translate_url(request.get_full_path(), code)
        else:
            url = f"{request.path}?{_with_param(request, 'lang', code)}"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


def _with_param(request, name: str, value: str) -> str:
    """The request's query string with one parameter set (only it, if the query is unreadable)."""
    try:
        params = request.GET.copy()
    except TooManyFieldsSent:
        params = QueryDict(mutable=True)
    params[name] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def toggle_param(context, name, value) -> str:
    """The search URL's query string with one filter value switched on or off (page reset)."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    values = params.getlist(name)
    value = str(value)
    if value in values:
        values.remove(value)
    elif name == "area":
        values = [value]
    else:
        values.append(value)
    params.setlist(name, values)
    return params.urlencode()


@register.filter
def osm_link(location) -> str:
    """An OpenStreetMap link: a pin at the coordinates where known, else an address search."""
    return addresses.map_link(location)


@register.filter
def address_line(location) -> str:
    """ "Nahkurinkatu 17, 94100 Kemi", in the active language (addresses.py)."""
    return addresses.address_line(location)


@register.filter
def site_link(href: str) -> str:
    """A link from the data: a page of this site ("/pyyda-apua/") in the active language's
    address; a web address as it is."""
    if href.startswith("/"):
        return translate_url(href, get_language())
    return href


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def page_numbers(page) -> list:
    """The page links to show: the first and last, and two on each side of this one, with "…"
    for the rest (a national search can have thousands of pages)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
