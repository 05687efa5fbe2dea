"""Service paths: /paths/<slug>/ (stable, for sharing), its steps and summary; /p/<short>/."""

from django.urls import path

from . import views

app_name = "pathways"
urlpatterns = [
    path("paths/", views.pathway_list, name="list"),
    path("paths/<slug:slug>/", views.pathway_detail, name="detail"),
    path("paths/<slug:slug>/summary/", views.summary, name="summary"),
    path("paths/<slug:slug>/<str:key>/", views.step, name="step"),
    path("p/<slug:short>/", views.short_link, name="short"),
]
