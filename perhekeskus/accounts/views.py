"""Signing in: the password, then the second factor (or its set-up), then the page asked for.

Thin views: django's AuthenticationForm checks the password (through django-axes, which refuses
a locked account or address), `lockout` slows repeated failures, `devices` checks the codes,
`pending` holds the half-way state. A wrong password or code is a 400 with the form as typed
(the password excepted), a try too soon or while locked a 429 with Retry-After.
"""

from functools import partial

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from . import devices, known_devices, lockout, notices, pending
from .forms import CodeForm, EnrolForm
from .sensitive import needs_second_factor

LOGIN_TEMPLATE = "registration/login.html"


def _next_url(request, value: str | None = None) -> str:
    """The page to go to after signing in, if it is one of ours; else ''."""
    value = value if value is not None else request.POST.get("next", request.GET.get("next", ""))
    safe = url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return value if safe else ""


def _finish(request, state: pending.Pending, device) -> HttpResponseRedirect:
    """Sign in for real: Django's login (a new session key, the user_logged_in signal that
    resets django-axes' count) and the device that verified the user."""
    pending.end(request)
    auth_login(request, state.user, backend=state.backend)
    otp_login(request, device)
    response = redirect(state.next or resolve_url(settings.LOGIN_REDIRECT_URL))
    known_devices.remember(response, state.user)
    return response


def _too_soon(request, template: str, context: dict, seconds: int):
    context["wait_seconds"] = seconds
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def locked_out(request, original_response=None, credentials=None):
    """The answer to a locked account or address (django-axes' AXES_LOCKOUT_CALLABLE): the page
    that was rendered for it, or the sign-in page saying so."""
    if getattr(original_response, "accounts_locked_page", False):
        return original_response
    return _locked_page(request, AuthenticationForm(request))


def _locked_page(request, form):
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {"form": form, "next": _next_url(request), "locked_minutes": lockout.lock_minutes()}
    response = render(request, LOGIN_TEMPLATE, context, status=429)
    response["Retry-After"] = str(seconds)
    response.accounts_locked_page = True
    return response


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request):
    """The password step. A user who needs a second factor, or has one, goes on to it."""
    next_url = _next_url(request)
    if request.method != "POST":
        return render(request, LOGIN_TEMPLATE, {"form": AuthenticationForm(request), "next": next_url})
    form = AuthenticationForm(request, data=request.POST)
    username = lockout.counted_username(request.POST.get("username", ""))
    if username is None:  # too long, or characters no user name has: refused before any lookup
        context = {"form": AuthenticationForm(request), "next": next_url, "bad_username": True}
        return render(request, LOGIN_TEMPLATE, context, status=400)
    device = known_devices.known_device(request, username)
    if not device and lockout.address_locked(request):
        return _locked_page(request, AuthenticationForm(request, initial={"username": username}))
    wait = 0 if device else lockout.wait_seconds(request, username)
    if wait:
        form = AuthenticationForm(request, initial={"username": username})
        return _too_soon(request, LOGIN_TEMPLATE, {"form": form, "next": next_url}, wait)
    with lockout.one_try_at_a_time(request, username) as allowed:
        if not allowed:
            form = AuthenticationForm(request, initial={"username": username})
            return _too_soon(request, LOGIN_TEMPLATE, {"form": form, "next": next_url}, lockout.FIRST_WAIT_SECONDS)
        valid = form.is_valid()
    if not valid:
        if device:
            known_devices.count_failure(device)
        if getattr(request, "axes_locked_out", False):
            return _locked_page(request, form)
        return render(request, LOGIN_TEMPLATE, {"form": form, "next": next_url}, status=400)
    user = form.get_user()
    if devices.has_second_factor(user):
        pending.begin(request, user, next_url=next_url)
        return redirect("accounts:second_factor")
    if needs_second_factor(user):
        device = devices.new_unconfirmed_authenticator(user)
        pending.begin(request, user, next_url=next_url, enrolling=device.pk)
        return redirect("accounts:enrol")
    auth_login(request, user)
    response = redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    known_devices.remember(response, user)
    return response


def _failed_code(request, state: pending.Pending) -> None:
    """A wrong code counts as a failed sign-in of the account (django-axes), or of the device
    when the browser is a known one (known_devices.py)."""
    device = known_devices.known_device(request, state.user.get_username())
    if device:
        known_devices.count_failure(device)
    user_login_failed.send(sender=__name__, credentials={"username": state.user.get_username()}, request=request)


@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def second_factor(request):
    """The code step: a code from the authenticator app, or a recovery code."""
    state = pending.pending(request)
    if state is None:
        return redirect("login")
    if not devices.has_second_factor(state.user):
        return redirect("accounts:enrol")
    template = "accounts/second_factor.html"
    if request.method != "POST":
        return render(request, template, {"form": CodeForm()})
    form = CodeForm(request.POST)
    username = state.user.get_username()
    known = known_devices.known_device(request, username)
    if not known and lockout.is_locked(request, username):
        return _locked_page(request, AuthenticationForm(request, initial={"username": username}))
    wait = (0 if known else lockout.wait_seconds(request, username)) or (
        devices.throttled_seconds(state.user, form.data.get("code", "")) if form.is_valid() else 0
    )
    if wait:
        return _too_soon(request, template, {"form": form}, wait)
    if not form.is_valid():
        return render(request, template, {"form": form}, status=400)
    device = devices.verify(state.user, form.cleaned_data["code"])
    if device is None:
        _failed_code(request, state)
        form.add_error("code", _("Koodi ei kelpaa. Tarkista koodi ja kirjoita se uudelleen."))
        return render(request, template, {"form": form}, status=400)
    return _finish(request, state, device)


@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def enrol(request):
    """Setting up the authenticator app, the first time a user who needs it signs in; then ten
    recovery codes, shown once."""
    state = pending.pending(request)
    if state is None:
        return redirect("login")
    if devices.has_second_factor(state.user):
        # Someone who knows only the password must never set up an app of their own.
        return redirect("accounts:second_factor")
    device = devices.unconfirmed_authenticator(state.user, state.enrolling)
    if device is None:  # another sign-in has begun a set-up since: this one starts again
        pending.end(request)
        return redirect("login")
    template = "accounts/enrol.html"
    context = {"qr": devices.qr_svg(device), "key": devices.key_text(device)}
    if request.method != "POST":
        return render(request, template, {**context, "form": EnrolForm()})
    form = EnrolForm(request.POST)
    username = state.user.get_username()
    known = known_devices.known_device(request, username)
    if not known and lockout.is_locked(request, username):
        return _locked_page(request, AuthenticationForm(request, initial={"username": username}))
    wait = (0 if known else lockout.wait_seconds(request, username)) or devices.device_wait_seconds(device)
    if wait:
        return _too_soon(request, template, {**context, "form": form}, wait)
    if not form.is_valid():
        return render(request, template, {**context, "form": form}, status=400)
    if not devices.confirm(device, form.cleaned_data["code"]):
        _failed_code(request, state)
        form.add_error("code", _("Koodi ei täsmää. Kirjoita sovelluksen näyttämä uusin koodi."))
        return render(request, template, {**context, "form": form}, status=400)
    codes = devices.new_recovery_codes(state.user)
    finished = _finish(request, state, device)
    # The worker hears of every new authenticator: one set up by someone else who had the
    # password is then noticed at once.
    lockout.after_the_answer(request, partial(notices.authenticator_set_up, state.user))
    response = render(request, "accounts/recovery_codes.html", {"codes": codes, "continue_url": finished.url})
    known_devices.remember(response, state.user)
    return response


@login_required
@never_cache
def security(request):
    """The signed-in user's second factor: whether it is on and how many recovery codes are left."""
    return render(request, "accounts/security.html", {**_security(request), "form": CodeForm()})


def _security(request) -> dict:
    return {
        "has_authenticator": devices.has_second_factor(request.user),
        "codes_left": devices.recovery_codes_left(request.user),
        "required": needs_second_factor(request.user),
    }


@login_required
@require_POST
@csrf_protect
@never_cache
def new_recovery_codes(request):
    """Ten new recovery codes for a user signed in with their second factor who types a current
    code from the app (a session left open is not enough); the old codes stop working."""
    if not request.user.is_verified():
        return redirect("accounts:security")
    form = CodeForm(request.POST)
    code = form.data.get("code", "")
    if not form.is_valid() or not devices.is_totp_code(devices.normalised(code)):
        form.add_error("code", _("Kirjoita todennussovelluksen näyttämä kuusinumeroinen koodi."))
        return render(request, "accounts/security.html", {**_security(request), "form": form}, status=400)
    if devices.verify(request.user, code) is None:
        form.add_error("code", _("Koodi ei kelpaa. Tarkista koodi ja kirjoita se uudelleen."))
        return render(request, "accounts/security.html", {**_security(request), "form": form}, status=400)
    codes = devices.new_recovery_codes(request.user)
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "continue_url": resolve_url("accounts:security")}
    )
