"""THE rule of how a family reaches a service (directory/contact.py): own channels, else the
places', else the organisation's (and its parents'), else the general guidance."""

import pytest

from perhekeskus.directory import contact
from perhekeskus.directory.models import (
    Area,
    Channel,
    ContactGuidance,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def guidance():
    clinic = Service.objects.create(slug="neuvola", name_fi="Neuvola", kind=Service.Kind.OFFICE_SERVICE)
    return [
        ContactGuidance.objects.create(slug="kysy-neuvolasta", name_fi="Neuvola", service=clinic, order=1),
        ContactGuidance.objects.create(slug="lomake", name_fi="Pyydä apua! -lomake", link="/pyyda-apua/", order=2),
    ]


def service(slug="palvelu", **fields) -> Service:
    return Service.objects.create(slug=slug, name_fi=slug, kind=Service.Kind.OFFICE_SERVICE, **fields)


def test_a_service_with_its_own_channel_shows_that(guidance):
    own = service()
    Channel.objects.create(service=own, kind=Channel.Kind.PHONE, value="040 123")
    assert contact.ways_to_reach(own).kind == contact.OWN


def test_without_channels_the_places_with_an_address_are_shown(guidance):
    given = service()
    street = Location.objects.create(slug="jukola", name_fi="Jukola", address="Nahkurinkatu 17")
    nowhere = Location.objects.create(slug="vaihtelee", name_fi="Vaihtelee")
    ServiceAtLocation.objects.create(service=given, location=street)
    ServiceAtLocation.objects.create(service=given, location=nowhere)
    ways = contact.ways_to_reach(given)
    assert (ways.kind, ways.places) == (contact.PLACE, [street])


def test_without_channels_or_places_the_organisation_and_its_parents_are_shown(guidance):
    city = Organization.objects.create(slug="kaupunki", name_fi="Kaupunki", website="https://www.kemi.fi")
    unit = Organization.objects.create(slug="yksikko", name_fi="Yksikkö", parent=city)
    ways = contact.ways_to_reach(service(organization=unit))
    assert (ways.kind, ways.organizations) == (contact.ORGANIZATION, [city])


def test_otherwise_the_general_guidance_is_shown(guidance):
    ways = contact.ways_to_reach(service(organization=Organization.objects.create(slug="o", name_fi="O")))
    assert (ways.kind, ways.guidance) == (contact.GUIDANCE, guidance)


def test_the_guidance_never_sends_a_page_to_itself(guidance):
    clinic = guidance[0].service
    assert contact.ways_to_reach(clinic).guidance == [guidance[1]]


def test_without_any_guidance_the_rule_says_so():
    assert contact.ways_to_reach(service()).kind == contact.NOTHING


def test_the_coverage_report_lists_services_without_own_contact_by_organisation(guidance):
    city = Organization.objects.create(slug="kaupunki", name_fi="Kaupunki", website="https://www.kemi.fi")
    own = service("oma", organization=city)
    Channel.objects.create(service=own, kind=Channel.Kind.WEB, value="https://example.org")
    service("ilman", organization=city)
    service("pois", organization=city, status=Service.Status.NOT_IN_USE)
    (section,) = contact.coverage()
    by_org = {g.organization.slug if g.organization else None: g for g in section.groups}
    assert [(r.service.slug, r.shown) for r in by_org["kaupunki"].rows] == [("ilman", contact.ORGANIZATION)]
    assert [(r.service.slug, r.shown) for r in by_org[None].rows] == [("neuvola", contact.GUIDANCE)]
    assert (section.count, section.total) == (2, 3)


def test_guidance_with_a_link_that_names_a_service_is_shown_on_its_page_too(guidance):
    form = service("lomakepalvelu")
    Channel.objects.create(service=form, kind=Channel.Kind.WEB, value="https://example.org")
    guidance[1].service = form
    guidance[1].save()
    assert contact.ways_to_reach(form).links == [guidance[1]]
    assert contact.ways_to_reach(service("muu")).links == []


def test_guidance_for_an_area_is_not_shown_for_a_service_known_to_be_elsewhere(guidance):
    region = Area.objects.create(slug="lappi", name_fi="Lappi", kind=Area.Kind.WELLBEING_REGION)
    kemi = Area.objects.create(slug="kemi", name_fi="Kemi", kind=Area.Kind.MUNICIPALITY, parent=region)
    kotka = Area.objects.create(slug="kotka", name_fi="Kotka", kind=Area.Kind.MUNICIPALITY)
    guidance[0].area = kemi
    guidance[0].save()
    in_kotka = service("kotkassa", organization=Organization.objects.create(slug="k", name_fi="K", area=kotka))
    in_kemi = service("kemissa", organization=Organization.objects.create(slug="m", name_fi="M", area=kemi))
    region_wide = service("lapissa", organization=Organization.objects.create(slug="l", name_fi="L", area=region))
    assert contact.ways_to_reach(in_kotka).guidance == [guidance[1]]
    assert contact.ways_to_reach(in_kemi).guidance == guidance
    assert contact.ways_to_reach(region_wide).guidance == guidance
    assert contact.ways_to_reach(service("jossain")).guidance == guidance  # area unknown: not excluded
