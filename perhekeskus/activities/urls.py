"""The meeting-place calendar's public pages, feeds and posters (namespace activities).

Pages: views.py (the lists of today and this week, which search, are the site's); iCalendar and
Atom feeds: feeds.py; printable posters: poster.py; staff pages for
cancelling a date and recording visitors: staff_views.py.
"""

from django.urls import path

from . import feeds, poster, staff_views, views

app_name = "activities"
urlpatterns = [
    path("calendar/", views.index, name="index"),
    path("calendar/changes.atom", feeds.ChangesFeed(), name="changes_feed"),
    path("calendar/<slug:slug>/", views.area_week, name="area_week"),
    path("calendar/<slug:slug>.ics", feeds.area_ical, name="area_ical"),
    path("calendar/<slug:slug>/poster.pdf", poster.area_poster, name="area_poster"),
    path("activities/<slug:slug>/", views.activity_detail, name="activity_detail"),
    path("activities/<slug:slug>.ics", feeds.activity_ical, name="activity_ical"),
    path("places/<slug:slug>/calendar.ics", feeds.place_ical, name="place_ical"),
    path("organizations/<slug:slug>/calendar.ics", feeds.organizer_ical, name="organizer_ical"),
    path("staff/activities/", staff_views.my_activities, name="staff_list"),
    path("staff/activities/<slug:slug>/cancel/", staff_views.cancel_date, name="staff_cancel"),
    path("staff/activities/<slug:slug>/visitors/", staff_views.visitors, name="staff_visitors"),
]
