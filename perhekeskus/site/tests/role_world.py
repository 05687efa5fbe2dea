"""One user for each role, the objects their pages are about, and a signed-in client for each.

For the URL × role matrix (test_url_role_matrix.py): the roles of directory/roles.py, each made the
way an admin makes it (groups, a team's members, is_staff for those who work in the admin), on top
of the demo data, with one real object of every model in the admin. The test module builds the
world once (`build_world`) and signs each test's clients in afresh (`signed_in_clients`), so that
a test that signs out leaves the next one alone.
"""

from dataclasses import dataclass, field
from datetime import date

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from perhekeskus.accounts.testing import sign_in
from perhekeskus.activities.models import Activity, VisitCount
from perhekeskus.directory import roles
from perhekeskus.directory.models import Area, ClosedDay, Location, Organization, Service
from perhekeskus.feedback.models import FeedbackMessage
from perhekeskus.help_requests import audit
from perhekeskus.help_requests.models import AuditEvent, HelpRequest, Team
from perhekeskus.help_requests.tests.factories import make_request, make_user
from perhekeskus.pathways.models import Pathway
from perhekeskus.search.models import MissedQuery

ANONYMOUS = "anonymous"
NO_ROLE = "no role"  # signed in, in no group and no team: a family's own account, say
NETWORK_MEMBER = "network member"
EDITOR = "organisation editor"  # of the parish, which organises activities in Länsi-Kotka
WORKER = "team worker"  # a member of the Kemi family social work team
COORDINATOR = "coordinator"
MANAGEMENT = "management"
ADMIN = "admin"  # a superuser
ROLES = (ANONYMOUS, NO_ROLE, NETWORK_MEMBER, EDITOR, WORKER, COORDINATOR, MANAGEMENT, ADMIN)
# The roles that enter the admin (is_staff): the editor edits their activities there.
STAFF = (EDITOR, COORDINATOR, ADMIN)

PARISH = "kotka-kymin-seurakunta"
TEAM = "lapha-perhesosiaalityo"
OTHER_TEAM = "lapha-lastensuojelu"


@dataclass
class World:
    users: dict[str, User | None]
    service: Service
    organization: Organization  # the editor's
    place: Location
    area: Area
    activity: Activity  # organised by the editor's organisation alone
    other_activity: Activity  # organised by another organisation alone
    guide: Pathway  # the professionals' guide, with steps
    step_key: str
    short: str  # the short link of the families' path
    help_request: HelpRequest  # in the worker's team
    other_request: HelpRequest  # in a team the worker is not in
    other_visit_count: VisitCount  # of the other organisation's activity
    device: TOTPDevice  # the worker's authenticator
    # One real object of each model registered in the admin, by its label ("directory.service").
    admin_objects: dict[str, object] = field(default_factory=dict)
    feedback: FeedbackMessage | None = None  # a message waiting for the coordinator


def build_world() -> World:
    users = {
        ANONYMOUS: None,
        NO_ROLE: make_user("perhe"),
        NETWORK_MEMBER: make_user("verkosto", groups=[roles.NETWORK_MEMBER]),
        EDITOR: make_user("seurakunta", groups=[roles.ORGANIZATION_EDITOR], is_staff=True),
        WORKER: make_user("tiina"),
        COORDINATOR: make_user("koordinaattori", groups=[roles.COORDINATOR], is_staff=True),
        MANAGEMENT: make_user("johto", groups=[roles.MANAGEMENT]),
        ADMIN: make_user("admin", superuser=True),
    }
    # The editor's organisation is the group named after its slug (activities/permissions.py).
    users[EDITOR].groups.add(Group.objects.get_or_create(name=PARISH)[0])
    team, other_team = Team.objects.get(slug=TEAM), Team.objects.get(slug=OTHER_TEAM)
    team.members.add(users[WORKER])
    other_team.members.add(make_user("olli"))
    for user in users.values():
        if user is not None:
            TOTPDevice.objects.create(user=user, name="test authenticator", confirmed=True)

    families = Pathway.objects.get(slug="perheiden-palvelupolku-2023")
    families.short = "perhepolku"
    families.save(update_fields=["short"])
    guide = Pathway.objects.get(slug="ammattilaisen-palvelupolku-2023")
    activity = Activity.objects.get(slug="lansi-kotka-perhekerho-jappila-ti")
    other_activity = Activity.objects.get(slug="lansi-kotka-mll-perhekahvila-ti")
    now = timezone.now()
    help_request = make_request(team)
    world = World(
        users=users,
        service=Service.objects.get(slug="lastenneuvola"),
        organization=Organization.objects.get(slug=PARISH),
        place=Location.objects.get(slug="langinkosken-kirkko"),
        area=Area.objects.get(slug="lansi-kotka"),
        activity=activity,
        other_activity=other_activity,
        guide=guide,
        step_key=guide.start.key,
        short=families.short,
        help_request=help_request,
        other_request=make_request(other_team),
        other_visit_count=VisitCount.objects.create(activity=other_activity, date=date(2022, 1, 11), adults=5),
        device=TOTPDevice.objects.get(user=users[WORKER]),
        feedback=FeedbackMessage.objects.create(
            text="Sivu ei toimi.", language="fi", form_token="t" * 40, received_at=now, due_at=now
        ),
    )
    recovery = StaticDevice.objects.create(user=users[WORKER], name="recovery codes", confirmed=True)
    StaticToken.objects.create(device=recovery, token="abcd1234")  # noqa: S106 (a test's code)
    visitor = {"user_agent": "test", "http_accept": "text/html", "path_info": "/accounts/login/"}
    visitor |= {"ip_address": "198.51.100.7", "username": "arvaaja"}
    world.admin_objects = {
        "auth.group": Group.objects.get(name=PARISH),
        "auth.user": users[NO_ROLE],
        "otp_totp.totpdevice": world.device,
        "otp_static.staticdevice": recovery,
        "axes.accessattempt": AccessAttempt.objects.create(
            **visitor, get_data="", post_data="", failures_since_start=1
        ),
        "axes.accesslog": AccessLog.objects.create(**visitor),
        "axes.accessfailurelog": AccessFailureLog.objects.create(**visitor),
        "directory.service": world.service,
        "directory.organization": world.organization,
        "directory.location": world.place,
        "directory.area": world.area,
        "directory.closedday": ClosedDay.objects.create(date=date(2022, 1, 7), area=world.area, reason_fi="Välipäivä"),
        "search.missedquery": MissedQuery.objects.create(
            query="vauvauinti", first_seen=now.date(), last_seen=now.date()
        ),
        "help_requests.team": team,
        "help_requests.auditevent": audit.record(
            AuditEvent.Action.READ, actor=users[WORKER], request_ref=help_request.pk, at=now
        ),
        "activities.activity": activity,
        "activities.visitcount": VisitCount.objects.create(activity=activity, date=date(2022, 1, 11), adults=3),
        "pathways.pathway": guide,
        "pathways.step": guide.start,
    }
    return world


def admin_object(world: World, model) -> object | None:
    """The object of `model` whose admin pages the matrix opens: the one named in the world, else
    the model's first row."""
    label = model._meta.label_lower
    return world.admin_objects.get(label) or model._default_manager.order_by("pk").first()


def signed_in_clients(world: World) -> dict[str, Client]:
    """A client for each role, signed in with a verified second factor (anonymous: not signed in).
    Each has its own address, so that the rate limits of the public forms count each apart. A
    view's exception is answered as the site answers it (a 500), for the test to report."""
    made = {}
    for number, role in enumerate(ROLES, start=1):
        made[role] = Client(REMOTE_ADDR=f"192.0.2.{number}", raise_request_exception=False)
        if world.users[role] is not None:
            _sign_in(made[role], world.users[role])
    return made


def still_signed_in(client: Client, user: User | None) -> None:
    """Sign `user` in again if the last request ended the session (a logout): its cookie is then
    another, or none."""
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if user is not None and (cookie is None or cookie.value != client.signed_in_session):
        _sign_in(client, user)


def _sign_in(client: Client, user: User) -> None:
    sign_in(client, user)
    client.signed_in_session = client.cookies[settings.SESSION_COOKIE_NAME].value
