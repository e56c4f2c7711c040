"""The suite passes whatever the day and hour it runs. Console tests pin their own instant
(`--at`, `:clock`), and served bots run from tests/process.py's PINNED_AT, a Wednesday. The
served tests that talk about days and weeks (marked `clock_sensitive`) also run from the
instants where a week turns: late on a Sunday, and just after a Monday's midnight (when a
clinician an hour west is still in Sunday) — tests/conftest.py parametrizes them through the
`pinned_at` fixture. Here: none of them escapes that. The console tests run their own
instants (tests/conversation/test_credit.py: a Sunday morning and night, a Monday just after
midnight, a Wednesday)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

from tests.conftest import OTHER_INSTANTS
from tests.process import PINNED_AT, ROOT


def files_with_clock_sensitive_tests() -> list[str]:
    """The served tests' modules that mark a test `clock_sensitive`."""
    return sorted(str(path.relative_to(ROOT)) for folder in ("tests/slack", "tests/teams")
                  for path in (ROOT / folder).glob("test_*.py")
                  if "clock_sensitive" in path.read_text())


def test_the_other_instants_are_where_a_week_turns() -> None:
    sunday_night, after_monday_midnight = (datetime.fromisoformat(at) for at in OTHER_INSTANTS)
    assert (sunday_night.strftime("%A"), sunday_night.hour) == ("Sunday", 23)
    assert (after_monday_midnight.strftime("%A"), after_monday_midnight.hour) == ("Monday", 0)


def test_every_clock_sensitive_test_runs_from_every_instant() -> None:
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "-o", "addopts=", "-q", "-p", "no:cacheprovider",
         "--collect-only", "-m", "clock_sensitive", *files_with_clock_sensitive_tests()],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert collected.returncode == 0, collected.stdout[-4000:] + collected.stderr[-2000:]
    ids = [line for line in collected.stdout.splitlines() if "::" in line]
    tests = {test_id.split("[")[0] for test_id in ids}
    assert len(tests) == 6, ids   # the six marked tests, none left out of the run
    for test in tests:
        instants = sorted(test_id.split("[", 1)[1].rstrip("]") for test_id in ids
                          if test_id.split("[")[0] == test)
        assert instants == sorted({PINNED_AT, *OTHER_INSTANTS}), (test, instants)
