"""Every URL × every role (issue 16, point 6): each address of the URL resolver, asked by each role,
answers as the matrix says (url_matrix.py).

The walk takes every pattern from `get_resolver()`: the admin's, the API's and those under the
language prefix (in Finnish, unprefixed; the staff pages are asked in Swedish and English too),
named ones by their name and the others by their route. It fails naming any pattern the matrix
does not list and any entry that no longer resolves, so a new page joins the matrix or fails the
test. The admin's pages are generated from its registry, model by model (changelist, add, change,
delete, history and the old object address, for a real object of the model), against the rights
written in url_matrix.ADMIN_RIGHTS.

Each role is one user (role_world.py), signed in with a verified second factor; the converters are
filled with real objects of the demo data. The addresses that take a POST are posted to with an
empty body, the admin's forms included: no role gets a 500 or a success it may not have, and the
data stays as it was (its rows counted before and after). OBJECT_CASES ask for another team's
request, another organisation's activity and the like. A test lists every mismatch of its part in
one failure.

Size: 285 GET cases (the 277 URL patterns, the admin's app index once for each of its 9 apps) ×
8 roles = 2,280 GETs; with the 22 + 96 (admin) empty POSTs, the 14 object cases and the 6 staff
pages in two more languages, each × 8 roles, 3,432 requests (the GETs checked by
test_the_matrix_covers_every_url_for_every_role).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticToken

from perhekeskus.activities.models import DateChange, VisitCount
from perhekeskus.demo import demo_paths
from perhekeskus.directory.loader import load_files
from perhekeskus.directory.models import Service
from perhekeskus.feedback.models import FeedbackMessage
from perhekeskus.help_requests.models import AuditEvent, HelpRequest, Message, Transfer

from .role_world import ROLES, STAFF, World, admin_object, build_world, signed_in_clients, still_signed_in
from .url_matrix import (
    ADMIN_RIGHTS,
    ADMIN_SITE,
    MATRIX,
    MAY_CHANGE,
    NOT_ALLOWED,
    OBJECT_CASES,
    OK,
    POSTS,
    READ_ONLY_FORMS,
    SHADOWED,
    admin_only,
    admin_rights,
    app_rights,
    redirect,
)

pytestmark = pytest.mark.django_db


# --- Addresses ---------------------------------------------------------------------------------------
# The converters of each named address, filled from the world; addresses of unnamed patterns.
ARGUMENTS = {
    "site:service_detail": lambda w: {"slug": w.service.slug},
    "site:organization_detail": lambda w: {"slug": w.organization.slug},
    "site:location_detail": lambda w: {"slug": w.place.slug},
    "activities:area_week": lambda w: {"slug": w.area.slug},
    "activities:area_ical": lambda w: {"slug": w.area.slug},
    "activities:area_poster": lambda w: {"slug": w.area.slug},
    "activities:activity_detail": lambda w: {"slug": w.activity.slug},
    "activities:activity_ical": lambda w: {"slug": w.activity.slug},
    "activities:place_ical": lambda w: {"slug": w.place.slug},
    "activities:organizer_ical": lambda w: {"slug": w.organization.slug},
    "activities:staff_cancel": lambda w: {"slug": w.activity.slug},
    "activities:staff_visitors": lambda w: {"slug": w.activity.slug},
    "pathways:detail": lambda w: {"slug": w.guide.slug},
    "pathways:summary": lambda w: {"slug": w.guide.slug},
    "pathways:step": lambda w: {"slug": w.guide.slug, "key": w.step_key},
    "pathways:short": lambda w: {"short": w.short},
    "service-detail": lambda w: {"slug": w.service.slug},
    "organization-detail": lambda w: {"slug": w.organization.slug},
    "location-detail": lambda w: {"slug": w.place.slug},
    "activity-detail": lambda w: {"slug": w.activity.slug},
    "pathway-detail": lambda w: {"slug": w.guide.slug},
    "password_reset_confirm": lambda w: {"uidb64": "MA", "token": "ei-kelpaa"},
    "admin:view_on_site": lambda w: {
        "content_type_id": ContentType.objects.get_for_model(w.service).pk,
        "object_id": w.service.pk,
    },
    "feedback:handle": lambda w: {"pk": w.feedback.pk},
    "admin:auth_user_password_change": lambda w: {"id": w.admin_objects["auth.user"].pk},
    "admin:otp_totp_totpdevice_config": lambda w: {"pk": w.device.pk},
    "admin:otp_totp_totpdevice_qrcode": lambda w: {"pk": w.device.pk},
    **{
        f"help_requests:{name}": lambda w: {"pk": w.help_request.pk}
        for name in ("detail", "claim", "assign", "status", "answer", "note", "transfer")
    },
}
PATHS = {
    "admin/login/": lambda w: "/admin/login/",
    "admin/(?P<url>.*)$": lambda w: "/admin/ei-tallaista/",
    "api/v1/": lambda w: "/api/v1/ei-tallaista/",
}
QUERIES = {
    "admin:autocomplete": {
        "app_label": "directory",
        "model_name": "service",
        "field_name": "organization",
        "term": "kemi",
    },
}


def address(world: World, key: str) -> str:
    if key in PATHS:
        return PATHS[key](world)
    return reverse(key, kwargs=ARGUMENTS.get(key, lambda w: {})(world))


@dataclass(frozen=True)
class Case:
    key: str  # the pattern: its name, or its route if it has none
    path: str
    expected: dict
    query: dict | None = None


def admin_model_cases(world: World) -> list[Case]:
    """The pages of every model in the admin, with the answers that ADMIN_RIGHTS gives each role."""
    cases = []
    for model in admin.site._registry:
        label, app_label, model_name = model._meta.label_lower, model._meta.app_label, model._meta.model_name
        if label not in ADMIN_RIGHTS:
            continue  # reported by test_the_matrix_names_every_url_and_nothing_else
        obj = admin_object(world, model)
        assert obj is not None, f"no {label} to open in the admin: make one in role_world.build_world"
        name = f"admin:{app_label}_{model_name}"
        cases += [
            Case(f"{name}_changelist", reverse(f"{name}_changelist"), admin_rights(label, "view")),
            Case(f"{name}_add", reverse(f"{name}_add"), admin_rights(label, "add")),
            Case(f"{name}_change", reverse(f"{name}_change", args=[obj.pk]), admin_rights(label, "view")),
            Case(f"{name}_delete", reverse(f"{name}_delete", args=[obj.pk]), admin_rights(label, "delete")),
            Case(f"{name}_history", reverse(f"{name}_history", args=[obj.pk]), admin_rights(label, "view")),
            # The old address of an object's page leads to its change page, whoever may open that.
            Case(
                f"admin/{app_label}/{model_name}/<path:object_id>/",
                f"/admin/{app_label}/{model_name}/{obj.pk}/",
                admin_only(*STAFF, ok=redirect(f"{name}_change")),
            ),
        ]
    return cases


def site_cases(world: World) -> list[Case]:
    """The GETs of MATRIX, addresses in Finnish (unprefixed). An entry that is no longer a URL is
    left out here and reported by test_the_matrix_names_every_url_and_nothing_else."""
    known = {key for key, _route in url_patterns()}
    with translation.override("fi"):
        return [
            Case(key, address(world, key), expected, QUERIES.get(key))
            for key, expected in MATRIX.items()
            if key in known
        ]


def admin_cases(world: World) -> list[Case]:
    """The GETs of the admin: its own pages (ADMIN_SITE), each app's index and each model's pages."""
    known = {key for key, _route in url_patterns()}
    cases = [
        Case(key, address(world, key), expected, QUERIES.get(key))
        for key, expected in ADMIN_SITE.items()
        if key in known
    ]
    cases += [
        Case("admin:app_list", reverse("admin:app_list", args=[app_label]), app_rights(app_label))
        for app_label in sorted({model._meta.app_label for model in admin.site._registry})
    ]
    return cases + admin_model_cases(world)


def get_cases(world: World) -> list[Case]:
    return site_cases(world) + admin_cases(world)


def admin_post_cases(world: World) -> list[tuple[Case, object]]:
    """An empty POST to each model's add, change and delete page, and the object it must leave as
    it was: the form again with its messages (200) for whoever may, 403 for the rest."""
    cases = []
    for model in admin.site._registry:
        label, name = model._meta.label_lower, f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if label not in ADMIN_RIGHTS:
            continue  # reported by test_the_matrix_names_every_url_and_nothing_else
        obj = admin_object(world, model)
        saved = redirect(f"{name}_changelist") if label in READ_ONLY_FORMS else OK
        cases += [
            (Case(f"{name}_add", reverse(f"{name}_add"), admin_rights(label, "add")), obj),
            (
                Case(f"{name}_change", reverse(f"{name}_change", args=[obj.pk]), admin_rights(label, "change", saved)),
                obj,
            ),
            (Case(f"{name}_delete", reverse(f"{name}_delete", args=[obj.pk]), admin_rights(label, "delete")), obj),
        ]
    return cases


def rows_of(obj) -> tuple:
    """How many rows the object's model has, and the object's own values."""
    rows = type(obj)._default_manager
    return rows.count(), rows.filter(pk=obj.pk).values().first()


def data_state(world: World) -> tuple:
    """What a refused POST must leave as it was: the rows of the staff's data, the worker's
    request, everyone's password, and who has read a request (a form refused in the inbox shows
    the request again, and that read is logged: the worker's, who has read it before)."""
    counted = (HelpRequest, Message, Transfer, DateChange, VisitCount, StaticToken, User)
    read = AuditEvent.Action.READ
    return (
        tuple(model.objects.count() for model in counted),
        AuditEvent.objects.exclude(action=read).count(),
        set(AuditEvent.objects.filter(action=read).values_list("actor", flat=True)),
        HelpRequest.objects.filter(pk=world.help_request.pk).values_list("status", "assignee", "team").first(),
        tuple(User.objects.order_by("pk").values_list("password", flat=True)),
        tuple(FeedbackMessage.objects.order_by("pk").values_list("status", flat=True)),
    )


# --- The walk ---------------------------------------------------------------------------------------


def join(route: str, more: str) -> str:
    """Two routes as one, the way Django joins them for ResolverMatch.route."""
    return route + more.removeprefix("^") if route else more


def url_patterns(patterns=None, route: str = "", namespaces: tuple = ()) -> list[tuple[str, str]]:
    """(key, route) of every URL pattern of the project: named ones by "namespace:name", the others
    by their route. The language prefix of the default language is empty, so its routes are the
    Finnish, unprefixed addresses."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        full = join(route, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            found += url_patterns(pattern.url_patterns, full, inner)
        else:
            found.append((":".join((*namespaces, pattern.name)) if pattern.name else full, full))
    return found


def answer(response) -> int | str:
    """A response as the matrix writes it: the status, or "302 → " and the URL name (or path) it
    leads to."""
    if not 300 <= response.status_code < 400:
        return response.status_code
    path = urlsplit(response["Location"]).path
    try:
        match = resolve(path)
    except Resolver404:
        return f"{response.status_code} → {path}"
    return f"{response.status_code} → {match.view_name if match.url_name else path}"


def mismatch(what: str, role: str, expected, response) -> str:
    got = answer(response)
    error = f" ({response.exc_info[1]!r})" if getattr(response, "exc_info", None) else ""
    return f"{what} as {role}: expected {expected!r}, got {got!r}{error}"


def report(mismatches: list[str]) -> str:
    return f"{len(mismatches)} answers differ from the matrix:\n" + "\n".join(mismatches)


# --- Fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(demo_db, django_db_blocker):
    """The users and objects, made once for the module inside a transaction rolled back after its
    last test; each test runs inside it in a savepoint of its own (Django's setUpTestData)."""
    with django_db_blocker.unblock(), transaction.atomic():
        if not Service.objects.exists():  # a transactional test flushed the demo data
            load_files(demo_paths())
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def clients(world, db):
    return signed_in_clients(world)


# --- The tests --------------------------------------------------------------------------------------


def test_the_matrix_names_every_url_and_nothing_else(world):
    walked = url_patterns()
    keys = [key for key, _route in walked]
    cases = get_cases(world)
    listed = set(MATRIX) | set(ADMIN_SITE) | {case.key for case in cases}
    problems = [f"not in the matrix: {key}" for key in sorted(set(keys) - listed)]
    problems += [f"in the matrix but no longer a URL: {key}" for key in sorted(listed - set(keys))]
    problems += [f"two patterns named {key}" for key in sorted({key for key in keys if keys.count(key) > 1})]
    registered = {model._meta.label_lower for model in admin.site._registry}
    problems += [f"in the admin, not in ADMIN_RIGHTS: {label}" for label in sorted(registered - set(ADMIN_RIGHTS))]
    problems += [f"in ADMIN_RIGHTS, not in the admin: {label}" for label in sorted(set(ADMIN_RIGHTS) - registered)]
    posted = set(POSTS) | {case.key for case in OBJECT_CASES}
    problems += [f"posted to, but no longer a URL: {key}" for key in sorted(posted - set(keys))]
    # A GET answered 405 is a POST-only address: it is posted to as well.
    post_only = {case.key for case in cases if NOT_ALLOWED in case.expected.values()}
    problems += [f"POST-only, not in POSTS: {key}" for key in sorted(post_only - set(POSTS))]
    # Each address reaches its own pattern (a wrong slug or route would test another page).
    routes = dict(walked)
    for case in cases:
        match = resolve(case.path)
        reached = match.view_name if match.url_name else match.route
        own = SHADOWED.get(case.key, case.key)
        if reached != own and match.route != routes.get(own):
            problems.append(f"{case.path} reaches {reached}, not {case.key}")
    assert not problems, "\n".join(problems)


def test_the_matrix_covers_every_url_for_every_role(world):
    patterns = len(url_patterns())
    cases = get_cases(world)
    assert all(set(case.expected) == set(ROLES) for case in cases)
    assert len(cases) * len(ROLES) >= patterns * len(ROLES)


PARTS = {"site": site_cases, "admin": admin_cases}
SLOW_ADMIN = pytest.mark.slow(reason="every admin page of every model (some 200), rendered for one role")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("part", ["site", pytest.param("admin", marks=SLOW_ADMIN)])
def test_every_url_answers_the_role_as_the_matrix_says(world, clients, part, role):
    """One role's column of the matrix, the site's or the admin's half (separate tests, so that
    pytest-xdist shares them out); every mismatch of the column in one failure."""
    client, mismatches = clients[role], []
    for case in PARTS[part](world):
        response = client.get(case.path, case.query)
        if answer(response) != case.expected[role]:
            mismatches.append(mismatch(f"GET {case.path} ({case.key})", role, case.expected[role], response))
        still_signed_in(client, world.users[role])
    assert not mismatches, report(mismatches)


@pytest.mark.parametrize("role", ROLES)
def test_empty_posts_in_the_admin_change_nothing(world, clients, role):
    client, mismatches = clients[role], []
    for case, obj in admin_post_cases(world):
        before = rows_of(obj)
        response = client.post(case.path)
        if answer(response) != case.expected[role]:
            mismatches.append(mismatch(f"POST {case.path} ({case.key})", role, case.expected[role], response))
        if rows_of(obj) != before:
            mismatches.append(f"POST {case.path} ({case.key}) as {role}: changed {obj._meta.label} rows")
    assert not mismatches, report(mismatches)


def test_empty_posts_never_fail_nor_change_what_the_role_may_not(world, clients):
    mismatches = []
    known = {key for key, _route in url_patterns()}
    with translation.override("fi"):
        paths = {key: address(world, key) for key in POSTS if key in known}
    for key, expected in POSTS.items():
        if key not in paths:
            continue  # reported by test_the_matrix_names_every_url_and_nothing_else
        for role in ROLES:
            before = data_state(world)
            response = clients[role].post(paths[key])
            if answer(response) != expected[role]:
                mismatches.append(mismatch(f"POST {paths[key]} ({key})", role, expected[role], response))
            if (key, role) not in MAY_CHANGE and data_state(world) != before:
                mismatches.append(f"POST {paths[key]} ({key}) as {role}: changed the data")
            still_signed_in(clients[role], world.users[role])
    assert not mismatches, report(mismatches)


def test_objects_outside_a_roles_reach(world, clients):
    mismatches = []
    for case in OBJECT_CASES:
        with translation.override("fi"):
            path = reverse(case.key, kwargs=case.arguments(world))
        for role in ROLES:
            before = data_state(world)
            data = case.data(world, role) if case.data else {}
            response = getattr(clients[role], case.method)(path, data)
            if answer(response) != case.expected[role]:
                mismatches.append(
                    mismatch(f"{case.description}: {case.method.upper()} {path}", role, case.expected[role], response)
                )
            if role not in case.may_change and data_state(world) != before:
                mismatches.append(f"{case.description}: {case.method.upper()} {path} as {role}: changed the data")
    assert not mismatches, report(mismatches)


# The staff pages under the language prefix: the same answer in Swedish and English as in Finnish.
TRANSLATED = (
    "help_requests:inbox",
    "help_requests:detail",
    "help_requests:stats",
    "help_requests:audit",
    "activities:staff_cancel",
    "accounts:security",
)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_staff_pages_answer_the_same_in_every_language(world, clients, language):
    mismatches = []
    for key in TRANSLATED:
        with translation.override(language):
            path = address(world, key)
        assert path.startswith(f"/{language}/")
        for role in ROLES:
            with translation.override(language):
                response = clients[role].get(path)
                if answer(response) != MATRIX[key][role]:
                    mismatches.append(mismatch(f"GET {path}", role, MATRIX[key][role], response))
    assert not mismatches, report(mismatches)


@pytest.mark.parametrize("page", ["config", "qrcode"])
def test_the_key_page_of_an_authenticator_that_does_not_exist_is_not_a_500(world, clients, page):
    """django-otp 1.7.5's key pages look the device up with objects.get(pk=pk), a 500 for a number
    that is no device; OTP_ADMIN_HIDE_SENSITIVE_DATA (config/settings.py) turns them off, a 403."""
    path = reverse(f"admin:otp_totp_totpdevice_{page}", args=[999_999])
    statuses = {role: clients[role].get(path).status_code for role in STAFF}
    assert 500 not in statuses.values(), statuses
