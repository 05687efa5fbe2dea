"""The base of every open-data endpoint: the language of `?lang=` (or Accept-Language), no
sign-in, JSON errors, a list and a detail by slug; and the OpenAPI parameters they share."""

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.core.validators import slug_re
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.response import Response

from perhekeskus.directory.translation import active_language

from .openapi import SLUG_PATTERN, ApiSchema, form_parameters
from .params import LanguageParams, PageParams, requested_language


class OpenDataViewSet(viewsets.GenericViewSet):
    """An endpoint of open data in the language of `?lang=` (or Accept-Language), without sign-in."""

    # Open data: no sign-in, so no session or CSRF either.
    authentication_classes = ()
    schema = ApiSchema()

    def dispatch(self, request, *args, **kwargs):
        # `initial` activates the language of ?lang=; the override ends it with the request. The
        # response is rendered inside so that the browsable page speaks the same language.
        with translation.override(translation.get_language()):
            response = super().dispatch(request, *args, **kwargs)
            if callable(getattr(response, "render", None)):
                response.render()
            response.headers["Content-Language"] = active_language()
        return response

    def initial(self, request, *args, **kwargs):
        # LocaleMiddleware keeps Finnish on paths without a language prefix, so Accept-Language is
        # read here; it also sets the language of the message for a bad ?lang=.
        translation.activate(translation.get_language_from_request(request))
        try:
            request.query_params  # noqa: B018 -- parsed here, where an error can still be a JSON 400
        except TooManyFieldsSent:
            message = _("Liikaa parametreja: enintään %(max)d.") % {"max": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
            raise ParseError(message) from None
        lang = requested_language(request.query_params)
        if lang:
            translation.activate(lang)
        self.lang = active_language()
        super().initial(request, *args, **kwargs)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "lang": self.lang}


class DirectoryViewSet(OpenDataViewSet, viewsets.ReadOnlyModelViewSet):
    """A list and a detail by slug, in the language of `?lang=` (or Accept-Language)."""

    lookup_field = "slug"
    # Any text reaches the view, so an odd slug gets the same JSON 404 as an unknown one.
    lookup_value_regex = "[^/]+"
    not_found_message = gettext_lazy("Ei löydy.")
    detail_serializer_class = None

    def initial(self, request, *args, **kwargs):
        self.open_states = {}
        super().initial(request, *args, **kwargs)

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "open_states": self.open_states}

    def get_object(self):
        slug = self.kwargs[self.lookup_field]
        obj = self.get_queryset().filter(slug=slug).first() if slug_re.match(slug) else None
        if obj is None:
            raise NotFound(self.not_found_message)
        return obj

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        self.open_states = self.states_of(page, timezone.now())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        self.open_states = self.states_of([obj], timezone.now())
        return Response(self.get_serializer(obj).data)

    def states_of(self, objects, at) -> dict:
        """The open states the serializers show, keyed by (model, pk); none by default."""
        return {}


LANG = form_parameters(LanguageParams, examples={"lang": "fi"})
LIST = LANG + form_parameters(PageParams, examples={"page": 1, "page_size": 20})


def slug_parameter(example: str) -> list[OpenApiParameter]:
    """The `{slug}` of a detail's path, with a slug of the demo data as its example.

    Any text reaches the view and an unknown one is a 404, so the pattern only says what a slug
    looks like."""
    return [
        OpenApiParameter(
            "slug",
            type={"type": "string", "pattern": SLUG_PATTERN},
            location=OpenApiParameter.PATH,
            required=True,
            description=gettext_lazy("Tunniste (slug), esim. lastenneuvola."),
            examples=[OpenApiExample(example, value=example)],
        )
    ]
