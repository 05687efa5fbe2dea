"""The feedback pages: the public form and its receipt; the coordinator's list and its one write;
the law pages (the accessibility statement and the privacy notice), read from `TrustSection`.

Public: no sign-in, nothing in the session. The receipt is the POST's own response; posting the
same form again (the same one-time token and text) shows the same receipt and stores nothing new;
the same token with another text is a 409 with the form again, its text kept and a new token. A body
that is not UTF-8 is answered by the site's middleware (site/undecodable.py) before this view.

Staff: the list needs `feedback.view_feedbackmessage` and marking a message handled
`feedback.change_feedbackmessage` (the coordinator's group has both, migration 0002); anonymous
visitors are sent to sign in, anyone else signed in gets 403. Reads of the list are not audited:
a message is feedback on the site, not a person's case (docs/privacy.md says so).
"""

import time

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponseRedirect, UnreadablePostError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from perhekeskus.directory.translation import active_language

from .forms import FeedbackForm, new_form_token
from .limits import over_limit
from .models import PAGE_MAX_CHARS, FeedbackMessage, TrustSection
from .submission import TokenReusedError, mark_handled, receive_feedback

VIEW_PERMISSION = "feedback.view_feedbackmessage"
HANDLE_PERMISSION = "feedback.change_feedbackmessage"
FORM_TEMPLATE = "feedback/form.html"


@require_safe
def feedback_form(request):
    """The form. `?sivu=<address>` fills in the page the feedback is about (the footer's link)."""
    page = request.GET.get("sivu", "")[:PAGE_MAX_CHARS]
    return _form_page(request, FeedbackForm(initial={"page": page}))


@require_http_methods(["GET", "HEAD", "POST"])
def receipt(request):
    """The POST of the form: the receipt, or the form again with its messages and the text kept."""
    if request.method != "POST":
        return HttpResponseRedirect(reverse("feedback:form"))
    try:
        data = request.POST
    except (RequestDataTooBig, TooManyFieldsSent, UnreadablePostError):
        error = _("Lähetetty tieto oli liian suuri tai vajaa, eikä sitä voitu lukea. Kirjoita lyhyempi palaute.")
        return _form_page(request, FeedbackForm(), status=400, error=error)
    form = FeedbackForm(data)
    if over_limit(request, now_seconds=time.time()):
        form.is_valid()
        error = _(
            "Tästä osoitteesta on lähetetty monta palautetta lyhyessä ajassa. Palautettasi ei vielä lähetetty: "
            "se on alla tallessa. Odota hetki ja lähetä uudelleen."
        )
        return _form_page(request, form, status=429, error=error)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        received = receive_feedback(cleaned=form.cleaned_data, language=active_language(), at=timezone.now())
    except TokenReusedError:
        # The form was sent before with another text: this one gets a token of its own.
        data = data.copy()
        data["form_token"] = new_form_token()
        error = _(
            "Tämä lomake on jo lähetetty aiemmin toisenlaisella palautteella, ja se on vastaanotettu. "
            "Jos haluat lähettää myös tämän palautteen, tarkista se ja lähetä uudelleen."
        )
        return _form_page(request, FeedbackForm(data), status=409, error=error)
    response = render(request, "feedback/receipt.html", {"received": received, "message": received.message})
    response["Cache-Control"] = "no-store"
    return response


def _form_page(request, form, *, status=200, error=""):
    response = render(request, FORM_TEMPLATE, {"form": form, "error": error}, status=status)
    response["Cache-Control"] = "no-store"  # the page holds a one-time token
    return response


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_safe
def staff_list(request):
    """The messages waiting (due first first), then those handled, newest first."""
    context = {
        "waiting": FeedbackMessage.objects.waiting(),
        "handled": FeedbackMessage.objects.filter(status=FeedbackMessage.Status.HANDLED)
        .select_related("handled_by")
        .order_by("-handled_at")[:100],
        "now": timezone.now(),
        "can_handle": request.user.has_perm(HANDLE_PERMISSION),
    }
    response = render(request, "feedback/staff_list.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
@permission_required(HANDLE_PERMISSION, raise_exception=True)
def handle(request, pk):
    """Mark one message handled, then back to the list."""
    message = get_object_or_404(FeedbackMessage, pk=pk)
    mark_handled(message=message, by=request.user, at=timezone.now())
    return HttpResponseRedirect(reverse("feedback:staff_list"))


# The law pages -------------------------------------------------------------------------------------


@require_safe
def accessibility_statement(request):
    """Saavutettavuusseloste: its sections as the data file and the admin wrote them."""
    return _trust_page(request, TrustSection.Page.ACCESSIBILITY)


@require_safe
def privacy_notice(request):
    """Tietosuojaseloste: one page, a section per register (and the controller, the rights)."""
    return _trust_page(request, TrustSection.Page.PRIVACY)


def _trust_page(request, page):
    context = {
        "title": TrustSection.Page(page).label,
        "sections": TrustSection.objects.filter(page=page).order_by("order", "slug"),
        "language": get_language(),
    }
    return render(request, "feedback/trust_page.html", context)
