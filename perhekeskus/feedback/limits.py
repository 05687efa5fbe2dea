"""A small limit on how much feedback one address sends: `FEEDBACK_PER_HOUR` messages an hour.

Its own and simpler than the help requests' limits (which feedback, their peer, may not import):
a counter per client address in the cache, in fixed one-hour windows. Without a cache that
answers (Redis away) nothing is counted and nothing is refused: feedback is not worth refusing
for a missing optimisation. The address is counted as the sign-in's lockout counts it
(`accounts.addresses`: IPv6 as its /64).
"""

import logging

from django.conf import settings
from django.core.cache import cache

from perhekeskus.accounts.addresses import client_address

logger = logging.getLogger(__name__)
WINDOW_SECONDS = 3600


def over_limit(request, *, now_seconds: float) -> bool:
    """Count this POST against its address; True when the address has sent too many this hour."""
    address = client_address(request)
    if address is None:
        return False
    window = int(now_seconds // WINDOW_SECONDS)
    key = f"feedback:posts:{address}:{window}"
    try:
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        count = cache.incr(key)
    except Exception as error:  # a cache away counts nothing
        logger.warning("Feedback limit not counted: %s", type(error).__name__)
        return False
    return count > settings.FEEDBACK_PER_HOUR
