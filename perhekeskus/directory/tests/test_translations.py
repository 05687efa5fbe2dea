"""Every interface text has its Swedish and English translation (the .po files are complete)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CATALOGS = sorted(Path(settings.BASE_DIR, "perhekeskus", "locale").glob("*/LC_MESSAGES/django.po"))


def entries(output: str) -> list[str]:
    """The entries msgattrib printed (blocks separated by blank lines), without the header."""
    blocks = [block for block in output.split("\n\n") if "msgid" in block]
    return [block for block in blocks if "Project-Id-Version" not in block]


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: p.parts[-3])
@pytest.mark.parametrize("which", ["--untranslated", "--only-fuzzy"])
def test_catalog_has_no_untranslated_or_fuzzy_entries(catalog, which):
    assert shutil.which("msgattrib"), "gettext is missing (on Debian: apt-get install gettext)"
    output = subprocess.run(["msgattrib", which, str(catalog)], capture_output=True, text=True, check=True).stdout
    assert entries(output) == [], f"{catalog}: {which[2:]} entries (run make makemessages and translate them)"


def test_both_interface_languages_have_a_catalog():
    assert {p.parts[-3] for p in CATALOGS} == {"sv", "en"}
