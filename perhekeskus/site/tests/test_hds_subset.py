"""The design system's component styles are the subset our templates use, and up to date."""

import importlib.util
import re

import pytest
from django.conf import settings

TOOL = settings.BASE_DIR / "tools" / "hds_subset.py"


def _tool():
    spec = importlib.util.spec_from_file_location("hds_subset", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_subset_is_what_the_tool_makes_of_the_templates_now():
    """Fails after a template starts using an HDS class the subset lacks: run tools/hds_subset.py."""
    tool = _tool()
    made = tool.subset(tool.SOURCE.read_text(encoding="utf-8"), tool.used_classes())
    assert tool.TARGET.read_text(encoding="utf-8") == made


def test_the_components_we_use_keep_their_rules_and_the_others_go():
    tool = _tool()
    full, kept = tool.SOURCE.read_text(encoding="utf-8"), tool.TARGET.read_text(encoding="utf-8")
    for rule in (".hds-button--primary", ".hds-notification--error", ".hds-table--light", ".hds-notification__body"):
        assert rule in kept, rule
    for unused in (".hds-breadcrumb", ".hds-table__content", "@use"):
        assert unused in full and unused not in kept, unused
    assert len(kept) < len(full) / 5


@pytest.mark.django_db
def test_the_pages_link_the_subset(client):
    html = client.get("/").content.decode()
    assert "vendor/hds-core/components.subset.css" in html
    assert not re.search(r"components\.min\.css", html)
