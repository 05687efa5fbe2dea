"""Telling the coordinator that feedback has arrived: an e-mail with a link and nothing else.

Like the help requests' notifications, the e-mail carries no content (no text, no page, no reply
address): only the message's number, its due date and a link to the staff list behind the sign-in.
It goes to every active user of the coordinator group with an address and to
`FEEDBACK_NOTIFY_EMAIL` if set, one message per address. A failure to send is logged without
addresses and never undoes the message.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from perhekeskus.directory.roles import COORDINATOR

logger = logging.getLogger(__name__)


def recipients() -> list[str]:
    """The configured address and the active coordinators' addresses, each once."""
    configured = [settings.FEEDBACK_NOTIFY_EMAIL] if settings.FEEDBACK_NOTIFY_EMAIL else []
    coordinators = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=COORDINATOR)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return list(dict.fromkeys([*configured, *coordinators]))


def notify_new_feedback(message) -> int:
    """E-mail the coordinator(s) that a feedback message has arrived; the number of messages sent."""
    with translation.override(settings.LANGUAGE_CODE):
        link = settings.SITE_URL.rstrip("/") + reverse("feedback:staff_list")
        due = timezone.localtime(message.due_at).strftime("%d.%m.%Y")
        subject = _("Perhekeskus: uusi palaute #%(number)d") % {"number": message.pk}
        body = "\n\n".join(
            [
                _("Palvelun palautelomakkeella on lähetetty uusi palaute."),
                _("Vastattava viimeistään %(date)s (14 päivää saapumisesta).") % {"date": due},
                _("Lue palaute kirjautumalla:") + "\n" + link,
                _("Viestissä ei ole palautteen sisältöä tietosuojan vuoksi."),
            ]
        )
    messages = [EmailMessage(subject, body, to=[address]) for address in recipients()]
    if not messages:
        logger.warning("No address to notify of feedback #%s", message.pk)
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except Exception as error:  # a mail server's failure must not undo the message
        logger.error("Could not notify of feedback #%s: %s", message.pk, type(error).__name__)
        return 0
