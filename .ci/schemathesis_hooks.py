"""Schemathesis hooks of the CI run (.ci/schemathesis): the rules an OpenAPI schema cannot state.

Each rule ties two values of one request together, which JSON Schema has no words for; the schema
says them in the operation's description. A positive case (one that follows the schema and should
be accepted) is made to follow them too; a negative case is left as generated, since whatever it
breaks is answered with a 4xx anyway.

- GET /api/v1/occurrences/: `start` and `end` come together, end not before start, at most
  MAX_WINDOW_DAYS days (perhekeskus/activities/occurrences.py).
- POST /api/v1/help-requests/: an Idempotency-Key header and a body's form_token, both given, are
  the same token.
"""

from datetime import date, timedelta

import schemathesis
from schemathesis import GenerationMode

MAX_WINDOW_DAYS = 400  # activities.occurrences.MAX_WINDOW_DAYS; test_schemathesis_hooks keeps them equal
OCCURRENCES = "/api/v1/occurrences/"
HELP_REQUESTS = "/api/v1/help-requests/"
IDEMPOTENCY_KEY = "Idempotency-Key"


@schemathesis.hook
def map_case(context, case):
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return case
    if case.operation.path == OCCURRENCES and case.query:
        case.query = window_in_bounds(case.query)
    elif case.operation.path == HELP_REQUESTS and case.headers and isinstance(case.body, dict):
        token = case.body.get("form_token")
        if IDEMPOTENCY_KEY in case.headers and isinstance(token, str) and token:
            case.headers[IDEMPOTENCY_KEY] = token
    return case


def window_in_bounds(query: dict) -> dict:
    """`query` with start and end both given or neither, end from start up to MAX_WINDOW_DAYS days."""
    start, end = _day(query.get("start")), _day(query.get("end"))
    if start is None and end is None:
        return query
    start, end = start or end, end or start
    start, end = min(start, end), max(start, end)
    end = start + timedelta(days=(end - start).days % MAX_WINDOW_DAYS)
    return {**query, "start": start.isoformat(), "end": end.isoformat()}


def _day(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None
