"""Log records without their exception's text, for loggers whose exceptions may carry personal
data (the password reset's mail error names the address it could not reach)."""

import logging


class WithoutExceptionText(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            record.msg = f"{record.getMessage()} ({record.exc_info[0].__name__})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
