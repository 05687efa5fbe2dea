"""The app's URLs and two yardsticks: one minimal view (a fixed small page through the same
middleware) that bench/search.py measures the search against, and Django's stock password reset
that bench/password_reset.py measures ours against."""

from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns

PAGE = b"<!doctype html><html lang=fi><title>Perhekeskus</title><p>Hei!</p></html>"


def minimal(request):
    return HttpResponse(PAGE)


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/stock-password-reset/", PasswordResetView.as_view()),
    *app_urlpatterns,
]
