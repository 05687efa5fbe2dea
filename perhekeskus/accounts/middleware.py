"""How long a staff session holds, and that a second factor stays required while it does.

Checked on every request of a signed-in user (after django-otp's OTPMiddleware):
- at most STAFF_SESSION_MAX_SECONDS (12 hours) after signing in, whoever you are;
- for the readers of sensitive data (sensitive.needs_second_factor), at most
  STAFF_SESSION_IDLE_SECONDS (30 minutes) since the last request, and only with a verified
  second factor: a user who became a reader after signing in (added to a team a minute ago) is
  signed out and signs in again with the second factor.
A session that ends is flushed and the user sent to sign in again. A form posted into an ended
session is not lost: the page says the session ended and gives the texts back to copy.
"""

import time

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render

from perhekeskus.directory.posted_again import posted_again

from .sensitive import needs_second_factor
from .sessions import SEEN_AT, SEEN_RESOLUTION_SECONDS, session_ended


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._checked(request)
        # E-mails of the sign-in (lockout.after_the_answer) go once the answer has been sent.
        for send in getattr(request, "accounts_after_answer", ()):
            response._resource_closers.append(send)
        return response

    def _checked(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = time.time()
        sensitive = needs_second_factor(user)
        reason = session_ended(request.session, sensitive=sensitive, verified=user.is_verified(), now=now)
        if reason is not None:
            return self._end(request, reason)
        if now - float(request.session.get(SEEN_AT) or 0) >= SEEN_RESOLUTION_SECONDS:
            request.session[SEEN_AT] = now
        return self.get_response(request)

    def _end(self, request, reason: str):
        # The texts come back only for a post from our own pages (the CSRF check passes): a post
        # from another site into an ended session is not shown on ours.
        own_post = request.method == "POST" and _csrf_passes(request)
        data = request.POST.copy() if own_post else None
        logout(request)
        if data is None or request.path_info.startswith("/api/"):
            return redirect_to_login(request.get_full_path())
        context = {"reason": reason, **posted_again(request, data)}
        return render(request, "accounts/session_ended.html", context, status=403)


def _csrf_passes(request) -> bool:
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}) is None
