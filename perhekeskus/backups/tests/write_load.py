"""A write load for the backup tests: help requests submitted one after another, as the public
form sends them, until a stop file appears. Run as a process of its own with the database of the
test in its environment (SQLITE_PATH or DATABASE_URL):

    python -m perhekeskus.backups.tests.write_load STOP_FILE

It prints the number of requests it sent when it stops.
"""

import os
import sys
import time
from pathlib import Path

PAUSE_SECONDS = 0.005  # a busy form, without taking both of the machine's cores from the backup


def main(stop_file: Path) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.utils import timezone

    from perhekeskus.help_requests.submission import submit_help_request

    sent = 0
    while not stop_file.exists():
        cleaned = {
            "text": f"Kuormitustesti {sent}: miten varaan ajan neuvolaan?",
            "topic": None,
            "age_group": None,
            "municipality": None,
            "contact_method": "anonymous",
            "contact_phone": "",
            "contact_email": "",
            "form_token": f"load-{os.getpid()}-{sent}",
        }
        submit_help_request(cleaned=cleaned, language="fi", at=timezone.now())
        sent += 1
        time.sleep(PAUSE_SECONDS)
    print(sent)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
