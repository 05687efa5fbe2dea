"""The "Pyydä apua!" button: in the header of every page, and as a snippet for other sites."""

import html as html_lib
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse

from perhekeskus.help_requests.embed import EMBED_STYLE

from . import test_submission

help_desk = test_submission.help_desk  # the fixtures
fresh_rate_limits = test_submission.fresh_rate_limits

EMBED = "/pyyda-apua/upota/"


def snippet_of(page: str) -> str:
    return html_lib.unescape(re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', page, re.S).group(1))


def test_the_header_button_leads_to_the_form_on_every_page(client, help_desk):
    for url in (reverse("site:home"), reverse("help_requests:pickup"), EMBED):
        page = client.get(url).content.decode()
        assert '<a class="help-button" href="/pyyda-apua/">Pyydä apua!</a>' in page, url


def test_the_snippet_is_a_plain_link_with_inline_style(client, help_desk, settings):
    settings.SITE_URL = "https://perhekeskus.example/"

    page = client.get(EMBED).content.decode()

    snippet = snippet_of(page)
    assert snippet.startswith('<a href="https://perhekeskus.example/pyyda-apua/" lang="fi" style="')
    assert snippet.endswith(">Pyydä apua!</a>")
    assert "<script" not in snippet.lower() and "src=" not in snippet and "class=" not in snippet
    # The preview is the same link, styled by our stylesheet: our pages allow no inline style.
    preview = re.sub(r' style="[^"]*"', ' class="embed-button"', snippet)
    assert f'<div class="embed-preview">{preview}</div>' in page
    assert 'style="' not in page
    assert "<script" not in page.lower()


def declarations(css: str) -> set[str]:
    """`a: b c; d: e, f` as {"a:b c", "d:e,f"}: only the spaces that mean something are kept."""
    return {
        re.sub(r"\s+", " ", re.sub(r"\s*([:,])\s*", r"\1", item.strip())) for item in css.split(";") if item.strip()
    }


def test_the_preview_class_has_the_snippets_inline_style():
    stylesheet = Path(finders.find("perhekeskus/help.css")).read_text()

    rule = re.search(r"^\.embed-button \{(.*?)\}", stylesheet, re.M | re.S).group(1)
    assert declarations(rule) == declarations(EMBED_STYLE)


def test_the_snippet_for_a_municipality_and_a_language(client, help_desk, settings):
    settings.SITE_URL = "https://perhekeskus.example"

    page = client.get(EMBED, {"municipality": "kemi", "lang": "sv"}).content.decode()

    snippet = snippet_of(page)
    assert snippet.startswith('<a href="https://perhekeskus.example/sv/pyyda-apua/?municipality=kemi" lang="sv"')
    assert '<option value="kemi" selected>' in page
    assert client.get(snippet.split('"')[1].replace("https://perhekeskus.example", "")).status_code == 200


def test_unknown_choices_on_the_embed_page_are_ignored(client, help_desk, settings):
    settings.SITE_URL = "https://perhekeskus.example"

    response = client.get(EMBED, {"municipality": "\x00<script>", "lang": "xx"})

    assert response.status_code == 200
    assert 'href="https://perhekeskus.example/pyyda-apua/" lang="fi"' in html_lib.unescape(response.content.decode())
