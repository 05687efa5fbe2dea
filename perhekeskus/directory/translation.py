"""Multilingual content fields: one column per language, Finnish as the fallback.

Content is written in Finnish first (the documents are Finnish); Swedish and English are
translations where someone has written them, and some texts have a plain-Finnish (selkokieli)
variant. Columns (`name_fi`, `name_sv`, ...) rather than a JSON blob keep the admin forms plain,
the search index simple and the HSDS export a mapping.
"""

from django.db import models
from django.utils.translation import get_language

CONTENT_LANGUAGES = ("fi", "sv", "en")
PLAIN_FINNISH = "fi_plain"


def active_language(lang: str | None = None) -> str:
    """The content language to show: the given one, else the request's, else Finnish."""
    lang = (lang or get_language() or "fi").split("-")[0].lower()
    if lang in CONTENT_LANGUAGES or lang == PLAIN_FINNISH:
        return lang
    return "fi"


def translated(obj, base: str, lang: str | None = None) -> str:
    """The text of `base` in `lang`, falling back to Finnish when no translation is written."""
    lang = active_language(lang)
    value = getattr(obj, f"{base}_{lang}", "") or ""
    if not value and lang != "fi":
        value = getattr(obj, f"{base}_fi", "") or ""
    return value


def translated_language(obj, base: str, lang: str | None = None) -> str:
    """The language code the text of `translated(obj, base, lang)` is actually in (for `lang`)."""
    lang = active_language(lang)
    if lang == PLAIN_FINNISH:
        return "fi"
    return lang if getattr(obj, f"{base}_{lang}", "") else "fi"


class Named(models.Model):
    """A record whose name is written in Finnish and maybe translated."""

    name_fi = models.CharField("nimi (suomi)", max_length=300)
    name_sv = models.CharField("namn (svenska)", max_length=300, blank=True, default="")
    name_en = models.CharField("name (English)", max_length=300, blank=True, default="")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name_fi or getattr(self, "slug", "")

    def t(self, base: str, lang: str | None = None) -> str:
        return translated(self, base, lang)

    def t_lang(self, base: str, lang: str | None = None) -> str:
        return translated_language(self, base, lang)

    @property
    def name(self) -> str:
        return self.t("name")

    @property
    def name_lang(self) -> str:
        return self.t_lang("name")

    @property
    def description(self) -> str:
        return self.t("description") if hasattr(self, "description_fi") else ""

    @property
    def description_lang(self) -> str:
        return self.t_lang("description")


class Described(models.Model):
    """A record with a multilingual free-text description."""

    description_fi = models.TextField("kuvaus (suomi)", blank=True, default="")
    description_sv = models.TextField("beskrivning (svenska)", blank=True, default="")
    description_en = models.TextField("description (English)", blank=True, default="")

    class Meta:
        abstract = True
