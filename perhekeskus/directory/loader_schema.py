"""Shape and type checks for the data files (data/SCHEMA.md): the fields a record may have and
what each value must look like.

Kept apart from the writing in loader.py so that the rules of the format read on their own and
the apps that own the later sections (activities, pathways, network ...) can reuse them. A check
never stops at the first problem: a `Reader` notes each one with its place (file, record, field)
and reads on, so that one run of the loader reports every mistake in a file.
"""

import datetime as dt
import difflib
import re
from decimal import Decimal, InvalidOperation

from .models import WEEKDAYS
from .translation import CONTENT_LANGUAGES

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The fields each kind of record may have. `translated` lists the languages someone translated
# (no column: the texts themselves show it); `note` and `source` keep what the documents say.
COMMON = {"slug", "name", "description", "note", "source", "translated"}
FILE_FIELDS = {"title", "source", "notes"}
VOCABULARY_FIELDS = {"slug", "name", "description", "order"}
TASK_FIELDS = VOCABULARY_FIELDS | {"source", "translated"}
TARGET_GROUP_FIELDS = VOCABULARY_FIELDS | {"age_min", "age_max"}  # years, where a group has an age
AREA_FIELDS = COMMON - {"description"} | {"kind", "parent", "municipalities"}
ORGANIZATION_FIELDS = COMMON | {"kind", "website", "network_member", "area", "parent"}
PLACE_FIELDS = COMMON | {
    "address",
    "postal_code",
    "municipality",
    "area",
    "organization",
    "meeting_place",
    "accessibility",
    "latitude",
    "longitude",
    "hours",
}
SERVICE_FIELDS = COMMON | {
    "organization",
    "partners",
    "kind",
    "status",
    "target_groups",
    "age_min",
    "age_max",
    "delivery",
    "path_stage",
    "tasks",
    "languages",
    "free",
    "anonymous",
    "identification_required",
    "response_promise",
    "keywords",
    "places",
    "channels",
    "hours",
}
CHANNEL_FIELDS = {"kind", "label", "value", "hours"}
HOURS_FIELDS = {"days", "opens", "closes", "valid_from", "valid_to", "note", "open_on_holidays"}


class Invalid(ValueError):
    """A value without the shape its field needs; the message says what was expected."""


class Where:
    """The place of a value in the data (file, record, field), as error messages name it:
    `Where("kemi.yaml", "services[pyyda-apua]") / "channels" / 0` is
    `kemi.yaml: services[pyyda-apua].channels[0]`."""

    __slots__ = ("file", "path")

    def __init__(self, file: str, path: str = ""):
        self.file, self.path = file, path

    def __truediv__(self, key: str | int) -> "Where":
        step = f"[{key}]" if isinstance(key, int) else (f".{key}" if self.path else str(key))
        return Where(self.file, self.path + step)

    def __str__(self) -> str:
        return f"{self.file}: {self.path}" if self.path else self.file


def record_where(file: str, section: str, index: int, item) -> Where:
    """A record is named by its slug where it has a usable one, else by its position."""
    slug = item.get("slug") if isinstance(item, dict) else None
    return Where(file, f"{section}[{slug if isinstance(slug, str) and slug else index}]")


class Problems:
    """The errors and warnings of one run, each message led by its place."""

    def __init__(self):
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, where: Where, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def warn(self, where: Where, message: str) -> None:
        self.warnings.append(f"{where}: {message}")


def describe(value) -> str:
    """A value as a message shows it: YAML words for YAML types, short reprs for the rest."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def suggest(word, choices) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


# --- values -----------------------------------------------------------------------------------


def parse_str(value) -> str:
    if isinstance(value, str):
        return value
    hint = " (put it in quotes)" if isinstance(value, int | float | dt.date) and not isinstance(value, bool) else ""
    raise Invalid(f"expected text, got {describe(value)}{hint}")


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    raise Invalid(f"expected true or false, got {describe(value)}")


def parse_int(value, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"expected a whole number, got {describe(value)}")
    if value < minimum:
        raise Invalid(f"expected a number of at least {minimum}, got {value}")
    return value


def parse_decimal(value) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Invalid(f"expected a number, got {describe(value)}")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise Invalid(f"expected a number, got {describe(value)}") from None


def parse_slug(value) -> str:
    if isinstance(value, str) and SLUG.match(value):
        return value
    raise Invalid(f"expected a slug (lowercase ASCII words joined by '-'), got {describe(value)}")


def parse_slugs(value) -> list[str]:
    if not isinstance(value, list):
        raise Invalid(f"expected a list of slugs, got {describe(value)}")
    slugs = [parse_slug(v) for v in value]
    twice = sorted({s for s in slugs if slugs.count(s) > 1})
    if twice:
        raise Invalid(f"listed twice: {', '.join(twice)}")
    return slugs


def choice(choices):
    """A parser accepting one of `choices` (e.g. a model's TextChoices values)."""
    choices = tuple(choices)

    def parse(value) -> str:
        if isinstance(value, str) and value in choices:
            return value
        raise Invalid(f"expected one of {', '.join(choices)}, got {describe(value)}{suggest(value, choices)}")

    return parse


def parse_date(value) -> dt.date:
    """A date: YAML's own (2022-01-10) or a quoted "2022-01-10"."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(f"expected a date YYYY-MM-DD, got {describe(value)}")


def parse_time(value, *, end: bool = False) -> dt.time:
    """A time "HH:MM". A closing time may be "24:00", the end of the day, stored as 00:00."""
    if isinstance(value, str):
        if end and value == "24:00":
            return dt.time(0, 0)
        match = TIME.match(value)
        if match:
            return dt.time(int(match[1]), int(match[2]))
    # YAML 1.1 reads an unquoted 10:00 as the number 600 (base 60).
    hint = " in quotes (YAML reads an unquoted 10:00 as a number)" if isinstance(value, int) else ""
    raise Invalid(f'expected a time "HH:MM"{hint}, got {describe(value)}')


def parse_days(value) -> str:
    """Weekdays `[mo, tu]`, stored as "mo,tu"."""
    if not isinstance(value, list) or not value:
        raise Invalid(f"expected a list of weekdays ({', '.join(WEEKDAYS)}), got {describe(value)}")
    for day in value:
        if day not in WEEKDAYS:
            raise Invalid(f"unknown weekday {describe(day)} (use {', '.join(WEEKDAYS)})")
    if len(set(value)) != len(value):
        raise Invalid("a weekday is listed twice")
    return ",".join(value)


def parse_text(value, languages=CONTENT_LANGUAGES) -> dict[str, str]:
    """A text: a mapping by language with `fi` always present, or a plain string meaning Finnish."""
    if isinstance(value, str):
        return {"fi": value}
    if not isinstance(value, dict):
        raise Invalid(f"expected a text or a mapping {{fi: ..., sv: ..., en: ...}}, got {describe(value)}")
    unknown = [k for k in value if k not in languages]
    if unknown:
        raise Invalid(f"unknown language {describe(unknown[0])} (use {', '.join(languages)})")
    for lang, text in value.items():
        if not isinstance(text, str):
            raise Invalid(f"expected text in '{lang}', got {describe(text)}")
    if not value.get("fi"):
        raise Invalid("the Finnish text 'fi' is missing")
    return dict(value)


def rejoin_split_text(value: dict, languages=CONTENT_LANGUAGES) -> tuple[dict, bool]:
    """Undo a YAML pitfall: in `{fi: Pysäkki, Kotkan toimipiste, sv: ...}` the unquoted comma ends
    the text and ` Kotkan toimipiste` becomes a key without a value. Such pieces are put back
    after the text they were cut from (the caller warns, so the file gets quoted)."""
    out: dict = {}
    last = None
    rejoined = False
    for key, text in value.items():
        if text is None and isinstance(key, str) and key not in languages and isinstance(out.get(last), str):
            out[last] = f"{out[last]}, {key}"
            rejoined = True
        else:
            out[key] = text
            last = key
    return out, rejoined


def parse_keywords(value) -> dict[str, str]:
    """Search words by language `{fi: [...], sv: [...]}`, stored one a line."""
    if not isinstance(value, dict):
        raise Invalid(f"expected a mapping {{fi: [...], sv: [...], en: [...]}}, got {describe(value)}")
    result = {}
    for lang, words in value.items():
        if lang not in CONTENT_LANGUAGES:
            raise Invalid(f"unknown language {describe(lang)} (use {', '.join(CONTENT_LANGUAGES)})")
        # An unquoted 112 (the emergency number) is a YAML number; as a search word it is "112".
        words = [str(w) if isinstance(w, int) and not isinstance(w, bool) else w for w in words or []]
        bad = [w for w in words if not isinstance(w, str) or not w.strip() or "\n" in w]
        if not isinstance(value[lang], list) or bad:
            raise Invalid(f"expected a list of words in '{lang}'" + (f", got {describe(bad[0])}" if bad else ""))
        result[lang] = "\n".join(w.strip() for w in words)
    return result


def parse_translated(value) -> list[str]:
    if isinstance(value, list) and all(v in CONTENT_LANGUAGES for v in value):
        return value
    raise Invalid(f"expected a list of languages ({', '.join(CONTENT_LANGUAGES)}), got {describe(value)}")


# --- records ----------------------------------------------------------------------------------


class Reader:
    """One record (a YAML mapping) read field by field. Unknown and missing fields are reported
    when it is made; `reader.ok` tells whether anything was wrong with it since."""

    def __init__(self, problems: Problems, where: Where, value, fields, *, required=()):
        self.problems, self.where, self.fields = problems, where, fields
        self._mark = len(problems.errors)
        self.data = value if isinstance(value, dict) else {}
        if not isinstance(value, dict):
            problems.error(where, f"expected a mapping of fields, got {describe(value)}")
            return
        for key in value:
            if key not in fields:
                problems.error(where / str(key), f"unknown field{suggest(key, fields)}")
        for key in required:
            if value.get(key) is None:
                problems.error(where / key, "missing")
        if "translated" in fields:
            self.get("translated", parse_translated)

    @property
    def ok(self) -> bool:
        """No error since this record was opened (nested records and references included)."""
        return len(self.problems.errors) == self._mark

    def error(self, key: str | None, message: str) -> None:
        self.problems.error(self.where / key if key else self.where, message)

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def get(self, key: str, parse=parse_str, default=None):
        """The value of `key` parsed by `parse`, or `default` when absent (or wrong: reported)."""
        value = self.data.get(key)
        if value is None:
            return default
        try:
            return parse(value)
        except Invalid as exc:
            self.error(key, str(exc))
            return default

    def text(self, key: str, languages=CONTENT_LANGUAGES) -> dict[str, str]:
        """A multilingual text as {lang: text}, empty when absent."""
        value = self.data.get(key)
        if isinstance(value, dict):
            value, rejoined = rejoin_split_text(value, languages)
            if rejoined:
                self.problems.warn(
                    self.where / key,
                    f"an unquoted comma split this text; read as {value.get('fi')!r} "
                    "(quote texts that contain a comma)",
                )
        if value is None:
            return {}
        try:
            return parse_text(value, languages)
        except Invalid as exc:
            self.error(key, str(exc))
            return {}

    def texts(self, key: str, languages=CONTENT_LANGUAGES) -> list[dict[str, str]]:
        """A list of multilingual texts (bullet points, findings)."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(key, f"expected a list of texts, got {describe(value)}")
            return []
        items = []
        for index, text in enumerate(value):
            try:
                items.append(parse_text(text, languages))
            except Invalid as exc:
                self.problems.error(self.where / key / index, str(exc))
        return items

    def records(self, key: str, fields, *, required=()) -> list["Reader"]:
        """The nested records (a list of mappings) under `key`."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(key, f"expected a list, got {describe(value)}")
            return []
        return [
            Reader(self.problems, self.where / key / i, item, fields, required=required) for i, item in enumerate(value)
        ]

    def record(self, key: str, fields, *, required=()) -> "Reader | None":
        """One nested record (a mapping) under `key`, or None when absent."""
        if self.data.get(key) is None:
            return None
        return Reader(self.problems, self.where / key, self.data[key], fields, required=required)


def read_hours(reader: Reader, key: str = "hours") -> list[tuple[Where, dict]]:
    """Weekly rules under `key`, as Schedule field values (with where each came from)."""
    rules = []
    for rule in reader.records(key, HOURS_FIELDS, required=("days", "opens", "closes")):
        note = rule.text("note")
        values = {
            "weekdays": rule.get("days", parse_days, ""),
            "opens_at": rule.get("opens", parse_time),
            "closes_at": rule.get("closes", lambda v: parse_time(v, end=True)),
            "valid_from": rule.get("valid_from", parse_date),
            "valid_to": rule.get("valid_to", parse_date),
            "open_on_holidays": rule.get("open_on_holidays", parse_bool, False),
            **{f"note_{lang}": note.get(lang, "") for lang in CONTENT_LANGUAGES},
        }
        rules.append((rule.where, values))
    return rules
