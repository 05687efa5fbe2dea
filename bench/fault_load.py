"""The askers of a fault run: new ones at a fixed rate, each retrying its form until it has a receipt.

A phone that gets no receipt (the connection refused, reset or timed out, a 503 or a 429, any
other server error) keeps what was typed and sends the same form again, with the same form token,
after a pause: the Retry-After the server gave, or else 1, 2, 4, then 8 s (a quarter either way at
random, so that the retries of many askers do not arrive together), until the run's deadline. A
refusal of the form itself (400, 409, ...) is final. Every post is recorded with its outcome.

Every asker has an address of its own (the server trusts X-Forwarded-For from its pretend proxy),
the form fields of bench/help_requests_load.py, and a marker in its text by which its stored rows
are counted afterwards. Traffic goes only to 127.0.0.1.
"""

import email.utils
import heapq
import http.client
import json
import random
import secrets
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from fault_tally import Attempt

PATH = "/api/v1/help-requests/"
FINAL = "final"  # a refused form: no retry


def address(n: int) -> str:
    """The n-th asker's private address, as its proxy would have appended it."""
    return f"10.{n // 62500 % 250}.{n // 250 % 250}.{n % 250 + 1}"


def marker(run_id: str, asker: int) -> str:
    """The tag in an asker's text by which its stored rows are found and counted."""
    return f"[{run_id}-{asker}]"


def error_label(error: BaseException) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "conn-refused"
    if isinstance(error, ConnectionResetError | BrokenPipeError | http.client.RemoteDisconnected):
        return "conn-reset"
    if isinstance(error, TimeoutError | socket.timeout):
        return "timeout"
    return "conn-error"


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After in seconds (its delay-seconds or HTTP-date form), None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def pause(failures: int, server_said: float | None, rng: random.Random) -> float:
    """How long the phone waits before its next try, after `failures` posts without a receipt."""
    if server_said is not None:
        return server_said + rng.uniform(0, 0.1 * server_said + 0.1)
    return min(8.0, 2.0 ** (failures - 1)) * rng.uniform(0.75, 1.25)


class Load:
    """`rate` new askers a second for `seconds`, their retries until `seconds + patience`, from a
    pool of `clients` threads; `first` numbers the addresses so that runs in one process (and so
    in one Redis) never share one."""

    def __init__(
        self,
        port: int,
        form: Callable[[int], dict],
        *,
        rate: float,
        seconds: float,
        patience: float,
        run_id: str,
        first: int = 0,
        clients: int = 32,
        timeout: float = 10.0,
    ):
        self.port, self.form, self.run_id, self.first = port, form, run_id, first
        self.clients, self.timeout = clients, timeout
        self.forms = int(rate * seconds)
        self.deadline = seconds + patience
        self.tokens = [secrets.token_urlsafe(24) for _ in range(self.forms)]
        self.attempts: list[Attempt] = []
        self._due = [(i / rate, i, 0) for i in range(self.forms)]  # (when, asker, failures so far)
        self._busy = 0
        self._lock = threading.Condition()
        self._stop = threading.Event()
        self._rng = random.Random()  # noqa: S311 -- jitter, not a secret
        self.started = time.monotonic()  # the schedule counts from here: make the load just before running it

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def run(self) -> list[Attempt]:
        """Post until every asker has a receipt or has given up; returns all attempts."""
        threads = [threading.Thread(target=self._client, daemon=True) for _ in range(self.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return self.attempts

    def stop(self) -> None:
        """End the run early (Ctrl-C): the clients finish the post in hand and stop."""
        self._stop.set()
        with self._lock:
            self._lock.notify_all()

    def _client(self) -> None:
        while True:
            with self._lock:
                while True:
                    if self._stop.is_set() or (not self._due and not self._busy):
                        self._lock.notify_all()
                        return
                    if self._due and self._due[0][0] <= self.elapsed():
                        _, asker, failures = heapq.heappop(self._due)
                        self._busy += 1
                        break
                    wait = self._due[0][0] - self.elapsed() if self._due else None
                    self._lock.wait(timeout=wait)
            sent = self.elapsed()
            label, server_said = self._post(asker)
            with self._lock:
                self.attempts.append(Attempt(asker, self.elapsed(), label, self.elapsed() - sent))
                self._busy -= 1
                if label not in ("200", "201") and server_said != FINAL:
                    failures += 1
                    when = self.elapsed() + pause(failures, server_said, self._rng)
                    if when < self.deadline:
                        heapq.heappush(self._due, (when, asker, failures))
                self._lock.notify_all()

    def _post(self, asker: int) -> tuple[str, float | str | None]:
        """One post of the asker's form: its label, and the pause the server asked for (or FINAL)."""
        fields = self.form(asker)
        fields["text"] = f"{fields['text']} {marker(self.run_id, asker)}"
        body = json.dumps({**fields, "form_token": self.tokens[asker]})
        headers = {"Content-Type": "application/json", "X-Forwarded-For": address(self.first + asker)}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            conn.request("POST", PATH, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            return error_label(error), None
        finally:
            conn.close()
        status = response.status
        if status in (200, 201):
            return str(status), None
        if 400 <= status < 500 and status != 429:
            return str(status), FINAL
        return str(status), retry_after(response.getheader("Retry-After"))
