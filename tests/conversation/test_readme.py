"""The README says what a new user sees, whatever day they try it: its sample session runs
through the real console from instants where days, weeks and quarters turn, and its word on
`admin outcomes` is what the report covers."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from tests.process import ROOT, console, run_app

README = (ROOT / "README.md").read_text()
# The one thing the sample may show differently from your run: the quarter you are in, which
# the README says in words ("The team goal names the quarter you are in").
QUARTER = re.compile(r"\bQ[1-4] \d{4}\b")
INSTANTS = [
    "2026-11-29T10:00",  # a Sunday morning
    "2026-11-30T00:05",  # just after a Monday's midnight
    "2026-12-03T09:00",  # a Thursday ("thu" would have been today)
    "2026-12-04T17:00",  # a Friday, after the time of the team post
    "2026-12-31T23:50",  # the last minutes of a quarter: tomorrow is in the next one
]
_NUMBERS = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "eighteen": 18, "twenty-four": 24}


def try_it_sample() -> tuple[str, str]:
    """Who the README's "Try it" session speaks as, and the session as it shows it."""
    section = README.split("\n## Try it\n", 1)[1].split("\n## ", 1)[0]
    sample = re.search(r"```text\n(.*?)```", section, re.DOTALL)
    assert sample is not None, "the README's sample session moved: update this test"
    member = re.match(r"(\w+)> ", sample.group(1))
    assert member is not None
    assert f"`python3 dev.py run console --as {member.group(1)}`" in section
    assert "the quarter you are in" in section
    return member.group(1), sample.group(1)


def test_the_readme_sample_session_reproduces_whatever_the_day(tmp_path: Path) -> None:
    member, sample = try_it_sample()
    typed = [line.removeprefix(f"{member}> ") for line in sample.splitlines()
             if line.startswith(f"{member}> ")]

    def session(at: str) -> str:
        workdir = tmp_path / at.replace(":", "")
        workdir.mkdir()
        shown = console(workdir, at, typed, member=member).splitlines()
        return "\n".join(shown[1:-2]) + "\n"  # after the banner, before ":quit" and goodbye

    with ThreadPoolExecutor(max_workers=len(INSTANTS)) as pool:
        seen = dict(zip(INSTANTS, pool.map(session, INSTANTS), strict=True))
    for at, output in seen.items():
        assert QUARTER.sub("Q? ????", output) == QUARTER.sub("Q? ????", sample), at
    assert "Team goal Q4 2026:" in seen["2026-12-31T23:50"]


def test_the_readme_says_how_far_back_admin_outcomes_looks(tmp_path: Path) -> None:
    row = next(line for line in README.splitlines() if line.startswith("| `admin outcomes` |"))
    said = re.search(r"the last ([\w-]+) months", row)
    assert said is not None and said.group(1) in _NUMBERS, row
    done = run_app(tmp_path, "console", "--as", "owner", "--at", "2026-12-02T10:00",
                   stdin="sources add Sunrise Pediatrics\nadmin outcomes\n")
    header = re.search(r"📈 Outreach and referrals, (\w{3} \d{4}) – (\w{3} \d{4})", done.stdout)
    assert header is not None, done.stdout + done.stderr
    first, last = (datetime.strptime(month, "%b %Y") for month in header.groups())
    assert (first.year, first.month, last.year, last.month) == (2026, 1, 2026, 12)
    shown = (last.year - first.year) * 12 + last.month - first.month + 1
    assert shown == _NUMBERS[said.group(1)]
