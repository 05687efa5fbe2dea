"""`bench/generate_directory.py`: a synthetic national directory, the same for the same seed.

Each test loads the vocabularies (data/vocabulary.yaml) in its own transaction and generates a
small directory; regions and municipalities are always the whole country, whatever the count.
"""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings

from bench.generate_directory import main
from bench.synthetic import PREFIX, load_templates
from perhekeskus.directory.loader import load_files
from perhekeskus.directory.models import (
    Area,
    Channel,
    Location,
    Organization,
    Schedule,
    Service,
    TargetGroup,
)
from perhekeskus.search.engine import get_engine

pytestmark = pytest.mark.django_db

N = 300
VOCABULARY = Path(settings.BASE_DIR) / "data" / "vocabulary.yaml"


@pytest.fixture
def vocabulary(db):
    load_files([VOCABULARY])


def fold(text: str) -> str:
    return text.casefold().replace("ä", "a").replace("ö", "o").replace("å", "a")


def generate(*args: str) -> str:
    """What the script prints when run with `args`; it must succeed."""
    out = StringIO()
    assert main(list(args), stdout=out) == 0
    return out.getvalue()


def refusal(capsys, *args: str) -> tuple[int, str]:
    """The exit status and error message of a run with `args` that the script refuses."""
    capsys.readouterr()
    try:
        status = main(list(args), stdout=StringIO())
    except SystemExit as exit:  # argparse, on bad options
        status = exit.code
    assert status != 0
    return status, capsys.readouterr().err


def generated(model):
    return model.objects.filter(slug__startswith=PREFIX)


def snapshot() -> dict:
    """Everything generated, without primary keys, so that two runs can be compared."""
    services = generated(Service).order_by("slug")
    return {
        "areas": list(
            generated(Area).order_by("slug").values_list("slug", "name_fi", "name_sv", "kind", "parent__slug")
        ),
        "area_members": sorted(
            generated(Area).filter(municipalities__isnull=False).values_list("slug", "municipalities__slug")
        ),
        "organizations": list(
            generated(Organization).order_by("slug").values_list("slug", "name_fi", "kind", "area__slug", "website")
        ),
        "places": list(
            generated(Location)
            .order_by("slug")
            .values_list("slug", "name_fi", "address", "postal_code", "municipality__slug", "latitude", "longitude")
        ),
        "services": list(
            services.values_list(
                "slug",
                "name_fi",
                "name_sv",
                "name_en",
                "description_fi",
                "description_sv",
                "description_en",
                "keywords_fi",
                "kind",
                "status",
                "organization__slug",
                "path_stage__slug",
                "free",
                "updated_at",
            )
        ),
        "target_groups": sorted(services.values_list("slug", "target_groups__slug")),
        "delivery_modes": sorted(services.values_list("slug", "delivery_modes__slug")),
        "languages": sorted(services.values_list("slug", "languages__slug")),
        "service_places": sorted(services.values_list("slug", "places__slug")),
        "channels": sorted(
            Channel.objects.filter(service__slug__startswith=PREFIX).values_list(
                "service__slug", "order", "kind", "value"
            )
        ),
        "hours": sorted(
            Schedule.objects.filter(channel__service__slug__startswith=PREFIX).values_list(
                "channel__service__slug", "channel__order", "weekdays", "opens_at", "closes_at"
            )
        ),
    }


def test_the_whole_country_whatever_the_number_of_services(vocabulary):
    output = generate("--services", str(N), "--seed", "3")
    regions = generated(Area).filter(kind=Area.Kind.WELLBEING_REGION)
    municipalities = generated(Area).filter(kind=Area.Kind.MUNICIPALITY)
    assert regions.count() == 21
    assert 280 <= municipalities.count() <= 320
    assert not municipalities.filter(parent__isnull=True).exists()
    assert set(municipalities.values_list("parent__kind", flat=True)) == {Area.Kind.WELLBEING_REGION}
    areas = generated(Area).filter(kind=Area.Kind.FAMILY_CENTRE_AREA)
    assert areas.exists() and not areas.filter(parent__isnull=True).exists()
    assert areas.filter(municipalities__isnull=False).exists()  # areas spanning municipalities
    # Every municipality has its own organisation, and every region one.
    assert generated(Organization).filter(kind=Organization.Kind.MUNICIPALITY).count() == municipalities.count()
    assert generated(Organization).filter(kind=Organization.Kind.WELLBEING_REGION).count() == 21
    assert generated(Organization).filter(kind=Organization.Kind.PARISH).exists()
    assert generated(Organization).filter(kind=Organization.Kind.NGO).exists()
    assert generated(Location).count() >= municipalities.count()
    assert generated(Service).count() == N
    # A progress line per stage and a summary.
    for stage in ("areas:", "organisations:", "places:", f"services: {N} of {N}", "Generated (seed 3)"):
        assert stage in output, output


def test_every_service_is_public_and_complete(vocabulary):
    generate("--services", str(N))
    services = generated(Service)
    assert services.count() == Service.objects.public().filter(slug__startswith=PREFIX).count() == N
    assert not services.filter(organization__isnull=True).exists()
    assert not services.filter(name_fi="").exists()
    assert not services.filter(target_groups__isnull=True).exists()
    assert not services.filter(delivery_modes__isnull=True).exists()
    assert len({s.slug for s in services}) == N
    # A phone line with weekday hours for most, a web address for many; some in Swedish and English.
    with_phone = services.filter(channels__kind=Channel.Kind.PHONE).distinct().count()
    assert with_phone > N / 2
    assert Schedule.objects.filter(channel__service__in=services, channel__kind=Channel.Kind.PHONE).exists()
    assert services.filter(channels__kind=Channel.Kind.WEB).distinct().count() > N / 4
    assert services.exclude(name_sv="").exists() and services.exclude(name_en="").exists()
    assert services.exclude(keywords_fi="").count() > N / 2
    # What a form in the admin would accept.
    for service in services.prefetch_related("channels__schedules", "schedules"):
        service.full_clean(validate_unique=False)
        for channel in service.channels.all():
            channel.full_clean(validate_unique=False)
            for rule in channel.schedules.all():
                rule.full_clean()
        for rule in service.schedules.all():
            rule.full_clean()
    for model in (Location, Organization, Area):
        for row in generated(model)[:200]:
            row.full_clean(validate_unique=False)


def test_names_come_from_the_demo_vocabulary_not_its_places(vocabulary):
    generate("--services", str(N))
    templates = [t.name["fi"].casefold() for t in load_templates()]
    names = list(generated(Service).values_list("name_fi", flat=True))
    from_templates = [n for n in names if any(t in n.casefold() for t in templates)]
    assert len(from_templates) > N / 2
    for demo_place in ("kemi", "kotka", "kouvola", "jukola", "takitsu"):
        assert not [n for n in names if demo_place in n.casefold().split()], demo_place


@pytest.mark.slow(reason="three directories of 300 services, two of them replacing the one before, row by row")
def test_same_seed_same_directory_another_seed_another(vocabulary):
    generate("--services", str(N), "--seed", "7")
    first = snapshot()
    generate("--services", str(N), "--seed", "7", "--replace")
    assert snapshot() == first
    generate("--services", str(N), "--seed", "8", "--replace")
    other = snapshot()
    assert other["services"] != first["services"]
    assert {row[0] for row in other["services"]} != {row[0] for row in first["services"]}
    assert [row[1] for row in other["areas"]] != [row[1] for row in first["areas"]]


@pytest.mark.slow(reason="generates a directory, is refused twice, then replaces it: --replace deletes row by row")
def test_a_second_run_refuses_and_replace_leaves_other_data_alone(vocabulary, capsys):
    own = Service.objects.create(slug="oma-palvelu", name_fi="Oma palvelu", kind=Service.Kind.E_SERVICE)
    generate("--services", "50", "--seed", "1")
    status, message = refusal(capsys, "--services", "50", "--seed", "1")
    assert status == 1 and "--replace" in message
    status, message = refusal(capsys, "--services", "60", "--seed", "2")
    assert status == 1 and "--replace" in message
    assert generated(Service).count() == 50
    output = generate("--services", "60", "--seed", "2", "--replace")
    assert "deleted the earlier generated directory" in output
    assert generated(Service).count() == 60
    assert generated(Area).filter(kind=Area.Kind.WELLBEING_REGION).count() == 21
    assert Service.objects.filter(pk=own.pk).exists()


def test_replace_on_an_empty_database_just_generates(vocabulary):
    generate("--services", "10", "--replace")
    assert generated(Service).count() == 10


def test_the_search_engine_finds_generated_neuvola_services(vocabulary):
    generate("--services", str(N), "--seed", "1")
    neuvolas = {pk for pk, name in generated(Service).values_list("pk", "name_fi") if "neuvola" in fold(name)}
    assert len(neuvolas) >= 3
    hits = get_engine().rank("neuvola", Service.objects.public())
    ranked = [hit.service_id for hit in hits]
    assert neuvolas <= set(ranked)
    names = dict(Service.objects.values_list("pk", "name_fi"))
    assert all("neuvola" in fold(names[pk]) for pk in ranked[:5]), [names[pk] for pk in ranked[:5]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--services", "0"], "from 1 to 200000"),
        (["--services", "-5"], "from 1 to 200000"),
        (["--services", "abc"], "from 1 to 200000"),
        (["--services", "10000000"], "from 1 to 200000"),
        (["--services", "1.5"], "from 1 to 200000"),
        (["--services", "10", "--seed", "x"], "--seed: must be a whole number"),
        ([], "--services"),
    ],
)
def test_bad_arguments_are_refused_with_a_message(vocabulary, capsys, args, message):
    status, error = refusal(capsys, *args)
    assert status == 2 and message in error, error
    assert not generated(Service).exists()


def test_without_the_vocabularies_nothing_is_generated(db, capsys):
    TargetGroup.objects.all().delete()
    status, error = refusal(capsys, "--services", "10")
    assert status == 1 and "vocabulary.yaml" in error
    assert not generated(Area).exists()


def test_the_script_runs_on_its_own():
    """Run as a script, it sets up Django itself (here only as far as --help)."""
    script = Path(settings.BASE_DIR) / "bench" / "generate_directory.py"
    out = subprocess.run([sys.executable, script, "--help"], capture_output=True, text=True, check=True)
    assert "--services N" in out.stdout and "--replace" in out.stdout
