"""The staff pages of the calendar: who gets what on every address, cancelling a date and undoing
it, visitor counts, bad input answered with a message and the typed text kept (never a 500), and
the admin limited to an organisation editor's own activities."""

from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from perhekeskus.accounts.testing import sign_in
from perhekeskus.activities import staff_views
from perhekeskus.activities.actions import occurrence_on
from perhekeskus.activities.models import Activity, DateChange, VisitCount
from perhekeskus.activities.permissions import can_edit, editable_activities, organizations_of
from perhekeskus.directory.models import Location, Organization
from perhekeskus.directory.roles import COORDINATOR, NETWORK_MEMBER, ORGANIZATION_EDITOR

pytestmark = pytest.mark.usefixtures("demo_data")

PARISH = "kotka-kymin-seurakunta"
MLL = "mll-kotkan-paikallisyhdistys"
REASON = "Vetäjä on sairaana, tervetuloa taas ensi viikolla!"
ROLES = [
    "anonymous",
    "no_role",
    "network_member",
    "organization_group_only",
    "editor",
    "other_editor",
    "coordinator",
    "superuser",
]
# Who may work on the parish's activity; the other organisation's editor sees their own list only.
MAY_EDIT = {"editor", "coordinator", "superuser"}
MAY_LIST = MAY_EDIT | {"other_editor"}


def make_user(username, *, groups=(), **fields) -> User:
    if fields.pop("superuser", False):
        user = User.objects.create_superuser(username, email=f"{username}@example.org", password=None)
    else:
        user = User.objects.create_user(username, **fields)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture(autouse=True)
def finnish():
    """Addresses and texts in Finnish, whatever an earlier test left active."""
    with translation.override("fi"):
        yield


@pytest.fixture
def world():
    today = staff_views.today()
    # Every day from a month ago to a month ahead, so that past and coming dates exist whatever today is.
    activity = Activity.objects.create(
        slug="seurakunnan-perhekerho",
        name_fi="Seurakunnan perhekerho",
        byday="mo,tu,we,th,fr,sa,su",
        starts_at=time(10),
        ends_at=time(12),
        valid_from=today - timedelta(days=30),
        valid_to=today + timedelta(days=30),
        skip_public_holidays=False,
        place=Location.objects.get(slug="langinkosken-kirkko"),
    )
    activity.organizers.add(Organization.objects.get(slug=PARISH))
    users = {
        "anonymous": None,
        "no_role": make_user("perhe"),
        "network_member": make_user("verkosto", groups=[NETWORK_MEMBER]),
        "organization_group_only": make_user("ryhmassa", groups=[PARISH]),
        "editor": make_user("seurakunta", groups=[ORGANIZATION_EDITOR, PARISH]),
        "other_editor": make_user("mll", groups=[ORGANIZATION_EDITOR, MLL]),
        "coordinator": make_user("koordinaattori", groups=[COORDINATOR]),
        "superuser": make_user("admin", superuser=True),
    }
    return SimpleNamespace(activity=activity, today=today, users=users)


def client_for(world, role) -> Client:
    client = Client()
    if world.users[role] is not None:
        sign_in(client, world.users[role])
    return client


def cancel_url(world):
    return reverse("activities:staff_cancel", args=[world.activity.slug])


def visitors_url(world):
    return reverse("activities:staff_visitors", args=[world.activity.slug])


def cancel_data(world, **changes):
    return {"date": (world.today + timedelta(days=2)).isoformat(), "reason_fi": REASON, **changes}


def visitors_data(world, **changes):
    return {"date": (world.today - timedelta(days=1)).isoformat(), "adults": "5", "children": "8", **changes}


# --- Who gets what -----------------------------------------------------------------------------------


def expected_status(role, page):
    if role == "anonymous":
        return 302
    allowed = MAY_LIST if page == "list" else MAY_EDIT
    if role not in allowed:
        return 403
    return 302 if page.endswith("post") else 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["list", "cancel", "cancel post", "visitors", "visitors post"])
def test_every_staff_page_answers_each_role(world, role, page):
    client = client_for(world, role)
    url = {"list": reverse("activities:staff_list"), "cancel": cancel_url(world), "visitors": visitors_url(world)}[
        page.split()[0]
    ]

    if page == "cancel post":
        response = client.post(url, cancel_data(world))
    elif page == "visitors post":
        response = client.post(url, visitors_data(world))
    else:
        response = client.get(url)

    assert response.status_code == expected_status(role, page), (role, page)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    elif response.status_code == 403:
        assert "403.html" in [t.name for t in response.templates]
    changed = DateChange.objects.filter(activity=world.activity).exists() or world.activity.visit_counts.exists()
    assert changed == (page.endswith("post") and role in MAY_EDIT)


def test_swedish_staff_pages_need_a_login_too(world):
    response = Client().get("/sv" + cancel_url(world))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_unknown_activity_is_a_404_for_a_coordinator(world):
    response = client_for(world, "coordinator").get(reverse("activities:staff_cancel", args=["ei-ole"]))

    assert response.status_code == 404


def test_other_methods_are_not_allowed(world):
    response = client_for(world, "editor").put(cancel_url(world), cancel_data(world))

    assert response.status_code == 405


def test_a_post_without_the_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, world.users["editor"])

    response = client.post(cancel_url(world), cancel_data(world))

    assert response.status_code == 403
    assert not DateChange.objects.filter(activity=world.activity).exists()


# --- My activities -------------------------------------------------------------------------------


def listed(world, role) -> set[str]:
    response = client_for(world, role).get(reverse("activities:staff_list"))
    assert response.status_code == 200
    return {activity.slug for activity, _dates in response.context["rows"]}


def test_an_organisation_editor_lists_only_the_activities_of_their_organisation(world):
    parish = listed(world, "editor")

    assert world.activity.slug in parish
    assert "lansi-kotka-vauvakerho-ma" in parish  # organised together with the city
    assert "lansi-kotka-mll-perhekahvila-ti" not in parish
    assert listed(world, "other_editor") == {"lansi-kotka-mll-perhekahvila-ti"}


def test_a_coordinator_lists_every_activity(world):
    assert listed(world, "coordinator") == set(Activity.objects.values_list("slug", flat=True))


def test_the_list_shows_the_next_dates(world):
    response = client_for(world, "editor").get(reverse("activities:staff_list"))

    next_dates = dict(response.context["rows"])[world.activity]
    assert [o.date for o in next_dates] == [world.today + timedelta(days=n) for n in range(3)]
    assert f"{world.today:%-d.%-m.}" in response.content.decode()


def test_an_editor_without_an_organisation_has_an_empty_list(world):
    make_user("yksin", groups=[ORGANIZATION_EDITOR])
    client = Client()
    sign_in(client, User.objects.get(username="yksin"))

    response = client.get(reverse("activities:staff_list"))

    assert response.status_code == 200
    assert response.context["rows"] == []


def test_an_editor_of_a_city_edits_the_activities_of_its_units(world):
    youth_work = Organization.objects.get(slug="kemin-nuorisotyo")
    assert youth_work.parent.slug == "kemin-kaupunki"
    world.activity.organizers.set([youth_work])
    city_editor = make_user("kemi", groups=[ORGANIZATION_EDITOR, "kemin-kaupunki"])

    assert youth_work in organizations_of(city_editor)
    assert can_edit(city_editor, world.activity)
    assert not can_edit(world.users["editor"], world.activity)


def test_a_deactivated_editor_edits_nothing(world):
    editor = world.users["editor"]
    editor.is_active = False

    assert not editable_activities(editor).exists()


# --- Cancelling and undoing ------------------------------------------------------------------------


def test_cancel_one_occurrence_with_a_reason_and_undo_it(world):
    client = client_for(world, "editor")
    day = world.today + timedelta(days=2)

    response = client.post(cancel_url(world), cancel_data(world, reason_sv="Ledaren är sjuk"), follow=True)

    assert response.status_code == 200
    assert "on peruttu" in response.content.decode()
    change = DateChange.objects.get(activity=world.activity, date=day)
    assert (change.cancelled, change.note_fi, change.note_sv, change.note_en) == (True, REASON, "Ledaren är sjuk", "")
    occurrence = occurrence_on(world.activity, day)
    assert occurrence.cancelled and occurrence.note == REASON
    assert REASON in client.get(cancel_url(world)).content.decode()  # listed as cancelled, with the undo button
    api = client.get(
        "/api/v1/occurrences/", {"start": day.isoformat(), "end": day.isoformat(), "place": "langinkosken-kirkko"}
    )
    (shown,) = [o for o in api.json()["results"] if o["activity"] == world.activity.slug]
    assert (shown["cancelled"], shown["cancel_reason"]) == (True, REASON)

    response = client.post(cancel_url(world), {"action": "restore", "date": day.isoformat()})

    assert response.status_code == 302
    assert not DateChange.objects.filter(activity=world.activity, date=day).exists()
    assert not occurrence_on(world.activity, day).cancelled


def test_cancelling_again_changes_the_reason(world):
    client = client_for(world, "coordinator")
    client.post(cancel_url(world), cancel_data(world))

    client.post(cancel_url(world), cancel_data(world, reason_fi="Tila on remontissa"))

    assert list(DateChange.objects.filter(activity=world.activity).values_list("note_fi", flat=True)) == [
        "Tila on remontissa"
    ]


def test_cancelling_a_special_date_of_the_data_file_makes_it_the_staffs_own(world):
    day = world.today + timedelta(days=2)
    DateChange.objects.create(activity=world.activity, date=day, note_fi="Vieraana perheohjaaja", from_data=True)

    client_for(world, "editor").post(cancel_url(world), cancel_data(world))

    change = DateChange.objects.get(activity=world.activity, date=day)
    assert (change.cancelled, change.from_data, change.note_fi) == (True, False, REASON)


def test_undoing_a_cancellation_keeps_a_changed_time(world):
    day = world.today + timedelta(days=2)
    DateChange.objects.create(activity=world.activity, date=day, cancelled=True, note_fi=REASON, starts_at=time(11))

    client_for(world, "editor").post(cancel_url(world), {"action": "restore", "date": day.isoformat()})

    change = DateChange.objects.get(activity=world.activity, date=day)
    assert (change.cancelled, change.note_fi, change.starts_at) == (False, "", time(11))


def test_the_cancel_page_lists_the_coming_dates_and_prefills_the_one_chosen(world):
    day = world.today + timedelta(days=3)

    response = client_for(world, "editor").get(cancel_url(world), {"date": day.isoformat()})

    assert [o.date for o in response.context["upcoming"]][:2] == [world.today, world.today + timedelta(days=1)]
    assert f'value="{day.isoformat()}"' in response.content.decode()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"date": "{beyond}"}, "date", "Toimintaa ei ole tänä päivänä"),
        ({"date": "{yesterday}"}, "date", "Mennyttä kertaa ei voi perua"),
        ({"date": "2022-02-30"}, "date", "muodossa vvvv-kk-pp"),
        ({"date": "x" * 10_000}, "date", "muodossa vvvv-kk-pp"),
        ({"date": "1999-12-31"}, "date", "1.1.2000–31.12.2099"),
        ({"date": ""}, "date", "Valitse päivä"),
        ({"reason_fi": ""}, "reason_fi", "Kerro syy"),
        ({"reason_fi": "   "}, "reason_fi", "Kerro syy"),
        ({"reason_fi": "x" * 10_000}, "reason_fi", "enintään 300 merkkiä (nyt 10000)"),
        ({"reason_sv": "y" * 301}, "reason_sv", "enintään 300 merkkiä"),
        ({"reason_fi": "Sairas\x00"}, "reason_fi", "Null"),
    ],
)
def test_bad_cancel_input_is_a_400_with_a_message_and_the_text_kept(world, change, field, message):
    values = {
        "beyond": (world.today + timedelta(days=40)).isoformat(),
        "yesterday": (world.today - timedelta(days=1)).isoformat(),
    }
    data = cancel_data(world, **{k: v.format(**values) if "{" in v else v for k, v in change.items()})
    data.setdefault("reason_en", "Typed English reason")

    response = client_for(world, "editor").post(cancel_url(world), data)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert message.casefold() in " ".join(response.context["form"].errors[field]).casefold()
    assert "Typed English reason" in html
    if field != "reason_fi":
        assert REASON in html
    elif len(data["reason_fi"]) > 300:
        assert data["reason_fi"] in html
    assert not DateChange.objects.filter(activity=world.activity).exists()


@pytest.mark.parametrize("day", ["{tomorrow}", "{yesterday_cancelled}", "nonsense"])
def test_undoing_what_is_not_cancelled_is_a_400_with_a_message(world, day):
    yesterday = world.today - timedelta(days=1)
    DateChange.objects.create(activity=world.activity, date=yesterday, cancelled=True, note_fi=REASON)
    day = day.format(tomorrow=world.today + timedelta(days=1), yesterday_cancelled=yesterday)

    response = client_for(world, "editor").post(cancel_url(world), {"action": "restore", "date": day})

    assert response.status_code == 400
    assert response.context["restore_errors"]
    assert str(response.context["restore_errors"][0]) in response.content.decode()
    assert DateChange.objects.get(activity=world.activity, date=yesterday).cancelled


# --- Visitor counts --------------------------------------------------------------------------------


def test_visitors_are_recorded_and_recording_again_updates_them(world):
    day = world.today - timedelta(days=1)

    response = client_for(world, "editor").post(visitors_url(world), visitors_data(world), follow=True)

    assert response.status_code == 200
    count = VisitCount.objects.get(activity=world.activity, date=day)
    assert (count.adults, count.children, count.recorded_by) == (5, 8, world.users["editor"])

    client_for(world, "coordinator").post(visitors_url(world), visitors_data(world, adults="6", children="0"))

    count = VisitCount.objects.get(activity=world.activity, date=day)
    assert (count.adults, count.children, count.recorded_by) == (6, 0, world.users["coordinator"])
    assert VisitCount.objects.filter(activity=world.activity).count() == 1


def test_todays_visitors_can_be_recorded(world):
    response = client_for(world, "editor").post(visitors_url(world), visitors_data(world, date=world.today.isoformat()))

    assert response.status_code == 302


def test_the_visitors_page_shows_recent_dates_and_prefills_recorded_counts(world):
    day = world.today - timedelta(days=2)
    VisitCount.objects.create(activity=world.activity, date=day, adults=12, children=17)

    response = client_for(world, "editor").get(visitors_url(world), {"date": day.isoformat()})

    assert response.status_code == 200
    assert response.context["recent"][0][0].date == world.today
    html = response.content.decode()
    assert 'value="12"' in html and 'value="17"' in html


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"adults": "-1"}, "adults", "negatiivinen"),
        ({"children": "2001"}, "children", "2000"),
        ({"children": "9" * 400}, "children", "2000"),
        ({"adults": "viisi"}, "adults", "kokonaislukuna"),
        ({"adults": ""}, "adults", "Anna määrä"),
        ({"date": "{tomorrow}"}, "date", "vasta, kun kerta on pidetty"),
        ({"date": "{before}"}, "date", "Toimintaa ei ollut"),
        ({"date": "{cancelled}"}, "date", "peruttu"),
        ({"date": "\x00"}, "date", "muodossa"),
    ],
)
def test_bad_visitor_input_is_a_400_with_a_message_and_the_numbers_kept(world, change, field, message):
    cancelled = world.today - timedelta(days=3)
    DateChange.objects.create(activity=world.activity, date=cancelled, cancelled=True, note_fi=REASON)
    values = {
        "tomorrow": world.today + timedelta(days=1),
        "before": world.activity.valid_from - timedelta(days=1),
        "cancelled": cancelled,
    }
    data = visitors_data(world, **{k: v.format(**values) for k, v in change.items()})

    response = client_for(world, "editor").post(visitors_url(world), data)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert message.casefold() in " ".join(errors[field]).casefold()
    html = response.content.decode()
    for name in ("adults", "children"):
        if name != field:
            assert f'value="{data[name]}"' in html
    assert not VisitCount.objects.exists()


# --- The admin -------------------------------------------------------------------------------------


@pytest.fixture
def staff_editor(world):
    editor = world.users["editor"]
    editor.is_staff = True
    editor.save()
    client = Client()
    sign_in(client, editor)
    return client


def test_the_admin_lists_an_editors_own_activities_only(world, staff_editor):
    response = staff_editor.get(reverse("admin:activities_activity_changelist"))

    assert response.status_code == 200
    shown = {activity.slug for activity in response.context["cl"].result_list}
    assert world.activity.slug in shown
    assert "lansi-kotka-mll-perhekahvila-ti" not in shown


def test_the_admin_does_not_open_another_organisations_activity(world, staff_editor):
    other = Activity.objects.get(slug="lansi-kotka-mll-perhekahvila-ti")

    response = staff_editor.get(reverse("admin:activities_activity_change", args=[other.pk]))

    assert response.status_code == 302  # "does not exist", like an unknown id
    assert staff_editor.get(reverse("admin:activities_activity_change", args=[world.activity.pk])).status_code == 200


def test_an_editor_cannot_give_the_activity_away_in_the_admin(world, staff_editor):
    url = reverse("admin:activities_activity_change", args=[world.activity.pk])
    form = staff_editor.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        organizers=[Organization.objects.get(slug=MLL).pk],
        target_groups=[],
        **{
            f"{prefix}-{key}": "0"
            for prefix in ("exceptions", "date_changes")
            for key in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    )
    data["starts_at"], data["ends_at"] = "10:00", "12:00"

    response = staff_editor.post(url, data)

    assert response.status_code == 200
    assert "organizers" in response.context["adminform"].form.errors
    assert list(world.activity.organizers.values_list("slug", flat=True)) == [PARISH]


def test_the_admin_visitor_counts_are_an_editors_own_only(world, staff_editor):
    own = VisitCount.objects.create(activity=world.activity, date=world.today, adults=1)
    other = VisitCount.objects.create(
        activity=Activity.objects.get(slug="lansi-kotka-mll-perhekahvila-ti"), date=world.today, adults=2
    )

    response = staff_editor.get(reverse("admin:activities_visitcount_changelist"))

    assert set(response.context["cl"].result_list) == {own}
    assert staff_editor.get(reverse("admin:activities_visitcount_change", args=[other.pk])).status_code == 302


def test_roles_hold_the_calendars_permissions():
    coordinator = set(Group.objects.get(name=COORDINATOR).permissions.values_list("codename", flat=True))
    editor = set(Group.objects.get(name=ORGANIZATION_EDITOR).permissions.values_list("codename", flat=True))

    assert {"change_season", "add_break", "delete_activity", "change_visitcount"} <= coordinator
    assert {"add_activity", "change_activity", "change_datechange", "add_visitcount"} <= editor
    assert not {"delete_activity", "change_season"} & editor
