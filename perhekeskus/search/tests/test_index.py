"""The search index kept in the database: it follows every change, a rebuild gives the same, and
the in-memory vocabulary finds every term a word matches without comparing it with all terms."""

import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from perhekeskus.directory.models import Organization, Service
from perhekeskus.search import index
from perhekeskus.search.engine import get_engine
from perhekeskus.search.matching import match
from perhekeskus.search.models import Posting, SynonymGroup, Term
from perhekeskus.search.vocabulary import Vocabulary

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    hits = get_engine().rank(query, Service.objects.public())
    slugs = dict(Service.objects.values_list("pk", "slug"))
    return [slugs[h.service_id] for h in hits]


def snapshot() -> set[tuple[str, int, int]]:
    return set(Posting.objects.values_list("term__text", "service_id", "fields"))


def test_a_saved_service_is_found_at_once_by_its_new_words(demo_data):
    service = Service.objects.get(slug="lastenneuvola")
    assert "lastenneuvola" not in found("kenguruhoito")
    service.keywords_fi += "\nkenguruhoito"
    service.save()
    assert found("kenguruhoitoa")[0] == "lastenneuvola"
    service.name_fi = "Lasten terveysneuvonta"
    service.save()
    assert "lastenneuvola" in found("terveysneuvontaan")


def test_a_renamed_organisation_finds_its_services_by_the_new_name(demo_data):
    service = Service.objects.filter(organization__isnull=False).order_by("slug").first()
    organization = service.organization
    organization.name_fi = "Pohjantähden hyvinvointiyhtymä"
    organization.save()
    assert service.slug in found("hyvinvointiyhtymä")


def test_a_deleted_service_leaves_no_postings(demo_data):
    service = Service.objects.get(slug="wilma")
    service.delete()
    assert not Posting.objects.filter(service_id=service.pk).exists()
    assert "wilma" not in found("wilma")


def test_a_rebuild_gives_the_same_index_as_the_changes_made_one_by_one(demo_data):
    service = Service.objects.get(slug="puheterapia")
    service.description_sv = "Talterapi för barn med stamning."
    service.save()
    Organization.objects.filter(services__isnull=False).first().save()
    before = snapshot()
    built = index.rebuild()
    assert snapshot() == before
    assert built["services"] == Service.objects.count()
    assert built["postings"] == len(before)


def test_the_command_rebuilds_the_index(demo_data, capsys):
    Posting.objects.all().delete()
    assert found("wilma") == []
    call_command("rebuild_search_index")
    assert "Indexed" in capsys.readouterr().out
    assert found("wilma")[0] == "wilma"


def test_every_change_gives_a_new_content_version(demo_data):
    seen = {index.current_version()}
    Service.objects.get(slug="wilma").save()
    seen.add(index.current_version())
    SynonymGroup.objects.create(terms="wilma, reissuvihko")
    seen.add(index.current_version())
    assert len(seen) == 3


def test_terms_longer_than_the_column_are_cut_not_refused(demo_data):
    service = Service.objects.get(slug="wilma")
    service.keywords_fi = "a" * 500
    service.save()
    assert Term.objects.filter(text="a" * index.MAX_TERM).exists()


def brute_force(word: str, terms: dict[str, int]) -> dict[int, float]:
    return {pk: q for text, pk in terms.items() if (q := match(word, {text}))}


def test_the_vocabulary_finds_what_comparing_with_every_term_finds(demo_data):
    """Property: for words as people type them (terms themselves, inflected, cut short, with one
    typo, glued to another word, unrelated), the candidate lookup loses nothing."""
    terms = dict(Term.objects.values_list("text", "pk"))
    vocabulary = Vocabulary(0, terms, match)
    rng = random.Random(7)
    words = ["neuvola", "neuvlola", "lastenneuvolaan", "erotilanteessa", "paivakoti", "xyzzy", "perhe", "kahvilat"]
    texts = sorted(terms)
    for text in rng.sample(texts, 150):
        words.append(text)
        words.append(text + rng.choice(["ssa", "sta", "an", "lle", "t", "ineen"]))
        if len(text) > 4:
            i = rng.randrange(len(text))
            words.append(text[:i] + rng.choice("aeiknst") + text[i + 1 :])  # a typo
            words.append(text[:i] + text[i + 1 :])  # a letter missing
            words.append(text[: max(4, i)])
        words.append(rng.choice(texts) + text)  # a compound
    for word in words:
        assert vocabulary.matches(word) == brute_force(word, terms), word


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "NEAR",
        ":",
        "-",
        'neuvola NEAR/3 "perhe*" -ero OR 1=1; --',
        "'); DROP TABLE search_term; --",
        "a" * 10_000,
        "neuvola " * 2_000,
        "👶🍼😀",
        "Лапсет neuvola ねこ",
        "?!.,;:()[]{}<>",
    ],
)
def test_odd_queries_give_sensible_results_or_none_in_bounded_queries(client, demo_data, query):
    for url in ("/services/", "/api/v1/services/"):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"q": query})
        assert response.status_code in (200, 400), (url, response.status_code)
        assert len(ctx.captured_queries) < 40
    assert Term.objects.filter(text="neuvola").exists()
