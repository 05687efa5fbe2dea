"""`bench/fault_tally.py`: what a fault run counts as lost, duplicated and passed (no servers)."""

from bench.fault_tally import Attempt, Tally, format_statuses, format_summary, phase_statuses, tally


def posts(*rows: tuple[int, str]) -> list[Attempt]:
    return [Attempt(asker, float(n), label) for n, (asker, label) in enumerate(rows)]


def test_every_acknowledged_request_stored_once_passes():
    result = tally("kill-worker", "sqlite", posts((0, "201"), (1, "conn-reset"), (1, "201")), 2, {0: 1, 1: 1})
    assert (result.forms, result.posts, result.acknowledged, result.stored) == (2, 3, 2, 2)
    assert (result.lost, result.duplicated, result.unacknowledged_stored, result.gave_up) == (0, 0, 0, 0)
    assert result.statuses == {"201": 2, "conn-reset": 1}
    assert result.passed and result.verdict == "PASSED"


def test_an_acknowledged_request_not_stored_is_lost():
    result = tally("disk-full", "postgresql", posts((0, "201"), (1, "201")), 2, {1: 1})
    assert result.lost == 1
    assert not result.passed and result.verdict == "FAILED (1 lost)"


def test_two_rows_for_one_asker_are_a_duplicate_whatever_the_statuses():
    result = tally("kill-master", "sqlite", posts((0, "conn-reset"), (0, "201")), 1, {0: 2})
    assert (result.duplicated, result.stored, result.lost) == (1, 2, 0)
    assert not result.passed


def test_a_retry_answered_200_acknowledges_a_request_stored_by_an_earlier_post():
    result = tally("db-restart", "postgresql", posts((0, "timeout"), (0, "200")), 1, {0: 1})
    assert (result.acknowledged, result.lost, result.unacknowledged_stored) == (1, 0, 0)
    assert result.passed


def test_stored_but_never_acknowledged_is_counted_and_allowed():
    result = tally("kill-master", "sqlite", posts((0, "201"), (1, "conn-reset"), (1, "conn-refused")), 2, {0: 1, 1: 1})
    assert (result.unacknowledged_stored, result.gave_up, result.lost) == (1, 1, 0)
    assert result.passed


def test_a_500_fails_the_run_even_when_nothing_was_lost():
    result = tally("read-only", "sqlite", posts((0, "500"), (0, "201")), 1, {0: 1})
    assert result.lost == 0 and result.server_errors == 1
    assert not result.passed and result.verdict == "FAILED (1 server error)"


def test_503_and_429_and_connection_errors_are_not_server_errors():
    result = tally("read-only", "postgresql", posts((0, "503"), (0, "429"), (0, "conn-refused"), (0, "201")), 1, {0: 1})
    assert result.server_errors == 0 and result.passed


def test_a_run_that_acknowledged_nothing_proves_nothing():
    result = tally("disk-full", "sqlite", posts((0, "503"), (0, "503")), 1, {})
    assert result.lost == 0 and not result.passed
    assert result.verdict == "FAILED (nothing acknowledged)"


def test_a_run_that_could_not_finish_fails_and_one_not_applicable_passes():
    assert not Tally("read-only", "sqlite", acknowledged=5, error="could not remount").passed
    skipped = Tally("db-restart", "sqlite", applicable=False, note="SQLite has no server to restart")
    assert skipped.passed and skipped.verdict == "not applicable"


def test_statuses_are_written_http_first_then_connection_errors():
    statuses = {"conn-refused": 3, "503": 8, "201": 580, "200": 12}
    assert format_statuses(statuses) == "200:12 201:580 503:8 conn-refused:3"
    assert format_statuses({}) == "-"


def test_phases_split_the_answers_at_the_fault_window():
    attempts = [Attempt(0, 1.0, "201"), Attempt(1, 5.0, "500"), Attempt(1, 9.9, "503"), Attempt(1, 10.0, "201")]
    phases = phase_statuses(attempts, 5.0, 10.0)
    assert phases["before"] == {"201": 1}
    assert phases["during"] == {"500": 1, "503": 1}
    assert phases["after"] == {"201": 1}


def test_the_summary_has_a_line_per_run():
    runs = [
        tally("kill-worker", "sqlite", posts((0, "201")), 1, {0: 1}),
        Tally("db-restart", "sqlite", applicable=False),
    ]
    lines = format_summary(runs).splitlines()
    assert lines[0].split()[:3] == ["scenario", "db", "posts"]
    assert lines[1].split()[0] == "kill-worker" and lines[1].endswith("PASSED")
    assert lines[2].endswith("not applicable")
