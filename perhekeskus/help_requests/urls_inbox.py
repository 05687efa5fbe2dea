"""URL patterns of the workers' inbox (namespace help_requests, under the language prefix).

The list and a request's page are GET; every change is a POST to its own address (405 for GET).
"""

from django.urls import path

from . import inbox_views

urlpatterns = [
    path("inbox/", inbox_views.inbox, name="inbox"),
    path("inbox/<int:pk>/", inbox_views.detail, name="detail"),
    path("inbox/<int:pk>/claim/", inbox_views.claim, name="claim"),
    path("inbox/<int:pk>/assign/", inbox_views.assign, name="assign"),
    path("inbox/<int:pk>/status/", inbox_views.status, name="status"),
    path("inbox/<int:pk>/answer/", inbox_views.answer, name="answer"),
    path("inbox/<int:pk>/note/", inbox_views.note, name="note"),
    path("inbox/<int:pk>/transfer/", inbox_views.transfer, name="transfer"),
]
