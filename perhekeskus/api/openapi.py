"""OpenAPI descriptions of the API's parameters and answers, read from the forms that parse them.

A parameter is defined once, in its form: what the schema says it accepts is what the form
accepts (type, bounds, choices, whether it may be sent empty), with the form's label and help text
as its description. Choices that are rows (target groups, areas, places ...) are read from the
database each time the schema is built, so the schema lists the values the API accepts at that
moment; with no rows a choice is described by its slug pattern alone, and the schema stays valid.

`ApiSchema` adds what every endpoint shares: a parameter that may be sent empty says so, and every
operation documents 406 (an Accept header it cannot answer) and 503 with Retry-After (the database
away for a moment).
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import DatabaseError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from perhekeskus.directory.unavailable import RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE

from .serializers import SLUG_PATTERN, ErrorSerializer

MULTIPLE = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
SLUG_HELP = _("Tunniste (slug), kuten vastausten vastaavassa kentässä ja facets-luvuissa.")


class FormParameter(OpenApiParameter):
    """A query parameter as a form field parses it."""

    def __init__(self, name: str, field: forms.Field, *, example=None):
        self.field = field
        help_text = field.help_text or (SLUG_HELP if isinstance(field, forms.ModelChoiceField) else "")
        description = format_lazy("{}. {}", field.label, help_text) if help_text else field.label
        examples = [OpenApiExample(name, value=example)] if example is not None else None
        super().__init__(name, required=False, description=description, examples=examples)

    # drf-spectacular reads `type` as it builds the schema: the choices are the rows of that moment
    # (and nothing is read from the database when the module is imported).
    type = property(lambda self: self.value_schema(), lambda self, _value: None)

    def value_schema(self) -> dict:
        schema = _value_schema(self.field)
        return {"type": "array", "items": schema} if isinstance(self.field, MULTIPLE) else schema

    @property
    def accepts_empty(self) -> bool:
        """Whether `?name=` is taken as not given: so it is by every optional field of one value.
        An empty value of a multiple choice (`?target_group=`) names no choice and is a 400."""
        return not self.field.required and not isinstance(self.field, MULTIPLE)


def form_parameters(*form_classes: type[forms.Form], examples: dict | None = None) -> list[FormParameter]:
    """The query parameters of the forms, in their order; a multiple choice repeats its name.
    `examples` gives an example value by parameter name (the API's examples are in examples.py)."""
    examples = examples or {}
    return [
        FormParameter(name, field, example=examples.get(name))
        for form_class in form_classes
        for name, field in form_class.base_fields.items()
    ]


def _value_schema(field: forms.Field) -> dict:
    if isinstance(field, forms.ModelChoiceField):
        schema = {"type": "string", "pattern": SLUG_PATTERN}
        choices = model_choices(field)
        if choices:
            schema["enum"] = choices
        return schema
    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": [value for value, _label in field.choices if value != ""]}
    if isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
        return schema
    if isinstance(field, forms.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, forms.DateField):
        return _date_schema(field)
    if isinstance(field, forms.CharField) and field.max_length:
        return {"type": "string", "maxLength": field.max_length}
    return {"type": "string"}


def model_choices(field: forms.ModelChoiceField) -> list[str]:
    """The values a choice of rows accepts now, in order (none without a slug to choose by, and
    none when the database cannot be read: `manage.py check` builds the schema before `migrate`
    has made the tables, and the schema is then the one an empty database gives)."""
    name = field.to_field_name
    if not name:
        return []
    try:
        return list(field.queryset.order_by(name).values_list(name, flat=True).distinct())
    except DatabaseError:
        return []


def _date_schema(field: forms.DateField) -> dict:
    """A day; when its validators bound it to whole years, a pattern of those years too (the
    `date` format alone would promise 1970 to a field that refuses it)."""
    schema = {"type": "string", "format": "date"}
    first = next((v.limit_value for v in field.validators if isinstance(v, MinValueValidator)), None)
    last = next((v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)), None)
    if first and last and (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        if first.year % 100 == 0 and last.year == first.year + 99:
            years = f"{first.year // 100}[0-9]{{2}}"
        else:
            years = "(?:" + "|".join(str(year) for year in range(first.year, last.year + 1)) + ")"
        schema["pattern"] = f"^{years}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"
    return schema


def error_example(name: str, detail, errors: dict | None = None) -> OpenApiExample:
    """An example of the `Error` body (messages in Finnish, the default language)."""
    value = {"detail": detail, **({"errors": errors} if errors else {})}
    return OpenApiExample(name, value=value, response_only=True)


BAD_PARAMETERS = OpenApiResponse(
    ErrorSerializer,
    description=_(
        "Virheellinen parametri: tuntematon arvo, liian pitkä haku, väärä sivunumero tai kieli. "
        "`errors` kertoo jokaisen virheellisen parametrin ongelman."
    ),
    examples=[
        error_example(
            "bad-parameter",
            "Virheelliset parametrit.",
            {"lang": ["Tuntematon kieli. Valitse fi, sv tai en."], "page": ["Sivunumeron pitää olla kokonaisluku."]},
        )
    ],
)
NO_SUCH_PAGE = OpenApiResponse(
    ErrorSerializer,
    description=_("Sivua ei ole: sivunumero on viimeistä suurempi."),
    examples=[
        error_example(
            "no-such-page",
            "Sivua ei ole: tuloksia on 3 sivulla.",
            {"page": ["Sivua ei ole: tuloksia on 3 sivulla."]},
        )
    ],
)
NOT_FOUND = OpenApiResponse(
    ErrorSerializer,
    description=_("Tunnisteella ei löydy mitään."),
    examples=[error_example("not-found", "Ei löydy.")],
)
NOT_ACCEPTABLE = OpenApiResponse(
    ErrorSerializer,
    description=_("Accept-otsake pyytää muuta kuin JSONia (application/json)."),
    examples=[error_example("not-acceptable", "Could not satisfy the request Accept header.")],
)
UNAVAILABLE = OpenApiResponse(
    ErrorSerializer,
    description=_("Tietokanta ei hetkeen vastaa: mitään ei tallennettu. Yritä uudelleen Retry-Afterin jälkeen."),
    examples=[error_example("unavailable", UNAVAILABLE_MESSAGE)],
)
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    type={"type": "integer", "minimum": 1},
    location=OpenApiParameter.HEADER,
    response=[503],
    description=format_lazy(
        _(
            "Kun tietokanta ei hetkeen vastaa: sekunnit (nyt {seconds}), joiden jälkeen sama pyyntö lähetetään "
            "uudelleen (avunpyyntö samalla tunnisteella)."
        ),
        seconds=RETRY_AFTER_SECONDS,
    ),
)
# What any endpoint may answer, whatever it does.
SHARED_RESPONSES = {"406": NOT_ACCEPTABLE, "503": UNAVAILABLE}


class ApiSchema(AutoSchema):
    """The schema of an endpoint of /api/v1/, with what every endpoint shares (see the module)."""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), RETRY_AFTER]

    def _get_parameters(self):
        parameters = super()._get_parameters()
        empty = {p.name for p in self.get_override_parameters() if isinstance(p, FormParameter) and p.accepts_empty}
        for parameter in parameters:
            if parameter["in"] == OpenApiParameter.QUERY and parameter["name"] in empty:
                # An empty value is taken as not given (a web form sends its empty fields so).
                parameter["allowEmptyValue"] = True
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in SHARED_RESPONSES.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    """An `EnumField` as a component named after its choices class (registered by being defined).

    Named here because drf-spectacular names a list after the field (`kind`) and warns when the
    same name holds several lists, which `spectacular --fail-on-warn` would fail on.
    """

    target_class = "perhekeskus.api.serializers.EnumField"

    def get_name(self):
        return self.target.choices_class.__qualname__.replace(".", "") + "Enum"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "enum": list(self.target.choices_class.values)}
