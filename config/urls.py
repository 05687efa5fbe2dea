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
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("perhekeskus.help_requests.urls")),
    path("", include("perhekeskus.activities.urls")),
    path("", include("perhekeskus.pathways.urls")),
    path("", include("perhekeskus.directory.urls")),
    prefix_default_language=False,
)
