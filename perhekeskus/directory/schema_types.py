"""The building blocks of the data files' declared schemas (pydantic): `Record`, the base of every
record, which refuses unknown fields and takes an empty value (`key:` or `key: null`) as absent;
the value types of data/SCHEMA.md (slug, text, date, time, weekdays, keywords ...); and `read()`,
which checks one record against its schema.

Every plain-word message of the schemas is written here, in one place: the value types raise their
own, and `MESSAGES` gives pydantic's built-in error types the loader's words. `read()` puts each
message after its place (file, record, field) and never stops at the first one. A record that
fails is still returned, in part: what is valid on its own keeps its value (the rest is None), so
that the loader goes on to check its references and one run reports every mistake in a file.
"""

import datetime as dt
import re
import types
import typing
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StrictInt,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .loader_messages import Problems, Where, describe, suggest
from .models import WEEKDAYS
from .translation import CONTENT_LANGUAGES

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def invalid(message: str) -> PydanticCustomError:
    """A value without the shape its field needs; `message` says what was expected."""
    return PydanticCustomError("invalid", message)


def field_problem(field: str, message: str) -> PydanticCustomError:
    """A rule over several fields of a record, reported at `field` (raised by a model validator)."""
    return PydanticCustomError("field_problem", message, {"field": field})


class Record(BaseModel):
    """A record of a data file: a mapping of known fields. `SHAPE` and `UNKNOWN` are how messages
    describe it when it is not a mapping or has a key it does not know; a key with no value is
    left out, unless EMPTY_IS_ABSENT is False."""

    model_config = ConfigDict(extra="forbid")
    SHAPE: ClassVar[str] = "a mapping of fields"
    UNKNOWN: ClassVar[str] = "unknown field"
    EMPTY_IS_ABSENT: ClassVar[bool] = True

    @model_validator(mode="before")
    @classmethod
    def empty_is_absent(cls, value):
        return present(cls, value)


# --- values -----------------------------------------------------------------------------------


def parse_slug(value) -> str:
    if isinstance(value, str) and SLUG.match(value):
        return value
    raise invalid(f"expected a slug (lowercase ASCII words joined by '-'), got {describe(value)}")


def parse_slugs(value) -> list[str]:
    if not isinstance(value, list):
        raise invalid(f"expected a list of slugs, got {describe(value)}")
    slugs = [parse_slug(v) for v in value]
    twice = sorted({s for s in slugs if slugs.count(s) > 1})
    if twice:
        raise invalid(f"listed twice: {', '.join(twice)}")
    return slugs


def parse_date(value) -> dt.date:
    """A date: YAML's own (2022-01-10) or a quoted "2022-01-10"."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise invalid(f"expected a date YYYY-MM-DD, got {describe(value)}")


def time_parser(*, end: bool):
    """A time "HH:MM". A closing time may be "24:00", the end of the day, stored as 00:00."""

    def parse(value) -> dt.time:
        if isinstance(value, str):
            if end and value == "24:00":
                return dt.time(0, 0)
            match = TIME.match(value)
            if match:
                return dt.time(int(match[1]), int(match[2]))
        # YAML 1.1 reads an unquoted 10:00 as the number 600 (base 60).
        hint = " in quotes (YAML reads an unquoted 10:00 as a number)" if isinstance(value, int) else ""
        raise invalid(f'expected a time "HH:MM"{hint}, got {describe(value)}')

    return parse


def parse_days(value) -> str:
    """Weekdays `[mo, tu]`, stored as "mo,tu"."""
    if not isinstance(value, list) or not value:
        raise invalid(f"expected a list of weekdays ({', '.join(WEEKDAYS)}), got {describe(value)}")
    for day in value:
        if day not in WEEKDAYS:
            raise invalid(f"unknown weekday {describe(day)} (use {', '.join(WEEKDAYS)})")
    if len(set(value)) != len(value):
        raise invalid("a weekday is listed twice")
    return ",".join(value)


def parse_decimal(value) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise invalid(f"expected a number, got {describe(value)}")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise invalid(f"expected a number, got {describe(value)}") from None


class TextValue(dict):
    """A text by language; `rejoined` when an unquoted comma had split it (read() warns)."""

    rejoined = False


def rejoin_split_text(value: dict, languages) -> tuple[dict, bool]:
    """Undo a YAML pitfall: in `{fi: Pysäkki, Kotkan toimipiste, sv: ...}` the unquoted comma ends
    the text and ` Kotkan toimipiste` becomes a key without a value. Such pieces are put back
    after the text they were cut from (with a warning, so that the file gets quoted)."""
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


def text_parser(languages=CONTENT_LANGUAGES, *, rejoin: bool = True):
    """A text: a mapping by language with `fi` always present, or a plain string meaning Finnish."""

    def parse(value) -> TextValue:
        rejoined = False
        if rejoin and isinstance(value, dict):
            value, rejoined = rejoin_split_text(value, languages)
        if isinstance(value, str):
            return TextValue(fi=value)
        if not isinstance(value, dict):
            raise invalid(f"expected a text or a mapping {{fi: ..., sv: ..., en: ...}}, got {describe(value)}")
        unknown = [k for k in value if k not in languages]
        if unknown:
            raise invalid(f"unknown language {describe(unknown[0])} (use {', '.join(languages)})")
        for lang, text in value.items():
            if not isinstance(text, str):
                raise invalid(f"expected text in '{lang}', got {describe(text)}")
        if not value.get("fi"):
            raise invalid("the Finnish text 'fi' is missing")
        text = TextValue(value)
        text.rejoined = rejoined
        return text

    return parse


def parse_keywords(value) -> dict[str, str]:
    """Search words by language `{fi: [...], sv: [...]}`, stored one a line."""
    if not isinstance(value, dict):
        raise invalid(f"expected a mapping {{fi: [...], sv: [...], en: [...]}}, got {describe(value)}")
    result = {}
    for lang, words in value.items():
        if lang not in CONTENT_LANGUAGES:
            raise invalid(f"unknown language {describe(lang)} (use {', '.join(CONTENT_LANGUAGES)})")
        if not isinstance(words, list):
            raise invalid(f"expected a list of words in '{lang}'")
        # An unquoted 112 (the emergency number) is a YAML number; as a search word it is "112".
        words = [str(w) if isinstance(w, int) and not isinstance(w, bool) else w for w in words]
        bad = [w for w in words if not isinstance(w, str) or not w.strip() or "\n" in w]
        if bad:
            raise invalid(f"expected a list of words in '{lang}', got {describe(bad[0])}")
        result[lang] = "\n".join(w.strip() for w in words)
    return result


def parse_translated(value) -> list[str]:
    if isinstance(value, list) and all(v in CONTENT_LANGUAGES for v in value):
        return value
    raise invalid(f"expected a list of languages ({', '.join(CONTENT_LANGUAGES)}), got {describe(value)}")


def list_of(what: str):
    """A check before a list is read item by item, so that its message says what it holds."""

    def check(value):
        if not isinstance(value, list):
            raise invalid(f"expected a list of {what}, got {describe(value)}")
        return value

    return BeforeValidator(check)


# The types the schemas declare their fields with; pydantic's own strict types do the rest
# (StrictStr, StrictBool, StrictInt with Field(ge=...), Literal[...] for a choice).
Count = Annotated[StrictInt, Field(ge=0)]  # a whole number of at least 0: an order, an age, a level
Slug = Annotated[str, PlainValidator(parse_slug)]
Slugs = Annotated[list[str], PlainValidator(parse_slugs)]
Date = Annotated[dt.date, PlainValidator(parse_date)]
Time = Annotated[dt.time, PlainValidator(time_parser(end=False))]
EndTime = Annotated[dt.time, PlainValidator(time_parser(end=True))]
Weekdays = Annotated[str, PlainValidator(parse_days)]
Coordinate = Annotated[Decimal, PlainValidator(parse_decimal)]
Text = Annotated[dict[str, str], PlainValidator(text_parser())]
Texts = Annotated[list[Annotated[dict[str, str], PlainValidator(text_parser(rejoin=False))]], list_of("texts")]
Keywords = Annotated[dict[str, str], PlainValidator(parse_keywords)]
Translated = Annotated[list[str], PlainValidator(parse_translated)]


def choice(values) -> Any:
    """One of `values` (e.g. a model's TextChoices values), as a Literal type."""
    return Literal[tuple(values)]


# --- messages ---------------------------------------------------------------------------------


def _text_hint(value) -> str:
    return " (put it in quotes)" if isinstance(value, int | float | dt.date) and not isinstance(value, bool) else ""


# pydantic's error types in the loader's words; the value types above raise their own ("invalid").
MESSAGES = {
    "missing": lambda value, ctx: "missing",
    "bool_type": lambda value, ctx: f"expected true or false, got {describe(value)}",
    "int_type": lambda value, ctx: f"expected a whole number, got {describe(value)}",
    "greater_than_equal": lambda value, ctx: f"expected a number of at least {ctx['ge']}, got {value}",
    "string_type": lambda value, ctx: f"expected text, got {describe(value)}{_text_hint(value)}",
    "list_type": lambda value, ctx: f"expected a list, got {describe(value)}",
}


def message(schema: type[Record], error) -> tuple[tuple, str]:
    """The place (pydantic's `loc`) and the plain words of one error of `schema`."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    if kind == "field_problem":
        return (*loc, error["ctx"]["field"]), error["msg"]
    if kind in ("extra_forbidden", "invalid_key"):
        record = type_at(schema, loc[:-1])
        return (*loc[:-1], str(loc[-1])), f"{record.UNKNOWN}{suggest(loc[-1], keys(record))}"
    if kind in ("model_type", "model_attributes_type"):
        return loc, f"expected {type_at(schema, loc).SHAPE}, got {describe(value)}"
    if kind == "literal_error":
        choices = [str(c) for c in typing.get_args(type_at(schema, loc))]
        return loc, f"expected one of {', '.join(choices)}, got {describe(value)}{suggest(value, choices)}"
    if kind in MESSAGES:
        return loc, MESSAGES[kind](value, error.get("ctx") or {})
    return loc, error["msg"]


# --- reading a record -------------------------------------------------------------------------

R = TypeVar("R", bound=Record)


def read(schema: type[R], value, where: Where, problems: Problems) -> tuple[R, list[tuple]]:
    """`value` checked against `schema`: the record (in part where invalid) and the places of its
    errors, each reported to `problems`; split texts are warned about."""
    failed = []
    try:
        record = schema.model_validate(value)
    except ValidationError as exc:
        for error in exc.errors():
            loc, text = message(schema, error)
            failed.append(loc)
            problems.error(at(where, loc), text)
        record = partial(schema, value)
    warn_split_texts(record, where, problems)
    return record, failed


def at(where: Where, loc) -> Where:
    for step in loc:
        where = where / step
    return where


def partial(schema: type[R], value) -> R:
    """The fields of `value` that are valid on their own; the rest None (or their default when absent)."""
    kept = dict.fromkeys(name for name, field in schema.model_fields.items() if field.is_required())
    if isinstance(value, dict):
        value = present(schema, value)
        for name, field in schema.model_fields.items():
            key = field.alias or name
            if key in value:
                salvaged = salvage(field_type(schema, name), value[key])
                if salvaged is not FAILED:
                    kept[name] = salvaged
    return schema.model_construct(**kept)


FAILED = object()


def salvage(annotation, value):
    """`value` read as `annotation`; a record or a list in part where invalid; else FAILED."""
    try:
        return adapter(annotation).validate_python(value)
    except ValidationError:
        pass
    inner, whole = unwrap(annotation)
    if whole:  # read whole by its own validator (a list of slugs is one value)
        return FAILED
    if isinstance(inner, type) and issubclass(inner, Record):
        return partial(inner, value)
    if typing.get_origin(inner) is list and isinstance(value, list):
        items = [salvage(typing.get_args(inner)[0], item) for item in value]
        return [None if item is FAILED else item for item in items]
    return FAILED


def warn_split_texts(record, where: Where, problems: Problems) -> None:
    """Warn of every text of `record` (nested ones too) that an unquoted comma had split."""
    if isinstance(record, TextValue) and record.rejoined:
        problems.warn(
            where, f"an unquoted comma split this text; read as {record.get('fi')!r} (quote texts that contain a comma)"
        )
    elif isinstance(record, Record):
        for name, field in type(record).model_fields.items():
            warn_split_texts(getattr(record, name, None), where / (field.alias or name), problems)
    elif isinstance(record, list):
        for index, item in enumerate(record):
            warn_split_texts(item, where / index, problems)


# --- the schema's own structure ---------------------------------------------------------------


@cache
def keys(schema: type[Record]) -> tuple[str, ...]:
    """The keys a record of `schema` may have, as the file writes them."""
    return tuple(field.alias or name for name, field in schema.model_fields.items())


def present(schema: type[Record], value):
    """`value` without its known keys whose value is empty (None): the file leaves them out."""
    if not isinstance(value, dict) or not schema.EMPTY_IS_ABSENT:
        return value
    known = keys(schema)
    return {key: item for key, item in value.items() if item is not None or key not in known}


@cache
def field_type(schema: type[Record], name: str):
    field = schema.model_fields[name]
    return Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation


_adapters: dict[int, tuple[Any, TypeAdapter]] = {}


def adapter(annotation) -> TypeAdapter:
    """A validator for one field's type, made once (the type is kept, so its id stays its own)."""
    if id(annotation) not in _adapters:
        _adapters[id(annotation)] = (annotation, TypeAdapter(annotation))
    return _adapters[id(annotation)][1]


def unwrap(annotation) -> tuple[Any, bool]:
    """The type inside Annotated[...] and Optional[...], and whether a PlainValidator reads it."""
    whole = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation, *metadata = typing.get_args(annotation)
            whole = whole or any(isinstance(m, PlainValidator) for m in metadata)
        elif origin in (typing.Union, types.UnionType):
            others = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(others) != 1:
                return annotation, whole
            annotation = others[0]
        else:
            return annotation, whole


def type_at(schema: type[Record], loc) -> Any:
    """The type at pydantic's `loc` in `schema`: a record, a Literal, a list ..."""
    annotation: Any = schema
    for step in loc:
        annotation = unwrap(annotation)[0]
        if isinstance(step, int):
            annotation = typing.get_args(annotation)[0]
        else:
            fields = annotation.model_fields
            name = next((n for n, f in fields.items() if (f.alias or n) == step), step)
            annotation = field_type(annotation, name)
    return unwrap(annotation)[0]
