"""When feedback must be answered: 14 days after it arrived.

The Act on the Provision of Digital Services (306/2019, § 17) gives a public service 14 days to
answer feedback on its accessibility. The law counts days, not working days, so this is 14
calendar days to the minute, with no holidays to skip: a message received on Friday at 15.00 is
due two weeks later on Friday at 15.00.
"""

from datetime import datetime, timedelta

ANSWER_DAYS = 14


def due_at(received_at: datetime) -> datetime:
    """The moment a message received at `received_at` must have been answered by."""
    return received_at + timedelta(days=ANSWER_DAYS)
