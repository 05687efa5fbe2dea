"""Help-request sections of the data files (topics, age groups, teams, urgency terms), declared
in schema.py; registered when HelpRequestsConfig.ready() imports this module.

The sections load through the directory's loader (`load_data`), after `areas` whose records they
name, and with its guarantees: one transaction for the whole run, every problem reported with its
file, record and field, unknown fields refused, re-runs idempotent. Topics, age groups and teams
are matched by slug; an urgency term by its (term, language). Like the directory's sections, a
record missing from a file is left in the database: removing one is an edit in the admin.

Team members are users, never data: a team's `members` are added in the admin, and a re-run of
the loader leaves them as they are.
"""

from perhekeskus.directory.loader_context import LoadContext, Section, SectionPart, register_sections
from perhekeskus.directory.loader_messages import Where
from perhekeskus.directory.loader_saving import Item, count_saved, save_items, texts
from perhekeskus.directory.models import Area
from perhekeskus.directory.text import fold, tokens

from . import schema
from .models import ChildAgeGroup, Team, Topic, UrgencyTerm


def load_topics(ctx: LoadContext, parts: list[SectionPart]) -> None:
    """Topics of requests; without `order` a topic keeps its position in the file."""
    items = []
    for part in parts:
        for position, entry in enumerate(ctx.records(part, schema.Topic), start=1):
            topic = entry.record
            values = {
                **texts("name", topic.name),
                "order": position if topic.order is None else topic.order,
                "active": topic.active,
            }
            items.append(Item(entry.where, topic.slug, values, ok=entry.ok))
    count_saved(ctx, "help_topics", save_items(ctx, Topic, items))


def load_age_groups(ctx: LoadContext, parts: list[SectionPart]) -> None:
    """Age groups of the child a request is about, in the order of the file unless given."""
    items = []
    for part in parts:
        for position, entry in enumerate(ctx.records(part, schema.ChildAgeGroup), start=1):
            group = entry.record
            values = {**texts("name", group.name), "order": position if group.order is None else group.order}
            items.append(Item(entry.where, group.slug, values, ok=entry.ok))
    count_saved(ctx, "child_age_groups", save_items(ctx, ChildAgeGroup, items))


def load_teams(ctx: LoadContext, parts: list[SectionPart]) -> None:
    """Teams with the municipalities and topics they take; `default: true` makes a team take its
    municipalities' requests that no topic team takes (or, with no municipalities, the requests
    of any other or unknown municipality). Members are left to the admin."""
    kinds = dict(Area.objects.values_list("slug", "kind"))
    items = []
    for part in parts:
        for position, entry in enumerate(ctx.records(part, schema.Team), start=1):
            team = entry.record
            for slug in team.municipalities:
                if kinds.get(slug, Area.Kind.MUNICIPALITY) != Area.Kind.MUNICIPALITY:
                    entry.error("municipalities", f"area '{slug}' is a {kinds[slug]}, not a municipality")
            values = {
                **texts("name", team.name),
                "is_default": team.default,
                "notify_email": team.notify_email,
                "order": position if team.order is None else team.order,
            }
            m2m = {
                "municipalities": ctx.resolve_all(Area, team.municipalities, entry.where / "municipalities"),
                "topics": ctx.resolve_all(Topic, team.topics, entry.where / "topics"),
            }
            items.append(Item(entry.where, team.slug, values, ok=entry.ok, m2m=m2m))
    saved = save_items(ctx, Team, items, prefetch=["municipalities", "topics"])
    count_saved(ctx, "help_teams", saved)
    if saved:
        warn_about_defaults(ctx, saved[0][0].where.file)


def warn_about_defaults(ctx: LoadContext, file: str) -> None:
    """Routing needs one default team without municipalities, or a request whose municipality is
    unknown has no team and is refused; two such teams (or two defaults of one municipality) work,
    but only the first by order ever gets requests. Checked on the database as the run leaves it."""
    where = Where(file, "help_teams")
    defaults = Team.objects.filter(is_default=True).prefetch_related("municipalities")
    regional = [t.slug for t in defaults if not t.municipalities.all()]
    if not regional:
        ctx.problems.warn(
            where,
            "no default team without municipalities: a request whose municipality is not given "
            "or has no team of its own is refused (give one team `default: true` and no municipalities)",
        )
    elif len(regional) > 1:
        ctx.problems.warn(
            where,
            f"several default teams without municipalities ({', '.join(regional)}): "
            f"only '{regional[0]}' takes requests",
        )
    by_municipality: dict[str, list[str]] = {}
    for team in defaults:
        for area in team.municipalities.all():
            by_municipality.setdefault(area.slug, []).append(team.slug)
    for area, slugs in sorted(by_municipality.items()):
        if len(slugs) > 1:
            message = f"municipality '{area}' has several default teams ({', '.join(slugs)}): only '{slugs[0]}' is used"
            ctx.problems.warn(where, message)


def load_urgency_terms(ctx: LoadContext, parts: list[SectionPart]) -> None:
    """Urgency terms by language: `{fi: [...], sv: [...], en: [...]}`. A term listed twice in a
    language (also differing only by case or ä/ö, which matching ignores) is an error."""
    existing = set(UrgencyTerm.objects.values_list("term", "language"))
    seen: dict[tuple[str, str], Where] = {}
    for part in parts:
        terms = ctx.read(schema.UrgencyTerms, part.value, part.where).record
        keys = part.value if isinstance(part.value, dict) else {}
        for language in [key for key in keys if key in schema.UrgencyTerms.model_fields]:  # in the file's order
            where = part.where / language
            for index, term in enumerate(getattr(terms, language)):
                if term is None:  # reported
                    continue
                key = (" ".join(tokens(fold(term))), language)
                if key in seen:
                    ctx.error(where / index, f"'{term}' is listed twice (also at {seen[key]})")
                    continue
                seen[key] = where / index
                if (term, language) in existing:
                    ctx.count(part.file, "urgency_terms", "unchanged")
                else:
                    UrgencyTerm.objects.create(term=term, language=language)
                    existing.add((term, language))
                    ctx.count(part.file, "urgency_terms", "new")


register_sections(
    Section("help_topics", load_topics, Topic, "help topic"),
    Section("child_age_groups", load_age_groups, ChildAgeGroup, "child age group"),
    Section("help_teams", load_teams, Team, "help team"),
    Section("urgency_terms", load_urgency_terms),
)
