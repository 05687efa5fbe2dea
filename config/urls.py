"""URL configuration: public pages under a language prefix, admin and API without one."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView
from django_otp.admin import OTPAdminSite

# The admin site is behind the same sign-in as the rest: the password, then the second factor
# (perhekeskus/accounts). Its own login page only leads there, and it opens for no one whose
# session has not verified a second factor.
admin.site.__class__ = OTPAdminSite

# A database fault met outside a view (a middleware's read) is a 503 too, not a 500.
handler500 = "perhekeskus.site.unavailable.server_error"

urlpatterns = [
    path("admin/login/", RedirectView.as_view(url=reverse_lazy("login"), query_string=True)),
    path("admin/", admin.site.urls),
    path("api/v1/", include("perhekeskus.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    # The front page and the search first: most requests are theirs, and Django tries patterns in
    # order. The calendar's lists (calendar/today/) must come before its area weeks (calendar/<slug>/).
    path("", include("perhekeskus.site.urls")),
    path("accounts/", include("perhekeskus.accounts.urls")),
    path("", include("perhekeskus.help_requests.urls")),
    path("", include("perhekeskus.activities.urls")),
    path("", include("perhekeskus.pathways.urls")),
    path("", include("perhekeskus.feedback.urls")),
    prefix_default_language=False,
)
