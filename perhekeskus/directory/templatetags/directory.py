"""Template helpers of the directory: opening hours in words, language links, filter links."""

from datetime import datetime, timedelta

from django import template
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.urls import translate_url
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..models import WEEKDAYS
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


def _clock(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "TIME_FORMAT")


def _when(moment: datetime, now: datetime) -> str:
    """'tänään klo 12.00', 'huomenna klo 9.00' or 'ma 7.12. klo 9.00' in the active language."""
    local, today = timezone.localtime(moment), timezone.localtime(now).date()
    if local.date() == today:
        return _("tänään klo %(time)s") % {"time": _clock(local)}
    if local.date() == today + timedelta(days=1):
        return _("huomenna klo %(time)s") % {"time": _clock(local)}
    day = date_format(local, "D j.n.") if get_language() != "en" else date_format(local, "D j M")
    return _("%(day)s klo %(time)s") % {"day": day, "time": _clock(local)}


@register.inclusion_tag("directory/_open_state.html", takes_context=True)
def open_state(context, state, now=None):
    """'Auki nyt · sulkeutuu klo 11.00' or 'Suljettu · avautuu huomenna klo 9.00'."""
    now = now or timezone.now()
    if state is None or state.is_open is None:
        return {"known": False}
    if state.is_open:
        detail = _("sulkeutuu %(when)s") % {"when": _when(state.closes_at, now)} if state.closes_at else ""
    else:
        detail = _("avautuu %(when)s") % {"when": _when(state.next_opens, now)} if state.next_opens else ""
    return {"known": True, "is_open": state.is_open, "detail": detail}


_DAY_NAMES = {
    "mo": ("ma", "må", "Mon"),
    "tu": ("ti", "ti", "Tue"),
    "we": ("ke", "on", "Wed"),
    "th": ("to", "to", "Thu"),
    "fr": ("pe", "fr", "Fri"),
    "sa": ("la", "lö", "Sat"),
    "su": ("su", "sö", "Sun"),
}


def _day_name(code: str) -> str:
    column = {"sv": 1, "en": 2}.get((get_language() or "fi")[:2], 0)
    return _DAY_NAMES[code][column]


def _day_span(days: tuple[str, ...]) -> str:
    """'ma–pe' for a run of consecutive weekdays, 'ma, ke' otherwise."""
    idx = sorted(WEEKDAYS.index(d) for d in days if d in WEEKDAYS)
    if len(idx) >= 3 and idx == list(range(idx[0], idx[-1] + 1)):
        return f"{_day_name(WEEKDAYS[idx[0]])}–{_day_name(WEEKDAYS[idx[-1]])}"
    return ", ".join(_day_name(WEEKDAYS[i]) for i in idx)


@register.simple_tag
def weekly_hours(schedules) -> list[dict]:
    """Weekly rules grouped by their days: [{'days': 'ma–pe', 'times': '9.00–11.00, 12.00–15.00', ...}]."""
    groups: dict[tuple, dict] = {}
    for rule in schedules:
        key = (rule.days, rule.valid_from, rule.valid_to)
        group = groups.setdefault(key, {"days": _day_span(rule.days), "times": [], "notes": [], "rule": rule})
        closes = (
            "24.00"
            if rule.closes_at.hour == 0 and rule.closes_at.minute == 0
            else date_format(rule.closes_at, "TIME_FORMAT")
        )
        group["times"].append(f"{date_format(rule.opens_at, 'TIME_FORMAT')}–{closes}")
        note = translated(rule, "note")
        if note:
            group["notes"].append(note)
    return [{**g, "times": ", ".join(g["times"])} for g in groups.values()]


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
    if location.latitude is not None and location.longitude is not None:
        lat, lon = location.latitude, location.longitude
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    if location.address:
        from urllib.parse import quote

        town = location.municipality.name_fi if location.municipality else ""
        return "https://www.openstreetmap.org/search?query=" + quote(f"{location.address}, {town}".strip(", "))
    return ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def page_numbers(page) -> list:
    """The page links to show: the first and last, and two on each side of this one, with "…"
    for the rest (a national search can have thousands of pages)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
