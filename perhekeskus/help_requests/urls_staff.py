"""URL patterns of the coordinator's statistics and the admins' audit log (under the language prefix)."""

from django.urls import path

from . import staff_views

urlpatterns = [
    path("stats/", staff_views.statistics, name="stats"),
    path("audit/", staff_views.audit_log, name="audit"),
    path("audit/export.csv", staff_views.audit_export, name="audit_export"),
]
