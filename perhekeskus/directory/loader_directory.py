"""The directory's sections of the data files: the file header, the vocabularies, areas,
organisations, places, tasks, services with their channels and hours, and emergency routes.

Each handler reads the records of its section in every file of the run by their declared schema
(schema.py), resolves their references through the run's context, and writes them by slug
(loader_saving.py). Registered when DirectoryConfig.ready() imports this module.
"""

from collections.abc import Callable

from . import schema
from .loader_context import Entry, LoadContext, Section, SectionPart, register_sections
from .loader_messages import Where
from .loader_saving import Item, count_saved, hour_rows, link_parents, save_items, texts, validate
from .models import (
    Area,
    Channel,
    ContactGuidance,
    DeliveryMode,
    EmergencyRoute,
    Language,
    Location,
    Organization,
    PathStage,
    Service,
    TargetGroup,
    Task,
)
from .translation import CONTENT_LANGUAGES, PLAIN_FINNISH


def read_file_header(ctx: LoadContext, parts: list[SectionPart]) -> None:
    """`file:` describes the file (title, source, notes); not stored, but kept for the run: its
    `assured_date` is that of the file's services that give none of their own."""
    for part in parts:
        ctx.headers[part.file] = ctx.read(schema.FileHeader, part.value, part.where).record


VOCABULARY_SCHEMAS = {Task: schema.Task, TargetGroup: schema.TargetGroup}


def vocabulary_section(model, section: str) -> Callable[[LoadContext, list[SectionPart]], None]:
    """A handler for a vocabulary (target groups, path stages ...): rows whose labels families see.
    Without `order`, a term keeps its position in the file. Tasks keep their source; target
    groups may have an age range, which the age filter uses for services that give no ages."""
    term_schema = VOCABULARY_SCHEMAS.get(model, schema.Term)

    def load(ctx: LoadContext, parts: list[SectionPart]) -> None:
        items = []
        for part in parts:
            for position, entry in enumerate(ctx.records(part, term_schema), start=1):
                term = entry.record
                values = {
                    **texts("name", term.name),
                    **texts("description", term.description),
                    "order": position if term.order is None else term.order,
                }
                if model is Task:
                    values["source"] = term.source
                if model is TargetGroup:
                    values["age_min"], values["age_max"] = term.age_min, term.age_max
                items.append(Item(entry.where, term.slug, values, ok=entry.ok))
        count_saved(ctx, section, save_items(ctx, model, items))

    return load


def load_areas(ctx: LoadContext, parts: list[SectionPart]) -> None:
    """Areas; `parent` and `municipalities` may name areas defined later (two passes)."""
    items, parents, municipalities = [], {}, {}
    for part in parts:
        for entry in ctx.records(part, schema.Area):
            area = entry.record
            values = {**texts("name", area.name), "kind": area.kind or "", "note": area.note, "source": area.source}
            parents[area.slug] = area.parent
            municipalities[area.slug] = area.municipalities
            items.append(Item(entry.where, area.slug, values, ok=entry.ok))
    saved = save_items(ctx, Area, items, prefetch=["municipalities"])
    link_parents(ctx, Area, saved, parents)
    kinds = dict(Area.objects.values_list("slug", "kind"))
    for index, (item, obj, status) in enumerate(saved):
        where = item.where / "municipalities"
        for slug in municipalities[item.slug]:
            if kinds.get(slug, Area.Kind.MUNICIPALITY) != Area.Kind.MUNICIPALITY:
                ctx.error(where, f"area '{slug}' is a {kinds[slug]}, not a municipality")
        wanted = sorted(ctx.resolve_all(Area, municipalities[item.slug], where))
        if wanted != sorted(m.pk for m in obj.municipalities.all()):
            obj.municipalities.set(wanted)
            saved[index] = (item, obj, "updated" if status == "unchanged" else status)
    count_saved(ctx, "areas", saved)


def load_organizations(ctx: LoadContext, parts: list[SectionPart]) -> None:
    """Organisations; `parent` (the organisation a unit belongs to) may be defined later."""
    items, parents = [], {}
    for part in parts:
        for entry in ctx.records(part, schema.Organization):
            organization = entry.record
            values = {
                **texts("name", organization.name),
                **texts("description", organization.description),
                "kind": organization.kind or "",
                "website": organization.website,
                "network_member": organization.network_member,
                "area_id": ctx.resolve(Area, organization.area, entry.where / "area"),
                "note": organization.note,
                "source": organization.source,
            }
            parents[organization.slug] = organization.parent
            items.append(Item(entry.where, organization.slug, values, ok=entry.ok))
    saved = save_items(ctx, Organization, items)
    link_parents(ctx, Organization, saved, parents)
    count_saved(ctx, "organizations", saved)


def load_places(ctx: LoadContext, parts: list[SectionPart]) -> None:
    """Places (HSDS locations) with their opening hours; `municipality` must be a municipality."""
    kinds = dict(Area.objects.values_list("slug", "kind"))
    items = []
    for part in parts:
        for entry in ctx.records(part, schema.Place):
            place = entry.record
            municipality = place.municipality
            if kinds.get(municipality, Area.Kind.MUNICIPALITY) != Area.Kind.MUNICIPALITY:
                entry.error("municipality", f"area '{municipality}' is a {kinds[municipality]}, not a municipality")
                municipality = None
            values = {
                **texts("name", place.name),
                **texts("description", place.description),
                "address": place.address,
                "postal_code": place.postal_code,
                "municipality_id": ctx.resolve(Area, municipality, entry.where / "municipality"),
                "area_id": ctx.resolve(Area, place.area, entry.where / "area"),
                "organization_id": ctx.resolve(Organization, place.organization, entry.where / "organization"),
                "meeting_place": place.meeting_place,
                "accessibility": place.accessibility,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "note": place.note,
                "source": place.source,
            }
            hours = hour_rows(entry.where / "hours", place.hours)
            items.append(Item(entry.where, place.slug, values, ok=entry.ok, schedules=hours))
    count_saved(ctx, "places", save_items(ctx, Location, items, prefetch=["schedules"]))


SERVICE_REFERENCES = {  # file field -> (model field, vocabulary or record kind)
    "partners": ("partners", Organization),
    "target_groups": ("target_groups", TargetGroup),
    "delivery": ("delivery_modes", DeliveryMode),
    "tasks": ("tasks", Task),
    "languages": ("languages", Language),
    "places": ("places", Location),
}


def read_channels(entry: Entry[schema.Service]) -> list[tuple[Where, dict, list[tuple[Where, dict]]]]:
    """The channels of a service. A `web` channel given as a social-media handle ("@name", as in
    kemi.yaml) is a social-media channel: kept, shown as text, with no link to follow."""
    channels = []
    for index, channel in enumerate(entry.record.channels):
        where = entry.where / "channels" / index
        values = {"kind": channel.kind or "", "label": channel.label, "value": channel.value or ""}
        if values["kind"] == Channel.Kind.WEB and values["value"].startswith("@"):
            values["kind"] = Channel.Kind.SOCIAL_MEDIA
        channels.append((where, values, hour_rows(where / "hours", channel.hours)))
    return channels


def load_services(ctx: LoadContext, parts: list[SectionPart]) -> None:
    """Services with their channels, hours, places, partners and vocabulary terms. A service
    without its own `assured_date` has that of its file's header, if the header gives one."""
    items = []
    for part in parts:
        file_date = ctx.headers[part.file].assured_date if part.file in ctx.headers else None
        for entry in ctx.records(part, schema.Service):
            service = entry.record
            description, keywords = service.description or {}, service.keywords or {}
            values = {
                **texts("name", service.name),
                **texts("description", description),
                "description_fi_plain": description.get(PLAIN_FINNISH, ""),
                "organization_id": ctx.resolve(Organization, service.organization, entry.where / "organization"),
                "kind": service.kind or "",
                "status": service.status,
                "age_min": service.age_min,
                "age_max": service.age_max,
                "path_stage_id": ctx.resolve(PathStage, service.path_stage, entry.where / "path_stage"),
                "free": service.free,
                "anonymous": service.anonymous,
                "identification_required": service.identification_required,
                "response_promise": service.response_promise,
                **{f"keywords_{lang}": keywords.get(lang, "") for lang in CONTENT_LANGUAGES},
                "assured_date": service.assured_date or file_date,
                "note": service.note,
                "source": service.source,
            }
            m2m = {
                name: ctx.resolve_all(model, getattr(service, key), entry.where / key)
                for key, (name, model) in SERVICE_REFERENCES.items()
            }
            channels = read_channels(entry)
            hours = hour_rows(entry.where / "hours", service.hours)
            items.append(
                Item(entry.where, service.slug, values, ok=entry.ok, m2m=m2m, schedules=hours, channels=channels)
            )
    prefetch = [*(name for name, _ in SERVICE_REFERENCES.values()), "schedules", "channels__schedules"]
    count_saved(ctx, "services", save_items(ctx, Service, items, prefetch=prefetch))


def load_emergency_routes(ctx: LoadContext, parts: list[SectionPart]) -> None:
    """Emergency routes, one per (service, area); without `area` a route is shown everywhere.
    Without `order` a route keeps its position among the routes of its file."""
    existing = {(r.service_id, r.area_id): r for r in EmergencyRoute.objects.all()}
    seen: dict[tuple[int, int | None], Where] = {}
    for part in parts:
        for position, entry in enumerate(ctx.records(part, schema.EmergencyRoute), start=1):
            record = entry.record
            service = ctx.resolve(Service, record.service, entry.where / "service")
            area = ctx.resolve(Area, record.area, entry.where / "area")
            order = position if record.order is None else record.order
            if not entry.ok or service is None or (record.area is not None and area is None):
                continue
            key = (service, area)
            if key in seen:
                entry.error(None, f"the same service and area as {seen[key]}")
                continue
            seen[key] = entry.where
            route = existing.get(key)
            if route is None:
                route = EmergencyRoute(service_id=service, area_id=area, order=order)
                status = "new"
            elif route.order != order:
                route.order = order
                status = "updated"
            else:
                status = "unchanged"
            if not validate(ctx, route, entry.where):
                continue
            if status != "unchanged":
                route.save()
                existing[key] = route
            ctx.count(part.file, "emergency_routes", status)


def load_contact_guidance(ctx: LoadContext, parts: list[SectionPart]) -> None:
    """The family centre's general guidance for services without a way to reach them
    (directory/contact.py). Without `order` an entry keeps its position in its file."""
    items = []
    for part in parts:
        for position, entry in enumerate(ctx.records(part, schema.ContactGuidance), start=1):
            guidance = entry.record
            values = {
                **texts("name", guidance.name),
                **texts("description", guidance.description),
                "service_id": ctx.resolve(Service, guidance.service, entry.where / "service"),
                "link": guidance.link,
                "area_id": ctx.resolve(Area, guidance.area, entry.where / "area"),
                "order": position if guidance.order is None else guidance.order,
                "source": guidance.source,
            }
            items.append(Item(entry.where, guidance.slug, values, ok=entry.ok))
    count_saved(ctx, "contact_guidance", save_items(ctx, ContactGuidance, items))


register_sections(
    Section("file", read_file_header),
    Section("target_groups", vocabulary_section(TargetGroup, "target_groups"), TargetGroup, "target group"),
    Section("path_stages", vocabulary_section(PathStage, "path_stages"), PathStage, "path stage"),
    Section("delivery_modes", vocabulary_section(DeliveryMode, "delivery_modes"), DeliveryMode, "delivery mode"),
    Section("languages", vocabulary_section(Language, "languages"), Language, "language"),
    Section("areas", load_areas, Area, "area"),
    Section("organizations", load_organizations, Organization, "organisation"),
    Section("places", load_places, Location, "place"),
    Section("tasks", vocabulary_section(Task, "tasks"), Task, "task"),
    Section("services", load_services, Service, "service"),
    Section("emergency_routes", load_emergency_routes),
    Section("contact_guidance", load_contact_guidance, ContactGuidance, "contact guidance"),
)
