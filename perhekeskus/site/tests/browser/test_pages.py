"""Every page in a real browser (issue 17, point 1): axe-core finds nothing, and nothing scrolls
sideways at 360 px nor at 200 % zoom (WCAG 1.4.10 reflow).

The pages are the URL × role matrix's (test_url_role_matrix.py): every pattern of the resolver
outside the admin, with its one example object, asked in fi, sv and en. A page that anonymous
visitors may open is opened anonymously; one that only a signed-in role may open, as the first of
PREFERRED whose answer in the matrix is 200 (a team worker for the inbox, an admin for the audit
log...). A new page in the matrix is covered with no change here.

Left out, and why: the answers that are not HTML (the calendar feeds, the posters' PDF, the API's
JSON, the CSV export: told by their Content-Type, asked with a browser's Accept, so the API's
browsable HTML pages too), the redirects and refusals (what they lead to is a page of its own),
and two user interfaces that are other projects' templates: Django's admin (some 200 pages) and
the API's under /api/v1/ (Django REST framework's browsable API and Swagger UI), which are for
integrators, not families; their own accessibility is not yet this suite's.

Each page and language is opened at 360 px (axe, width, a screenshot), then at 1280 px (axe, a
screenshot) and at 640 px, which is what 1280 px at 200 % zoom lays out (the zoom doubles the CSS
pixel; the device scale factor changes no layout). Screenshots go to var/browser-artifacts/ (or
$BROWSER_ARTIFACTS), which CI keeps.
"""

import time
from dataclasses import dataclass

import pytest
from django.utils import translation

from ..role_world import ADMIN, ANONYMOUS, COORDINATOR, EDITOR, MANAGEMENT, NETWORK_MEMBER, NO_ROLE, WORKER
from ..test_url_role_matrix import address, site_cases
from ..url_matrix import OK
from .conftest import SUMMARY, axe_violations, new_context, page_width, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

LANGUAGES = ("fi", "sv", "en")
PREFERRED = (ANONYMOUS, WORKER, ADMIN, COORDINATOR, EDITOR, MANAGEMENT, NETWORK_MEMBER, NO_ROLE)
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
OTHER_PROJECTS_UI = "/api/v1/"  # the admin is not in site_cases
PHONE, DESKTOP, ZOOMED = 360, 1280, 640


@dataclass(frozen=True)
class Page:
    key: str
    role: str
    language: str
    path: str


def browser_pages(world) -> tuple[list[Page], list[str]]:
    """The HTML pages to open, and what was left out (key and Content-Type), for the report."""
    from ..role_world import signed_in_clients

    clients = signed_in_clients(world)
    pages, left_out, seen = [], [], set()
    for case in site_cases(world):
        if case.path.startswith(OTHER_PROJECTS_UI):
            continue
        role = next((role for role in PREFERRED if case.expected[role] == OK), None)
        if role is None:
            continue  # a redirect or a refusal for every role
        for language in LANGUAGES:
            with translation.override(language):
                path = address(world, case.key)
                response = clients[role].get(path, case.query, HTTP_ACCEPT=BROWSER_ACCEPT)
            if path in seen:
                continue  # an address without a language prefix (the API's)
            seen.add(path)
            kind = response.get("Content-Type", "")
            if response.status_code != OK or not kind.startswith("text/html"):
                left_out.append(f"{case.key} ({response.status_code}, {kind})")
                break
            pages.append(Page(case.key, role, language, path))
    return pages, left_out


@pytest.mark.slow(reason="some 100 pages, each laid out three times and checked twice by axe, in Chromium")
def test_every_page_passes_axe_and_reflows(world, site_url, chromium, artifacts, db):
    started = time.monotonic()
    pages, left_out = browser_pages(world)
    assert len({page.key for page in pages}) > 20, pages  # the walk found the site's pages
    contexts, problems, checked = {}, [], 0
    try:
        for item in pages:
            if item.role not in contexts:
                context = new_context(chromium, viewport={"width": PHONE, "height": 800})
                if item.role != ANONYMOUS:
                    context.add_cookies([session_cookie(site_url, world.users[item.role])])
                contexts[item.role] = (context, context.new_page())
            page = contexts[item.role][1]
            name = f"{item.key.replace(':', '-')}_{item.language}"
            where = f"{item.path} ({item.key}, {item.language}, as {item.role})"
            page.set_viewport_size({"width": PHONE, "height": 800})
            response = page.goto(site_url + item.path)
            if response.status != OK:
                problems.append(f"{where}: {response.status} in the browser")
                continue
            if page.url != site_url + item.path or page.get_attribute("html", "lang") != item.language:
                problems.append(f"{where}: shown as {page.url} in {page.get_attribute('html', 'lang')}")
                continue
            for width in (PHONE, DESKTOP, ZOOMED):
                page.set_viewport_size({"width": width, "height": 800})
                if width != ZOOMED:
                    for violation in axe_violations(page):
                        problems.append(
                            f"{where} at {width} px: axe {violation['id']} ({violation['impact']}): "
                            f"{violation['help']}\n      " + "\n      ".join(violation["nodes"][:5])
                        )
                    page.screenshot(path=artifacts / f"{name}_{width}.png", full_page=True)
                if (scrolled := page_width(page)) > width:
                    page.screenshot(path=artifacts / f"{name}_{width}_overflow.png", full_page=True)
                    problems.append(f"{where} at {width} px: {scrolled} px wide, scrolls sideways")
                checked += 1
    finally:
        for context, _page in contexts.values():
            context.close()
    SUMMARY.append(
        f"pages: {len({page.key for page in pages})} patterns, {len(pages)} pages in fi/sv/en, "
        f"{checked} page × width checks ({PHONE}, {DESKTOP}, {DESKTOP} at 200 % = {ZOOMED} px) "
        f"in {time.monotonic() - started:.0f} s; axe violations and overflows: {len(problems)}"
    )
    SUMMARY.append(f"screenshots: {artifacts}")
    SUMMARY.append("left out (not HTML): " + "; ".join(left_out))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
