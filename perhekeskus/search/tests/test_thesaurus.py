"""The search thesaurus: data in vocabulary.yaml, edited by the coordinator, used by every search."""

import pytest
import yaml
from django.contrib.auth.models import Group, User

from perhekeskus.accounts.testing import sign_in
from perhekeskus.directory.loader import LoadError, load_files
from perhekeskus.directory.models import Service
from perhekeskus.directory.roles import COORDINATOR
from perhekeskus.search.engine import get_engine
from perhekeskus.search.models import SynonymGroup

pytestmark = pytest.mark.django_db


def top(query: str, n: int = 5) -> list[str]:
    slugs = dict(Service.objects.values_list("pk", "slug"))
    return [slugs[hit.service_id] for hit in get_engine().rank(query, Service.objects.public())[:n]]


def test_an_inflected_word_finds_the_services_of_its_synonyms(demo_data):
    assert "kymenlaakso-eroneuvo" in top("erotilanteessa")  # erotilanne ~ ero
    assert {"varhaiskasvatus", "effica-edlevo"} & set(top("päiväkotihakemus"))  # päiväkoti ~ varhaiskasvatus


def test_a_group_added_by_the_coordinator_takes_effect_at_once(demo_data):
    assert "puheterapia" not in top("logopedi")
    SynonymGroup.objects.create(terms="logopedi, puheterapia")

    assert top("logopedi")[0] == "puheterapia"


def test_the_coordinator_edits_the_thesaurus_in_the_admin(client, demo_data):
    coordinator = User.objects.create_user("koordinaattori", password="x-pass-123", is_staff=True)
    coordinator.groups.add(Group.objects.get(name=COORDINATOR))
    sign_in(client, coordinator)

    response = client.post("/admin/search/synonymgroup/add/", {"terms": "nuokku, nuorisotalo", "note": ""})

    assert response.status_code == 302 and SynonymGroup.objects.filter(terms="nuokku, nuorisotalo").exists()


def test_the_thesaurus_loads_once_and_refuses_a_lonely_word(demo_data, tmp_path):
    before = SynonymGroup.objects.count()
    good = tmp_path / "sanasto.yaml"
    good.write_text(yaml.safe_dump({"thesaurus": [{"terms": ["kummi", "kummitoiminta"]}]}), encoding="utf-8")
    load_files([good])
    load_files([good])
    assert SynonymGroup.objects.count() == before + 1

    bad = tmp_path / "huono.yaml"
    bad.write_text(yaml.safe_dump({"thesaurus": [{"terms": ["yksin"]}]}), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_files([bad])
    assert "huono.yaml: thesaurus[0].terms" in caught.value.messages[0]
