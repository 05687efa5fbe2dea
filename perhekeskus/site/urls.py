"""The site's listing and search pages (namespace site): the directory's pages and the calendar's
lists of today and this week. Included first: most requests are theirs, and the calendar's lists
must come before the calendar's `calendar/<slug>/` area weeks."""

from django.urls import path

from . import calendar_views, coverage_views, views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("services/", views.service_list, name="service_list"),
    path("services/<slug:slug>/", views.service_detail, name="service_detail"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization_detail"),
    path("places/", views.location_list, name="location_list"),
    path("places/<slug:slug>/", views.location_detail, name="location_detail"),
    path("calendar/today/", calendar_views.today, name="calendar_today"),
    path("calendar/this-week/", calendar_views.this_week, name="calendar_this_week"),
    path("staff/coverage/", coverage_views.coverage, name="coverage"),
]
