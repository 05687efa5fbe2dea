"""The API's pages for people: the documentation page and the JSON 404 for unknown addresses.

The documentation is rendered by the server from the same schema as /api/v1/schema/, so it works
without JavaScript and loads nothing from a CDN (the public pages make no third-party requests).
"""

from django.core.exceptions import TooManyFieldsSent
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator

from .params import LanguageParams

MAX_CHOICES_SHOWN = 30


def unknown_path(request):
    """A JSON 404 for an address under /api/v1/ that is no endpoint."""
    lang = translation.get_language_from_request(request)
    with translation.override(lang):
        return JsonResponse(
            {"detail": _("Osoitteessa ei ole rajapintaa. Katso %(docs)s.") % {"docs": reverse("swagger-ui")}},
            status=404,
        )


def docs(request):
    """The API's documentation as a page of the site, from the same schema as /api/v1/schema/.

    Server-rendered, so it works without JavaScript and without loading anything from elsewhere.
    Like the API it speaks the language of `?lang=` or Accept-Language (a bad `?lang=` is ignored).
    """
    try:
        form = LanguageParams(request.GET)
        asked = form.cleaned_data["lang"] if form.is_valid() else ""
    except TooManyFieldsSent:
        asked = ""
    lang = asked or translation.get_language_from_request(request)
    with translation.override(lang):
        return _docs_page(request)


def _docs_page(request):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [_parameter_row(p) for p in operation.get("parameters", [])],
                    "responses": [
                        {"code": code, "description": response.get("description", "")}
                        for code, response in operation.get("responses", {}).items()
                    ],
                    "example": path if "{" not in path else "",
                }
            )
    return render(
        request,
        "api/docs.html",
        {
            "info": schema["info"],
            "operations": operations,
            "title": _("Avoin rajapinta (API)"),
            "languages": [("fi", "Suomeksi"), ("sv", "På svenska"), ("en", "In English")],
        },
    )


def _parameter_row(parameter: dict) -> dict:
    """One row of the parameter table: name, type in words, allowed values and description."""
    schema = parameter.get("schema", {})
    repeated = schema.get("type") == "array"
    value = schema.get("items", {}) if repeated else schema
    choices = value.get("enum", [])
    limits = []
    if "minimum" in value:
        limits.append(_("vähintään %(n)s") % {"n": value["minimum"]})
    if "maximum" in value:
        limits.append(_("enintään %(n)s") % {"n": value["maximum"]})
    if "maxLength" in value:
        limits.append(_("enintään %(n)s merkkiä") % {"n": value["maxLength"]})
    return {
        "name": parameter["name"],
        "where": parameter["in"],
        "required": parameter.get("required", False),
        "type": value.get("type", "string"),
        "repeated": repeated,
        # The choices of rows are the database's (every place, say): the first ones give the idea.
        "choices": choices if len(choices) <= MAX_CHOICES_SHOWN else [*choices[:MAX_CHOICES_SHOWN], "…"],
        "limits": limits,
        "description": parameter.get("description", ""),
    }
