"""Whom to call, and whether the line is open: the phone lines of a stage or an action.

The guide's own number and hours (as the handbook prints them: "050 370 7951, arkisin 9–11 ja
12–15") come first; without hours of its own, a line takes its open-now state from the linked
service's phone channel of the same number, so that a summer closure entered in the directory
shows here too. A linked service without a number in the guide shows its own phone channels.
"""

from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils.timezone import get_default_timezone

from perhekeskus.directory.hours import UNKNOWN, OpenState, open_state
from perhekeskus.directory.models import Channel, Service
from perhekeskus.directory.open_states import channel_open_state


@dataclass(frozen=True)
class Rule:
    """A weekly rule of the guide's own hours, shaped like a directory Schedule."""

    days: tuple[str, ...]
    opens_at: time
    closes_at: time
    valid_from: date | None = None
    valid_to: date | None = None
    open_on_holidays: bool = False
    note_fi: str = ""


@dataclass
class PhoneLine:
    number: str
    state: OpenState = UNKNOWN
    rules: list = field(default_factory=list)  # what `weekly_hours` shows

    @property
    def href(self) -> str:
        return "tel:" + "".join(ch for ch in self.number if ch.isdigit() or ch == "+")


def rules_of(hours: list[dict]) -> list[Rule]:
    return [
        Rule(tuple(h["days"]), time.fromisoformat(h["opens"]), time.fromisoformat(h["closes"]))
        for h in hours or []
        if h.get("days") and h.get("opens") and h.get("closes")
    ]


def digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


def lines(
    phone: str, hours: list[dict], services: list[Service], at: datetime, days_off: Container[date]
) -> list[PhoneLine]:
    """The phone lines of a stage or action (`phone` may hold several numbers: "0295 466 550 / 050 470 6290")."""
    channels = [c for s in services for c in s.channels.all() if c.kind == Channel.Kind.PHONE]
    numbers = [n.strip() for n in phone.split("/") if n.strip()]
    found = []
    if numbers:
        rules = rules_of(hours)
        for number in numbers:
            if rules:
                state = open_state(rules, [], at, days_off=days_off, tz=get_default_timezone())
                found.append(PhoneLine(number, state, rules))
                continue
            same = next((c for c in channels if digits(c.value) == digits(number)), None)
            if same is not None:
                found.append(PhoneLine(number, channel_open_state(same, at, days_off), list(same.schedules.all())))
            else:
                found.append(PhoneLine(number))
        return found
    for channel in channels:
        found.append(PhoneLine(channel.value, channel_open_state(channel, at, days_off), list(channel.schedules.all())))
    return found
