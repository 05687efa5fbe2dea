"""URL configuration: public pages under a language prefix, admin and API without one."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

# A database fault met outside a view (a middleware's read) is a 503 too, not a 500.
handler500 = "perhekeskus.site.unavailable.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("perhekeskus.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    # The front page and the search first: most requests are theirs, and Django tries patterns in
    # order. The calendar's lists (calendar/today/) must come before its area weeks (calendar/<slug>/).
    path("", include("perhekeskus.site.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("perhekeskus.help_requests.urls")),
    path("", include("perhekeskus.activities.urls")),
    path("", include("perhekeskus.pathways.urls")),
    prefix_default_language=False,
)
