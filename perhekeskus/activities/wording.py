"""Activities and dates in words, in the active language: "Maanantaisin klo 12.30–15.00",
"Kuukauden viimeinen perjantai", "10.1.–31.3.2022".

The rule is worded from the same fields `occurrences.py` expands, so the sentence and the dates
cannot disagree. Finnish is the source text; the word order of the other languages is the
translators' (each phrase is one msgid with named placeholders).
"""

from datetime import date, time

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .models import Activity

ON_WEEKDAYS = {
    "mo": gettext_lazy("maanantaisin"),
    "tu": gettext_lazy("tiistaisin"),
    "we": gettext_lazy("keskiviikkoisin"),
    "th": gettext_lazy("torstaisin"),
    "fr": gettext_lazy("perjantaisin"),
    "sa": gettext_lazy("lauantaisin"),
    "su": gettext_lazy("sunnuntaisin"),
}
WEEKDAY_NAMES = {
    "mo": gettext_lazy("maanantai"),
    "tu": gettext_lazy("tiistai"),
    "we": gettext_lazy("keskiviikko"),
    "th": gettext_lazy("torstai"),
    "fr": gettext_lazy("perjantai"),
    "sa": gettext_lazy("lauantai"),
    "su": gettext_lazy("sunnuntai"),
}
POSITIONS = {
    1: gettext_lazy("ensimmäinen"),
    2: gettext_lazy("toinen"),
    3: gettext_lazy("kolmas"),
    4: gettext_lazy("neljäs"),
    5: gettext_lazy("viides"),
    -1: gettext_lazy("viimeinen"),
    -2: gettext_lazy("toiseksi viimeinen"),
}


def _listing(words: list[str]) -> str:
    """'a', 'a ja b', 'a, b ja c' (and, och)."""
    words = [str(w) for w in words]
    if len(words) <= 1:
        return "".join(words)
    return _("%(items)s ja %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def _either(words: list[str]) -> str:
    """'a', 'a tai b', 'a, b tai c' (or, eller)."""
    words = [str(w) for w in words]
    if len(words) <= 1:
        return "".join(words)
    return _("%(items)s tai %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def _position(setpos: int) -> str:
    if setpos in POSITIONS:
        return str(POSITIONS[setpos])
    return _("%(n)d. viimeisestä lukien") % {"n": -setpos}


def clock(moment: time) -> str:
    return date_format(moment, "TIME_FORMAT")


def recurrence_in_words(activity: Activity) -> str:
    """'Maanantaisin', 'Joka toinen viikko tiistaisin', 'Kuukauden viimeinen perjantai'."""
    days = activity.weekdays
    if activity.freq == Activity.Freq.MONTHLY:
        if activity.bysetpos and days:
            text = _("kuukauden %(position)s %(weekday)s") % {
                "position": _position(activity.bysetpos),
                "weekday": _either([WEEKDAY_NAMES[d] for d in days if d in WEEKDAY_NAMES]),
            }
        elif days:
            text = _("kerran kuussa, %(days)s") % {"days": _listing([ON_WEEKDAYS[d] for d in days])}
        else:
            text = _("kuukausittain")
        if activity.interval == 2:
            text = _("joka toinen kuukausi: %(rule)s") % {"rule": text}
        elif activity.interval > 2:
            text = _("joka %(n)d. kuukausi: %(rule)s") % {"n": activity.interval, "rule": text}
        return capfirst(text)
    text = _listing([ON_WEEKDAYS[d] for d in days if d in ON_WEEKDAYS])
    if activity.interval == 2:
        text = _("joka toinen viikko %(days)s") % {"days": text}
    elif activity.interval > 2:
        text = _("joka %(n)d. viikko %(days)s") % {"n": activity.interval, "days": text}
    return capfirst(text)


def rule_in_words(activity: Activity) -> str:
    """'Maanantaisin klo 12.30–15.00': the recurrence with the time of day where it is known."""
    when = recurrence_in_words(activity)
    if activity.starts_at and activity.ends_at:
        return _("%(when)s klo %(start)s–%(end)s") % {
            "when": when,
            "start": clock(activity.starts_at),
            "end": clock(activity.ends_at),
        }
    return when


def _short(day: date, with_year: bool) -> str:
    if (get_language() or "fi")[:2] == "en":
        return date_format(day, "j M Y" if with_year else "j M")
    return date_format(day, "j.n.Y" if with_year else "j.n.")


def date_span(start: date, end: date | None = None) -> str:
    """'14.2.2022', '14.–20.2.2022', '28.2.–4.3.2022', '28.12.2021–2.1.2022' (en: '28 Feb – 4 Mar 2022')."""
    if end is None or end == start:
        return _short(start, True)
    english = (get_language() or "fi")[:2] == "en"
    if start.year != end.year:
        first = _short(start, True)
    elif start.month == end.month and not english:
        first = f"{start.day}."
    else:
        first = _short(start, False)
    return f"{first} – {_short(end, True)}" if english else f"{first}–{_short(end, True)}"


def validity_in_words(activity: Activity) -> str:
    """'10.1.–31.3.2022', '18.8.2021 alkaen', or '' when no first day is known."""
    if activity.valid_from and activity.valid_to:
        return date_span(activity.valid_from, activity.valid_to)
    if activity.valid_from:
        return _("%(date)s alkaen") % {"date": date_span(activity.valid_from)}
    if activity.valid_to:
        return _("%(date)s asti") % {"date": date_span(activity.valid_to)}
    return ""


def day_heading(day: date) -> str:
    """'Maanantai 14.2.', 'Måndag 14.2.', 'Monday 14 Feb': short enough for a weekday column."""
    english = (get_language() or "fi")[:2] == "en"
    return capfirst(date_format(day, "l j M" if english else "l j.n."))


def age_range(low: int | None, high: int | None) -> str:
    """'0–6-vuotiaille', 'vähintään 3-vuotiaille', or '' when no age is given."""
    if low is not None and high is not None:
        return _("%(low)d–%(high)d-vuotiaille") % {"low": low, "high": high}
    if low is not None:
        return _("vähintään %(low)d-vuotiaille") % {"low": low}
    if high is not None:
        return _("enintään %(high)d-vuotiaille") % {"high": high}
    return ""


def pause_in_words(starts_on: date, ends_on: date, reason: str = "") -> str:
    """'Talviloma 28.2.–4.3.2022: ei toimintaa'."""
    dates = date_span(starts_on, ends_on)
    if reason:
        return _("%(reason)s %(dates)s: ei toimintaa") % {"reason": capfirst(reason), "dates": dates}
    return _("%(dates)s: ei toimintaa") % {"dates": dates}


def season_end_in_words(ends_on: date, today: date) -> str:
    """'Kausi päättyi 31.3.2022.' once it has, 'Kausi päättyy 31.3.2022.' before."""
    if ends_on < today:
        return _("Kausi päättyi %(date)s.") % {"date": date_span(ends_on)}
    return _("Kausi päättyy %(date)s.") % {"date": date_span(ends_on)}


def season_start_in_words(starts_on: date, today: date) -> str:
    """'Kausi alkaa 10.1.2022.' (or 'alkoi' once it has)."""
    if starts_on < today:
        return _("Kausi alkoi %(date)s.") % {"date": date_span(starts_on)}
    return _("Kausi alkaa %(date)s.") % {"date": date_span(starts_on)}


def activity_season_in_words(activity: Activity, today: date, *, within_days: int) -> str:
    """Where the activity's season stands on `today`: not begun yet, ending within `within_days`
    days, or ended; '' while it simply runs (or when no dates are known)."""
    if activity.valid_from is None:
        return ""
    if activity.valid_from > today:
        return season_start_in_words(activity.valid_from, today)
    if activity.valid_to is not None and (activity.valid_to - today).days < within_days:
        return season_end_in_words(activity.valid_to, today)
    return ""
