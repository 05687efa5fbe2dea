"""Asking for a new password: the same answer, in the same time, for known and unknown addresses.

Django's PasswordResetView looks the address up and sends the e-mail before it answers, so a
known address answers as late as the mail server is slow and an unknown one at once: the time
tells which addresses have accounts. Here the view only checks that the address is one, answers,
and looks up and sends after the answer has gone (a closer of the response, run by the WSGI
server once the body is sent), so what the asker sees and when is the same for every address.
A mail server that fails is logged without the address.
"""

import logging
from functools import partial

from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponseRedirect

logger = logging.getLogger(__name__)


class EqualPasswordResetView(PasswordResetView):
    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
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
    try:
        form.save(**options)
    except Exception:
        logger.exception("Could not send a password reset e-mail.")
