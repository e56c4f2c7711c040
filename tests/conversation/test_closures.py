"""Practice closures and public holidays silence the rhythm and can't break a streak.
Through `python app.py console`, the clock pinned across the 2026 winter break."""

from __future__ import annotations

from pathlib import Path

from tests.process import console

WINTER = [":admin", "admin closed dec 24-jan 1", ":as alex"]


def test_nothing_is_sent_while_the_practice_is_closed(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-14T08:00", [
        *WINTER, "log visit Sunrise Pediatrics today",
        ":clock 2026-12-18 10:00", "log coffee with Pastor Dan today",
        ":clock 2027-01-08 16:30"])
    stamps = [line.split("]")[0] for line in out.splitlines() if "📬" in line]
    for closed in ("Dec 24", "Dec 25", "Dec 28", "Dec 30", "Jan 01"):
        assert not any(closed in stamp for stamp in stamps), closed
    assert any("Wed Dec 23 12:00" in stamp for stamp in stamps)   # before the closure
    assert any("Mon Jan 04 09:00" in stamp for stamp in stamps)   # and after it
    first_of_q1 = out.split("[Fri Jan 08 16:00] 📬 [#team]")[1]
    assert "🏁 Q4 2026: 6/150 pts — that quarter is closed." in first_of_q1


def test_a_mostly_closed_week_cannot_break_a_streak(tmp_path: Path) -> None:
    """Alex kept the weeks of Dec 7 and Dec 14, used Q4's freeze on the quiet week of Dec 21
    (only two of its days were closed), and the week of Dec 28 was closed: the streak holds
    at 2 on Jan 5, where without the closure it would have broken."""
    lines = ["log visit Sunrise Pediatrics today", ":clock 2026-12-14 10:00",
             "log visit Sunrise Pediatrics today", ":clock 2027-01-05 10:00", "streak"]
    kept = console(tmp_path / "closed", "2026-12-07T10:00", [*WINTER, *lines])
    assert "🔥 Your streak: 2 weeks (best 2)." in kept
    broken = console(tmp_path / "open", "2026-12-07T10:00", [":as alex", *lines])
    assert "🔥 Your streak: 0 weeks (best 2)." in broken


def test_holidays_and_closures_are_listed_and_can_be_removed(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", [
        "admin holidays US", "admin closed dec 24-jan 1", "admin closed fri", "admin closed",
        "admin closed remove 2", "admin closed", "admin holidays XX", "admin holidays off",
        "admin closed dec 32", "admin closed jan 5 to dec 28", "admin closed nov 3",
    ], member="owner")
    assert "📅 The practice is closed on US public holidays. Next: Fri Dec 25 Christmas Day" \
        in out
    listing = out.split("owner> admin closed\n")[1].split("owner>")[0]
    assert listing.startswith("🏖 Closures:\n1. Friday\n2. Thu Dec 24 – Fri Jan 1, 2027\n"
                              "Public holidays (US): Fri Dec 25 Christmas Day;")
    assert "🏖 Removed the closure Thu Dec 24 – Fri Jan 1, 2027" in out
    after = out.split("owner> admin closed\n")[2].split("owner>")[0]
    assert "Dec 24" not in after and "1. Friday" in after
    assert "I don't know a holiday calendar “XX”." in out
    assert "📅 No public-holiday calendar" in out
    assert "Give the days the practice is closed" in out
    assert "The closure ends before it starts." in out
    assert "That day has passed; closures are for days ahead." in out  # Nov 3 just went by


def test_only_admins_close_the_practice(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", [":as alex", "admin closed dec 24-jan 1"])
    assert "Only the practice owner or an admin can do that." in out
