"""The browser tests' fixtures: Debian's Chromium driven by Playwright, the site served from the test
database, and the page checks (axe-core, reflow) that every page gets.

Not part of `make test`: these tests are marked `browser` and left out by pyproject.toml's addopts
(`-m "not browser"`); .ci/run runs them as a step of their own (`pytest -m browser`), so that the
normal suite needs no browser. Chromium is the Debian package (`apt-get install chromium`), never a
browser build downloaded by Playwright: `playwright install` is not run anywhere.

The site is served by Django's live-server thread on the test database, the way pytest-django's
`live_server` does, but with the world of the URL × role matrix (role_world.py) built once for the
module inside a transaction rolled back after it: the in-memory SQLite connection is shared with
the server's thread, so the pages see that world without a transactional test's flush per test.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.test.testcases import LiveServerThread
from django.test.utils import modify_settings

# The matrix's users and objects (role_world.py), once for each module, rolled back after it.
from ..test_url_role_matrix import world  # noqa: F401 -- a fixture

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Headless, and nothing of Chromium's own traffic (updates, sync, field trials): the CI machine's
# network is closed, and those connections would only be refused.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(settings.BASE_DIR)
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", ROOT / "var" / "browser-artifacts"))
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


SUMMARY: list[str] = []  # what the tests report at the end of the run (pages, checks, screenshots)


def pytest_terminal_summary(terminalreporter):
    if SUMMARY:
        terminalreporter.section("browser tests")
        for line in SUMMARY:
            terminalreporter.line(line)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """The screenshots' directory, emptied once per run: none is left from an earlier run."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM)")
    # Playwright's sync API keeps an asyncio loop in this thread, which Django takes for async code
    # and refuses its database there; the tests' own database calls are plain synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site_url(world, django_db_blocker):  # noqa: F811 -- the fixture imported above
    """The address of the site served from the test database (and the world) in a thread."""
    shared = {conn.alias: conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()}
    if not shared:
        pytest.fail("the browser tests serve the in-memory SQLite test database; run them on SQLite")
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    thread = LiveServerThread("127.0.0.1", static_handler=StaticFilesHandler, connections_override=shared)
    thread.daemon = True
    for conn in shared.values():
        conn.inc_thread_sharing()
    with modify_settings(ALLOWED_HOSTS={"append": "127.0.0.1"}):
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{thread.port}"
        thread.terminate()
    for conn in shared.values():
        conn.dec_thread_sharing()


def session_cookie(site_url: str, user) -> dict:
    """A browser cookie of a session signed in as `user`, second factor verified (as the sign-in
    leaves it; the sign-in form itself is tested in accounts/tests)."""
    from perhekeskus.accounts.testing import sign_in

    client = Client()
    sign_in(client, user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": site_url}


def new_context(chromium, **options):
    """A browser context that may inject axe-core: the site's CSP (script-src 'self') forbids the
    inline script add_script_tag makes, so the tests bypass it (bypass_csp) for that alone; the
    pages' own scripts and styles are still checked against it by test_security_headers.py."""
    # A Finnish browser (Accept-Language fi-FI): a first visit to a Finnish address would
    # otherwise be redirected to the browser's language (site/first_visit.py).
    return chromium.new_context(bypass_csp=True, **{"locale": "fi-FI", **options})


def axe_violations(page) -> list[dict]:
    """axe-core's rules as it ships them, on the whole page: WCAG 2.0/2.1 A and AA and its best
    practices, none disabled and no selector excluded; the violations, each with its nodes. (axe
    ships its AAA rules, such as color-contrast-enhanced, and its experimental ones turned off; the
    site's target is WCAG 2.1 AA.)"""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text())
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            const summary = node => node.failureSummary.split("\\n").slice(0, 2).join(" ");
            const where = node => node.target.join(" ") + " :: " + summary(node);
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(where)}));
        }"""
    )


def page_width(page) -> int:
    """The document's width in CSS px: wider than the viewport is a horizontal scroll."""
    return page.evaluate("() => document.documentElement.scrollWidth")
