"""The printable poster (juliste) of an area's week or season: one A4 page, made with WeasyPrint.

It follows the coordinators' hand-made flyers (the Länsi-Kotka schedule 10.1.–31.3.2022): weekday
columns, each entry with its time, title, organisers and place, and at the bottom the season's
breaks and general notes. The week poster shows that week's occurrences (cancelled ones marked,
the day's special content noted); the season poster shows the weekly pattern, each activity under
the weekdays it runs on in the season, with its special dates.

Everything comes from `occurrences()`, so the poster shows what the web page and the feeds show.
Each entry labels its organisers and place; the footer names the organisers and prints the live
calendar's address on the site (settings.SITE_URL, never the host of the request that printed it),
and a QR code of that address stands in the header.
The PDF is rendered at the largest font size that keeps it on one page; the template has no
external resources and the URL fetcher refuses anything but data: URLs, so rendering never waits
on the network.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, time, timedelta

import segno
from django.conf import settings
from django.core.cache import cache
from django.core.validators import slug_re
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from perhekeskus.directory.addresses import address_line
from perhekeskus.directory.models import Area
from perhekeskus.directory.translation import translated

from .calendar import area_ids
from .models import Activity, Season
from .occurrences import MAX_WINDOW_DAYS, Occurrence, occurrences, week_of
from .params import BadParameter, requested_day, requested_language
from .recurrence import WEEKDAYS
from .wording import WEEKDAY_NAMES, clock, date_span, day_heading, pause_in_words

# The poster's base font sizes, 5 to 14 points by halves: the largest that fits one page is used.
FONT_SIZES = tuple(half / 2 for half in range(10, 29))
POSTER_CACHE_SECONDS = 24 * 3600
POSTER_TEMPLATE_VERSION = 2  # raise when poster.html or its styles change, so cached posters are redrawn
WORK_WEEK = range(5)  # Monday to Friday are always shown; Saturday and Sunday only when used


@dataclass
class Entry:
    """One line-up of a column: an occurrence (week) or an activity on a weekday (season)."""

    time: str
    title: str
    organizers: str
    place: str
    organizer_count: int = 1
    notes: list[str] = field(default_factory=list)
    cancelled: bool = False
    sort_key: tuple = ()


@dataclass
class Column:
    heading: str
    entries: list[Entry]


@dataclass
class Poster:
    """What a poster shows, in one language: ready for the template."""

    lang: str
    area: str
    period: str  # "Viikko 7 · 14.–20.2.2022" or "10.1.–31.3.2022"
    columns: list[Column]
    notices: list[str]  # the breaks: "Talviloma 28.2.–4.3.2022 ei toimintaa"
    notes: list[str]  # the seasons' general notes
    filename: str
    contacts: list[str] = field(default_factory=list)  # the organisers, with their web address if known

    @property
    def empty(self) -> bool:
        return not any(column.entries for column in self.columns)


def time_span(start: time, end: time) -> str:
    return f"{clock(start)}–{clock(end)}"


def place_line(activity: Activity, lang: str) -> str:
    place = activity.place
    if place is None:
        return activity.place_note_in(lang)
    return ", ".join(part for part in (place.t("name", lang), address_line(place, lang)) if part)


def organizer_line(activity: Activity, lang: str) -> str:
    return ", ".join(organization.t("name", lang) for organization in activity.organizers.all())


def contacts_of(activities, lang: str) -> list[str]:
    """Each organiser of `activities` once, by name, with its web address where the data has one.
    The data has no phone numbers or e-mail addresses of organisers, and none is made up: the
    poster's link leads to the calendar, whose pages link each organiser's own page."""
    found: dict[int, str] = {}
    for activity in activities:
        for organization in activity.organizers.all():
            name = organization.t("name", lang)
            found.setdefault(organization.pk, f"{name} {organization.website}" if organization.website else name)
    return sorted(found.values())


def qr_svg(link: str) -> str:
    """The QR code of `link` as an inline SVG (no external resource), its size set by the poster's CSS."""
    return segno.make(link, error="m").svg_inline(omitsize=True, border=0, svgclass="qr")


def live_link(path: str) -> str:
    """The address of `path` on the live site (settings.SITE_URL), as printed on the poster: a
    poster outlives the request that made it, so never the host the request came in by."""
    return settings.SITE_URL.rstrip("/") + path


def occurrence_note(occurrence: Occurrence, *, dated: bool) -> str:
    """The day's change in words: cancelled (with the reason), moved, or its special content."""
    when = f"{date_span(occurrence.date)} " if dated else ""
    if occurrence.cancelled:
        reason = f": {occurrence.note}" if occurrence.note else ""
        return f"{when}{_('peruttu') if dated else _('Peruttu')}{reason}"
    parts = []
    if occurrence.moved:
        parts.append(f"{_('poikkeava aika')} {time_span(occurrence.start.time(), occurrence.end.time())}")
    if occurrence.note:
        parts.append(occurrence.note)
    return f"{when}{'. '.join(parts)}" if parts else ""


def columns_of(entries_by_day: dict[int, list[Entry]], heading) -> list[Column]:
    """Monday to Friday, and Saturday and Sunday when something happens on them."""
    days = [day for day in range(7) if day in WORK_WEEK or entries_by_day.get(day)]
    return [Column(heading(day), sorted(entries_by_day.get(day, []), key=lambda entry: entry.sort_key)) for day in days]


def season_texts(seasons, lang: str) -> tuple[list[str], list[str]]:
    """The break notices and the general notes of `seasons`, each text once."""
    notices, notes = [], []
    for season in seasons:
        for season_break in season.breaks.all():
            reason = translated(season_break, "reason", lang)
            notice = pause_in_words(season_break.starts_on, season_break.ends_on, reason)
            if notice not in notices:
                notices.append(notice)
        text = season.t("description", lang)
        if text and text not in notes:
            notes.append(text)
    return notices, notes


def week_poster(area: Area, day: date, lang: str) -> Poster:
    """The poster of the week (Monday to Sunday) that `day` is in."""
    with translation.override(lang):  # dates, weekdays and the day's notes in `lang`
        monday, sunday = week_of(day)
        by_day: dict[int, list[Entry]] = {}
        found = occurrences(Activity.objects.in_area(area), monday, sunday)
        for occurrence in found:
            activity = occurrence.activity
            note = occurrence_note(occurrence, dated=False)
            by_day.setdefault(occurrence.date.weekday(), []).append(
                Entry(
                    time=time_span(occurrence.start.time(), occurrence.end.time()),
                    title=activity.t("name", lang),
                    organizers=organizer_line(activity, lang),
                    organizer_count=len(activity.organizers.all()),
                    place=place_line(activity, lang),
                    notes=[note] if note else [],
                    cancelled=occurrence.cancelled,
                    sort_key=(occurrence.start, activity.t("name", lang)),
                )
            )
        seasons = Season.objects.filter(area__in=area_ids(area), valid_from__lte=sunday, valid_to__gte=monday)
        notices, notes = season_texts(seasons.prefetch_related("breaks"), lang)
        return Poster(
            lang=lang,
            area=area.t("name", lang),
            period=f"{_('Viikko')} {monday.isocalendar().week} · {date_span(monday, sunday)}",
            columns=columns_of(by_day, lambda index: day_heading(monday + timedelta(days=index))),
            notices=notices,
            notes=notes,
            filename=f"{area.slug}-{monday:%Y-%m-%d}-{lang}.pdf",
            contacts=contacts_of({o.activity.pk: o.activity for o in found}.values(), lang),
        )


def season_poster(area: Area, season: Season, lang: str) -> Poster:
    """The weekly pattern of `season`: under each weekday the activities that run on it in the
    season, with their special dates (cancelled, moved, a guest's visit)."""
    with translation.override(lang):  # dates, weekdays and the day's notes in `lang`
        first = season.valid_from
        last = min(season.valid_to, first + timedelta(days=MAX_WINDOW_DAYS - 1))
        runs: dict[tuple[int, int], list[Occurrence]] = {}  # (activity id, weekday) -> its occurrences
        found_all = occurrences(Activity.objects.in_area(area), first, last)
        for occurrence in found_all:
            runs.setdefault((occurrence.activity.pk, occurrence.date.weekday()), []).append(occurrence)
        by_day: dict[int, list[Entry]] = {}
        for (_activity_id, weekday), found in runs.items():
            activity = found[0].activity
            notes = []
            if activity.interval > 1 or activity.freq == Activity.Freq.MONTHLY:
                notes.append(", ".join(date_span(o.date) for o in found))
            elif activity.valid_from > first or (activity.valid_to and activity.valid_to < last):
                notes.append(date_span(max(activity.valid_from, first), min(activity.valid_to or last, last)))
            notes.extend(note for note in (occurrence_note(o, dated=True) for o in found) if note)
            by_day.setdefault(weekday, []).append(
                Entry(
                    time=time_span(activity.starts_at, activity.ends_at),
                    title=activity.t("name", lang),
                    organizers=organizer_line(activity, lang),
                    organizer_count=len(activity.organizers.all()),
                    place=place_line(activity, lang),
                    notes=notes,
                    sort_key=(activity.starts_at, activity.t("name", lang), activity.slug),
                )
            )
        notices, notes = season_texts([season], lang)
        return Poster(
            lang=lang,
            area=area.t("name", lang),
            period=date_span(season.valid_from, season.valid_to),
            columns=columns_of(by_day, lambda index: capfirst(WEEKDAY_NAMES[WEEKDAYS[index]])),
            notices=notices,
            notes=notes,
            filename=f"{area.slug}-{season.slug}-{lang}.pdf",
            contacts=contacts_of({o.activity.pk: o.activity for o in found_all}.values(), lang),
        )


def poster_html(poster: Poster, *, link: str, printed_on: date, font_size: float) -> str:
    """The poster's HTML for WeasyPrint (never served as a page, so its inline style is no CSP
    matter), with the QR code of `link` inline."""
    qr = mark_safe(qr_svg(link))  # segno's own markup of a URL that reverse() and SITE_URL made
    context = {"poster": poster, "font_size": font_size, "link": link, "qr": qr, "printed_on": date_span(printed_on)}
    return render_to_string("activities/poster.html", context)


def render_pdf(poster: Poster, *, link: str, printed_on: date) -> bytes:
    """The poster as a PDF of one page, at the largest font size at which it fits.

    A binary search over FONT_SIZES: a larger font never takes fewer pages, and each rendering
    takes a few hundredths of a second. Should even the smallest size not fit, all its pages are
    returned rather than a poster cut short."""
    fetcher = URLFetcher(allowed_protocols={"data"})

    def render(size: float):
        html = poster_html(poster, link=link, printed_on=printed_on, font_size=size)
        return HTML(string=html, url_fetcher=fetcher).render()

    low, high, fitting = 0, len(FONT_SIZES) - 1, None
    with translation.override(poster.lang):
        while low <= high:
            middle = (low + high) // 2
            document = render(FONT_SIZES[middle])
            if len(document.pages) == 1:
                fitting, low = document, middle + 1
            else:
                high = middle - 1
        return (fitting or render(FONT_SIZES[0])).write_pdf()


def cached_pdf(poster: Poster, *, link: str, printed_on: date) -> bytes:
    """The rendered PDF, cached under a digest of everything it shows: a change to the data (a
    cancelled date, a new break) changes the poster's content and so its key, and is never served
    stale. Rendering takes a few renderings of WeasyPrint; the content a couple of queries."""
    content = repr((poster, link, printed_on, POSTER_TEMPLATE_VERSION))
    key = "activities:poster:" + hashlib.sha256(content.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(poster, link=link, printed_on=printed_on)
        cache.set(key, pdf, POSTER_CACHE_SECONDS)
    return pdf


def area_poster(request, slug):
    """The PDF poster of an area: ?week=YYYY-MM-DD (any day of it; default this week) or
    ?season=<slug> (one of the area's seasons), in ?lang= (default the URL's language)."""
    area = get_object_or_404(Area, slug=slug)
    today = timezone.localdate()
    try:
        lang = requested_language(request)
        if "season" in request.GET and "week" in request.GET:
            raise BadParameter(_("Anna joko week tai season, ei molempia."))
        if "season" in request.GET:
            wanted = request.GET["season"]
            seasons = Season.objects.filter(area__in=area_ids(area), slug=wanted)
            season = seasons.first() if slug_re.fullmatch(wanted) else None
            if season is None:
                raise BadParameter(
                    _("Alueella %(area)s ei ole kautta %(season)s.")
                    % {"area": area.slug, "season": request.GET["season"][:100]}
                )
            poster = season_poster(area, season, lang)
        else:
            poster = week_poster(area, requested_day(request, "week", today=today) or today, lang)
    except BadParameter as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    with translation.override(lang):
        link = live_link(reverse("activities:area_week", args=[area.slug]))
    response = HttpResponse(cached_pdf(poster, link=link, printed_on=today), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{poster.filename}"'
    response["Content-Language"] = lang
    return response
