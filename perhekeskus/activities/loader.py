"""The `seasons` and `activities` sections of the data files (declared in schema.py), stored.
Registered when ActivitiesConfig.ready() imports this module.

Same guarantees as the rest of `load_data`: one transaction, every problem named by file, record
and field, unknown fields refused, re-runs update by slug. An activity's exceptions and special
dates are made to match the file; cancellations and visitor counts entered by staff are kept.
An activity belongs to its place's area. One whose place varies belongs to the area of a season
in the same file whose dates hold its own (a file like kotka_lansi.yaml is one area's schedule).
"""

from perhekeskus.directory.loader_context import Entry, LoadContext, Section, SectionPart, register_sections
from perhekeskus.directory.loader_saving import Item, count_saved, save_items, texts, validate
from perhekeskus.directory.models import Area, Location, Organization, TargetGroup

from . import schema
from .models import Activity, Break, DateChange, Pause, Season, overlap_message, overlapping


def period(model, record: schema.Period):
    """A Break or Pause row from a {from, to, reason} record."""
    return model(starts_on=record.from_, ends_on=record.to, **texts("reason", record.reason))


def load_seasons(ctx: LoadContext, parts: list[SectionPart]) -> None:
    items, breaks = [], {}
    for part in parts:
        for entry in ctx.records(part, schema.Season):
            season = entry.record
            start, end = season.from_, season.to
            names = dict(Area.objects.filter(slug=season.area).values_list("slug", "name_fi"))
            dates = f"{start:%-d.%-m.}–{end:%-d.%-m.%Y}" if start and end else ""
            values = {
                "name_fi": f"{names.get(season.area, season.area)} {dates}".strip(),
                **texts("description", season.notes),
                "area_id": ctx.resolve(Area, season.area, entry.where / "area"),
                "valid_from": start,
                "valid_to": end,
                "source": season.source,
            }
            rows = []
            for index, record in enumerate(season.breaks):
                row = period(Break, record)
                if entry.valid("breaks", index) and validate(ctx, row, entry.where / "breaks" / index):
                    rows.append(row)
            pair = overlapping([(b.starts_on, b.ends_on) for b in rows])
            if pair:
                entry.error("breaks", str(overlap_message(pair)))
            item = Item(entry.where, season.slug, values, ok=entry.ok)
            if item.ok and validate(ctx, Season(slug=season.slug, **values), entry.where):
                items.append(item)
                breaks[season.slug] = rows
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


def read_activity(ctx: LoadContext, entry: Entry[schema.Activity]) -> tuple[Item, list, list] | None:
    activity = entry.record
    rule = activity.rule or schema.Rule.model_construct(freq=None)
    season = activity.season or schema.Validity()
    values = {
        **texts("name", activity.title),
        **texts("description", activity.notes),
        "place_id": ctx.resolve(Location, activity.place, entry.where / "place"),
        "place_note": (activity.place_note or {}).get("fi", ""),
        "place_note_sv": (activity.place_note or {}).get("sv", ""),
        "place_note_en": (activity.place_note or {}).get("en", ""),
        "free": activity.free,
        "registration": activity.registration,
        "freq": rule.freq or Activity.Freq.WEEKLY,
        "interval": rule.interval,
        "byday": rule.byday,
        "bysetpos": rule.bysetpos,
        "starts_at": activity.starts,
        "ends_at": activity.ends,
        "valid_from": season.from_,
        "valid_to": season.to,
        "keywords": activity.keywords or {},
        "note": activity.note,
        "source": activity.source,
    }
    exceptions = [period(Pause, record) for record in activity.exceptions]
    pair = overlapping([(e.starts_on, e.ends_on) for e in exceptions])
    if pair:
        entry.error("exceptions", str(overlap_message(pair)))
    specials = [DateChange(date=record.date, **texts("note", record.note)) for record in activity.specials]
    m2m = {
        "organizers": ctx.resolve_all(Organization, activity.organizers, entry.where / "organizers"),
        "target_groups": ctx.resolve_all(TargetGroup, activity.target_groups, entry.where / "target_groups"),
    }
    if not entry.ok:
        return None
    probe = Activity(slug=activity.slug, **values)
    valid = validate(ctx, probe, entry.where)
    for index, row in enumerate(exceptions):
        valid &= validate(ctx, row, entry.where / "exceptions" / index)
    if not valid:
        return None
    return Item(entry.where, activity.slug, values, ok=True, m2m=m2m), exceptions, specials


def season_area(ctx: LoadContext, item: Item) -> int | None:
    start, end = item.fields["valid_from"], item.fields["valid_to"]
    for area_id, season_from, season_to in getattr(ctx, "season_areas", {}).get(item.where.file, []):
        if start and end and season_from <= start and end <= season_to:
            return area_id
    return None


def load_activities(ctx: LoadContext, parts: list[SectionPart]) -> None:
    items, children = [], {}
    for part in parts:
        for entry in ctx.records(part, schema.Activity):
            read = read_activity(ctx, entry)
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


register_sections(
    Section("seasons", load_seasons, Season, "season"),
    Section("activities", load_activities, Activity, "activity"),
)
