"""E-mail out of the inbox: the answer to an asker who chose e-mail, and link-only team notices.

Two kinds of mail with opposite rules. The answer goes to the asker and carries the answer text,
because that is its purpose; it goes to the asker's address only (no copy, no blind copy) and does
not repeat the question. A team notice goes to the team and carries no content at all: the
request's number and a link to it in the inbox, where reading it is authorised and audited.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from .models import HelpRequest, Team
from .notifications import inbox_link, recipients

logger = logging.getLogger(__name__)

ANSWER_TEMPLATE = "help_requests/inbox/email/answer.txt"
ANSWER_SUBJECT_TEMPLATE = "help_requests/inbox/email/answer_subject.txt"
TEAM_TEMPLATE = "help_requests/inbox/email/team_notice.txt"
TEAM_SUBJECT_TEMPLATE = "help_requests/inbox/email/team_notice_subject.txt"


def send_answer(*, help_request: HelpRequest, body: str) -> None:
    """Send the text `body` to the asker of `help_request`, in the asker's language.

    Raises ValueError when the asker did not choose e-mail, and whatever the mail backend raises
    when sending fails (within EMAIL_TIMEOUT): the caller (actions.answer) sends before it stores,
    so a failed send stores nothing and the worker sees an error with the text kept.
    """
    if help_request.contact_method != HelpRequest.ContactMethod.EMAIL or not help_request.contact_email:
        raise ValueError(f"Help request #{help_request.pk} is not answered by e-mail.")
    with translation.override(help_request.language or settings.LANGUAGE_CODE):
        context = {"answer": body, "site_url": settings.SITE_URL.rstrip("/")}
        subject = _one_line(render_to_string(ANSWER_SUBJECT_TEMPLATE, context))
        text = render_to_string(ANSWER_TEMPLATE, context)
    EmailMessage(subject=subject, body=text, to=[help_request.contact_email]).send(fail_silently=False)


def notify_team(*, team: Team, help_request: HelpRequest, transferred: bool = False) -> int:
    """Tell `team` that `help_request` waits in its inbox (new, or `transferred` from another team).

    The notice holds the request's number and a link only, never its content, topic or urgency.
    It goes where the public side's notices go (`notifications.recipients`: the team's address
    and its members'), one message per address. Returns the number sent; a failure is logged
    without addresses and returns 0, since the request is in the team's inbox either way.
    """
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "number": help_request.pk,
            "team": team,
            "link": inbox_link(help_request),
            "transferred": transferred,
        }
        subject = _one_line(render_to_string(TEAM_SUBJECT_TEMPLATE, context))
        body = render_to_string(TEAM_TEMPLATE, context)
    messages = [EmailMessage(subject=subject, body=body, to=[address]) for address in recipients(team)]
    if not messages:
        logger.warning("Team %s has no address to notify of help request #%s", team.slug, help_request.pk)
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except Exception as error:
        logger.error(
            "Could not notify team %s of help request #%s: %s", team.slug, help_request.pk, type(error).__name__
        )
        return 0


def _one_line(text: str) -> str:
    # A subject must be one line: a newline in a header is refused by Django (header injection).
    return " ".join(text.split())
