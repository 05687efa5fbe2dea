"""The families' path page, and paths through the loader: stored, and unsound graphs refused."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.utils import timezone

from perhekeskus.accounts.testing import sign_in
from perhekeskus.directory.loader import LoadError, load_files
from perhekeskus.directory.models import Service
from perhekeskus.pathways import graph
from perhekeskus.pathways.models import Pathway

pytestmark = pytest.mark.django_db
FAMILIES = "/paths/perheiden-palvelupolku-2023/"


def test_the_families_path_shows_each_stage_with_current_services(client, demo_data, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Helsinki")))
    html = client.get(FAMILIES).content.decode()

    titles = [
        "Etsii tietoa",
        "Saa tukea avoimista kohtaamispaikoista",
        "Saa apua soittamalla tai käymällä palveluohjauksesta",
    ]
    assert [html.index(t) for t in titles] == sorted(html.index(t) for t in titles)
    assert "/services/palveluohjaus/" in html
    guidance = html[html.index("Saa apua soittamalla tai käymällä palveluohjauksesta") :]
    assert 'href="tel:0503707951"' in guidance and "Auki nyt" in guidance[:2000]
    assert "Perheen tilanne kohenee itsehoidolla tai vertaistuella" in html
    assert "/services/walk-in-talk/" not in html  # not in use: dropped, the rest stays

    Service.objects.filter(slug="perhevalmennus").update(name_fi="Perhevalmennus (uusi nimi)")
    assert "Perhevalmennus (uusi nimi)" in client.get(FAMILIES).content.decode()  # never a copy


def test_the_families_path_in_swedish(client, demo_data):
    html = client.get("/sv" + FAMILIES).content.decode()
    assert "Söker information" in html and 'lang="sv"' in html


def test_the_pyyda_apua_stage_links_to_the_form(client, demo_data):
    html = client.get(FAMILIES).content.decode()
    stage = html[html.index('id="stage-virtu-ja-pyyda-apua"') :].split("</section>", 1)[0]
    assert 'href="/pyyda-apua/"' in stage and "Pyydä apua! -lomake" in stage
    assert 'href="/services/pyyda-apua/"' in stage  # the service's page stays
    swedish = client.get("/sv" + FAMILIES).content.decode()
    assert 'href="/sv/pyyda-apua/"' in swedish and "Formuläret Be om hjälp!" in swedish


def test_both_paths_are_stored_with_stable_short_links(demo_data):
    families, professionals = Pathway.objects.get(audience="families"), Pathway.objects.get(audience="professionals")
    assert families.stages.count() == 8 and professionals.steps.count() == 14
    assert professionals.start.key == "saanut-tietoa"
    assert families.short != professionals.short


def guide_file(tmp_path, steps, start="a"):
    data = {
        "pathways": [
            {"slug": "testiopas", "audience": "professionals", "title": {"fi": "Testi"}, "start": start, "steps": steps}
        ]
    }
    path = tmp_path / "opas.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def step(key, *nexts, end=False):
    record = {"id": key, "text": {"fi": key}}
    if nexts:
        record["choices"] = [{"label": {"fi": n}, "next": n} for n in nexts]
    if end:
        record["end"] = True
    return record


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([step("a", "b"), step("b", "a")], "go round in a circle: a → b → a"),
        ([step("a", "b"), step("b")], "step 'b' is a dead end"),
        ([step("a", "x")], "no step has the id 'x'"),
        ([step("a", "c"), step("b", "c"), step("c", end=True)], "step 'b' cannot be reached"),
    ],
)
def test_an_unsound_guide_is_refused_and_nothing_written(db, tmp_path, steps, message):
    with pytest.raises(LoadError) as caught:
        load_files([guide_file(tmp_path, steps)])

    assert any(message in m and "opas.yaml" in m for m in caught.value.messages), caught.value.messages
    assert not Pathway.objects.filter(slug="testiopas").exists()


def test_a_sound_guide_loads_and_a_rerun_replaces_its_steps(db, tmp_path):
    load_files([guide_file(tmp_path, [step("a", "b", "c"), step("b", "c"), step("c", end=True)])])
    load_files([guide_file(tmp_path, [step("a", "c"), step("c", end=True)])])

    pathway = Pathway.objects.get(slug="testiopas")
    assert sorted(pathway.steps.values_list("key", flat=True)) == ["a", "c"]
    assert graph.routes("a", {"a": ["c"], "c": []}) == [["a", "c"]]


def test_a_long_chain_is_checked_without_recursion():
    nexts = {f"s{i}": [f"s{i + 1}"] for i in range(5000)} | {"s5000": []}
    assert graph.problems("s0", nexts, {"s5000"}) == []


def test_the_admin_shows_problems_and_previews_the_page(client, demo_data):
    from django.contrib.auth.models import User

    sign_in(client, User.objects.create_superuser("admin", password="x-pass-123"))
    guide_path = Pathway.objects.get(slug="ammattilaisen-palvelupolku-2023")
    Service.objects.filter(slug="poliisin-konsultaatio").update(status=Service.Status.NOT_IN_USE)

    page = client.get(f"/admin/pathways/pathway/{guide_path.pk}/change/")
    listing = client.get("/admin/pathways/pathway/")

    assert page.status_code == 200 and listing.status_code == 200
    assert "Palvelu ei ole käytössä" in listing.content.decode()
    step = guide_path.steps.get(key="huoli")
    assert client.get(f"/admin/pathways/step/{step.pk}/change/").status_code == 200


def test_non_staff_cannot_enter_the_paths_admin(client, demo_data):
    from django.contrib.auth.models import User

    sign_in(client, User.objects.create_user("perhe", password="x-pass-123"))
    assert client.get("/admin/pathways/pathway/").status_code == 302


def test_the_coordinator_edits_the_paths_in_the_admin(client, demo_data):
    from django.contrib.auth.models import Group, User

    from perhekeskus.directory.roles import COORDINATOR

    coordinator = User.objects.create_user("koordinaattori", password="x-pass-123", is_staff=True)
    coordinator.groups.add(Group.objects.get(name=COORDINATOR))
    sign_in(client, coordinator)
    step = Pathway.objects.get(slug="ammattilaisen-palvelupolku-2023").steps.get(key="huoli")

    assert client.get("/admin/pathways/pathway/").status_code == 200
    assert client.get(f"/admin/pathways/step/{step.pk}/change/").status_code == 200


def test_the_admin_refuses_a_choice_that_makes_a_circle(client, demo_data):
    from django.contrib.auth.models import User

    sign_in(client, User.objects.create_superuser("admin", password="x-pass-123"))
    pathway = Pathway.objects.get(slug="ammattilaisen-palvelupolku-2023")
    step = pathway.steps.get(key="kartoitus")  # leads to kohenee, the end
    start = pathway.steps.get(key="saanut-tietoa")
    choice = step.choices.get()
    data = {
        "pathway": pathway.pk,
        "key": step.key,
        "order": step.order,
        "text_fi": step.text_fi,
        "text_sv": step.text_sv,
        "text_en": step.text_en,
        "note": step.note,
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
        "choices-TOTAL_FORMS": "1",
        "choices-INITIAL_FORMS": "1",
        "choices-0-id": choice.pk,
        "choices-0-step": step.pk,
        "choices-0-order": "0",
        "choices-0-label_fi": "Takaisin alkuun",
        "choices-0-next_step": start.pk,  # back to the start: a circle
    }

    response = client.post(f"/admin/pathways/step/{step.pk}/change/", data)

    assert response.status_code == 200
    assert "Oppaan rakenne ei kelpaa" in response.content.decode()
    assert step.choices.get().next_step.key == "kohenee"
