"""/api/v1/: services, organisations, places and the meeting-place calendar; the OpenAPI schema and its
documentation page."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import activities, directory, docs, help_requests, pathways


class Router(DefaultRouter):
    # `services.json` style suffixes would double every path in the schema; `?format=json` does it.
    include_format_suffixes = False


router = Router()
router.register("services", directory.ServiceViewSet, basename="service")
router.register("organizations", directory.OrganizationViewSet, basename="organization")
router.register("locations", directory.LocationViewSet, basename="location")
router.register("activities", activities.ActivityViewSet, basename="activity")
router.register("occurrences", activities.OccurrenceViewSet, basename="occurrence")
router.register("paths", pathways.PathwayViewSet, basename="pathway")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Named after drf-spectacular's Swagger UI, which the site's footer links to; this page is
    # rendered by the server instead, so that it loads nothing from a CDN and needs no JavaScript.
    path("docs/", docs.docs, name="swagger-ui"),
    path("help-requests/", help_requests.HelpRequestCreateView.as_view(), name="help-request-create"),
    *router.urls,
    # Anything else under /api/v1/ is a JSON 404 too, not the site's HTML page.
    re_path(r"", docs.unknown_path),
]
