"""Shared test reporting: lines given to the ``report`` fixture appear in pytest's summary."""

import faulthandler
import os
import sys
from pathlib import Path

import pytest

try:  # (the wheel's own check runs the notebook tests with pytest alone)
    from hypothesis import settings
except ImportError:
    settings = None

# CI (``.ci/run`` sets HYPOTHESIS_PROFILE=ci) draws the same examples on every machine, so a
# green local run of that profile is a green CI; without it each run draws new examples.
if settings is not None:
    settings.register_profile("ci", derandomize=True, print_blob=True)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# A test that runs this long is stuck: print every thread's stack and end the run, so CI
# shows where instead of running out its time (faulthandler works inside C code too).
STUCK_SECONDS = float(os.environ.get("MATCALC_TEST_STUCK_SECONDS", 900))

# helper modules beside the tests (importlib mode does not put this folder on the path)
sys.path.insert(0, str(Path(__file__).parent))

REPORTS: list[str] = []
STDERR = pytest.StashKey()


@pytest.fixture
def report():
    return REPORTS.append


def pytest_terminal_summary(terminalreporter):
    for line in REPORTS:
        terminalreporter.write_line(line)


def pytest_configure(config):
    # the real stderr (capture is suspended here): a stack dumped during a test must not go
    # into the capture that ends with the process
    config.stash[STDERR] = open(os.dup(2), "w")


def pytest_unconfigure(config):
    config.stash[STDERR].close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    faulthandler.dump_traceback_later(STUCK_SECONDS, exit=True, file=item.config.stash[STDERR])
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
