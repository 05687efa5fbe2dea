"""The expected answers of the URL × role matrix (test_url_role_matrix.py), written out.

MATRIX gives each address outside the admin its answer per role; ADMIN_RIGHTS says which staff
role may view, add, change and delete which model in the admin, from which the admin's pages are
generated; ADMIN_SITE the admin's own pages; POSTS the answers to an empty POST; OBJECT_CASES the
objects outside a role's reach. They are the intended rules of the issues, docs/architecture.md and
the apps' docstrings, never read from the permissions the code grants: a test that asked the code
what the code allows could not fail.

An answer is a status, or for a redirect "302 → " and where it leads: its URL name, or its path
if it has none.
"""

from dataclasses import dataclass

from .role_world import ADMIN, ANONYMOUS, COORDINATOR, EDITOR, MANAGEMENT, ROLES, STAFF, WORKER

OK = 200
BAD_REQUEST = 400  # an empty form, refused with its messages
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405  # a POST-only address asked with GET
UNSUPPORTED = 415  # the API reads JSON only
LOGIN = "302 → login"  # the sign-in page, with the address to come back to
ADMIN_LOGIN = "302 → /admin/login/"  # the admin's sign-in, which leads to the site's (config/urls.py)


def redirect(to: str) -> str:
    return f"302 → {to}"


def everyone(answer) -> dict:
    """The same answer for every role, anonymous visitors included."""
    return dict.fromkeys(ROLES, answer)


PUBLIC = everyone(OK)


def signed_in(answer=OK) -> dict:
    """`answer` for anyone signed in, whatever their role; anonymous visitors are sent to sign in."""
    return {**everyone(answer), ANONYMOUS: LOGIN}


def only(*allowed: str, ok=OK, refused=FORBIDDEN) -> dict:
    """`ok` for the roles allowed, `refused` for every other signed-in role; anonymous visitors
    are sent to sign in."""
    return {role: ok if role in allowed else refused for role in ROLES} | {ANONYMOUS: LOGIN}


def admin_only(*allowed: str, ok=OK, refused=FORBIDDEN, outsiders=ADMIN_LOGIN) -> dict:
    """In the admin: `ok` for the staff roles allowed, `refused` for the other staff, `outsiders`
    for everyone who may not enter the admin at all (sent to its sign-in)."""
    return {role: (ok if role in allowed else refused) if role in STAFF else outsiders for role in ROLES}


# --- Every address outside the admin, by URL name (or route if it has none) -----------------------
ONLY_TEAM = only(WORKER)  # the inbox: members of a team, no one else (not even an admin)
ACTIVITY_STAFF = (EDITOR, COORDINATOR, ADMIN)  # the calendar's staff pages
MATRIX = {
    # The public pages: the same for everyone, signed in or not.
    "site:home": PUBLIC,
    "site:service_list": PUBLIC,
    "site:service_detail": PUBLIC,
    "site:organization_list": PUBLIC,
    "site:organization_detail": PUBLIC,
    "site:location_list": PUBLIC,
    "site:location_detail": PUBLIC,
    "site:calendar_today": PUBLIC,
    "site:calendar_this_week": PUBLIC,
    "activities:index": PUBLIC,
    "activities:changes_feed": PUBLIC,
    "activities:area_week": PUBLIC,
    "activities:area_ical": PUBLIC,
    "activities:area_poster": PUBLIC,
    "activities:activity_detail": PUBLIC,
    "activities:activity_ical": PUBLIC,
    "activities:place_ical": PUBLIC,
    "activities:organizer_ical": PUBLIC,
    "pathways:list": PUBLIC,
    "pathways:detail": PUBLIC,
    "pathways:summary": PUBLIC,
    "pathways:step": PUBLIC,
    "pathways:short": everyone(redirect("pathways:detail")),
    "help_requests:ask": PUBLIC,
    "help_requests:receipt": everyone(redirect("help_requests:ask")),  # a receipt answers a POST
    "help_requests:pickup": PUBLIC,
    "help_requests:reply": everyone(NOT_ALLOWED),
    "help_requests:embed": PUBLIC,
    "set_language": everyone(redirect("site:home")),
    "feedback:form": PUBLIC,
    "feedback:receipt": everyone(redirect("feedback:form")),  # a receipt answers a POST
    "feedback:accessibility": PUBLIC,
    "feedback:privacy": PUBLIC,
    # The API: open data for everyone; the help-request endpoint takes POSTs only.
    "api-root": PUBLIC,
    "api-schema": PUBLIC,
    "swagger-ui": PUBLIC,
    "help-request-create": everyone(NOT_ALLOWED),
    "service-list": PUBLIC,
    "service-detail": PUBLIC,
    "organization-list": PUBLIC,
    "organization-detail": PUBLIC,
    "location-list": PUBLIC,
    "location-detail": PUBLIC,
    "activity-list": PUBLIC,
    "activity-detail": PUBLIC,
    "occurrence-list": PUBLIC,
    "pathway-list": PUBLIC,
    "pathway-detail": PUBLIC,
    "api/v1/": everyone(NOT_FOUND),  # any other address under /api/v1/: a JSON 404
    # Signing in. The second-factor steps open only half-way through a sign-in, for no one else.
    "login": PUBLIC,
    "logout": everyone(NOT_ALLOWED),
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,  # a bogus link: the page saying that the link is not valid
    "password_reset_complete": PUBLIC,
    "password_change": signed_in(),
    "password_change_done": signed_in(),
    "accounts:second_factor": everyone(LOGIN),
    "accounts:enrol": everyone(LOGIN),
    "accounts:security": signed_in(),
    "accounts:new_recovery_codes": signed_in(NOT_ALLOWED),
    # The help-request inbox, with a request of the worker's team; every change is a POST.
    "help_requests:inbox": ONLY_TEAM,
    "help_requests:detail": ONLY_TEAM,
    "help_requests:claim": everyone(NOT_ALLOWED),
    "help_requests:assign": everyone(NOT_ALLOWED),
    "help_requests:status": everyone(NOT_ALLOWED),
    "help_requests:answer": everyone(NOT_ALLOWED),
    "help_requests:note": everyone(NOT_ALLOWED),
    "help_requests:transfer": everyone(NOT_ALLOWED),
    # Statistics without content: the coordinator, the management and admins. The audit log: admins.
    "help_requests:stats": only(COORDINATOR, MANAGEMENT, ADMIN),
    "help_requests:audit": only(ADMIN),
    "help_requests:audit_export": only(ADMIN),
    # The calendar's staff pages, with an activity of the editor's own organisation.
    "activities:staff_list": only(*ACTIVITY_STAFF),
    "activities:staff_cancel": only(*ACTIVITY_STAFF),
    "activities:staff_visitors": only(*ACTIVITY_STAFF),
    # Feedback on the site: the coordinator (and admins) read it and mark it handled, by a POST.
    "feedback:staff_list": only(COORDINATOR, ADMIN),
    "feedback:handle": everyone(NOT_ALLOWED),
    # The coverage report of the directory's data: the coordinator and admins.
    "site:coverage": only(COORDINATOR, ADMIN),
}

# --- The admin --------------------------------------------------------------------------------------
# What each staff role may do with each model registered in the admin. A role not named may do
# nothing with the model; the roles outside STAFF do not enter the admin at all.
FULL = frozenset({"view", "add", "change", "delete"})
NO_ADD = frozenset({"view", "change", "delete"})  # rows that only the application writes
VIEW = frozenset({"view"})
EDIT_OWN = frozenset({"view", "add", "change"})  # an organisation editor: their own activities only
COORDINATOR_AND_ADMIN = {COORDINATOR: FULL, ADMIN: FULL}
ADMIN_RIGHTS = {
    # Users, groups (and so every role and team membership), second factors and the lockout's
    # records are the admins' alone: whoever changes them can give themselves any access.
    "auth.group": {ADMIN: FULL},
    "auth.user": {ADMIN: FULL},
    "otp_totp.totpdevice": {ADMIN: FULL},
    "otp_static.staticdevice": {ADMIN: FULL},
    "axes.accessattempt": {ADMIN: NO_ADD},
    "axes.accesslog": {ADMIN: NO_ADD},
    "axes.accessfailurelog": {ADMIN: NO_ADD},
    # The directory: the coordinator edits all of it.
    "directory.service": COORDINATOR_AND_ADMIN,
    "directory.channel": COORDINATOR_AND_ADMIN,
    "directory.organization": COORDINATOR_AND_ADMIN,
    "directory.location": COORDINATOR_AND_ADMIN,
    "directory.area": COORDINATOR_AND_ADMIN,
    "directory.targetgroup": COORDINATOR_AND_ADMIN,
    "directory.pathstage": COORDINATOR_AND_ADMIN,
    "directory.deliverymode": COORDINATOR_AND_ADMIN,
    "directory.language": COORDINATOR_AND_ADMIN,
    "directory.task": COORDINATOR_AND_ADMIN,
    "directory.closedday": COORDINATOR_AND_ADMIN,
    "directory.emergencyroute": COORDINATOR_AND_ADMIN,
    "directory.contactguidance": COORDINATOR_AND_ADMIN,
    # The search's thesaurus; the searches that found nothing are counted by the search page.
    "search.synonymgroup": COORDINATOR_AND_ADMIN,
    "search.missedquery": {COORDINATOR: NO_ADD, ADMIN: NO_ADD},
    # Pyydä apua!'s configuration is the coordinator's; the audit log is read-only, for admins.
    "help_requests.topic": COORDINATOR_AND_ADMIN,
    "help_requests.childagegroup": COORDINATOR_AND_ADMIN,
    "help_requests.team": COORDINATOR_AND_ADMIN,
    "help_requests.urgencyterm": COORDINATOR_AND_ADMIN,
    "help_requests.auditevent": {ADMIN: VIEW},
    # The calendar: the coordinator all of it, an organisation editor their own activities and
    # their visitor counts (not deleting an activity, not the seasons).
    "activities.season": COORDINATOR_AND_ADMIN,
    "activities.activity": {EDITOR: EDIT_OWN, COORDINATOR: FULL, ADMIN: FULL},
    "activities.visitcount": {EDITOR: EDIT_OWN, COORDINATOR: FULL, ADMIN: FULL},
    # Service paths and the professionals' guide: the coordinator.
    "pathways.pathway": COORDINATOR_AND_ADMIN,
    "pathways.step": COORDINATOR_AND_ADMIN,
    "pathways.stageservice": COORDINATOR_AND_ADMIN,
    # The texts of the law pages (the accessibility statement, the privacy notice): the coordinator.
    "feedback.trustsection": COORDINATOR_AND_ADMIN,
}
# The admin forms whose every field is read-only: an empty form is a valid one, saved unchanged.
READ_ONLY_FORMS = {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog", "search.missedquery"}


def admin_rights(label: str, verb: str, ok=OK) -> dict:
    """The answers to an admin page of the model `label` that needs `verb` (view, add ...)."""
    rights = ADMIN_RIGHTS[label]
    return admin_only(*(role for role in STAFF if verb in rights.get(role, ())), ok=ok)


def app_rights(app_label: str) -> dict:
    """The admin's index of one app: for a role with a right to any of its models, else 404."""
    allowed = {role for label, rights in ADMIN_RIGHTS.items() if label.split(".")[0] == app_label for role in rights}
    return admin_only(*allowed, refused=NOT_FOUND)


# The admin's own pages, beside those of each model and each app (generated from ADMIN_RIGHTS).
ADMIN_SITE = {
    "admin:index": admin_only(*STAFF),
    "admin:login": everyone(LOGIN),  # answered by config/urls.py's "admin/login/", first in order
    "admin/login/": everyone(LOGIN),
    # Signing out of the admin is a POST; whoever is not in the admin is sent to its index.
    "admin:logout": admin_only(*STAFF, ok=NOT_ALLOWED, outsiders=redirect("admin:index")),
    "admin:password_change": admin_only(*STAFF),
    "admin:password_change_done": admin_only(*STAFF),
    "admin:jsi18n": admin_only(*STAFF),
    # The service form's organisation field: for those who may view organisations.
    "admin:autocomplete": admin_rights("directory.organization", "view"),
    # No model has a public address (get_absolute_url), so "view on site" finds nothing.
    "admin:view_on_site": admin_only(*STAFF, ok=NOT_FOUND),
    "admin/(?P<url>.*)$": admin_only(*STAFF, ok=NOT_FOUND),
    "admin:auth_user_password_change": admin_rights("auth.user", "change"),
    # The authenticator's key as text and as a QR code: whoever has it can make the worker's codes.
    # A device's key and QR code are shown to no one (OTP_ADMIN_HIDE_SENSITIVE_DATA).
    "admin:otp_totp_totpdevice_config": admin_rights("otp_totp.totpdevice", "view", ok=FORBIDDEN),
    "admin:otp_totp_totpdevice_qrcode": admin_rights("otp_totp.totpdevice", "view", ok=FORBIDDEN),
}
# An address answered by another pattern than its own, and the route of that pattern.
SHADOWED = {"admin:login": "admin/login/"}

# --- POSTs with an empty body -----------------------------------------------------------------------
# Every address outside the admin that takes a POST (the admin's forms: admin_rights). An empty
# form is refused with its messages by whoever may send it, by the page's rule for the rest.
POSTS = {
    "login": everyone(BAD_REQUEST),
    "logout": everyone(redirect("site:home")),
    "password_reset": everyone(BAD_REQUEST),
    "password_reset_confirm": everyone(OK),  # the page saying that the link is not valid
    "password_change": signed_in(OK),  # the form again, with its messages
    "accounts:second_factor": everyone(LOGIN),
    "accounts:enrol": everyone(LOGIN),
    "accounts:new_recovery_codes": signed_in(BAD_REQUEST),  # new codes take a current code from the app
    "set_language": everyone(redirect("site:home")),
    "help_requests:receipt": everyone(BAD_REQUEST),
    "help_requests:pickup": everyone(BAD_REQUEST),
    "help_requests:reply": everyone(BAD_REQUEST),
    "help-request-create": everyone(UNSUPPORTED),  # an empty body is no JSON
    "help_requests:claim": only(WORKER, ok=redirect("help_requests:detail")),  # claiming needs no fields
    "help_requests:assign": only(WORKER, ok=BAD_REQUEST),
    "help_requests:status": only(WORKER, ok=BAD_REQUEST),
    "help_requests:answer": only(WORKER, ok=BAD_REQUEST),
    "help_requests:note": only(WORKER, ok=BAD_REQUEST),
    "help_requests:transfer": only(WORKER, ok=BAD_REQUEST),
    "feedback:receipt": everyone(BAD_REQUEST),
    "feedback:handle": only(COORDINATOR, ADMIN, ok=redirect("feedback:staff_list")),  # needs no fields
    "activities:staff_cancel": only(*ACTIVITY_STAFF, ok=BAD_REQUEST),
    "activities:staff_visitors": only(*ACTIVITY_STAFF, ok=BAD_REQUEST),
    "admin:logout": admin_only(*STAFF, ok=redirect("site:home"), outsiders=redirect("admin:index")),
}
# The POSTs that may change data (a change by any other is a failure): the worker claims the
# request; new recovery codes take a code from the app, which an empty post has not.
# The coordinator (or an admin, if the coordinator has not) marks the feedback handled.
MAY_CHANGE = {("help_requests:claim", WORKER), ("feedback:handle", COORDINATOR), ("feedback:handle", ADMIN)}


# --- Objects outside a role's reach -----------------------------------------------------------------
# Another team's request, another organisation's activity. help_requests/tests/test_inbox_views.py
# (test_a_tampered_number_is_404) and activities/tests/test_staff.py (its admin section) test some
# of these for fewer roles.


@dataclass(frozen=True)
class ObjectCase:
    description: str
    key: str  # the URL pattern
    method: str
    arguments: object  # world -> the converters
    expected: dict
    data: object = None  # (world, role) -> what is posted; nothing if None
    may_change: tuple = ()  # the roles for whom the POST is a change they may make


def _visit_count_of_the_other_organisation(world, role) -> dict:
    return {
        "activity": world.other_activity.pk,
        # A Tuesday without a count, another for each role that enters the admin.
        "date": f"2022-02-{1 + 7 * STAFF.index(role) if role in STAFF else 1:02d}",
        "adults": "2",
        "children": "3",
    }


OBJECT_CASES = [
    # Another team's request is a 404 for the worker, the same as a number that does not exist.
    ObjectCase(
        "another team's request",
        "help_requests:detail",
        "get",
        lambda w: {"pk": w.other_request.pk},
        only(WORKER, ok=NOT_FOUND),
    ),
    ObjectCase(
        "a request number that does not exist",
        "help_requests:detail",
        "get",
        lambda w: {"pk": 999_999},
        only(WORKER, ok=NOT_FOUND),
    ),
    ObjectCase(
        "claiming another team's request",
        "help_requests:claim",
        "post",
        lambda w: {"pk": w.other_request.pk},
        only(WORKER, ok=NOT_FOUND),
    ),
    # Another organisation's activity is refused to the editor: activities are public, a 403 tells nothing.
    ObjectCase(
        "another organisation's activity: cancel page",
        "activities:staff_cancel",
        "get",
        lambda w: {"slug": w.other_activity.slug},
        only(COORDINATOR, ADMIN),
    ),
    ObjectCase(
        "another organisation's activity: cancelling",
        "activities:staff_cancel",
        "post",
        lambda w: {"slug": w.other_activity.slug},
        only(COORDINATOR, ADMIN, ok=BAD_REQUEST),
    ),
    ObjectCase(
        "another organisation's activity: visitors page",
        "activities:staff_visitors",
        "get",
        lambda w: {"slug": w.other_activity.slug},
        only(COORDINATOR, ADMIN),
    ),
    ObjectCase(
        "another organisation's activity: recording visitors",
        "activities:staff_visitors",
        "post",
        lambda w: {"slug": w.other_activity.slug},
        only(COORDINATOR, ADMIN, ok=BAD_REQUEST),
    ),
    ObjectCase(
        "an activity that does not exist",
        "activities:staff_cancel",
        "get",
        lambda w: {"slug": "ei-tallaista"},
        only(*ACTIVITY_STAFF, ok=NOT_FOUND),
    ),
    # In the admin another organisation's activity "does not exist" for the editor (back to the index).
    ObjectCase(
        "another organisation's activity in the admin",
        "admin:activities_activity_change",
        "get",
        lambda w: {"object_id": w.other_activity.pk},
        admin_only(COORDINATOR, ADMIN, refused=redirect("admin:index")),
    ),
    ObjectCase(
        "saving another organisation's activity in the admin",
        "admin:activities_activity_change",
        "post",
        lambda w: {"object_id": w.other_activity.pk},
        admin_only(COORDINATOR, ADMIN, refused=redirect("admin:index")),  # for them: the empty form again
    ),
    ObjectCase(
        "another organisation's activity's history in the admin",
        "admin:activities_activity_history",
        "get",
        lambda w: {"object_id": w.other_activity.pk},
        admin_only(COORDINATOR, ADMIN, refused=redirect("admin:index")),
    ),
    ObjectCase(
        "deleting another organisation's activity in the admin",
        "admin:activities_activity_delete",
        "get",
        lambda w: {"object_id": w.other_activity.pk},
        admin_only(COORDINATOR, ADMIN),  # an editor deletes no activity at all
    ),
    ObjectCase(
        "another organisation's visitor count in the admin",
        "admin:activities_visitcount_change",
        "get",
        lambda w: {"object_id": w.other_visit_count.pk},
        admin_only(COORDINATOR, ADMIN, refused=redirect("admin:index")),
    ),
    # The editor picks a visitor count's activity from their own: another's is no choice (the form
    # again, with the message); the coordinator and admins record it.
    ObjectCase(
        "adding a visitor count of another organisation's activity in the admin",
        "admin:activities_visitcount_add",
        "post",
        lambda w: {},
        admin_only(COORDINATOR, ADMIN, ok=redirect("admin:activities_visitcount_changelist"), refused=OK),
        data=_visit_count_of_the_other_organisation,
        may_change=(COORDINATOR, ADMIN),
    ),
]
