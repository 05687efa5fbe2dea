"""The half-way state of a sign-in: the password was right, the second factor is still to come.

Nothing is signed in yet: `request.user` stays anonymous, so no page behind `login_required`
opens on a password alone. The session holds only who passed the password step, with which
backend, when, and where they were going; the state lasts five minutes and is gone after one
full sign-in. The session key is changed at the password step (no session fixation) and again by
Django's login() at the end.
"""

import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model

SESSION_KEY = "accounts_pending"
LASTS_SECONDS = 5 * 60


@dataclass(frozen=True)
class Pending:
    user: object
    backend: str
    next: str
    enrolling: int | None  # the pk of the authenticator this session sets up


def begin(request, user, *, next_url: str, enrolling: int | None = None) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "at": time.time(),
        "next": next_url,
        "enrolling": enrolling,
    }


def pending(request) -> Pending | None:
    """Who is half-way through signing in on this session, or None (none, or too long ago)."""
    state = request.session.get(SESSION_KEY)
    try:
        fresh = time.time() - float(state["at"]) <= LASTS_SECONDS
        user_pk, enrolling = int(state["user"]), state.get("enrolling")
    except (TypeError, KeyError, ValueError):
        return None
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first() if fresh else None
    if user is None:
        return None
    return Pending(
        user=user,
        backend=str(state.get("backend", "")),
        next=str(state.get("next", "")),
        enrolling=enrolling if isinstance(enrolling, int) else None,
    )


def end(request) -> None:
    request.session.pop(SESSION_KEY, None)
