"""The inbox pages: who gets what on every address, the audit event of each action through the
web, and bad input answered with a message and the typed text kept, never a 500."""

from types import SimpleNamespace

import pytest
from django.core import serializers
from django.urls import reverse
from django.utils import translation

from perhekeskus.accounts.testing import sign_in
from perhekeskus.directory.roles import COORDINATOR, NETWORK_MEMBER, ORGANIZATION_EDITOR
from perhekeskus.help_requests.models import AuditEvent, HelpRequest, Message, Transfer

from .factories import make_request, make_team, make_user

pytestmark = pytest.mark.django_db

Status = HelpRequest.Status
Action = AuditEvent.Action
SECRET_TEXT = "Äiti on masentunut eikä jaksa nousta sängystä"
NOTE_TEXT = "Soitettu kahdesti, ei vastausta"
REASON_TEXT = "Lapsi alle kouluikäinen, kuuluu neuvolan perhetyölle"

ROLES = [
    "anonymous",
    "no_role",
    "network_member",
    "organization_editor",
    "coordinator",
    "superuser",
    "team_member",
    "other_team_member",
]
ACTIONS = ["claim", "assign", "status", "answer", "note", "transfer"]
OUTSIDERS = {"no_role", "network_member", "organization_editor", "coordinator", "superuser"}


@pytest.fixture
def world():
    member = make_user("tiina", email="tiina@example.org")
    colleague = make_user("kalle")
    other = make_user("olli")
    team = make_team("perhesosiaalityo", members=[member, colleague], notify_email="perhetyo@example.org")
    other_team = make_team("neuvolan-perhetyo", members=[other], notify_email="neuvola@example.org")
    users = {
        "anonymous": None,
        "no_role": make_user("perhe"),
        "network_member": make_user("verkosto", groups=[NETWORK_MEMBER]),
        "organization_editor": make_user("muokkaaja", groups=[ORGANIZATION_EDITOR]),
        "coordinator": make_user("koordinaattori", groups=[COORDINATOR], is_staff=True),
        "superuser": make_user("admin", superuser=True),
        "team_member": member,
        "other_team_member": other,
    }
    request = make_request(team, text=SECRET_TEXT)
    return SimpleNamespace(
        member=member, colleague=colleague, other=other, team=team, other_team=other_team, users=users, request=request
    )


def login(client, world, role):
    if world.users[role] is not None:
        sign_in(client, world.users[role])
    return client


def action_data(world, action):
    return {
        "claim": {},
        "assign": {"assignee": world.colleague.pk},
        "status": {"status": Status.IN_PROGRESS},
        "answer": {"body": "Kiitos viestistä, soitamme huomenna."},
        "note": {"body": NOTE_TEXT},
        "transfer": {"to_team": world.other_team.pk, "reason": REASON_TEXT},
    }[action]


def expected(role, page):
    """The status each role gets: page is "list", "detail" or "action"."""
    if role == "anonymous":
        return 302
    if role in OUTSIDERS:
        return 403
    if role == "other_team_member":
        return 404 if page != "list" else 200
    return 302 if page == "action" else 200


# --- permissions for every role ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["list", "detail"])
def test_reading_pages_by_role(client, world, role, page):
    login(client, world, role)
    url = reverse("help_requests:inbox") if page == "list" else reverse("help_requests:detail", args=[world.request.pk])
    response = client.get(url)
    assert response.status_code == expected(role, page)
    if role == "anonymous":
        assert response["Location"] == f"{reverse('login')}?next={url}"
    if response.status_code != 200 or page == "list":
        assert SECRET_TEXT.encode() not in response.content
        assert not AuditEvent.objects.exists()
    else:
        assert SECRET_TEXT.encode() in response.content
    if role in OUTSIDERS:
        assert "Ei pääsyä".encode() in response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_actions_by_role(client, world, role, action):
    login(client, world, role)
    response = client.post(reverse(f"help_requests:{action}", args=[world.request.pk]), action_data(world, action))
    assert response.status_code == expected(role, "action")
    if role == "anonymous":
        assert response["Location"].startswith(f"{reverse('login')}?next=")
    if role == "team_member":
        event = AuditEvent.objects.get()
        assert (event.action, event.actor, event.request_ref) == (action, world.member, world.request.pk)
    else:
        assert not AuditEvent.objects.exists()
        assert not Message.objects.exists() and not Transfer.objects.exists()
        unchanged = HelpRequest.objects.get(pk=world.request.pk)
        assert (unchanged.status, unchanged.assignee, unchanged.team) == (Status.NEW, None, world.team)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_get_on_an_action_is_405(client, world, role, action):
    login(client, world, role)
    response = client.get(reverse(f"help_requests:{action}", args=[world.request.pk]))
    assert response.status_code == 405
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("action", ACTIONS)
def test_a_tampered_number_is_404(client, world, action):
    sign_in(client, world.member)
    for pk in (999_999, make_request(world.other_team).pk):
        response = client.post(reverse(f"help_requests:{action}", args=[pk]), action_data(world, action))
        assert response.status_code == 404
    assert client.get("/inbox/abc/").status_code == 404
    assert not AuditEvent.objects.exists()


def test_a_superuser_in_the_team_is_a_member(client, world):
    admin = world.users["superuser"]
    world.team.members.add(admin)
    sign_in(client, admin)
    assert client.get(reverse("help_requests:detail", args=[world.request.pk])).status_code == 200


def test_pages_are_not_cached(client, world):
    sign_in(client, world.member)
    response = client.get(reverse("help_requests:detail", args=[world.request.pk]))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


# --- the audit events through the web ---------------------------------------------------------------


def test_every_read_of_the_page_is_logged(client, world):
    sign_in(client, world.member)
    url = reverse("help_requests:detail", args=[world.request.pk])
    client.get(url)
    client.get(url)
    events = list(AuditEvent.objects.order_by("pk"))
    assert [(e.action, e.actor, e.request_ref) for e in events] == [(Action.READ, world.member, world.request.pk)] * 2


def test_the_list_shows_no_content_and_logs_no_read(client, world):
    sign_in(client, world.member)
    response = client.get(reverse("help_requests:inbox"))
    assert f"Pyyntö #{world.request.pk}".encode() in response.content
    assert SECRET_TEXT.encode() not in response.content
    assert not AuditEvent.objects.exists()


def test_a_full_round_leaves_no_content_in_the_audit_log(client, world, mailoutbox, django_capture_on_commit_callbacks):
    world.request.contact_method = HelpRequest.ContactMethod.EMAIL
    world.request.contact_email = "kysyja@example.org"
    world.request.save()
    sign_in(client, world.member)
    pk = world.request.pk
    answer_text = "Tässä vastaus: varaa aika perheneuvolaan"
    for action, data in [
        ("claim", {}),
        ("note", {"body": NOTE_TEXT}),
        ("answer", {"body": answer_text}),
        ("status", {"status": Status.CLOSED}),
        ("status", {"status": Status.IN_PROGRESS}),
        ("transfer", {"to_team": world.other_team.pk, "reason": REASON_TEXT}),
    ]:
        client.get(reverse("help_requests:detail", args=[pk]))
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(reverse(f"help_requests:{action}", args=[pk]), data).status_code == 302
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == [
        "read", "claim", "read", "note", "read", "answer", "read", "status", "read", "status", "read", "transfer"
    ]  # fmt: skip
    logged = serializers.serialize("json", AuditEvent.objects.all())
    for content in (SECRET_TEXT, NOTE_TEXT, answer_text, REASON_TEXT, "kysyja@example.org"):
        assert content not in logged
    assert [mail.to for mail in mailoutbox] == [["kysyja@example.org"], ["neuvola@example.org"]]
    assert answer_text in mailoutbox[0].body
    assert SECRET_TEXT not in mailoutbox[1].body and REASON_TEXT not in mailoutbox[1].body
    assert f"/inbox/{pk}/" in mailoutbox[1].body


def test_transfer_through_the_web_moves_the_request_out_of_reach(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    sign_in(client, world.member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("help_requests:transfer", args=[world.request.pk]),
            {"to_team": world.other_team.pk, "reason": REASON_TEXT},
        )
    assert response.status_code == 302 and response["Location"] == reverse("help_requests:inbox")
    assert client.get(reverse("help_requests:detail", args=[world.request.pk])).status_code == 404
    sign_in(client, world.other)
    page = client.get(reverse("help_requests:detail", args=[world.request.pk]))
    assert page.status_code == 200 and REASON_TEXT.encode() in page.content
    assert [mail.to for mail in mailoutbox] == [["neuvola@example.org"]]


def test_a_successful_action_returns_to_the_list_it_came_from(client, world):
    sign_in(client, world.member)
    back = reverse("help_requests:inbox") + "?status=new"
    response = client.post(reverse("help_requests:claim", args=[world.request.pk]), {"next": back})
    assert response["Location"] == back
    response = client.post(
        reverse("help_requests:note", args=[world.request.pk]), {"body": "x", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("help_requests:detail", args=[world.request.pk])


# --- bad input: a message, the typed text kept, no change, no 500 --------------------------------


@pytest.mark.parametrize(
    "action, data, message",
    [
        ("answer", {"body": ""}, "Kirjoita vastaus ennen lähettämistä."),
        ("answer", {"body": "   \n  "}, "Kirjoita vastaus ennen lähettämistä."),
        ("answer", {}, "Kirjoita vastaus ennen lähettämistä."),
        ("note", {"body": ""}, "Kirjoita muistiinpano ennen tallentamista."),
        ("note", {"body": "\x01\x02"}, "merkkejä, joita ei voi tallentaa"),
        ("answer", {"body": "Hei\x1b[31m"}, "merkkejä, joita ei voi tallentaa"),
        ("transfer", {"to_team": "TEAM", "reason": ""}, "Kerro siirron syy."),
        ("transfer", {"to_team": "", "reason": REASON_TEXT}, "Valitse tiimi, jolle pyyntö siirretään."),
        ("transfer", {"to_team": "OWN", "reason": REASON_TEXT}, "Valitse jokin toinen tiimi."),
        ("transfer", {"to_team": "999999", "reason": REASON_TEXT}, "Valitse jokin toinen tiimi."),
        ("assign", {"assignee": "OUTSIDER"}, "Pyynnön voi osoittaa vain saman tiimin jäsenelle."),
        ("assign", {"assignee": "abc"}, "Pyynnön voi osoittaa vain saman tiimin jäsenelle."),
        ("assign", {}, "Valitse tiimin jäsen, jolle pyyntö osoitetaan."),
        ("status", {"status": "deleted"}, "Tuntematon tila."),
        ("status", {"status": ""}, "Valitse tila."),
        ("status", {"status": Status.ANSWERED}, "Pyyntö merkitään vastatuksi kirjoittamalla vastaus."),
    ],
)
def test_bad_input_is_400_with_a_message_and_the_text_kept(client, world, action, data, message):
    placeholders = {"TEAM": world.other_team.pk, "OWN": world.team.pk, "OUTSIDER": world.other.pk}
    data = {key: placeholders.get(value, value) for key, value in data.items()}
    sign_in(client, world.member)
    response = client.post(reverse(f"help_requests:{action}", args=[world.request.pk]), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    if data.get("reason"):
        assert REASON_TEXT in content  # kept in the form
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [Action.READ]
    assert not Message.objects.exists() and not Transfer.objects.exists()
    request = HelpRequest.objects.get(pk=world.request.pk)
    assert (request.status, request.assignee, request.team) == (Status.NEW, None, world.team)


def test_a_too_long_answer_keeps_the_text(client, world):
    sign_in(client, world.member)
    typed = "Pitkä vastaus. " * 400  # 6000 characters
    response = client.post(reverse("help_requests:answer", args=[world.request.pk]), {"body": typed})
    assert response.status_code == 400
    assert typed.strip() in response.content.decode()
    assert not Message.objects.exists()


def test_binary_text_is_refused_politely(client, world):
    sign_in(client, world.member)
    response = client.post(reverse("help_requests:note", args=[world.request.pk]), {"body": "abc\x00def"})
    assert response.status_code == 400
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    "start, action, data",
    [
        (Status.NEW, "status", {"status": Status.CLOSED}),
        (Status.CLOSED, "answer", {"body": "Vastaus suljettuun"}),
        (Status.CLOSED, "transfer", {"to_team": "TEAM", "reason": REASON_TEXT}),
        (Status.CLOSED, "claim", {}),
        (Status.CLOSED, "assign", {"assignee": "COLLEAGUE"}),
    ],
)
def test_an_action_the_state_does_not_allow_is_409_with_the_text_kept(client, world, start, action, data):
    world.request.status = start
    world.request.save()
    placeholders = {"TEAM": world.other_team.pk, "COLLEAGUE": world.colleague.pk}
    data = {key: placeholders.get(value, value) for key, value in data.items()}
    sign_in(client, world.member)
    response = client.post(reverse(f"help_requests:{action}", args=[world.request.pk]), data)
    assert response.status_code == 409
    content = response.content.decode()
    assert 'role="alert"' in content
    for value in data.values():
        if isinstance(value, str) and len(value) > 10:
            assert value in content
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [Action.READ]
    assert HelpRequest.objects.get(pk=world.request.pk).status == start


def test_claiming_what_a_colleague_has_is_409(client, world):
    world.request.assignee = world.colleague
    world.request.status = Status.IN_PROGRESS
    world.request.save()
    sign_in(client, world.member)
    response = client.post(reverse("help_requests:claim", args=[world.request.pk]))
    assert response.status_code == 409 and "kalle" in response.content.decode()


def test_a_failed_email_answer_is_503_with_the_text_kept(client, world, settings):
    settings.EMAIL_BACKEND = "perhekeskus.help_requests.tests.test_actions.FailingBackend"
    world.request.contact_method = HelpRequest.ContactMethod.EMAIL
    world.request.contact_email = "kysyja@example.org"
    world.request.save()
    sign_in(client, world.member)
    typed = "Vastaus joka ei lähde sähköpostilla"
    response = client.post(reverse("help_requests:answer", args=[world.request.pk]), {"body": typed})
    assert response.status_code == 503
    content = response.content.decode()
    assert typed in content and "epäonnistui" in content
    assert "answered" not in HelpRequest.objects.filter(pk=world.request.pk).values_list("status", flat=True)


def test_a_missing_csrf_token_is_refused(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in(client, world.member)
    response = client.post(reverse("help_requests:note", args=[world.request.pk]), {"body": NOTE_TEXT})
    assert response.status_code == 403
    assert not Message.objects.exists()


# --- what the pages show ----------------------------------------------------------------------------


def test_the_page_shows_only_the_chosen_contact_method(client, world):
    world.request.contact_method = HelpRequest.ContactMethod.PHONE
    world.request.contact_phone = "040 765 4321"
    world.request.contact_email = "ei-nayteta@example.org"
    world.request.save()
    sign_in(client, world.member)
    content = client.get(reverse("help_requests:detail", args=[world.request.pk])).content.decode()
    assert "040 765 4321" in content and "ei-nayteta@example.org" not in content


def test_the_thread_marks_internal_notes(client, world):
    from django.utils import timezone

    from perhekeskus.help_requests import actions

    actions.add_note(user=world.member, help_request=world.request, body=NOTE_TEXT, at=timezone.now())
    actions.answer(user=world.member, help_request=world.request, body="Vastaus kysyjälle", at=timezone.now())
    sign_in(client, world.member)
    content = client.get(reverse("help_requests:detail", args=[world.request.pk])).content.decode()
    assert "inbox-message--note" in content and "ei näy kysyjälle" in content
    assert "inbox-message--answer" in content
    assert content.index(NOTE_TEXT) < content.index("Vastaus kysyjälle")


def test_the_page_shows_the_requests_audit_trail_only(client, world):
    other_request = make_request(world.team)
    sign_in(client, world.member)
    client.get(reverse("help_requests:detail", args=[other_request.pk]))
    client.post(reverse("help_requests:claim", args=[world.request.pk]))
    response = client.get(reverse("help_requests:detail", args=[world.request.pk]))
    trail = response.context["trail"]
    assert [event.action for event, _ in trail] == [Action.CLAIM, Action.READ]
    assert "uusi → käsittelyssä" in response.content.decode()


def test_the_list_marks_overdue_requests_and_counts_them(client, world):
    from django.utils import timezone

    world.request.due_at = timezone.now() - timezone.timedelta(hours=1)
    world.request.save()
    sign_in(client, world.member)
    response = client.get(reverse("help_requests:inbox"))
    content = response.content.decode()
    assert "inbox-mark--overdue" in content and "inbox-counts__overdue" in content
    counts = response.context["counts"]
    assert [(c.team, c.by_status, c.overdue) for c in counts] == [(world.team, {"new": 1}, 1)]


def test_the_list_filters_by_team_and_status(client, world):
    both = make_user("bea")
    world.team.members.add(both)
    world.other_team.members.add(both)
    mine = make_request(world.other_team, status=Status.IN_PROGRESS)
    sign_in(client, both)
    rows = client.get(reverse("help_requests:inbox"), {"team": "neuvolan-perhetyo"}).context["rows"]
    assert [row.request for row in rows] == [mine]
    rows = client.get(reverse("help_requests:inbox"), {"status": "new"}).context["rows"]
    assert [row.request for row in rows] == [world.request]


@pytest.mark.parametrize("query", [{"status": "deleted"}, {"team": "ei-ole"}, {"team": "neuvolan-perhetyo"}])
def test_an_unknown_filter_is_400_with_a_message(client, world, query):
    sign_in(client, world.member)  # not in neuvolan-perhetyo: the same answer as a missing team
    response = client.get(reverse("help_requests:inbox"), query)
    assert response.status_code == 400
    assert "Rajausta ei voitu käyttää." in response.content.decode()


def test_the_swedish_inbox_is_under_its_prefix(client, world):
    sign_in(client, world.member)
    # A request activates its language in this thread; the override puts the previous one back,
    # so that later tests reverse() URLs in Finnish.
    with translation.override(None):
        assert client.get("/sv/inbox/").status_code == 200
        assert client.get(f"/sv/inbox/{world.request.pk}/").status_code == 200
