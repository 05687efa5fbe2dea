"""The `seasons` and `activities` sections of the data files, stored (the directory only checked
their shape until this app took them over with `register_section`).

Same guarantees as the rest of `load_data`: one transaction, every problem named by file, record
and field, unknown fields refused, re-runs update by slug. An activity's exceptions and special
dates are made to match the file; cancellations and visitor counts entered by staff are kept.
An activity belongs to its place's area. One whose place varies belongs to the area of a season
in the same file whose dates hold its own (a file like kotka_lansi.yaml is one area's schedule).
"""

from typing import TYPE_CHECKING

from perhekeskus.directory import loader as directory_loader
from perhekeskus.directory.loader import register_section
from perhekeskus.directory.loader_directory import Item, count_saved, save_items, texts, validate
from perhekeskus.directory.loader_later import ACTIVITY, PERIOD, SEASON
from perhekeskus.directory.loader_schema import (
    parse_bool,
    parse_date,
    parse_days,
    parse_int,
    parse_keywords,
    parse_slug,
    parse_slugs,
    parse_time,
)
from perhekeskus.directory.models import Area, Location, Organization, TargetGroup

from .models import Activity, Break, DateChange, Pause, Season, overlap_message, overlapping

if TYPE_CHECKING:
    from perhekeskus.directory.loader import LoadContext, SectionPart

RULE = ACTIVITY["rule"].spec

directory_loader.NOUNS[Season] = ("season", "seasons")
directory_loader.NOUNS[Activity] = ("activity", "activities")


def period(model, r):
    """A Break or Pause row from a {from, to, reason} record."""
    return model(
        starts_on=r.get("from", parse_date), ends_on=r.get("to", parse_date), **texts("reason", r.text("reason"))
    )


def load_seasons(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
    items, breaks = [], {}
    for part in parts:
        for r in ctx.records(part, SEASON, required=("slug", "area", "from", "to")):
            slug = r.get("slug", parse_slug)
            area = r.get("area", parse_slug)
            start, end = r.get("from", parse_date), r.get("to", parse_date)
            names = dict(Area.objects.filter(slug=area).values_list("slug", "name_fi"))
            period = f"{start:%-d.%-m.}–{end:%-d.%-m.%Y}" if start and end else ""
            values = {
                "name_fi": f"{names.get(area, area)} {period}".strip(),
                **texts("description", r.text("notes")),
                "area_id": ctx.resolve(Area, area, r.where / "area"),
                "valid_from": start,
                "valid_to": end,
                "source": r.get("source", default=""),
            }
            rows = []
            for b in r.records("breaks", PERIOD, required=("from", "to")):
                row = Break(
                    starts_on=b.get("from", parse_date),
                    ends_on=b.get("to", parse_date),
                    **texts("reason", b.text("reason")),
                )
                if b.ok and validate(ctx, row, b.where):
                    rows.append(row)
            pair = overlapping([(b.starts_on, b.ends_on) for b in rows])
            if pair:
                r.error("breaks", str(overlap_message(pair)))
            item = Item(r.where, slug, values, ok=r.ok)
            if item.ok and validate(ctx, Season(slug=slug, **values), r.where):
                items.append(item)
                breaks[slug] = rows
    saved = save_items(ctx, Season, items)
    ctx.season_areas = {}  # file -> [(area id, from, to)], for activities whose place varies
    for item in items:
        values = item.fields
        ctx.season_areas.setdefault(item.where.file, []).append(
            (values["area_id"], values["valid_from"], values["valid_to"])
        )
    for item, season, _status in saved:
        season.breaks.all().delete()
        for row in breaks[item.slug]:
            row.season = season
        Break.objects.bulk_create(breaks[item.slug])
    count_saved(ctx, "seasons", saved)


def read_activity(ctx: "LoadContext", r) -> tuple[Item, list, list] | None:
    rule = r.record("rule", RULE, required=("freq",))
    season = r.record("season", ACTIVITY["season"].spec)
    place = r.get("place", parse_slug)
    values = {
        **texts("name", r.text("title")),
        **texts("description", r.text("notes")),
        "place_id": ctx.resolve(Location, place, r.where / "place"),
        "place_note": r.text("place_note").get("fi", ""),
        "free": r.get("free", parse_bool),
        "registration": r.get("registration", parse_bool),
        "freq": rule.get("freq", RULE["freq"], "weekly") if rule else "weekly",
        "interval": rule.get("interval", lambda v: parse_int(v, minimum=1), 1) if rule else 1,
        "byday": rule.get("byday", parse_days, "") if rule else "",
        "bysetpos": rule.get("bysetpos", parse_int) if rule else None,
        "starts_at": r.get("starts", parse_time),
        "ends_at": r.get("ends", lambda v: parse_time(v, end=True)),
        "valid_from": season.get("from", parse_date) if season else None,
        "valid_to": season.get("to", parse_date) if season else None,
        "keywords": r.get("keywords", parse_keywords, {}) or {},
        "note": r.get("note", default=""),
        "source": r.get("source", default=""),
    }
    exceptions = [period(Pause, e) for e in r.records("exceptions", PERIOD, required=("from", "to"))]
    pair = overlapping([(e.starts_on, e.ends_on) for e in exceptions])
    if pair:
        r.error("exceptions", str(overlap_message(pair)))
    specials = [
        DateChange(date=s.get("date", parse_date), **texts("note", s.text("note")))
        for s in r.records("specials", {"date": parse_date, "note": "text"}, required=("date",))
    ]
    m2m = {
        "organizers": ctx.resolve_all(Organization, r.get("organizers", parse_slugs, []), r.where / "organizers"),
        "target_groups": ctx.resolve_all(
            TargetGroup, r.get("target_groups", parse_slugs, []), r.where / "target_groups"
        ),
    }
    slug = r.get("slug", parse_slug)
    if not r.ok:
        return None
    probe = Activity(slug=slug, **values)
    valid = validate(ctx, probe, r.where)
    for index, row in enumerate(exceptions):
        valid &= validate(ctx, row, r.where / "exceptions" / index)
    if not valid:
        return None
    return Item(r.where, slug, values, ok=True, m2m=m2m), exceptions, specials


def season_area(ctx: "LoadContext", item: Item) -> int | None:
    start, end = item.fields["valid_from"], item.fields["valid_to"]
    for area_id, season_from, season_to in getattr(ctx, "season_areas", {}).get(item.where.file, []):
        if start and end and season_from <= start and end <= season_to:
            return area_id
    return None


def load_activities(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
    items, children = [], {}
    for part in parts:
        for r in ctx.records(part, ACTIVITY, required=("slug", "title")):
            read = read_activity(ctx, r)
            if read:
                item, exceptions, specials = read
                items.append(item)
                children[item.slug] = (exceptions, specials)
    for item in items:
        item.fields["area_id"] = None if item.fields["place_id"] else season_area(ctx, item)
    saved = save_items(ctx, Activity, items)
    for item, activity, _status in saved:
        exceptions, specials = children[item.slug]
        activity.exceptions.all().delete()
        for row in exceptions:
            row.activity = activity
        Pause.objects.bulk_create(exceptions)
        # Special dates come from the file; cancellations and moves made by staff stay.
        activity.date_changes.filter(from_data=True).delete()
        for row in specials:
            notes = {"note_fi": row.note_fi, "note_sv": row.note_sv, "note_en": row.note_en}
            change, created = DateChange.objects.get_or_create(
                activity=activity, date=row.date, defaults={**notes, "from_data": True}
            )
            # A date staff have changed (cancelled with a reason, moved) keeps what they wrote.
            if not created and change.from_data and any(notes[key] != getattr(change, key) for key in notes):
                DateChange.objects.filter(pk=change.pk).update(**notes)
    count_saved(ctx, "activities", saved)


register_section("seasons", load_seasons)
register_section("activities", load_activities)
