"""The feedback pages and the law pages (namespace feedback, under the language prefix)."""

from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("palaute/", views.feedback_form, name="form"),
    path("palaute/kiitos/", views.receipt, name="receipt"),
    path("palaute/saapuneet/", views.staff_list, name="staff_list"),
    path("palaute/saapuneet/<int:pk>/kasitelty/", views.handle, name="handle"),
    path("saavutettavuusseloste/", views.accessibility_statement, name="accessibility"),
    path("tietosuojaseloste/", views.privacy_notice, name="privacy"),
]
