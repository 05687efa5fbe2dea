"""URL patterns of the public Pyydä apua! pages (namespace help_requests, under the language prefix).

Codes never appear in these addresses: the pickup and the reply are POSTs.
"""

from django.urls import path

from . import public_views

urlpatterns = [
    path("pyyda-apua/", public_views.ask, name="ask"),
    path("pyyda-apua/kuitti/", public_views.receipt, name="receipt"),
    path("pyyda-apua/nouda/", public_views.pickup, name="pickup"),
    path("pyyda-apua/nouda/vastaa/", public_views.reply, name="reply"),
    path("pyyda-apua/upota/", public_views.embed, name="embed"),
]
