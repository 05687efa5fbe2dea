"""Asking for a new password: the same answer, in the same time, for known and unknown addresses.

Django's PasswordResetView looks the address up and sends the e-mail before it answers, so a
known address answers as late as the mail server is slow and an unknown one at once: the time
tells which addresses have accounts. Here the view only checks that the address is one, answers,
and looks up and sends after the answer has gone (a closer of the response, run by the WSGI
server once the body is sent), so what the asker sees and when is the same for every address.
A mail server that fails is logged without the address.

Limits, which tell nothing about accounts either: an address asking more than RESETS_PER_ADDRESS
times an hour gets a 429 (whatever it asks for), and one e-mail address gets at most
MAILS_PER_ADDRESS reset mails an hour (later asks get the same answer and no mail), so the page
cannot be used to flood a worker's mailbox.
"""

import logging
from functools import partial

from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from . import counters
from .addresses import client_address, client_ip

logger = logging.getLogger(__name__)

RESETS_PER_ADDRESS = 10
MAILS_PER_ADDRESS = 3
HOUR = 3600


class EqualPasswordResetView(PasswordResetView):
    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        asker = client_address(self.request) or client_ip(self.request)
        if (counters.hit(counters.key("reset-asker", asker), HOUR) or 0) > RESETS_PER_ADDRESS:
            form.add_error("email", _("Liian monta pyyntöä. Yritä uudelleen tunnin kuluttua."))
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(HOUR)
            return response
        options = {
            "use_https": self.request.is_secure(),
            "token_generator": self.token_generator,
            "from_email": self.from_email,
            "email_template_name": self.email_template_name,
            "subject_template_name": self.subject_template_name,
            "request": self.request,
            "html_email_template_name": self.html_email_template_name,
            "extra_email_context": self.extra_email_context,
        }
        response = HttpResponseRedirect(self.get_success_url())
        # Django's own hook for work after the body (HttpResponseBase.close runs these).
        response._resource_closers.append(partial(send_after_answer, form, options))
        return response


def send_after_answer(form, options: dict) -> None:
    mails = counters.hit(counters.key("reset-mail", form.cleaned_data["email"].lower()), HOUR)
    if (mails or 0) > MAILS_PER_ADDRESS:
        return
    try:
        form.save(**options)
    except Exception:
        logger.exception("Could not send a password reset e-mail.")
