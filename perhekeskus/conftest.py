"""Fixtures shared by the apps' tests: the demo data in the test database.

`demo_db` loads data/vocabulary.yaml, the four demo files and help_requests.yaml once per test
session, outside any test's transaction; `demo_data` gives a test that data inside its own
transaction, so whatever the test changes is rolled back and the next test sees the demo data as
loaded.

Once loaded, the demo data stays in the test database until the session ends. Tests that do not
ask for it expect an empty database, so they are run first (see pytest_collection_modifyitems).
With pytest-xdist (`make test` runs `-n auto`) every worker has its own test database and loads
the demo data into it once. The default `--dist load` hands each worker its tests in collection
order, so the order holds within each worker; `loadfile`, `loadscope`, `loadgroup` and `worksteal`
do not keep it and are not to be used here.
"""

import pytest

from perhekeskus.demo import demo_paths

DEMO_FIXTURES = {"demo_data", "demo_db"}


def pytest_collection_modifyitems(items):
    """Tests using the demo data after all others. pytest-django has already ordered the tests
    (transactional ones after the rest); the sort is stable, so that order holds within each part."""
    items.sort(key=lambda item: bool(DEMO_FIXTURES & set(getattr(item, "fixturenames", ()))))


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: search answers kept by an earlier test (whose
    changes were rolled back) are not served to the next, nor the finder's kept facts (a test may
    change rows with `update()`, which no signal sees)."""
    from django.core.cache import cache

    from perhekeskus.search import facts

    cache.clear()
    facts.forget()


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language: a page asked for in Swedish or English leaves
    that language active in the thread, and the next test's `reverse()` would build its URLs."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def steady_rate_limit_windows(monkeypatch):
    """The rate limits count in windows of the clock (a minute, an hour): six posts of a test
    could straddle the turn of a minute and see the count start again. The limits' clock stands
    still at the moment the test began."""
    from types import SimpleNamespace

    from django.utils import timezone

    from perhekeskus.help_requests import limits

    moment = timezone.now()
    monkeypatch.setattr(limits, "timezone", SimpleNamespace(now=lambda: moment))


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Passwords hashed with MD5 in tests: the production hasher (PBKDF2, a million rounds) takes
    a quarter of a second per hash and per login by design, which tested nothing of ours and was
    a tenth of the suite's time. Logging in still checks the password."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="module")
def restore_migration_data(django_db_blocker):
    """A transactional test ends with a flush, which deletes what the migrations wrote too (the
    role groups). Module-scoped, so this runs after that flush and puts it back for later tests.
    Its tests use `django_db(transaction=True, serialized_rollback=True)`: their flushes then leave
    the content types to this, and each of them starts with the migrations' data in place."""
    from django.db import connection

    yield
    with django_db_blocker.unblock():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="session")
def demo_db(django_db_setup, django_db_blocker):
    """The demo data loaded into the test database once per session; the run's LoadReport.
    Flushed at the end, so that a database kept with --reuse-db starts empty next time."""
    from django.core.management import call_command

    from perhekeskus.directory.loader import load_files

    with django_db_blocker.unblock():
        report = load_files(demo_paths())
    yield report
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo_data(demo_db, db):
    """The demo data for one test (in the test's transaction); the session's LoadReport."""
    from perhekeskus.directory.loader import load_files
    from perhekeskus.directory.models import Service

    if not Service.objects.exists():  # a transactional test flushed the database since
        return load_files(demo_paths())
    return demo_db


@pytest.fixture
def sign_in():
    """`sign_in(client, user)`: signed in with a verified second factor (accounts/testing.py), for
    the tests of the directory, which sits below the accounts app and may not import it."""
    from perhekeskus.accounts.testing import sign_in

    return sign_in
