"""Opening hours in words, in the active language: the presentation of what hours.py computes
("Auki nyt · sulkeutuu klo 11.00", "ma–pe 9.00–11.00, 12.00–15.00"). hours.py keeps the rules and
knows nothing of languages; the template tags (templatetags/directory.py) show these."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import WEEKDAYS
from .translation import translated


def clock(moment: datetime) -> str:
    """'9.00': the time of day in Finland, in the active language's format."""
    return date_format(timezone.localtime(moment), "TIME_FORMAT")


def when(moment: datetime, now: datetime) -> str:
    """'tänään klo 12.00', 'huomenna klo 9.00' or 'ma 7.12. klo 9.00' in the active language."""
    local, today = timezone.localtime(moment), timezone.localtime(now).date()
    if local.date() == today:
        return _("tänään klo %(time)s") % {"time": clock(local)}
    if local.date() == today + timedelta(days=1):
        return _("huomenna klo %(time)s") % {"time": clock(local)}
    day = date_format(local, "D j.n.") if get_language() != "en" else date_format(local, "D j M")
    return _("%(day)s klo %(time)s") % {"day": day, "time": clock(local)}


def open_state_in_words(state, now: datetime) -> dict:
    """'Auki nyt · sulkeutuu klo 11.00' or 'Suljettu · avautuu huomenna klo 9.00', as the parts
    the template `directory/_open_state.html` shows."""
    if state is None or state.is_open is None:
        return {"known": False}
    if state.is_open:
        detail = _("sulkeutuu %(when)s") % {"when": when(state.closes_at, now)} if state.closes_at else ""
    else:
        detail = _("avautuu %(when)s") % {"when": when(state.next_opens, now)} if state.next_opens else ""
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
