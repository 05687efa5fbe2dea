"""The admin of Pyydä apua! (configuration for the coordinator, a read-only audit log for admins)
and the audit log's own pages: the list with filters and the CSV export."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone

from perhekeskus.accounts.testing import sign_in
from perhekeskus.directory.models import EmergencyRoute
from perhekeskus.directory.roles import COORDINATOR
from perhekeskus.help_requests import audit
from perhekeskus.help_requests.models import (
    AuditEvent,
    ChildAgeGroup,
    HelpRequest,
    Message,
    Team,
    Topic,
    Transfer,
    UrgencyTerm,
)

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
# What the coordinator configures for help requests, by admin address (app/model).
CONFIGURATION = [
    "help_requests/topic",
    "help_requests/childagegroup",
    "help_requests/team",
    "directory/emergencyroute",
    "help_requests/urgencyterm",
]


def user(username: str, *, coordinator=False, superuser=False, perms=()) -> User:
    if superuser:
        return User.objects.create_superuser(username, password="x-pass-123")
    account = User.objects.create_user(username, password="x-pass-123", is_staff=True)
    if coordinator:
        account.groups.add(Group.objects.get(name=COORDINATOR))
    for codename in perms:
        account.user_permissions.add(Permission.objects.get(content_type__app_label="help_requests", codename=codename))
    return account


@pytest.fixture
def coordinator(client):
    account = user("koordinaattori", coordinator=True)
    sign_in(client, account)
    return account


@pytest.fixture
def superuser(client):
    account = user("admin", superuser=True)
    sign_in(client, account)
    return account


@pytest.fixture
def events():
    """Audit events of two requests over three days, and a purge."""
    worker = User.objects.create_user("maija")
    day = datetime(2026, 3, 2, 9, tzinfo=HELSINKI)
    made = [
        audit.record(AuditEvent.Action.CREATE, request_ref=41, at=day),
        audit.record(AuditEvent.Action.READ, actor=worker, request_ref=41, at=day + timedelta(hours=1)),
        audit.record(AuditEvent.Action.ANSWER, actor=worker, request_ref=41, at=day + timedelta(days=1)),
        audit.record(AuditEvent.Action.READ, actor=worker, request_ref=42, at=day + timedelta(days=1, hours=2)),
        audit.record(AuditEvent.Action.PURGE, at=day + timedelta(days=2), requests=1, request_numbers=[7]),
    ]
    return made


# --- what the admin holds -----------------------------------------------------------------------


def test_requests_messages_and_transfers_are_not_in_the_admin():
    for model in (HelpRequest, Message, Transfer):
        assert not admin.site.is_registered(model), model
    for model in (Topic, ChildAgeGroup, Team, EmergencyRoute, UrgencyTerm, AuditEvent):
        assert admin.site.is_registered(model), model


@pytest.mark.parametrize("model", CONFIGURATION)
def test_the_coordinator_edits_the_configuration(client, coordinator, model):
    assert client.get(f"/admin/{model}/").status_code == 200
    assert client.get(f"/admin/{model}/add/").status_code == 200


def test_the_coordinator_adds_an_urgency_term(client, coordinator):
    response = client.post("/admin/help_requests/urgencyterm/add/", {"term": "henki uhattuna", "language": "fi"})
    assert response.status_code == 302
    assert UrgencyTerm.objects.filter(term="henki uhattuna", language="fi").exists()


def test_the_team_page_picks_municipalities_topics_and_members_side_by_side(client, superuser, demo_data):
    team = Team.objects.get(slug="lapha-perhesosiaalityo")
    page = client.get(reverse("admin:help_requests_team_change", args=[team.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    for name in ("municipalities", "topics", "members"):
        assert "selectfilter" in str(form[name]), name
    municipalities = set(form.fields["municipalities"].queryset.values_list("kind", flat=True))
    assert municipalities == {"municipality"}


def test_the_coordinator_cannot_make_anyone_a_team_member(client, coordinator, demo_data):
    """Membership is access to request content; only admins (who manage users) grant it."""
    team = Team.objects.get(slug="lapha-perhesosiaalityo")
    url = reverse("admin:help_requests_team_change", args=[team.pk])
    form = client.get(url).context["adminform"].form
    assert "members" not in form.fields and "municipalities" in form.fields
    data = {
        "slug": team.slug,
        "name_fi": team.name_fi,
        "name_sv": team.name_sv,
        "name_en": team.name_en,
        "order": team.order,
        "municipalities": [a.pk for a in team.municipalities.all()],
        "topics": [t.pk for t in team.topics.all()],
        "is_default": "on" if team.is_default else "",
        "notify_email": team.notify_email,
        "members": [coordinator.pk],
    }

    response = client.post(url, data)

    assert response.status_code == 302
    assert not team.members.filter(pk=coordinator.pk).exists()


def test_the_team_list_shows_municipalities_and_members(client, coordinator, demo_data):
    page = client.get("/admin/help_requests/team/").content.decode()
    assert "kaikki muut" in page  # the region-wide default team
    assert "Kemi, " in page or ", Kemi" in page


def test_the_coordinator_does_not_see_the_audit_log_in_the_admin(client, coordinator, events):
    assert client.get("/admin/help_requests/auditevent/").status_code == 403
    assert "auditevent" not in client.get("/admin/").content.decode()


# --- the audit log in the admin -----------------------------------------------------------------


def test_admins_read_the_audit_log_with_filters_and_search(client, superuser, events):
    assert client.get("/admin/help_requests/auditevent/").status_code == 200
    listed = client.get("/admin/help_requests/auditevent/", {"action__exact": "read"}).context["cl"].result_list
    assert {e.request_ref for e in listed} == {41, 42}
    listed = client.get("/admin/help_requests/auditevent/", {"q": "42"}).context["cl"].result_list
    assert [e.request_ref for e in listed] == [42]
    assert client.get("/admin/help_requests/auditevent/", {"q": "abc"}).status_code == 200
    assert client.get("/admin/help_requests/auditevent/", {"at__year": "2026", "at__month": "3"}).status_code == 200


def test_the_audit_log_is_read_only_for_admins_too(client, superuser, events):
    event = events[1]
    change = reverse("admin:help_requests_auditevent_change", args=[event.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(change, {"action": "answer"}).status_code == 403
    assert client.get("/admin/help_requests/auditevent/add/").status_code == 403
    assert (
        client.post(reverse("admin:help_requests_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.get(pk=event.pk).action == "read"


def test_the_admin_audit_list_links_to_the_csv_export(client, superuser, events):
    page = client.get("/admin/help_requests/auditevent/").content.decode()
    assert reverse("help_requests:audit_export") in page


def test_the_audit_permission_alone_opens_the_admin_audit_log(client, events):
    sign_in(client, user("tarkastaja", perms=["view_audit_log"]))
    assert client.get("/admin/help_requests/auditevent/").status_code == 200
    assert client.get("/admin/help_requests/topic/").status_code == 403


def test_the_audit_log_refuses_content_and_changes():
    with pytest.raises(ValueError, match="must not carry request content"):
        audit.record(AuditEvent.Action.NOTE, at=timezone.now(), request_ref=1, body="Lapsi pelkää isäänsä")
    event = audit.record(AuditEvent.Action.READ, at=timezone.now(), request_ref=1)
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


@pytest.mark.parametrize(
    "action",
    ["read", "asker_raed", Message.Kind.NOTE, None],
    ids=["a plain string", "an unknown value", "another enum's member of the same value", "none"],
)
def test_the_audit_log_takes_only_its_own_actions(action):
    # Message.Kind.NOTE == "note" == AuditEvent.Action.NOTE as strings, and is refused all the same.
    with pytest.raises(TypeError, match="AuditEvent.Action members"):
        audit.record(action, at=timezone.now(), request_ref=1)
    assert not AuditEvent.objects.exists()


def test_every_action_is_stored_as_its_plain_value():
    """The stored strings are the ones the table has always held: no migration, old rows still match."""
    for action in AuditEvent.Action:
        audit.record(action, at=timezone.now(), request_ref=1)
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == sorted(
        [
            "answer",
            "assign",
            "asker_read",
            "asker_reply",
            "claim",
            "create",
            "export",
            "note",
            "purge",
            "read",
            "status",
            "transfer",
        ]
    )


# --- the audit log page and export --------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for name in ("help_requests:audit", "help_requests:audit_export"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


def test_the_coordinator_and_workers_may_not_read_or_export_the_log(client, events):
    for account in (user("koordinaattori", coordinator=True), user("tyontekija")):
        sign_in(client, account)
        assert client.get(reverse("help_requests:audit")).status_code == 403
        assert client.get(reverse("help_requests:audit_export")).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_list_shows_the_newest_first_and_filters(client, superuser, events):
    url = reverse("help_requests:audit")
    page = client.get(url)
    assert page.status_code == 200
    assert [e.pk for e in page.context["page"]] == [e.pk for e in reversed(events)]
    assert [e.request_ref for e in client.get(url, {"request": "41"}).context["page"]] == [41, 41, 41]
    assert [e.action for e in client.get(url, {"action": "read"}).context["page"]] == ["read", "read"]
    by_day = client.get(url, {"from": "2026-03-03", "to": "2026-03-03"}).context["page"]
    assert [(e.action, e.request_ref) for e in by_day] == [("read", 42), ("answer", 41)]
    assert "maija" in page.content.decode()


def test_the_list_is_paginated_keeping_the_filters(client, superuser):
    for number in range(60):
        audit.record(AuditEvent.Action.READ, at=timezone.now(), request_ref=number)
    first = client.get(reverse("help_requests:audit"), {"action": "read"})
    assert len(first.context["page"]) == 50
    assert "action=read&amp;page=2" in first.content.decode()
    second = client.get(reverse("help_requests:audit"), {"action": "read", "page": "2"})
    assert len(second.context["page"]) == 10
    assert len(client.get(reverse("help_requests:audit"), {"page": "x"}).context["page"]) == 50


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"request": "abc"}, "Pyynnön numero"),
        ({"request": "0"}, "Pyynnön numero"),
        ({"action": "delete"}, "Tapahtuma"),
        ({"from": "eilen"}, "Alkaen"),
        ({"from": "2026-03-05", "to": "2026-03-01"}, "Alkupäivä on myöhemmin kuin loppupäivä."),
        ({"to": "9999-12-31"}, "Anna päivä väliltä"),
        ({"from": "0001-01-01"}, "Anna päivä väliltä"),
    ],
)
def test_bad_filters_give_400_with_a_message(client, superuser, params, message):
    for name in ("help_requests:audit", "help_requests:audit_export"):
        response = client.get(reverse(name), params)
        assert response.status_code == 400, name
        assert message in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_export_is_a_csv_of_the_filtered_log_and_is_itself_logged(client, superuser, events):
    response = client.get(reverse("help_requests:audit_export"), {"request": "41"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = read_csv(response)
    assert rows[0] == ["at", "actor", "action", "action_label", "request", "details"]
    assert [(r[1], r[2], r[4]) for r in rows[1:]] == [
        ("maija", "answer", "41"),
        ("maija", "read", "41"),
        ("", "create", "41"),
    ]
    assert rows[-1][0] == "2026-03-02T09:00:00+02:00"

    export = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (export.actor, export.actor_name, export.request_ref) == (superuser, "admin", None)
    assert export.details == {"filters": {"request": "41"}}


def test_the_whole_log_is_exported_without_filters(client, superuser, events):
    rows = read_csv(client.get(reverse("help_requests:audit_export")))
    assert len(rows) == 1 + len(events) + 1  # the header, the events, and the export itself
    purge = next(r for r in rows if r[2] == "purge")
    assert purge[5] == '{"request_numbers": [7], "requests": 1}'


def test_exported_cells_never_start_a_spreadsheet_formula(client, superuser):
    User.objects.create_user("=HYPERLINK(1)")
    audit.record(
        AuditEvent.Action.READ, at=timezone.now(), actor=User.objects.get(username="=HYPERLINK(1)"), request_ref=5
    )
    rows = read_csv(client.get(reverse("help_requests:audit_export"), {"request": "5"}))
    assert rows[1][1] == "'=HYPERLINK(1)"


def test_a_user_with_the_audit_permission_exports(client, events):
    sign_in(client, user("tarkastaja", perms=["view_audit_log"]))
    assert client.get(reverse("help_requests:audit")).status_code == 200
    assert client.get(reverse("help_requests:audit_export")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, actor_name="tarkastaja").exists()


def test_a_refusal_is_the_sites_own_403_page_that_says_whom_to_ask(client, events):
    sign_in(client, user("tyontekija"))

    response = client.get(reverse("help_requests:audit"))

    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    assert "koordinaattorilta" in response.content.decode()


def role_user(role: str) -> User:
    from perhekeskus.directory.roles import NETWORK_MEMBER, ORGANIZATION_EDITOR

    groups = {"network_member": NETWORK_MEMBER, "organization_editor": ORGANIZATION_EDITOR}
    if role == "admin":
        return user("admin", superuser=True)
    if role == "coordinator":
        return user("koordinaattori", coordinator=True)
    account = user(role)
    if role in groups:
        account.groups.add(Group.objects.get(name=groups[role]))
    elif role == "team_worker":
        Team.objects.create(slug="tiimi", name_fi="Tiimi").members.add(account)
    return account


STAFF_PAGES = ("help_requests:stats", "help_requests:audit", "help_requests:audit_export")
MAY_SEE = {
    "admin": set(STAFF_PAGES),
    "coordinator": {"help_requests:stats"},
    "team_worker": set(),
    "network_member": set(),
    "organization_editor": set(),
}


@pytest.mark.parametrize("role", sorted(MAY_SEE))
def test_statistics_and_audit_pages_by_role(client, events, role):
    sign_in(client, role_user(role))

    for name in STAFF_PAGES:
        expected = 200 if name in MAY_SEE[role] else 403
        assert client.get(reverse(name)).status_code == expected, (role, name)
