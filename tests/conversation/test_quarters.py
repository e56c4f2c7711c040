"""Quarters close: their totals can be looked back on, and the team hears the final result.
Through `python app.py console`, the clock pinned around the Q4 2026 / Q1 2027 boundary."""

from __future__ import annotations

from pathlib import Path

from tests.process import console


def test_a_closed_quarter_is_announced_and_can_be_looked_back_on(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-21T10:00", [
        "log lunch-and-learn at Valley Family Medicine today",   # 4 pts in Q4
        ":as bob", "log visit Sunrise Pediatrics today",           # 3 pts in Q4
        ":clock 2027-01-01 16:30",   # Friday Jan 1: the first team post of Q1
        "log talk at the Rotary Club today",                     # 5 pts in Q1
        "board last quarter", "board quarter",
        ":admin", "report last quarter",
    ])
    first_of_q1 = out.split("[Fri Jan 01 16:00] 📬 [#team]")[1].split("🕘")[0]
    assert "🏁 Q4 2026: 7/150 pts — that quarter is closed. Thank you, everyone." in first_of_q1
    assert "Team goal Q1 2027: 0/150 pts" in first_of_q1
    last = out.split("bob> board last quarter\n")[1].split("bob>")[0]
    assert last.startswith("🏁 Team board — last quarter (Oct 1 – Dec 31)\n"
                           "Team goal Q4 2026 (closed): 7/150 pts")
    assert "Last quarter: 2 pieces of outreach, 7 pts, from 2 people." in last
    now = out.split("bob> board quarter\n")[1].split("bob>")[0]
    assert "Team goal Q1 2027: 5/150 pts" in now
    report = out.split("owner> report last quarter\n")[1]
    assert report.startswith("📋 Report — last quarter (Oct 1 – Dec 31)\n"
                             "Team goal Q4 2026 (closed): 7/150 pts")
    assert "• alex: made 0, kept 0, didn't happen 0, moved 0, open 0, logged 1" in report
    assert "no plan for Q4 2026" in report


def test_freezes_are_named_for_the_quarter_of_the_week_being_judged(tmp_path: Path) -> None:
    """The week of Monday Dec 28 belongs to Q4 even on New Year's Day, so the quiet week of
    Dec 21 used Q4's one freeze and the quiet week of Dec 28 breaks the streak; from Jan 4 a
    fresh Q1 freeze waits."""
    out = console(tmp_path, "2026-12-14T10:00", [
        "log visit Sunrise Pediatrics today",
        ":clock 2027-01-01 10:00", "streak",   # the week of Dec 21 was quiet: Q4's freeze
        ":clock 2027-01-04 10:00", "streak",
    ])
    new_years_day, monday = out.split("alex> streak\n")[1:3]
    assert "🔥 Your streak: 1 week (best 1)." in new_years_day
    assert "0 freezes left for Q4 2026." in new_years_day
    assert "🔥 Your streak: 0 weeks (best 1)." in monday
    assert "1 freeze left for Q1 2027." in monday
