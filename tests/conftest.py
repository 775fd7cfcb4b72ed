"""Shared test reporting: lines given to the ``report`` fixture appear in pytest's summary."""

import sys
from pathlib import Path

import pytest

# helper modules beside the tests (importlib mode does not put this folder on the path)
sys.path.insert(0, str(Path(__file__).parent))

REPORTS: list[str] = []


@pytest.fixture
def report():
    return REPORTS.append


def pytest_terminal_summary(terminalreporter):
    for line in REPORTS:
        terminalreporter.write_line(line)
