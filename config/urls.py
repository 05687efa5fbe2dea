"""URL configuration: public pages under a language prefix, admin and API without one."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("perhekeskus.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    # The front page and the search first: most requests are theirs, and Django tries patterns in
    # order. No other app's address has the shape of a directory one, so the order changes nothing else.
    path("", include("perhekeskus.directory.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("perhekeskus.help_requests.urls")),
    path("", include("perhekeskus.activities.urls")),
    path("", include("perhekeskus.pathways.urls")),
    prefix_default_language=False,
)
