"""The public pages of Pyydä apua!: the form, the receipt, the pickup of an answer, the asker's reply
and the embed page for other sites. Thin: validate with the forms, count the rate limits (`limits`),
open a request with its code (`pickup`), read (`selectors`) or call `submission`, render.

No sign-in and no cookies but CSRF's: nothing here touches the session. The receipt is the POST's
own response (the pickup code is shown once and stored nowhere, so there is nothing to redirect
to); posting the same form again shows the same receipt. Codes travel only in POST bodies, never in
a URL, and every page holding a form token or a code is sent `Cache-Control: no-store`.

When the database can be read but not written (read-only, disk full), a POST gets its own form
again, filled, with a 503 and Retry-After (`directory.unavailable`); when even reading fails, the
site's middleware answers with its general page (site/unavailable.py), which keeps the text too.
A form body that is not UTF-8 gets the form again with what could be read (`directory.posted_text`).
"""

import logging
import math

from django import db
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponseRedirect, UnreadablePostError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from perhekeskus.directory.emergency import emergency_numbers
from perhekeskus.directory.posted_text import UNDECODABLE_MESSAGE, kept_post, undecodable_body_page
from perhekeskus.directory.translation import CONTENT_LANGUAGES, active_language
from perhekeskus.directory.unavailable import database_unavailable, log_unavailable, unavailable_response

from . import audit, codes, selectors
from .deadlines import NoWorkingDayError, answer_time_in_words, deadline_for
from .embed import embed_preview, embed_snippet
from .forms import HelpRequestForm, PickupForm, ReplyForm, new_form_token
from .limits import REPLY_GROUP, REPLY_RATES, SUBMIT_GROUP, SUBMIT_RATES, client_network, over_limit
from .models import TEXT_MAX_CHARS, AuditEvent
from .pickup import PickupLocked, count_unreadable, open_request
from .submission import (
    RequestClosedError,
    SubmissionUnavailable,
    TokenReusedError,
    submit_asker_reply,
    submit_help_request,
)

logger = logging.getLogger(__name__)

FORM_TEMPLATE = "help_requests/public/ask.html"
RECEIPT_TEMPLATE = "help_requests/public/receipt.html"
PICKUP_TEMPLATE = "help_requests/public/pickup.html"
THREAD_TEMPLATE = "help_requests/public/thread.html"


# The form and the receipt -------------------------------------------------------------------------


@require_safe
def ask(request):
    """The form, with what happens next and the emergency numbers above it.

    `?municipality=<slug>` chooses the municipality in advance (the embedded button of a city's
    pages links so); an unknown value is ignored.
    """
    municipality = selectors.municipality(request.GET.get("municipality", ""))
    form = HelpRequestForm(initial={"municipality": municipality.slug if municipality else None})
    return form_page(request, form, municipality=municipality)


def form_after_undecodable_body(request):
    """The form again when its body was not UTF-8: what could be read in place (unreadable
    characters shown as �), the same form token, nothing stored. 400."""
    form = HelpRequestForm(kept_post(request))
    form.is_valid()
    return form_page(request, form, status=400, error=UNDECODABLE_MESSAGE)


@undecodable_body_page(form_after_undecodable_body)
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def receipt(request):
    """The POST of the form: the receipt, or the form again with every message and the text kept.

    A GET has nothing to show (a receipt is shown once) and goes to the form.
    """
    if request.method != "POST":
        return HttpResponseRedirect(reverse("help_requests:ask"))
    try:
        return _receive(request)
    except db.Error as error:
        if not database_unavailable(error):
            raise
        return form_not_stored(request, error)


def _receive(request):
    data = _posted(request)
    limited = over_limit(request, SUBMIT_GROUP, SUBMIT_RATES)
    if limited:
        # The form again with what was typed: a shared address (a school, a phone operator) may
        # hit the limit through no fault of this asker, and the text must not be lost.
        message = _(
            "Tästä osoitteesta on lähetetty monta pyyntöä lyhyessä ajassa. Viestiäsi ei vielä lähetetty: "
            "se on alla tallessa. Odota hetki ja lähetä uudelleen. Hätätilanteessa soita 112."
        )
        form = HelpRequestForm(data) if data is not None else HelpRequestForm()
        form.is_valid()
        return form_page(request, form, status=429, error=message)
    if data is None:
        return form_page(request, HelpRequestForm(), status=400, error=_too_big_message())
    form = HelpRequestForm(data)
    if not form.is_valid():
        if form.is_bot:
            logger.info("Help request form: the honeypot was filled in; nothing stored")
        return form_page(request, form, status=400)
    try:
        sent = submit_help_request(cleaned=form.cleaned_data, language=active_language(), at=timezone.now())
    except SubmissionUnavailable:
        message = _(
            "Emme juuri nyt pysty vastaanottamaan pyyntöjä. Viestiäsi ei tallennettu: se on alla tallessa. "
            "Yritä hetken päästä uudelleen tai soita tämän sivun numeroihin."
        )
        return form_page(request, form, status=503, error=message)
    except TokenReusedError:
        # The form was sent before with another text: this one gets a token of its own.
        data = data.copy()
        data["form_token"] = new_form_token()
        message = _(
            "Tämä lomake on jo lähetetty aiemmin toisenlaisella viestillä, ja se pyyntö on vastaanotettu. "
            "Jos haluat lähettää myös tämän viestin, tarkista se ja lähetä uudelleen."
        )
        form = HelpRequestForm(data)
        form.is_valid()
        return form_page(request, form, status=409, error=message)
    return receipt_page(request, sent)


def form_not_stored(request, error):
    """The form again, filled, when the database could not store the request (read-only, disk
    full, a lost connection): 503 with Retry-After. The form's token is kept, so sending it again
    stores one request. Raises if the page cannot be read either; the site's page answers then."""
    log_unavailable(error, path=request.path)
    data = _posted(request)
    form = HelpRequestForm(data) if data is not None else HelpRequestForm()
    form.is_valid()
    message = _(
        "Viestiäsi ei tallennettu, koska palvelu ei juuri nyt pysty tallentamaan tietoja. Viesti on alla "
        "tallessa: lähetä se hetken päästä uudelleen. Samaa pyyntöä ei tallenneta kahdesti. "
        "Hätätilanteessa soita 112."
    )
    return unavailable_response(form_page(request, form, status=503, error=message))


def form_page(request, form, *, status=200, error="", municipality=None):
    """The form page: what happens next, the emergency numbers and the form (bound or not)."""
    if municipality is None and form.is_bound and hasattr(form, "cleaned_data"):
        municipality = form.cleaned_data.get("municipality")
    now = timezone.now()
    try:
        due_if_sent_now = answer_time_in_words(deadline_for(now, area=municipality))
    except NoWorkingDayError:
        due_if_sent_now = ""
    context = {
        "form": form,
        "error": error,
        "emergency_numbers": emergency_numbers(municipality),
        "due_if_sent_now": due_if_sent_now,
    }
    return _no_store(render(request, FORM_TEMPLATE, context, status=status))


def receipt_page(request, sent):
    """The receipt (kuitti) of a request: the promise, the pickup code once, emergency numbers."""
    context = {
        "receipt": sent,
        "help_request": sent.request,
        "answer_time": answer_time_in_words(sent.due_at),
        "emergency_numbers": emergency_numbers(sent.request.municipality),
    }
    return _no_store(render(request, RECEIPT_TEMPLATE, context))


def form_after_csrf_failure(request):
    """The form again after a failed CSRF check (the page was open long, cookies were cleared):
    every typed value back in place, a fresh CSRF token, nothing stored. 403."""
    data = _posted(request) or {}
    fields = [name for name in HelpRequestForm.base_fields if name != "website"]
    initial = {name: data.get(name, "") for name in fields}
    municipality = selectors.municipality(initial["municipality"])
    message = _(
        "Sivu oli auki pitkään, joten lomakkeen suojaus ehti vanhentua. Viestiäsi ei vielä lähetetty. "
        "Tarkista tiedot ja lähetä uudelleen."
    )
    return form_page(request, HelpRequestForm(initial=initial), status=403, error=message, municipality=municipality)


# Pickup and reply ----------------------------------------------------------------------------------


@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def pickup(request):
    """The pickup form; posted with the right code, the thread and a reply form. Every code that
    opens no thread gets one same message; a locked code or address (`pickup`) the form again,
    with the code, a 429 and Retry-After."""
    if request.method != "POST":
        return pickup_page(request, PickupForm())
    try:
        return _open_thread(request)
    except db.Error as error:
        if not database_unavailable(error):
            raise
        log_unavailable(error, path=request.path)
        message = _(
            "Palvelu ei juuri nyt pysty avaamaan vastausta. Tunnuksesi on alla tallessa: yritä hetken päästä "
            "uudelleen. Hätätilanteessa soita 112."
        )
        form = PickupForm(initial={"code": str((_posted(request) or {}).get("code", ""))[:100]})
        return unavailable_response(pickup_page(request, form, status=503, error=message))


def _open_thread(request):
    data = _posted(request)
    if data is None:
        return pickup_page(request, PickupForm(), status=400, error=_too_big_message())
    form = PickupForm(data)
    address = client_network(request)
    try:
        if not form.is_valid():
            count_unreadable(address=address)
            return pickup_page(request, form, status=400)
        help_request = open_request(form.cleaned_data["code"], address=address)
    except PickupLocked as locked:
        return _locked(pickup_page(request, form, status=429, error=_locked_message(locked)), locked)
    if help_request is None:
        form.add_error("code", codes.WRONG_CODE_MESSAGE)
        return pickup_page(request, form, status=400)
    # Logged when the code opens the thread; the page after a reply shows the same asker the same
    # thread and is not logged again.
    audit.record(AuditEvent.Action.ASKER_READ, at=timezone.now(), help_request=help_request)
    return thread_page(request, help_request, form.cleaned_data["code"])


@sensitive_post_parameters()
@require_POST
def reply(request):
    """The asker's reply: the code comes again in the form (POST only) and is verified again."""
    try:
        return _reply(request)
    except db.Error as error:
        if not database_unavailable(error):
            raise
        log_unavailable(error, path=request.path)
        message = _(
            "Viestiäsi ei tallennettu, koska palvelu ei juuri nyt pysty tallentamaan tietoja. Viesti on alla "
            "tallessa: lähetä se hetken päästä uudelleen. Samaa viestiä ei tallenneta kahdesti."
        )
        return unavailable_response(reply_again_page(request, message, status=503))


def _reply(request):
    if over_limit(request, REPLY_GROUP, REPLY_RATES):
        return rate_limited_page(request, _("Liian monta viestiä lyhyessä ajassa. Odota hetki ja yritä uudelleen."))
    data = _posted(request)
    if data is None:
        return pickup_page(request, PickupForm(), status=400, error=_too_big_message())
    form = ReplyForm(data)
    form.is_valid()
    # The hidden code is verified again, behind the same lines as the pickup's.
    try:
        code = form.cleaned_data.get("code")
        help_request = open_request(code, address=client_network(request)) if code else None
    except PickupLocked as locked:
        return _locked(reply_again_page(request, _locked_message(locked), status=429), locked)
    if help_request is None:
        return pickup_page(request, PickupForm(), status=400, error=codes.WRONG_CODE_MESSAGE)
    if form.errors:
        return thread_page(request, help_request, form.cleaned_data["code"], reply_form=form, status=400)
    try:
        _message, new = submit_asker_reply(help_request=help_request, body=form.cleaned_data["body"], at=timezone.now())
    except RequestClosedError:
        error = _("Pyyntö on suljettu, joten siihen ei voi enää vastata. Voit lähettää uuden pyynnön.")
        return thread_page(request, help_request, form.cleaned_data["code"], reply_form=form, status=409, error=error)
    notice = _("Viestisi on lähetetty.") if new else _("Viestisi oli jo lähetetty.")
    return thread_page(request, help_request, form.cleaned_data["code"], notice=notice)


def pickup_page(request, form, *, status=200, error=""):
    """The pickup form, with a message when something went wrong."""
    context = {"form": form, "error": error, "emergency_numbers": emergency_numbers()}
    return _no_store(render(request, PICKUP_TEMPLATE, context, status=status))


def thread_page(request, help_request, code, *, reply_form=None, status=200, error="", notice=""):
    """The thread as the asker sees it: the question, answers and replies (never internal notes)."""
    shown_code = codes.display(codes.normalize(code))
    context = {
        "help_request": help_request,
        "thread": selectors.asker_thread(help_request),
        "reply_form": reply_form or ReplyForm(initial={"code": shown_code}),
        "answer_time": answer_time_in_words(help_request.due_at),
        "closed": help_request.status == help_request.Status.CLOSED,
        "error": error,
        "notice": notice,
        "emergency_numbers": emergency_numbers(help_request.municipality),
    }
    return _no_store(render(request, THREAD_TEMPLATE, context, status=status))


def reply_after_csrf_failure(request):
    """The reply form again after a failed CSRF check: the typed reply kept, the code hidden in it."""
    message = _("Sivu oli auki pitkään, joten lomakkeen suojaus ehti vanhentua. Lähetä viestisi uudelleen.")
    return reply_again_page(request, message, status=403)


def reply_again_page(request, message: str, *, status: int):
    """The reply form alone with a message, the typed reply kept and the code hidden in it."""
    data = _posted(request) or {}
    form = ReplyForm(initial={"code": data.get("code", ""), "body": data.get("body", "")})
    context = {"reply_form": form, "error": message, "emergency_numbers": emergency_numbers()}
    return _no_store(render(request, "help_requests/public/reply_again.html", context, status=status))


def pickup_after_csrf_failure(request):
    """The pickup form again after a failed CSRF check, with the code as typed."""
    data = _posted(request) or {}
    message = _("Sivu oli auki pitkään, joten lomakkeen suojaus ehti vanhentua. Kirjoita tunnus uudelleen.")
    form = PickupForm(initial={"code": str(data.get("code", ""))[:100]})
    return pickup_page(request, form, status=403, error=message)


# Rate limits and the embed page -------------------------------------------------------------------


def _locked_message(locked: PickupLocked) -> str:
    """What a locked pickup says, in the asker's language: whose line, and in how many minutes."""
    minutes = math.ceil(locked.retry_after / 60)
    if locked.line == PickupLocked.ADDRESS:
        message = ngettext(
            "Tästä osoitteesta on kirjoitettu liian monta väärää noutotunnusta lyhyessä ajassa. Kirjoittamasi "
            "on alla tallessa: yritä uudelleen %(minutes)d minuutin kuluttua. Hätätilanteessa soita 112.",
            "Tästä osoitteesta on kirjoitettu liian monta väärää noutotunnusta lyhyessä ajassa. Kirjoittamasi "
            "on alla tallessa: yritä uudelleen %(minutes)d minuutin kuluttua. Hätätilanteessa soita 112.",
            minutes,
        )
    else:
        message = ngettext(
            "Tätä noutotunnusta on yritetty liian monta kertaa väärin lyhyessä ajassa, joten se on lukittu "
            "hetkeksi. Kirjoittamasi on alla tallessa: yritä uudelleen %(minutes)d minuutin kuluttua. "
            "Hätätilanteessa soita 112.",
            "Tätä noutotunnusta on yritetty liian monta kertaa väärin lyhyessä ajassa, joten se on lukittu "
            "hetkeksi. Kirjoittamasi on alla tallessa: yritä uudelleen %(minutes)d minuutin kuluttua. "
            "Hätätilanteessa soita 112.",
            minutes,
        )
    return message % {"minutes": minutes}


def _locked(response, locked: PickupLocked):
    response["Retry-After"] = str(locked.retry_after)
    return response


def rate_limited_page(request, message: str):
    """429 with a calm message and the emergency numbers: help must not wait for a limit."""
    context = {"message": message, "emergency_numbers": emergency_numbers()}
    return _no_store(render(request, "help_requests/rate_limited.html", context, status=429))


@require_GET
def embed(request):
    """For site editors: the "Pyydä apua!" button (`embed.embed_snippet`) as an HTML snippet to copy
    onto the city's and the wellbeing region's pages, with a preview styled by our stylesheet."""
    chosen = selectors.municipality(request.GET.get("municipality", ""))
    lang = request.GET.get("lang", "")
    lang = lang if lang in CONTENT_LANGUAGES else active_language()
    context = {
        "snippet": embed_snippet(lang=lang, municipality=chosen),
        "preview": embed_preview(lang=lang, municipality=chosen),
        "municipalities": selectors.municipalities(),
        "municipality": chosen,
        "lang": lang,
        "languages": [(code, name) for code, name in settings.LANGUAGES if code in CONTENT_LANGUAGES],
    }
    return render(request, "help_requests/public/embed.html", context)


# Helpers ---------------------------------------------------------------------------------------------


def _posted(request):
    """The POST data, or None when it cannot be read (too big, too many fields, cut off)."""
    try:
        return request.POST
    except (RequestDataTooBig, TooManyFieldsSent, UnreadablePostError):
        logger.info("Help request page: the posted data could not be read (too big or cut off)")
        return None


def _too_big_message() -> str:
    return _(
        "Lähetetty tieto oli liian suuri tai vajaa, eikä sitä voitu lukea. Viestin enimmäispituus on "
        "%(max)d merkkiä. Kirjoita lyhyempi viesti ja lähetä uudelleen."
    ) % {"max": TEXT_MAX_CHARS}


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response
