"""A mail backend that takes as long as an SMTP server a network away: SLOW_MAIL_SECONDS (0.2 s)
per message. bench/password_reset.py gives it to the server, so that the time a reset e-mail
costs shows in the answer if the answer waits for it."""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.2")) * len(email_messages))
        return len(email_messages)
