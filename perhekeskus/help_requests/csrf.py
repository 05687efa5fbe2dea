"""The CSRF failure page: a help request must survive a form that was open too long.

When the CSRF check fails on a Pyydä apua! POST (the page was open for hours, cookies were
cleared, the browser was restarted), Django's default would show a bare 403 and the text the
person typed would be gone. Here the form comes back with every value in place, a fresh token
and a plain message, still a 403 and with nothing stored. Elsewhere Django's own page is shown.
"""

from django.urls import Resolver404, resolve
from django.views import csrf as django_csrf

from . import public_views

# URL name → the page that shows the posted values again.
RECOVERABLE = {
    "ask": public_views.form_after_csrf_failure,
    "receipt": public_views.form_after_csrf_failure,
    "pickup": public_views.pickup_after_csrf_failure,
    "reply": public_views.reply_after_csrf_failure,
}


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: the help-request pages' recovery, else Django's default."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    if request.method == "POST" and match is not None and match.namespace == "help_requests":
        recover = RECOVERABLE.get(match.url_name)
        if recover is not None:
            return recover(request)
    return django_csrf.csrf_failure(request, reason)
