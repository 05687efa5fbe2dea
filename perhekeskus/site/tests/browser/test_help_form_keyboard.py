"""The help-request form with the keyboard alone (issue 17, point 1; WCAG 2.1.1, 3.3.1): Tab, the
arrow keys for the way to answer, typing and Enter, in Chromium. No click, no fill(): every step is
a key press, so a field the keyboard cannot reach fails the test.
"""

import pytest
from django.urls import reverse

from perhekeskus.help_requests.models import HelpRequest

from .conftest import new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

MOST_TABS = 80  # the form is some 30 stops down the page: the header, the emergency numbers...


def tab_to(page, selector: str) -> None:
    """Press Tab until the element of `selector` has the focus."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{MOST_TABS} presses of Tab never reached {selector}")


def focused(page) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.tagName")


@pytest.fixture
def page(chromium, site_url):
    context = new_context(chromium, viewport={"width": 360, "height": 800})
    yield context.new_page()
    context.close()


def test_the_form_is_sent_with_the_keyboard_alone_asking_for_a_call(world, site_url, page, artifacts, db):
    before = HelpRequest.objects.count()
    page.goto(site_url + reverse("help_requests:ask"))
    tab_to(page, "#id_text")
    page.keyboard.type("Vauva itkee öisin, ja olemme väsyneitä. Voisiko joku soittaa?")
    # Tab enters the group of radios at its checked one (an anonymous answer); the arrows choose.
    tab_to(page, 'input[name="contact_method"]')
    for _ in range(3):
        if page.evaluate("() => document.activeElement.value") == "phone":
            break
        page.keyboard.press("ArrowDown")
    assert page.is_checked('input[name="contact_method"][value="phone"]')
    # The number's field appears once a call is chosen, next in the tab order.
    page.keyboard.press("Tab")
    assert focused(page) == "id_contact_phone"
    page.keyboard.type("040 123 4567")
    tab_to(page, 'button[type="submit"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.screenshot(path=artifacts / "help-form-keyboard_receipt.png", full_page=True)
    assert page.url.endswith(reverse("help_requests:receipt"))
    assert page.inner_text("h1") == "Pyyntösi on vastaanotettu"
    sent = HelpRequest.objects.order_by("-pk").first()
    assert HelpRequest.objects.count() == before + 1
    assert (sent.contact_method, sent.contact_phone) == ("phone", "040 123 4567")


def test_a_failed_submit_puts_the_focus_on_the_error_summary(world, site_url, page, artifacts, db):
    before = HelpRequest.objects.count()
    page.goto(site_url + reverse("help_requests:ask"))
    tab_to(page, 'button[type="submit"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")  # nothing written
    page.screenshot(path=artifacts / "help-form-keyboard_errors.png", full_page=True)
    assert focused(page) == "form-problems"
    # From the summary, Tab leads to its first link, which leads to the field to fix.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#id_text"
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#id_text"
    assert HelpRequest.objects.count() == before
