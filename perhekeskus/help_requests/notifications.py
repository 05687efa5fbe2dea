"""Telling a team that a request waits for it: an e-mail with a link and nothing else.

E-mail travels through servers the family centre does not control, so a notification carries no
content of the request: no text, no topic, nothing about the child, not even whether it was
flagged urgent. Only the request's number and a link to it in the inbox, behind the sign-in.
Sent after the commit (`transaction.on_commit`), so a rolled-back request notifies no one; a
failure to send is logged (without addresses) and never undoes the request.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def inbox_link(help_request) -> str:
    """The absolute address of the request in the workers' inbox (/inbox/<pk>/ on SITE_URL)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("help_requests:detail", args=[help_request.pk])
    return settings.SITE_URL.rstrip("/") + path


def notify_new_request(help_request) -> int:
    """E-mail the request's team that a new request has arrived; the number of messages sent."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Pyydä apua!: uusi pyyntö #%(number)d") % {"number": help_request.pk}
        intro = _("Tiimillesi on tullut uusi avunpyyntö.")
        return _send(help_request, subject, intro)


def notify_asker_reply(help_request) -> int:
    """E-mail the request's team that the asker has replied in the thread; the number sent."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Pyydä apua!: uusi viesti pyynnössä #%(number)d") % {"number": help_request.pk}
        intro = _("Kysyjä on kirjoittanut uuden viestin tiimisi avunpyyntöön.")
        return _send(help_request, subject, intro)


def recipients(team) -> list[str]:
    """The team's notification address and its active members' addresses, each once."""
    addresses = [team.notify_email] if team.notify_email else []
    members = team.members.filter(is_active=True).exclude(email="").values_list("email", flat=True)
    return list(dict.fromkeys([*addresses, *members]))


def _send(help_request, subject: str, intro: str) -> int:
    team = help_request.team
    body = "\n\n".join(
        [
            intro,
            _("Avaa pyyntö kirjautumalla:") + "\n" + inbox_link(help_request),
            _("Viestissä ei ole pyynnön sisältöä tietosuojan vuoksi."),
        ]
    )
    # One message per address, so that members do not see each other's addresses.
    messages = [EmailMessage(subject, body, to=[address]) for address in recipients(team)]
    if not messages:
        logger.warning("Team %s has no address to notify of help request #%s", team.slug, help_request.pk)
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except Exception as error:  # a mail server's failure must not undo the request
        # The error's class only: its text may name the addresses.
        name = type(error).__name__
        logger.error("Could not notify team %s of help request #%s: %s", team.slug, help_request.pk, name)
        return 0
