"""Query parameters shared by the feeds and the posters: a content language and a day.

Both are read the same way everywhere, and a bad value is a `BadParameter` with a message the
view returns as a plain-text 400: a calendar app or a printing coordinator sees what was wrong.
"""

from datetime import date, timedelta

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from perhekeskus.directory.translation import CONTENT_LANGUAGES

# How far from today a requested day may lie: far enough for the 2022 demo season, near enough
# that no window runs off the calendar (date.max) or expands decades of rules.
DAY_LIMIT = timedelta(days=10 * 366)


class BadParameter(ValueError):
    """A query parameter that cannot be used; its message is shown to the user."""


def requested_language(request) -> str:
    """`?lang=` (fi, sv or en), else the language of the URL prefix, else Finnish."""
    value = request.GET.get("lang")
    if value is None:
        lang = (get_language() or "fi").split("-")[0]
        return lang if lang in CONTENT_LANGUAGES else "fi"
    if value not in CONTENT_LANGUAGES:
        raise BadParameter(
            _("Tuntematon kieli %(value)s: anna fi, sv tai en.") % {"value": value[:20]},
        )
    return value


def requested_day(request, name: str, *, today: date) -> date | None:
    """The date `?<name>=YYYY-MM-DD`, None when not given; at most DAY_LIMIT from `today`."""
    value = request.GET.get(name)
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise BadParameter(
            _("Virheellinen päivämäärä %(name)s=%(value)s: anna muodossa VVVV-KK-PP.")
            % {"name": name, "value": value[:20]}
        ) from None
    if abs(day - today) > DAY_LIMIT:
        raise BadParameter(
            _("Päivämäärä %(name)s=%(value)s on liian kaukana: enintään kymmenen vuoden päässä tästä päivästä.")
            % {"name": name, "value": value}
        )
    return day
