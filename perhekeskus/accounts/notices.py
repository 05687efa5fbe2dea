"""The e-mails a worker gets about their own account: it was locked, a new authenticator was set
up. Sent after the answer (lockout.after_the_answer); a mail server that fails is logged by the
error's kind only, since its message may carry the address."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def account_locked(user, opens) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Perhekeskus: tunnuksesi on lukittu hetkeksi")
        body = "\n\n".join(
            [
                _("Tunnukseesi on yritetty kirjautua monta kertaa väärällä salasanalla tai koodilla."),
                _("Tunnus on lukittu, ja se avautuu itsestään klo %(time)s.")
                % {"time": formats.time_format(opens, "H.i")},
                _("Jos et itse yrittänyt kirjautua, kerro siitä ylläpidolle. Ylläpito voi myös avata lukon heti."),
            ]
        )
    _send(user, subject, body, "lockout")


def authenticator_set_up(user) -> None:
    now = timezone.localtime(timezone.now())
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Perhekeskus: tunnuksellesi otettiin käyttöön todennussovellus")
        body = "\n\n".join(
            [
                _("Tunnuksellesi otettiin käyttöön todennussovellus %(date)s klo %(time)s.")
                % {"date": formats.date_format(now, "j.n.Y"), "time": formats.time_format(now, "H.i")},
                _(
                    "Jos et itse ottanut sitä käyttöön, joku tietää salasanasi: kerro ylläpidolle heti. "
                    "Ylläpito poistaa sovelluksen ja antaa sinulle uuden salasanan."
                ),
            ]
        )
    _send(user, subject, body, "new authenticator")


def _send(user, subject: str, body: str, what: str) -> None:
    if not user.email:
        return
    try:
        send_mail(subject, body, None, [user.email])
    except Exception as error:  # a mail server away must not turn a sign-in into an error page
        logger.error("Could not send the %s notice to user %s (%s).", what, user.pk, type(error).__name__)
