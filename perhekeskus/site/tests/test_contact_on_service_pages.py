"""Every service page gives a way to reach someone (directory/contact.py): its own channels, its
places', its organisation's, or the family centre's general guidance with a link."""

import re

import pytest

from perhekeskus.directory import contact
from perhekeskus.directory.models import Service

pytestmark = pytest.mark.django_db


def contact_section(client, slug: str) -> str:
    page = client.get(f"/services/{slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    return html[html.index('id="contact-heading"') :].split("</section>", 1)[0]


def first_with(kind: str) -> tuple[Service, contact.WaysToReach]:
    for service in Service.objects.filter(status=Service.Status.ACTIVE):
        ways = contact.ways_to_reach(service)
        if ways.kind == kind:
            return service, ways
    raise AssertionError(f"no demo service shows {kind}")


@pytest.mark.slow(reason="renders the page of every active demo service")
def test_every_active_service_page_shows_a_way_to_reach_someone(client, demo_data):
    services = Service.objects.filter(status=Service.Status.ACTIVE)
    assert services.count() > 100
    for service in services:
        section = contact_section(client, service.slug)
        # a channel of its own (a visiting address or a handle has no link), else a link
        assert 'class="channel channel--' in section or re.search(r'href="(https?://|/)', section), service.slug


def test_the_demo_data_uses_every_fallback(demo_data):
    kinds = {contact.ways_to_reach(s).kind for s in Service.objects.filter(status=Service.Status.ACTIVE)}
    assert kinds == {contact.OWN, contact.PLACE, contact.ORGANIZATION, contact.GUIDANCE}


def test_a_place_fallback_is_labelled_with_the_place_and_its_address(client, demo_data):
    service, ways = first_with(contact.PLACE)
    place = ways.places[0]
    section = contact_section(client, service.slug)
    assert "Paikan yhteystiedot:" in section and place.name_fi in section
    assert place.address in section and "openstreetmap.org" in section


def test_an_organisation_fallback_is_labelled_as_the_organisations(client, demo_data):
    service, ways = first_with(contact.ORGANIZATION)
    section = contact_section(client, service.slug)
    organization = ways.organizations[0]
    assert "Organisaation yhteystiedot:" in section and organization.name_fi in section
    assert f'href="{organization.website}"' in section


def test_the_guidance_links_to_the_pyyda_apua_form_and_the_clinic(client, demo_data):
    section = contact_section(client, "perheneuvola")
    assert 'href="/pyyda-apua/"' in section
    assert 'href="/services/lastenneuvola/"' in section
    assert "Kirjoitettu" not in section  # the source is for staff


def test_the_list_of_places_gives_each_its_address_and_map_link(client, demo_data):
    html = client.get("/services/avoimet-perhekahvilat/").content.decode()
    places = html[html.index('id="places-heading"') :].split("</section>", 1)[0]
    assert "Nahkurinkatu 17, Kemi" in places and "openstreetmap.org/search?query=" in places


def test_the_pyyda_apua_service_page_leads_to_the_form(client, demo_data):
    section = contact_section(client, "pyyda-apua")
    assert 'href="/pyyda-apua/"' in section and "Pyydä apua! -lomake" in section
    assert 'href="https://virtu.fi"' in section  # its own channels stay


def test_a_service_elsewhere_is_not_sent_to_the_kemi_clinic(client, demo_data):
    section = contact_section(client, "pysakki-vakivallan-ehkaisy-kymenlaakso")
    assert 'href="/pyyda-apua/"' in section and "/services/lastenneuvola/" not in section


def test_the_guidance_links_to_the_form_in_the_pages_language(client, demo_data):
    page = client.get("/sv/services/perheneuvola/").content.decode()
    assert 'href="/sv/pyyda-apua/"' in page and "Familjecentret råder:" in page
