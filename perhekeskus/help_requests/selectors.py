"""What the help-request pages read: the inbox list and its counts, a request's page, the asker's
thread, the municipalities the public pages offer, and the audit log.

Reads only, with the moment (`now`, `at`) as an argument, so that the views stay thin and tests
ask about any moment without a clock. Two reads are also audit events, and write them themselves:
`read_request` (a worker sees a request's content) and `export_audit_log` (an admin takes the log
away as a file). The privacy rule is that every staff read of content is in the audit log; a read
that handed out the content without its event would let a new page forget it, so there is no
such read here.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.validators import slug_re
from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from perhekeskus.directory.models import Area

from . import audit
from .models import AuditEvent, HelpRequest, Message, Team, Transfer
from .permissions import teams_of

Status = HelpRequest.Status
# Requests still waiting for the team: the ones whose due time matters.
AWAITING = (Status.NEW, Status.IN_PROGRESS)
ALL_STATUSES = "all"


# --- The inbox list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxRow:
    """One request in the list, with its marks at the time `now` the list was made."""

    request: HelpRequest
    overdue: bool  # myöhässä
    due_today: bool  # erääntyy tänään


@dataclass
class TeamCounts:
    """The counts at the top of the list for one team: per status, overdue, and open in all."""

    team: Team
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0

    @property
    def open(self) -> int:
        return sum(n for status, n in self.by_status.items() if status != Status.CLOSED)

    def status_counts(self) -> list[tuple[str, str, int]]:
        """(status, label, count) for every status, in the order of the flow."""
        return [(value, label, self.by_status.get(value, 0)) for value, label in Status.choices]


def mark(request: HelpRequest, *, now: datetime) -> InboxRow:
    """The request's marks at `now`.

    Overdue: the promised answer has not come and its due time has passed (new or in progress, no
    first answer yet; an asker's follow-up after an answer reopens the request but the promise was
    kept). Due today: the same, not yet overdue, and due on today's date in Finland.
    """
    awaiting = request.status in AWAITING and request.first_answered_at is None
    overdue = awaiting and request.due_at < now
    tz = timezone.get_default_timezone()
    due_today = awaiting and not overdue and request.due_at.astimezone(tz).date() == now.astimezone(tz).date()
    return InboxRow(request=request, overdue=overdue, due_today=due_today)


def inbox_requests(user, *, team: Team | None = None, status: str | None = None) -> QuerySet[HelpRequest]:
    """The requests of the user's teams, in the order of the list.

    `team` narrows to one of the user's teams; `status` to one status, ALL_STATUSES to every one,
    None to the open ones (all but closed). Urgent requests still waiting for the team (new or in
    progress) come first, then everything by due time: an urgent request that has been answered
    drops back among the others.
    """
    requests = HelpRequest.objects.filter(team__in=teams_of(user))
    if team is not None:
        requests = requests.filter(team=team)
    if status is None:
        requests = requests.exclude(status=Status.CLOSED)
    elif status != ALL_STATUSES:
        requests = requests.filter(status=status)
    members = get_user_model().objects.filter(is_active=True).order_by("username")
    return (
        requests.select_related("team", "assignee", "topic", "municipality")
        .prefetch_related(Prefetch("team__members", queryset=members))
        .annotate(
            urgent_first=Case(
                When(urgent=True, status__in=AWAITING, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-urgent_first", "due_at", "pk")
    )


def inbox_rows(user, *, now: datetime, team: Team | None = None, status: str | None = None) -> list[InboxRow]:
    """The list of the inbox at `now`: `inbox_requests` with each request's marks."""
    return [mark(request, now=now) for request in inbox_requests(user, team=team, status=status)]


def inbox_counts(user, *, now: datetime) -> list[TeamCounts]:
    """Per team of the user: the number of requests in each status and the overdue ones. Two queries."""
    teams = list(teams_of(user).order_by("order", "slug"))
    counts = {team.pk: TeamCounts(team=team) for team in teams}
    in_teams = HelpRequest.objects.filter(team__in=[team.pk for team in teams])
    for row in in_teams.values("team", "status").annotate(n=Count("pk")).order_by():
        counts[row["team"]].by_status[row["status"]] = row["n"]
    overdue = in_teams.filter(status__in=AWAITING, first_answered_at__isnull=True, due_at__lt=now)
    for row in overdue.values("team").annotate(n=Count("pk")).order_by():
        counts[row["team"]].overdue = row["n"]
    return list(counts.values())


# --- A request's page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestPage:
    """What a request's page shows besides the request: its thread, transfers, trail and marks."""

    thread: QuerySet[Message]
    transfers: QuerySet[Transfer]
    trail: list[tuple[AuditEvent, str]]  # each event with a line about it (no content)
    row: InboxRow


def read_request(*, user: AbstractBaseUser, help_request: HelpRequest, at: datetime) -> RequestPage:
    """The content of a request for a member of its team (authorised by the caller with
    `permissions.access_request`), read at `at`.

    Writes the audit event `read` first, every time, also when the page is shown again with a
    form's errors: the page shows the content, and the trail it shows includes this read.
    """
    audit.record(AuditEvent.Action.READ, at=at, actor=user, help_request=help_request)
    events = AuditEvent.objects.filter(request_ref=help_request.pk).order_by("at", "pk")
    return RequestPage(
        thread=help_request.messages.select_related("author"),
        transfers=help_request.transfers.select_related("from_team", "to_team", "by"),
        trail=[(event, describe(event)) for event in events],
        row=mark(help_request, now=at),
    )


def describe(event: AuditEvent) -> str:
    """A short line about an audit event for the request's trail, from its details (no content)."""
    details = event.details or {}
    parts = []
    if "previous_status" in details and "status" in details and details["previous_status"] != details["status"]:
        parts.append(f"{_status_label(details['previous_status'])} → {_status_label(details['status'])}")
    if "assignee_name" in details:
        parts.append(_("käsittelijä: %(name)s") % {"name": details["assignee_name"]})
    if "from_team" in details:
        parts.append(
            _("tiimiltä %(from)s tiimille %(to)s") % {"from": details["from_team"], "to": details.get("to_team", "")}
        )
    if details.get("emailed"):
        parts.append(_("lähetetty sähköpostilla"))
    return ", ".join(parts)


def _status_label(value: str) -> str:
    # An event may name a status that no longer exists; it is shown as stored.
    try:
        return Status(value).label
    except ValueError:
        return value


# --- The asker's side -------------------------------------------------------------------------------


def asker_thread(help_request: HelpRequest) -> list[Message]:
    """The messages the asker sees: workers' answers and their own replies, never internal notes."""
    return list(help_request.messages.filter(kind__in=[Message.Kind.ANSWER, Message.Kind.ASKER]))


def municipalities() -> QuerySet[Area]:
    """The municipalities a request can name, by their Finnish name."""
    return Area.objects.filter(kind=Area.Kind.MUNICIPALITY).order_by("name_fi")


def municipality(slug: str) -> Area | None:
    """The municipality of a slug, or None for an empty or unknown one (a link's `?municipality=`
    or a form value sent back: anything may come)."""
    if not isinstance(slug, str) or not slug_re.match(slug):  # a NUL byte would upset PostgreSQL
        return None
    return Area.objects.filter(kind=Area.Kind.MUNICIPALITY, slug=slug[:100]).first()


# --- The audit log ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    """The audit log's filters, all optional: a request number, an action, and whole days in
    Finnish time from `first_day` to `last_day`."""

    request_ref: int | None = None
    action: str = ""
    first_day: date | None = None
    last_day: date | None = None

    def as_details(self) -> dict[str, str]:
        """The filters given, as text under the page's names, for the export's own audit event."""
        named = {"request": self.request_ref, "action": self.action, "from": self.first_day, "to": self.last_day}
        return {name: str(value) for name, value in named.items() if value not in (None, "")}


def audit_events(filters: AuditFilters, *, tz: ZoneInfo) -> QuerySet[AuditEvent]:
    """The events matching `filters`, newest first; the days are read in `tz`."""
    events = AuditEvent.objects.all()
    if filters.request_ref:
        events = events.filter(request_ref=filters.request_ref)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.first_day:
        events = events.filter(at__gte=datetime.combine(filters.first_day, time(0), tzinfo=tz))
    if filters.last_day:
        events = events.filter(at__lt=datetime.combine(filters.last_day + timedelta(days=1), time(0), tzinfo=tz))
    return events.order_by("-at", "-pk")


def export_audit_log(
    *, user: AbstractBaseUser, filters: AuditFilters, tz: ZoneInfo, at: datetime
) -> QuerySet[AuditEvent]:
    """The events of an export of the log by `user` at `at`. The export is itself logged, with
    the filters used (never content), before anything is sent."""
    audit.record(AuditEvent.Action.EXPORT, at=at, actor=user, filters=filters.as_details())
    return audit_events(filters, tz=tz)
