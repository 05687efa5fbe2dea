"""The system check of the posters' address (activities/checks.py)."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from perhekeskus.activities.checks import site_url_is_the_live_site


@pytest.mark.parametrize(
    ("debug", "site_url", "ids"),
    [
        (False, "http://127.0.0.1:8000", ["perhekeskus.E001"]),
        (False, "http://perhekeskus.example.fi", ["perhekeskus.E002"]),
        (False, "perhekeskus.example.fi", ["perhekeskus.E002"]),
        (False, "https://", ["perhekeskus.E002"]),
        (False, "https://perhekeskus.example.fi", []),
        (True, "http://127.0.0.1:8000", []),
    ],
)
def test_without_debug_site_url_must_be_set_and_https(settings, debug, site_url, ids):
    settings.DEBUG, settings.SITE_URL = debug, site_url

    assert [error.id for error in site_url_is_the_live_site()] == ids


def test_manage_py_check_fails_on_the_default_site_url_in_production(settings):
    settings.DEBUG, settings.SITE_URL = False, settings.SITE_URL_DEFAULT

    with pytest.raises(SystemCheckError, match="perhekeskus.E001"):
        call_command("check")
