"""Does the password reset's answer tell which addresses have accounts? Timed side by side.

Asks for a new password for a known and for an unknown address, alternately, from Django's stock
PasswordResetView (bench/urls.py, /bench/stock-password-reset/) and from ours (/accounts/
password_reset/, perhekeskus/accounts/password_reset.py), under gunicorn with a mail backend that
takes as long as an SMTP server a network away (bench/slow_mail.py). Prints each view's median
answer time for both addresses and their ratio: the stock view's known address waits for the
mail, ours answers both alike.

    .venv/bin/python bench/password_reset.py
    .venv/bin/python bench/password_reset.py --rounds 60 --mail-seconds 0.5
"""

import argparse
import http.client
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.serving import PYTHON, free_port, prepare_database, run, start_gunicorn, stop  # noqa: E402

VIEWS = {"stock Django": "/bench/stock-password-reset/", "Perhekeskus": "/accounts/password_reset/"}
KNOWN, UNKNOWN = "tyontekija@example.org", "ei-tilia@example.org"
MAKE_USER = (
    "from django.contrib.auth.models import User; "
    f"User.objects.create_user('tyontekija', email='{KNOWN}', password='Bench-salasana-2026')"
)


def ask(port: int, path: str, address: str) -> float:
    """One reset asked as a browser does (the form for its CSRF token, then the post): the post's
    answer time in seconds."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    page = conn.getresponse()
    html = page.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urlencode({"email": address, "csrfmiddlewaretoken": token})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"}
    started = time.perf_counter()
    conn.request("POST", path, body=body, headers=headers)
    answer = conn.getresponse()
    answer.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if answer.status != 302:
        raise RuntimeError(f"{path} answered {answer.status}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="resets per view and address")
    parser.add_argument("--mail-seconds", type=float, default=0.2, help="what one e-mail costs the mail server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        env = prepare_database("sqlite", Path(workdir), "reset")
        run([PYTHON, "manage.py", "shell", "-c", MAKE_USER], env)
        port = free_port()
        extra = {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "EMAIL_BACKEND": "bench.slow_mail.EmailBackend",
            "SLOW_MAIL_SECONDS": str(args.mail_seconds),
        }
        server = start_gunicorn(env, port, workers=1, extra=extra, redis_url=None)
        try:
            times = {(view, who): [] for view in VIEWS for who in ("known", "unknown")}
            for _ in range(args.rounds):
                for view, path in VIEWS.items():
                    times[(view, "known")].append(ask(port, path, KNOWN))
                    times[(view, "unknown")].append(ask(port, path, UNKNOWN))
        finally:
            stop(server)
    print(f"password reset: median answer over {args.rounds} resets each, one e-mail costing {args.mail_seconds} s")
    print(f"{'view':<14} {'known address':>14} {'unknown address':>16} {'known / unknown':>16}")
    for view in VIEWS:
        known = statistics.median(times[(view, "known")]) * 1000
        unknown = statistics.median(times[(view, "unknown")]) * 1000
        print(f"{view:<14} {known:>11.1f} ms {unknown:>13.1f} ms {known / unknown:>15.2f}x")


if __name__ == "__main__":
    main()
