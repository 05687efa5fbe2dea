"""The law pages (the accessibility statement and the privacy notice) from the demo data, and the
loader of their section."""

import pytest
from django.urls import reverse
from django.utils import translation

from perhekeskus.directory.loader import LoadError, load_files
from perhekeskus.feedback.models import TrustSection

pytestmark = pytest.mark.django_db


def page(client, name, prefix=""):
    with translation.override("fi"):
        path = reverse(f"feedback:{name}")
    response = client.get(prefix + path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("prefix", "title", "heading"),
    [
        ("", "Saavutettavuusseloste", "Tunnetut puutteet"),
        ("/sv", "Tillgänglighetsutlåtande", "Kända brister"),
        ("/en", "Accessibility statement", "Known gaps"),
    ],
)
def test_the_accessibility_statement_in_every_language(client, demo_data, prefix, title, heading):
    html = page(client, "accessibility", prefix)
    assert f"<h1>{title}</h1>" in html
    assert heading in html
    # The supervisory authority, and a statement that is honest about its conformance.
    assert "saavutettavuusvaatimukset.fi" in html or "tillganglighetskrav.fi" in html or "webaccessibility.fi" in html
    assert "WCAG 2.1" in html


def test_the_demo_data_loads_the_sections(demo_data):
    assert TrustSection.objects.filter(page="accessibility").count() == 6
    assert TrustSection.objects.filter(page="privacy").count() == 4


def test_the_statement_says_what_the_sources_lack(client, demo_data):
    html = page(client, "accessibility")
    section = html.split('id="saavutettavuus-laadittu"')[1]
    assert "Tätä tietoa ei ole vielä lisätty" in section.split("</section>")[0]


@pytest.mark.parametrize(
    ("prefix", "title", "register"),
    [
        ("", "Tietosuojaseloste", "Rekisteri: Pyydä apua! -avunpyynnöt"),
        ("/sv", "Dataskyddsbeskrivning", "Register: Be om hjälp!-förfrågningar"),
        ("/en", "Privacy notice", "Register: Ask for help! requests"),
    ],
)
def test_the_privacy_notice_has_a_section_per_register(client, demo_data, prefix, title, register):
    html = page(client, "privacy", prefix)
    assert f"<h1>{title}</h1>" in html
    assert register in html
    assert 'id="tietosuoja-palaute"' in html  # the feedback's own register
    assert 'id="tietosuoja-oikeudet"' in html
    # The controller's contact details are in no source: the page says they are missing.
    controller = html.split('id="tietosuoja-rekisterinpitaja"')[1].split("</section>")[0]
    assert 'class="trust-section__missing"' in controller


def test_a_text_written_only_in_finnish_is_marked_finnish(client, demo_data):
    TrustSection.objects.filter(slug="saavutettavuus-puutteet").update(body_sv="", heading_sv="")
    html = page(client, "accessibility", "/sv")
    section = html.split('id="saavutettavuus-puutteet"')[1].split("</section>")[0]
    assert 'lang="fi">Tunnetut puutteet</h2>' in section
    assert '<div lang="fi"><p>Kohtaamispaikkojen' in section
    assert 'lang="fi"' not in html.split('id="saavutettavuus-tila"')[1].split("</section>")[0]


def test_an_edit_in_the_admin_shows_on_the_page(client, demo_data):
    TrustSection.objects.filter(slug="tietosuoja-rekisterinpitaja").update(body_fi="Hyvinvointialue X, kirjaamo.")
    html = page(client, "privacy")
    assert "Hyvinvointialue X, kirjaamo." in html


def test_the_loader_refuses_an_unknown_page(tmp_path, db):
    path = tmp_path / "trust.yaml"
    path.write_text("trust_sections:\n  - {slug: x, page: kotisivu, heading: Otsikko}\n", encoding="utf-8")
    with pytest.raises(LoadError) as failure:
        load_files([path])
    assert "page" in str(failure.value)
    assert not TrustSection.objects.filter(slug="x").exists()
