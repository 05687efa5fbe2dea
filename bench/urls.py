"""The app's URLs and one minimal view: a fixed small page through the same middleware, the
yardstick that bench/search.py measures the search against."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns

PAGE = b"<!doctype html><html lang=fi><title>Perhekeskus</title><p>Hei!</p></html>"


def minimal(request):
    return HttpResponse(PAGE)


urlpatterns = [path("bench/minimal/", minimal), *app_urlpatterns]
