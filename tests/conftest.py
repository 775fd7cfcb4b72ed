"""Shared test reporting: lines given to the ``report`` fixture appear in pytest's summary."""

import pytest

REPORTS: list[str] = []


@pytest.fixture
def report():
    return REPORTS.append


def pytest_terminal_summary(terminalreporter):
    for line in REPORTS:
        terminalreporter.write_line(line)
