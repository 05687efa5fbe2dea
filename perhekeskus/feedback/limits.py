"""A small limit on how much feedback one address sends: `FEEDBACK_PER_HOUR` messages an hour.

Its own and simpler than the help requests' limits (which feedback, their peer, may not import):
a counter per client address in the cache (accounts/counters.py, the address only as a keyed
hash), in fixed one-hour windows. Without a cache that
answers (Redis away) nothing is counted and nothing is refused: feedback is not worth refusing
for a missing optimisation. The address is counted as the sign-in's lockout counts it
(`accounts.addresses`: IPv6 as its /64).
"""

from django.conf import settings

from perhekeskus.accounts import counters
from perhekeskus.accounts.addresses import client_address

WINDOW_SECONDS = 3600


def over_limit(request, *, now_seconds: float) -> bool:
    """Count this POST against its address; True when the address has sent too many this hour."""
    address = client_address(request)
    if address is None:
        return False
    window = int(now_seconds // WINDOW_SECONDS)
    count = counters.hit(counters.key("feedback-posts", f"{address}:{window}"), WINDOW_SECONDS)
    return (count or 0) > settings.FEEDBACK_PER_HOUR  # None: the cache is away, nothing counted
