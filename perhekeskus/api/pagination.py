"""Pages of a list: `count`, `next`, `previous` and `results`, the page chosen by `PageParams`."""

from django.core.paginator import EmptyPage
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound

from .params import DEFAULT_PAGE_SIZE, PageParams, validated


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page-number pagination with validated parameters and messages in the request's language.

    A page that is not a positive integer is a 400; a page past the last one is a 404 that tells how
    many pages there are. An empty result still has page 1, with no results.
    """

    page_size = DEFAULT_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        params = validated(PageParams, request.query_params)
        self.request = request
        paginator = self.django_paginator_class(queryset, params["page_size"] or self.page_size)
        try:
            self.page = paginator.page(params["page"] or 1)
        except EmptyPage:
            # The same message as the web page's, so it is translated once.
            message = _("Sivua ei ole: tuloksia on %(pages)d sivulla.") % {"pages": paginator.num_pages}
            raise NotFound({"detail": message, "errors": {"page": [message]}}) from None
        self.display_page_controls = paginator.num_pages > 1
        return list(self.page)


class ServicePagination(PageNumberPagination):
    """Pages of search results, with the facet counts of the whole result beside them."""

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"].append("facets")
        paginated["properties"]["facets"] = {
            "type": "object",
            "description": _(
                "Jokaiselle suodattimelle: arvo → montako tulosta sen valinta antaisi, kun muut "
                'suodattimet pysyvät ennallaan. Kyllä/ei-suodattimilla arvo on "true".'
            ),
            "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}},
            "example": {"target_group": {"babies": 4, "parents": 7}, "free": {"true": 5}},
        }
        return paginated
