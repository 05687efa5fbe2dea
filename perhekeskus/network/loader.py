"""The `network` and `surveys` sections of the data files, checked and not yet stored: read by
their declared schema (schema.py), with the organisations they name resolved, so that a mistake
in a data file shows up today rather than when the network's records get models. Counted as
"validated, kept for later". Registered when NetworkConfig.ready() imports this module."""

from perhekeskus.directory.loader_context import LoadContext, Section, SectionPart, register_sections
from perhekeskus.directory.models import Organization

from . import schema


def check_network(ctx: LoadContext, parts: list[SectionPart]) -> None:
    """One mapping per file; counted by the records it holds (members, meetings, coordinator)."""
    for part in parts:
        network = ctx.read(schema.Network, part.value, part.where).record
        for index, member in enumerate(network.members):
            ctx.resolve(Organization, member.organization, part.where / "members" / index / "organization")
        for index, meeting in enumerate(network.meetings):
            ctx.resolve(Organization, meeting.organizer, part.where / "meetings" / index / "organizer")
        records = len(network.members) + len(network.meetings) + (network.coordinator is not None)
        ctx.validated(part, max(records, 1))


def check_surveys(ctx: LoadContext, parts: list[SectionPart]) -> None:
    for part in parts:
        ctx.validated(part, len(ctx.records(part, schema.Survey)))


register_sections(Section("network", check_network), Section("surveys", check_surveys))
