"""The suite passes whatever the day and hour it runs. Console tests pin their own instant
(`--at`, `:clock`), and served bots run from tests/process.py's PINNED_AT, a Wednesday. Here
the served tests that talk about days and weeks (marked `clock_sensitive`) run again, in a
pytest of their own, from instants where a week turns: late on a Sunday, and just after a
Monday's midnight (when a clinician an hour west is still in Sunday). The console tests run
their own instants (tests/conversation/test_credit.py: a Sunday morning and night, a Monday
just after midnight, a Wednesday)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.process import ROOT

pytestmark = pytest.mark.long

INSTANTS = ["2026-11-29T23:30:00-05:00",   # Sunday 23:30 in New York
            "2026-11-30T00:10:00-05:00"]   # Monday 00:10 (Sunday 23:10 in Chicago)


def files_with_clock_sensitive_tests() -> list[str]:
    """The served tests' modules that mark a test `clock_sensitive` (the pytest below then
    imports only those, not every module of tests/slack and tests/teams)."""
    return sorted(str(path.relative_to(ROOT)) for folder in ("tests/slack", "tests/teams")
                  for path in (ROOT / folder).glob("test_*.py")
                  if "clock_sensitive" in path.read_text())


@pytest.mark.parametrize("at", INSTANTS)
def test_the_clock_sensitive_tests_pass_from_another_instant(at: str) -> None:
    env = {**os.environ, "SHOWUP_TEST_AT": at}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-o", "addopts=", "-q", "-p", "no:cacheprovider", "-m",
         "clock_sensitive", *files_with_clock_sensitive_tests()],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " 6 passed" in f" {summary}", summary   # all six ran; none skipped
