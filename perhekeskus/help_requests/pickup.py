"""The pickup (nouto): a pickup code opens its request, behind two lines of limits on wrong codes.

The one rule for every place that takes a code (the pickup page and the reply form's hidden code),
so that no door guesses past it. Only wrong codes count: an asker who opens the answer again and
again is never slowed down.

**The first line is per code.** A code has no part that is not secret (codes.py: 20 characters of
31, 99 bits, found by a keyed digest of the whole), so "one code" is named by its first two groups
(`codes.prefix`, 8 characters, 40 bits): a wrong code is counted under a keyed hash of its first
two groups, wherever it comes from. After `PICKUP_CODE_RATES` (5 wrong codes in a quarter of an
hour of the clock) that code is locked, from every address, until the quarter ends: a guess at one
code spread over many addresses is stopped as surely as one from a single address. The right code
is locked too (nothing is verified while locked): opening it for the right code would let the
guesser go on guessing, since a right guess and the owner look alike. The counting does not ask
whether a request has those first groups, so a lock says nothing about which codes exist.

**The second line is per address**, looser (`PICKUP_RATES`: 30 wrong codes an hour), for the
guesser who tries many different codes and so never fills one code's line. A look at a locked
code counts on neither line, so the most one code's line can add to an address's in an hour is
4 × 5 = 20 < 30: guessing at one code never locks the guesser's address, and the owner of
another code at the same address (a school, a phone operator's shared address) still opens
theirs. A code that is malformed has no first groups and counts on the address's line only.

**What this buys, in numbers** (31 symbols: 4.95 bits each):

- A guesser who knows nothing aims at every live code at once, with the address's line only:
  10⁵ addresses (an IPv6 /64 counts as one) at 30 an hour against 10⁴ live codes find one in
  31²⁰ / (10⁴ × 7.2 × 10⁷ a day) / 2, about 10¹⁵ years.
- A guesser who has seen the first two groups of someone's code (a glimpse of the receipt) has
  12 characters, 59 bits, to go through the code's line: 5 a quarter hour is 480 a day from any
  number of addresses, 31¹² / 2 / 480 days, about 2 × 10¹² years.
- Even one who has seen all but the last group (4 characters, 923 521 codes) needs 962 days on
  average (a chance of 0.05 % a day), where a botnet of 10⁴ addresses at 30 an hour each would
  find it in an hour and a half without this line.
- The look and the count are two steps, so guesses sent at the same moment can all pass the look
  before the first is counted: as many more per quarter as the server answers at once (16 with 4
  gunicorn workers × 4 threads). 21 a quarter is 2016 a day: still 229 days for the last group.

**The price**: someone who knows a code's first two groups can keep that code locked, quarter
after quarter, for as long as they go on guessing; they cannot read it. The owner sees when to try
again, with the emergency numbers, and gets in within a quarter of an hour of the guessing
stopping. A request may tell of violence at home, so it stays shut rather than open to the guesser.
"""

from . import codes
from .limits import PICKUP_CODE_GROUP, PICKUP_CODE_RATES, PICKUP_GROUP, PICKUP_RATES, lockout_seconds
from .models import HelpRequest


class PickupLocked(Exception):
    """No code is verified now: the `line` that holds (CODE or ADDRESS) and the seconds until it
    opens again (the answer's Retry-After)."""

    CODE = "code"
    ADDRESS = "address"

    def __init__(self, *, line: str, retry_after: int):
        super().__init__(line, retry_after)
        self.line = line
        self.retry_after = retry_after


def open_request(code: str, *, address: str) -> HelpRequest | None:
    """The request whose pickup code `code` (as typed) is, asked from `address` (the client's
    network, `limits.client_network`); None for a code that opens nothing, which is counted.

    Raises PickupLocked, before anything is verified, when the address or the code is locked.
    """
    prefix = codes.prefix(codes.normalize(code))
    refuse_if_locked(prefix, address=address)
    help_request = codes.verify(code)
    if help_request is None:
        count_wrong_code(prefix, address=address)
    return help_request


def count_unreadable(*, address: str) -> None:
    """A pickup form without a readable code (empty, too long): refused like any code when the
    address is locked (PickupLocked), else counted against the address as a wrong code."""
    refuse_if_locked(None, address=address)
    count_wrong_code(None, address=address)


def refuse_if_locked(prefix: str | None, *, address: str) -> None:
    """Raise PickupLocked when one more wrong code would be over a line: the address's, or (for a
    code with first groups, `codes.prefix`) the code's. Counts nothing."""
    by_address = lockout_seconds(PICKUP_GROUP, PICKUP_RATES, address, increment=False)
    by_code = lockout_seconds(PICKUP_CODE_GROUP, PICKUP_CODE_RATES, prefix, increment=False) if prefix else 0
    if by_address or by_code:
        line = PickupLocked.ADDRESS if by_address else PickupLocked.CODE
        raise PickupLocked(line=line, retry_after=max(by_address, by_code))


def count_wrong_code(prefix: str | None, *, address: str) -> None:
    """Count a code that opened nothing (or a form without a readable code: `prefix` None) against
    the address and, when it has first groups, against the code they name."""
    lockout_seconds(PICKUP_GROUP, PICKUP_RATES, address)
    if prefix:
        lockout_seconds(PICKUP_CODE_GROUP, PICKUP_CODE_RATES, prefix)
