"""Help-request data sections of the data files (topics, teams, emergency routes, urgency terms).

The sections load through the directory's loader (`load_data`), after `areas` and `services`
whose records they name, and with its guarantees: one transaction for the whole run, every problem
reported with its file, record and field, unknown fields refused, re-runs idempotent. Topics, age
groups and teams are matched by slug; an emergency route by its (service, area); an urgency term by
its (term, language). Like the directory's sections, a record missing from a file is left in the
database: removing one is an edit in the admin.

Team members are users, never data: a team's `members` are added in the admin, and a re-run of
the loader leaves them as they are.
"""

from typing import TYPE_CHECKING

from perhekeskus.directory import loader as directory_loader
from perhekeskus.directory.loader import register_section
from perhekeskus.directory.loader_directory import Item, count_saved, save_items, texts, validate
from perhekeskus.directory.loader_schema import (
    Invalid,
    Where,
    describe,
    parse_bool,
    parse_int,
    parse_slug,
    parse_slugs,
    suggest,
)
from perhekeskus.directory.models import Area, EmergencyRoute, Service
from perhekeskus.directory.text import fold, tokens

from .models import ChildAgeGroup, Team, Topic, UrgencyTerm

if TYPE_CHECKING:
    from perhekeskus.directory.loader import LoadContext, SectionPart

TOPIC_FIELDS = {"slug", "name", "order", "active"}
AGE_GROUP_FIELDS = {"slug", "name", "order"}
TEAM_FIELDS = {"slug", "name", "municipalities", "topics", "default", "notify_email", "order"}
ROUTE_FIELDS = {"service", "area", "order"}
TERM_LANGUAGES = tuple(code for code, _ in UrgencyTerm._meta.get_field("language").choices)
TERM_MAX_CHARS = UrgencyTerm._meta.get_field("term").max_length

# How loader messages name these records when a reference to one is unknown.
directory_loader.NOUNS[Topic] = ("help topic", "help_topics")
directory_loader.NOUNS[ChildAgeGroup] = ("child age group", "child_age_groups")
directory_loader.NOUNS[Team] = ("help team", "help_teams")


def load_topics(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
    """Topics of requests; without `order` a topic keeps its position in the file."""
    items = []
    for part in parts:
        for position, r in enumerate(ctx.records(part, TOPIC_FIELDS, required=("slug", "name")), start=1):
            values = {
                **texts("name", r.text("name")),
                "order": r.get("order", parse_int, position),
                "active": r.get("active", parse_bool, True),
            }
            items.append(Item(r.where, r.get("slug", parse_slug), values, ok=r.ok))
    count_saved(ctx, "help_topics", save_items(ctx, Topic, items))


def load_age_groups(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
    """Age groups of the child a request is about, in the order of the file unless given."""
    items = []
    for part in parts:
        for position, r in enumerate(ctx.records(part, AGE_GROUP_FIELDS, required=("slug", "name")), start=1):
            values = {**texts("name", r.text("name")), "order": r.get("order", parse_int, position)}
            items.append(Item(r.where, r.get("slug", parse_slug), values, ok=r.ok))
    count_saved(ctx, "child_age_groups", save_items(ctx, ChildAgeGroup, items))


def load_teams(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
    """Teams with the municipalities and topics they take; `default: true` makes a team take its
    municipalities' requests that no topic team takes (or, with no municipalities, the requests
    of any other or unknown municipality). Members are left to the admin."""
    kinds = dict(Area.objects.values_list("slug", "kind"))
    items = []
    for part in parts:
        for position, r in enumerate(ctx.records(part, TEAM_FIELDS, required=("slug", "name")), start=1):
            municipalities = r.get("municipalities", parse_slugs, [])
            for slug in municipalities:
                if kinds.get(slug, Area.Kind.MUNICIPALITY) != Area.Kind.MUNICIPALITY:
                    r.error("municipalities", f"area '{slug}' is a {kinds[slug]}, not a municipality")
            values = {
                **texts("name", r.text("name")),
                "is_default": r.get("default", parse_bool, False),
                "notify_email": r.get("notify_email", default=""),
                "order": r.get("order", parse_int, position),
            }
            m2m = {
                "municipalities": ctx.resolve_all(Area, municipalities, r.where / "municipalities"),
                "topics": ctx.resolve_all(Topic, r.get("topics", parse_slugs, []), r.where / "topics"),
            }
            items.append(Item(r.where, r.get("slug", parse_slug), values, ok=r.ok, m2m=m2m))
    saved = save_items(ctx, Team, items, prefetch=["municipalities", "topics"])
    count_saved(ctx, "help_teams", saved)
    if saved:
        warn_about_defaults(ctx, saved[0][0].where.file)


def warn_about_defaults(ctx: "LoadContext", file: str) -> None:
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


def load_emergency_routes(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
    """Emergency routes, one per (service, area); without `area` a route is shown everywhere.
    Without `order` a route keeps its position among the routes of its file."""
    existing = {(r.service_id, r.area_id): r for r in EmergencyRoute.objects.all()}
    seen: dict[tuple[int, int | None], Where] = {}
    for part in parts:
        for position, r in enumerate(ctx.records(part, ROUTE_FIELDS, required=("service",)), start=1):
            service = ctx.resolve(Service, r.get("service", parse_slug), r.where / "service")
            area_slug = r.get("area", parse_slug)
            area = ctx.resolve(Area, area_slug, r.where / "area")
            order = r.get("order", parse_int, position)
            if not r.ok or service is None or (area_slug is not None and area is None):
                continue
            key = (service, area)
            if key in seen:
                r.error(None, f"the same service and area as {seen[key]}")
                continue
            seen[key] = r.where
            route = existing.get(key)
            if route is None:
                route = EmergencyRoute(service_id=service, area_id=area, order=order)
                status = "new"
            elif route.order != order:
                route.order = order
                status = "updated"
            else:
                status = "unchanged"
            if not validate(ctx, route, r.where):
                continue
            if status != "unchanged":
                route.save()
                existing[key] = route
            ctx.count(part.file, "emergency_routes", status)


def parse_term(value) -> str:
    """One urgency term: a word, a word beginning or a phrase, with something left to match once
    folded (a term of punctuation alone would never match anything)."""
    if not isinstance(value, str):
        raise Invalid(f"expected a word or a phrase, got {describe(value)}")
    term = " ".join(value.split())
    if not tokens(term):
        raise Invalid(f"expected a word or a phrase with letters or digits, got {describe(value)}")
    if len(term) > TERM_MAX_CHARS:
        raise Invalid(f"at most {TERM_MAX_CHARS} characters, got {len(term)}")
    return term


def load_urgency_terms(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
    """Urgency terms by language: `{fi: [...], sv: [...], en: [...]}`. A term listed twice in a
    language (also differing only by case or ä/ö, which matching ignores) is an error."""
    existing = set(UrgencyTerm.objects.values_list("term", "language"))
    seen: dict[tuple[str, str], Where] = {}
    for part in parts:
        if not isinstance(part.value, dict):
            ctx.error(part.where, f"expected a mapping {{fi: [...], sv: [...], en: [...]}}, got {describe(part.value)}")
            continue
        for language, terms in part.value.items():
            where = part.where / str(language)
            if language not in TERM_LANGUAGES:
                hint = suggest(language, TERM_LANGUAGES)
                ctx.error(where, f"unknown language (use {', '.join(TERM_LANGUAGES)}){hint}")
                continue
            if not isinstance(terms, list):
                ctx.error(where, f"expected a list of words and phrases, got {describe(terms)}")
                continue
            for index, value in enumerate(terms):
                try:
                    term = parse_term(value)
                except Invalid as exc:
                    ctx.error(where / index, str(exc))
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


# After `areas` (20) and `services` (60), whose records these sections name.
register_section("help_topics", load_topics, order=200)
register_section("child_age_groups", load_age_groups, order=210)
register_section("help_teams", load_teams, order=220)
register_section("emergency_routes", load_emergency_routes, order=230)
register_section("urgency_terms", load_urgency_terms, order=240)
