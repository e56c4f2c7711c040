"""Outreach counts in the week it was done, in the member's own zone; closed weeks and quarters
stay as they were. Played through `python app.py console` from pinned instants, Sundays and
midnights among them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.process import console

# Instants around the week's edges (the practice is in New York): a Sunday morning, late on
# a Sunday, just after midnight on a Monday, and a plain Wednesday.
EDGES = ["2026-11-29T10:00", "2026-11-29T23:30", "2026-11-30T00:10", "2026-12-02T12:00"]


@pytest.mark.parametrize("at", EDGES)
def test_done_counts_in_the_week_it_is_marked_done(tmp_path: Path, at: str) -> None:
    """The README's first example: a commitment for Thursday, marked done at once, keeps this
    week whatever day this is — Thursday may be next week's."""
    out = console(tmp_path, at, ["commit visit Sunrise Pediatrics thu", "done 1", "streak",
                                 "board"])
    assert "✅ Done: visit Sunrise Pediatrics (+3 pts)." in out
    assert "🔥 Streak: 1 week." in out
    assert "🔥 Your streak: 1 week (best 1).\nThis week is kept ✅" in out
    assert "This week: 1 piece of outreach, 3 pts, from 1 person." in out


def test_done_early_is_credited_to_this_week_not_the_week_it_was_due(tmp_path: Path) -> None:
    """Reported: on Wed Dec 23, a visit planned for Monday the 28th and done at once read
    "Streak: 0 weeks", the board said nobody had done anything, and the next Friday's team
    post credited the empty week."""
    out = console(tmp_path, "2026-12-23T10:00", [
        "commit visit Lakeside Family Medicine mon", "done 1", "board",
        ":clock fri 16:30",              # the team post for Dec 21–27
        ":clock 2027-01-01 16:30",       # and the one for Dec 28 – Jan 3
    ])
    assert "🔥 Streak: 1 week. Team goal Q4 2026: 3/150 pts" in out
    board = out.split("alex> board\n")[1]
    assert board.startswith("🏁 Team board — this week (Dec 21–27)")
    assert "This week: 1 piece of outreach, 3 pts, from 1 person." in board
    dec_25, jan_1 = (post.split("🕘")[0] for post in out.split("📬 [#team]")[1:3])
    assert "got in front of people once — 3 pts:\n• visit Lakeside Family Medicine" in dec_25
    assert "alex" not in jan_1 and "A quiet week" in jan_1


def test_done_after_the_quarter_ended_counts_now(tmp_path: Path) -> None:
    """A visit planned for the last Wednesday of Q4 but marked done in January adds to Q1;
    Q4's total stays what the team saw when it closed."""
    out = console(tmp_path, "2026-12-28T10:00", [
        "commit visit Sunrise Pediatrics wed", "log coffee with Pastor Dan at Grace Church",
        "board quarter",
        ":clock 2027-01-05 10:00",
        "done 1", "board quarter", "board week",
    ])
    december, january = out.split("🕘 It is now Tue Jan 05 2027")
    assert "Team goal Q4 2026: 3/150 pts" in december.split("alex> board quarter")[1]
    assert "✅ Done: visit Sunrise Pediatrics (+3 pts)." in january
    assert "Team goal Q1 2027: 3/150 pts" in january
    assert "Your part: 3 pts (1 activity)" in january.split("alex> board week")[1]


def test_done_long_after_it_was_due_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    """Left open, a commitment closes itself two weeks after its day; marking it done is still
    welcome within the 30-day log window, and refused, with a clear word, after it."""
    out = console(tmp_path, "2026-11-02T10:00", [
        "commit visit Sunrise Pediatrics wed", "commit coffee with Pastor Dan wed",
        ":clock 2026-11-25 10:00",
        "done 2", "list all",
        ":clock 2026-12-07 10:00",
        "done 1", "list all", "board quarter",
    ])
    november, december = out.split("🕘 It is now Mon Dec 07 2026")
    assert "✅ Done: coffee with Pastor Dan (+3 pts)." in november
    assert ("#1 was due Wed Nov 4, 2026, more than 30 days ago, so it can't be marked done now. "
            "If you did it recently, log it with the day you did it.") in december
    assert "▫️ #1 visit Sunrise Pediatrics — Wed Nov 4, 2026, missed" in december
    assert "Team goal Q4 2026: 3/150 pts" in december.split("alex> board quarter")[1]


@pytest.mark.parametrize("at", ["2026-11-30T00:10", "2026-11-30T09:30", "2026-12-01T18:00"])
def test_a_log_for_a_closed_week_counts_this_week(tmp_path: Path, at: str) -> None:
    """Last week's Monday update has gone out; a visit logged late for Friday the 27th keeps
    this week, and last week stays as it was."""
    out = console(tmp_path, at, ["log visit Sunrise Pediatrics nov 27", "streak",
                                 "board week"])
    assert "It happened Fri Nov 27; that week is closed, so it counts this week." in out
    assert "🔥 Your streak: 1 week (best 1).\nThis week is kept ✅" in out
    assert "🏁 Team board — this week (Nov 30 – Dec 6)" in out
    assert "This week: 1 piece of outreach, 3 pts, from 1 person." in out


def test_a_log_for_earlier_this_week_counts_on_that_day(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-03T10:00", ["log visit Sunrise Pediatrics monday",
                                                 "list all"])
    assert "🙌 Logged #1: visit Sunrise Pediatrics (Referral-source visit, +3 pts).\n" in out
    assert "that week is closed" not in out
    assert "✅ #1 visit Sunrise Pediatrics — Mon Nov 30, done" in out


def test_the_board_shows_the_askers_own_week(tmp_path: Path) -> None:
    """Just after midnight on a Monday in New York it is still Sunday in Chicago: bea's visit
    counts for the week ending today, her Sunday, and her board shows that week with it."""
    out = console(tmp_path, "2026-11-30T00:10", [
        "timezone America/Chicago", "log visit Sunrise Pediatrics today", "board",
    ], member="bea")
    board = out.split("bea> board\n")[1]
    assert board.startswith("🏁 Team board — this week (Nov 23–29)\n")
    assert "Your part: 3 pts (1 activity) — thank you." in board
