"""OpenAPI descriptions of the API's parameters and errors, read from the forms that parse them.

A parameter is defined once, in its form: what the schema says it accepts is what the form
accepts (type, bounds, choices), with the form's label and help text as its description.
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .serializers import ErrorSerializer

MULTIPLE = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
SLUG_HELP = _("Tunniste (slug), kuten vastausten vastaavassa kentässä ja facets-luvuissa.")


def form_parameters(*form_classes: type[forms.Form]) -> list[OpenApiParameter]:
    """The query parameters of the forms, in their order; a multiple choice repeats its name."""
    parameters = []
    for form_class in form_classes:
        for name, field in form_class.base_fields.items():
            schema = _value_schema(field)
            if isinstance(field, MULTIPLE):
                schema = {"type": "array", "items": schema}
            help_text = field.help_text or (SLUG_HELP if isinstance(field, forms.ModelChoiceField) else "")
            description = format_lazy("{}. {}", field.label, help_text) if help_text else field.label
            parameters.append(OpenApiParameter(name, type=schema, required=False, description=description))
    return parameters


def _value_schema(field: forms.Field) -> dict:
    if isinstance(field, forms.ModelChoiceField):
        # Vocabularies are content (rows), so the schema does not list them: the value is a slug.
        return {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"}
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
        return {"type": "string", "format": "date"}
    if isinstance(field, forms.CharField) and field.max_length:
        return {"type": "string", "maxLength": field.max_length}
    return {"type": "string"}


BAD_PARAMETERS = OpenApiResponse(
    ErrorSerializer,
    description=_(
        "Virheellinen parametri: tuntematon arvo, liian pitkä haku, väärä sivunumero tai kieli. "
        "`errors` kertoo jokaisen virheellisen parametrin ongelman."
    ),
)
NO_SUCH_PAGE = OpenApiResponse(ErrorSerializer, description=_("Sivua ei ole: sivunumero on viimeistä suurempi."))
NOT_FOUND = OpenApiResponse(ErrorSerializer, description=_("Tunnisteella ei löydy mitään."))


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
