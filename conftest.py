"""Hooks for the whole suite (perhekeskus/ and bench/): a test slower than 5 s says why.

A test whose call took more than SLOW_SECONDS and has no `@pytest.mark.slow(reason="...")` is
named at the end of the run, so that it is made faster or says why it is not. It is reported,
never failed: timing depends on the machine. Only the call counts, not the fixtures, so that the
test that happens to load a session's shared data first is not blamed for it.
"""

import pytest

SLOW_SECONDS = 5.0


def pytest_collection_modifyitems(items):
    for item in items:
        marker = item.get_closest_marker("slow")
        if marker is not None and not (marker.args or marker.kwargs.get("reason")):
            raise pytest.UsageError(f'{item.nodeid}: say why it is slow: @pytest.mark.slow(reason="...")')


def pytest_terminal_summary(terminalreporter):
    unexplained = [
        report
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call" and report.duration > SLOW_SECONDS and "slow" not in report.keywords
    ]
    if unexplained:
        terminalreporter.section(f"slower than {SLOW_SECONDS:.0f} s without @pytest.mark.slow(reason=...)")
        for report in sorted(unexplained, key=lambda report: -report.duration):
            terminalreporter.line(f"{report.duration:6.2f}s {report.nodeid}")
