"""The response headers of issue 16 on every kind of page the site serves: a Content Security Policy
that allows no inline script or style, pages that need none (no <style>, style=, inline <script>
or on*= anywhere, the admin's and the browsable API's pages included), the Permissions-Policy,
and `manage.py check --deploy` clean under the production settings.

The error pages come from views in this module's own URLconf (`urlpatterns` below: the site's, plus a
view that fails in each way).
"""

import os
import re
import runpy
import secrets
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import Client
from django.urls import path, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from config import urls as site_urls
from perhekeskus.accounts.testing import current_code, sign_in
from perhekeskus.activities.models import Activity
from perhekeskus.directory.models import Area, Location, Organization, Service
from perhekeskus.feedback.forms import new_form_token
from perhekeskus.help_requests.models import HelpRequest
from perhekeskus.pathways.models import Pathway

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort", "browsing-topics")


def _a_bug(request):
    raise RuntimeError("a bug")


def _database_away(request):
    raise OperationalError("the database server is not there")


def _forbidden(request):
    raise PermissionDenied


URLCONF = __name__
handler500 = site_urls.handler500
urlpatterns = [
    path("test-errors/500/", _a_bug),
    path("test-errors/503/", _database_away),
    path("test-errors/403/", _forbidden),
    *site_urls.urlpatterns,
]


# What the policy would block -----------------------------------------------------------------------

# A <script> of one of these types is a data block, which no browser runs and no policy covers
# (the browsable API's CSRF token is one, type="application/json").
JAVASCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}


class InlineCode(HTMLParser):
    """What a page has that a policy without 'unsafe-inline' blocks: <style> elements, style=
    attributes, on*= handlers, javascript: links, and inline scripts without a nonce. The embed
    page's snippet is escaped text inside a <textarea>, not markup, so it is not among them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        if tag == "script" and "src" not in values and "nonce" not in values:
            if (values.get("type") or "").strip().lower() in JAVASCRIPT_TYPES:
                self.found.append(f"inline <script> at line {self.getpos()[0]}")
        for name, value in attrs:
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            elif name.startswith("on"):
                self.found.append(f'<{tag} {name}="{value}">')
            elif name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f'<{tag} {name}="{value}">')

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def directives(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy", "")
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def assert_headers(response, what: str) -> None:
    policy = directives(response)
    assert policy, f"{what}: no Content-Security-Policy"
    sources = {source for values in policy.values() for source in values}
    assert not sources & {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:"}, (what, policy)
    for name, expected in {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }.items():
        assert policy.get(name) == expected, (what, name, policy)
    assert response.headers.get("X-Frame-Options") == "DENY", what  # what frame-ancestors says
    features = dict(
        item.strip().split("=", 1) for item in response.headers.get("Permissions-Policy", "").split(",") if item
    )
    assert all(features.get(feature) == "()" for feature in DENIED_FEATURES), (what, features)


def assert_page_works_under_the_policy(response, what: str) -> None:
    assert_headers(response, what)
    assert response["Content-Type"].startswith("text/html"), what
    assert inline_code(response.content.decode()) == [], what


# The pages ---------------------------------------------------------------------------------------


def public_demo_urls() -> list[str]:
    """Every public page of the demo, in Finnish (the languages share templates)."""
    urls = [
        reverse(name)
        for name in (
            "site:home",
            "site:service_list",
            "site:organization_list",
            "site:location_list",
            "site:calendar_today",
            "site:calendar_this_week",
            "activities:index",
            "pathways:list",
            "help_requests:ask",
            "help_requests:pickup",
            "help_requests:embed",
            "feedback:form",
            "feedback:accessibility",
            "feedback:privacy",
            "login",
        )
    ]
    urls += [reverse("site:service_list") + "?q=neuvola", reverse("help_requests:embed") + "?municipality=kemi"]
    urls += [reverse("site:service_detail", args=[slug]) for slug in Service.objects.values_list("slug", flat=True)]
    urls += [
        reverse("site:organization_detail", args=[slug]) for slug in Organization.objects.values_list("slug", flat=True)
    ]
    urls += [reverse("site:location_detail", args=[slug]) for slug in Location.objects.values_list("slug", flat=True)]
    urls += [
        reverse("activities:activity_detail", args=[slug]) for slug in Activity.objects.values_list("slug", flat=True)
    ]
    urls += [reverse("activities:area_week", args=[slug]) for slug in Area.objects.values_list("slug", flat=True)]
    for pathway in Pathway.objects.prefetch_related("steps"):
        urls += [reverse("pathways:detail", args=[pathway.slug]), reverse("pathways:summary", args=[pathway.slug])]
        urls += [reverse("pathways:step", args=[pathway.slug, step.key]) for step in pathway.steps.all()]
    return urls


@pytest.mark.slow(reason="renders every public page of the demo: each service, organisation, place, activity and step")
def test_every_public_page_of_the_demo_has_the_policy_and_needs_no_inline_code(client, demo_data):
    urls = public_demo_urls()
    assert len(urls) > 150

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_page_works_under_the_policy(response, url)


def submitted_help_request(client):
    """A help request sent through the form; the receipt page."""
    ask = client.get(reverse("help_requests:ask")).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', ask).group(1)
    data = {"form_token": token, "text": "Vauva itkee öisin, mistä saisi apua?", "contact_method": "anonymous"}
    response = client.post(reverse("help_requests:receipt"), data)
    assert response.status_code == 200
    return response


@pytest.mark.urls(URLCONF)
def test_every_kind_of_page_works_under_the_policy(demo_data):
    """One page of each kind, the ones outside the public list included: the receipt flow, the
    error pages, the login pages, the admin, the staff pages, the API's documentation and the
    browsable API."""
    visitor = Client(raise_request_exception=False)
    pages = {}

    receipt = submitted_help_request(visitor)
    feedback = {"text": "Kuva puuttuu.", "form_token": new_form_token()}
    pages["feedback receipt"] = visitor.post(reverse("feedback:receipt"), feedback)
    pages["feedback form, refused"] = visitor.post(reverse("feedback:receipt"), {"text": ""})
    code = re.search(r'<p class="pickup-code"[^>]*>([^<]+)</p>', receipt.content.decode()).group(1)
    pages["receipt"] = receipt
    pages["the thread, with the pickup code"] = visitor.post(reverse("help_requests:pickup"), {"code": code})
    pages["400"] = visitor.get("/", HTTP_HOST="elsewhere.example")
    pages["400, a body that is not UTF-8"] = visitor.post(
        "/test-errors/503/", b"text=Ei%20UTF-8%3A%20p%E4iv%E4%E4%20kaikille", content_type=FORM
    )
    pages["403"] = visitor.get("/test-errors/403/")
    pages["403, the CSRF check"] = Client(enforce_csrf_checks=True).post(reverse("set_language"), {"language": "sv"})
    pages["404"] = visitor.get("/no-such-page/")
    pages["500"] = visitor.get("/test-errors/500/")
    pages["503"] = visitor.get("/test-errors/503/")
    pages["503 with the post kept"] = visitor.post("/test-errors/503/", {"text": "Rivi yksi\nrivi kaksi"})
    pages["login"] = visitor.get(reverse("login"))
    pages["login, a wrong password"] = visitor.post(reverse("login"), {"username": "ei-ketaan", "password": "x"})
    pages["password reset"] = visitor.get(reverse("password_reset"))
    pages["API documentation"] = visitor.get(reverse("swagger-ui"))
    pages["browsable API root"] = visitor.get(reverse("api-root"), HTTP_ACCEPT="text/html")
    pages["browsable API list"] = visitor.get(reverse("service-list"), HTTP_ACCEPT="text/html")
    pages["browsable API detail"] = visitor.get(
        reverse("service-detail", args=[Service.objects.first().slug]), HTTP_ACCEPT="text/html"
    )

    superuser = User.objects.create_superuser("paakayttaja", email="paakayttaja@example.org")
    request = HelpRequest.objects.get()
    request.team.members.add(superuser)  # the inbox is its team's alone, a superuser's too
    admin = Client(raise_request_exception=False)
    sign_in(admin, superuser)
    service = Service.objects.first()
    for name, url in {
        "admin index": reverse("admin:index"),
        "admin list": reverse("admin:directory_service_changelist"),
        "admin form": reverse("admin:directory_service_change", args=[service.pk]),
        "admin audit log": reverse("admin:help_requests_auditevent_changelist"),
        "inbox": reverse("help_requests:inbox"),
        "inbox request": reverse("help_requests:detail", args=[request.pk]),
        "statistics": reverse("help_requests:stats"),
        "audit log": reverse("help_requests:audit"),
        "meeting places' activities": reverse("activities:staff_list"),
        "sign-in security": reverse("accounts:security"),
        "feedback list": reverse("feedback:staff_list"),
    }.items():
        pages[name] = admin.get(url)
    device = TOTPDevice.objects.get(user=superuser)
    pages["new recovery codes"] = admin.post(reverse("accounts:new_recovery_codes"), {"code": current_code(device)})
    pages.update(second_factor_pages())

    statuses = {name: response.status_code for name, response in pages.items()}
    assert statuses == {
        **dict.fromkeys(pages, 200),
        "400": 400,
        "400, a body that is not UTF-8": 400,
        "login, a wrong password": 400,
        "feedback form, refused": 400,
        "second factor, a wrong code": 400,
        "session ended, the post kept": 403,
        "403": 403,
        "403, the CSRF check": 403,
        "404": 404,
        "500": 500,
        "503": 503,
        "503 with the post kept": 503,
    }
    assert '<textarea id="posted-again-1"' in pages["503 with the post kept"].content.decode()
    assert '<textarea id="posted-again-1"' in pages["400, a body that is not UTF-8"].content.decode()
    assert "/static/perhekeskus/browsable-api.css" in pages["browsable API list"].content.decode()
    for name, response in pages.items():
        assert_page_works_under_the_policy(response, name)


def second_factor_pages() -> dict:
    """The pages of signing in with a second factor: setting the app up (with its QR code), the
    recovery codes, the code step, and a post into a session that has ended."""
    worker = User.objects.create_user("tyontekija", password="Tiimi-salasana-2026")
    HelpRequest.objects.get().team.members.add(worker)
    browser = Client(raise_request_exception=False)
    browser.post(reverse("login"), {"username": "tyontekija", "password": "Tiimi-salasana-2026"})
    pages = {"second factor set-up": browser.get(reverse("accounts:enrol"))}
    device = TOTPDevice.objects.get(user=worker)
    pages["recovery codes"] = browser.post(reverse("accounts:enrol"), {"code": current_code(device)})
    browser.post(reverse("logout"))
    browser.post(reverse("login"), {"username": "tyontekija", "password": "Tiimi-salasana-2026"})
    pages["second factor"] = browser.get(reverse("accounts:second_factor"))
    pages["second factor, a wrong code"] = browser.post(reverse("accounts:second_factor"), {"code": "000000"})
    sign_in(browser, worker)
    session = browser.session
    session["accounts_seen_at"] = 0
    session.save()
    request = HelpRequest.objects.get()
    pages["session ended, the post kept"] = browser.post(
        reverse("help_requests:note", args=[request.pk]), {"body": "Rivi yksi\nrivi kaksi"}
    )
    return pages


def test_the_embed_page_shows_the_snippet_with_its_inline_style_only_as_text(client, demo_data):
    """The snippet keeps its inline style, since it runs on the partners' pages; ours only show it
    escaped in the textarea, and preview it with a class."""
    html = client.get(reverse("help_requests:embed")).content.decode()

    assert 'style="display:inline-block;' not in html
    assert "&lt;a href=" in html and "style=&quot;display:inline-block;" in html
    assert re.search(r'<div class="embed-preview"><a href="[^"]+" lang="fi" class="embed-button">', html)
    assert inline_code(html) == []


def test_the_policy_reports_where_the_operator_says(monkeypatch):
    from csp.utils import build_policy, default_config

    def policy_with(**environment) -> str:
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        namespace = runpy.run_path(str(settings.BASE_DIR / "config" / "settings.py"))
        return build_policy(config=default_config(namespace["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]))

    assert "report-uri" not in policy_with()
    assert policy_with(CSP_REPORT_URI="https://csp.kunta.example/pk").endswith(
        "; report-uri https://csp.kunta.example/pk"
    )


def test_every_answer_has_the_permissions_policy_even_a_json_one(client):
    response = client.get("/api/v1/no-such-endpoint/")

    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert_headers(response, "a JSON 404")


def test_a_view_that_sets_its_own_permissions_policy_keeps_it(rf):
    from django.http import HttpResponse

    from perhekeskus.site.permissions_policy import PermissionsPolicyMiddleware, permissions_policy

    def view(request):
        response = HttpResponse()
        response["Permissions-Policy"] = "fullscreen=(self)"
        return response

    assert PermissionsPolicyMiddleware(view)(rf.get("/"))["Permissions-Policy"] == "fullscreen=(self)"
    assert permissions_policy({"camera": [], "fullscreen": ["self", "https://video.example"]}) == (
        'camera=(), fullscreen=(self "https://video.example")'
    )


# check --deploy ------------------------------------------------------------------------------------


def check_deploy(**environment) -> subprocess.CompletedProcess:
    """`manage.py check --deploy --fail-level WARNING` under the production settings: DEBUG off, a
    long random SECRET_KEY, ALLOWED_HOSTS and SITE_URL set, nothing else from this test run's environment."""
    env = {name: value for name, value in os.environ.items() if name in {"PATH", "HOME", "LANG", "SQLITE_PATH"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "perhekeskus.example.fi",
        "SITE_URL": "https://perhekeskus.example.fi",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_the_production_settings():
    result = check_deploy(SECURE_HSTS_PRELOAD="1")

    assert result.returncode == 0, result.stderr
    # The one silenced check is axes.W006: the address's lockout is accounts/lockout.py's own.
    assert settings.SILENCED_SYSTEM_CHECKS == ["axes.W006"]
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_check_deploy_is_clean_before_the_database_exists(tmp_path):
    """A new install runs the checks before `migrate` has made the database: the API's schema,
    which lists the choices of rows from the database, is built without it."""
    result = check_deploy(SECURE_HSTS_PRELOAD="1", SQLITE_PATH=str(tmp_path / "not-yet" / "perhekeskus.sqlite3"))

    assert result.returncode == 0, result.stderr


def test_without_hsts_preload_the_only_warning_is_the_operators_choice():
    """Preloading HSTS is for the operator to choose (docs/deploy.md): it is the one warning."""
    result = check_deploy()

    assert result.returncode == 1
    assert set(re.findall(r"\((\w+\.[A-Z]\d+)\)", result.stderr)) == {"security.W021"}, result.stderr
