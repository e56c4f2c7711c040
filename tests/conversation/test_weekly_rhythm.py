"""The weekly rhythm as a practice lives it: a kickoff that knows the week, a question about
last week's loose ends asked once, owners who are not clinicians, and team posts and boards
that celebrate without spotlighting anyone's absence. Through `python app.py console`, with
the clock pinned (Monday 30 November 2026, New York)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.process import console


def messages(out: str, to: str) -> list[str]:
    """Each message the bot sent to `to` (a DM, or "#team"), with its lines and buttons."""
    marker = f"📬 [{to}]" if to.startswith("#") else f"📬 [DM to {to}]"
    found: list[str] = []
    for chunk in out.split("\n[")[1:]:
        if marker in chunk.split("\n")[0]:
            found.append(chunk.split("\n🕘")[0].split("\nalex>")[0])
    return found


def test_the_kickoff_knows_what_the_week_already_holds(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-11-30T08:00", [
        "commit visit Sunrise Pediatrics thu", "log coffee with Pastor Dan today",
        ":clock 09:30"])
    [kickoff] = messages(out, "alex")
    assert "What will you do this week" not in kickoff
    assert "✅ coffee with Pastor Dan — done" in kickoff
    assert "◻️ #1 visit Sunrise Pediatrics — Thursday" in kickoff
    assert "Room for one more?" in kickoff and "[Add one more: commit]" in kickoff


def test_the_kickoff_asks_from_scratch_on_an_empty_week(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-11-30T08:00", [":as alex", "streak", ":clock 09:30"])
    [kickoff] = messages(out, "alex")
    assert "[Add a commitment: commit]" in kickoff and "Room for one more" not in kickoff


def test_last_weeks_loose_end_is_asked_about_once_then_closes_quietly(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-11-30T08:00", [
        "commit visit Sunrise Pediatrics thu",
        ":clock 2026-12-07 09:30",   # the Monday after its week: asked, with one-tap answers
        ":clock 2026-12-16 13:00",   # two more check-ins and a wrap-up: not listed again
        "list all",
        ":clock 2026-12-21 10:00",   # two weeks past its day it closes itself, silently
        "list all",
    ])
    asked = [m for m in messages(out, "alex") if "Still open from last week" in m]
    assert len(asked) == 1
    assert "#1 visit Sunrise Pediatrics (Thu Dec 3)" in asked[0]
    assert "[Did it #1: done #1]   [Didn't happen #1: missed #1]   [This week #1: move #1]" \
        in asked[0]
    later = out.split("[Mon Dec 07 09:00]")[1].split("Mon Dec 21")[0]
    assert "visit Sunrise" not in "".join(messages(later, "alex")[1:])
    assert "◻️ #1 visit Sunrise Pediatrics — Thu Dec 3 (overdue)" in out
    assert "▫️ #1 visit Sunrise Pediatrics — Thu Dec 3, missed" in out.split("Mon Dec 21")[-1]
    assert "visit Sunrise" not in "".join(messages(out, "#team"))
    with sqlite3.connect(tmp_path / "showup.db") as db:
        assert db.execute("SELECT action, source, actor_id FROM accountability_log "
                          "WHERE commitment_id = 1 ORDER BY id").fetchall() == [
            ("commit", "command", 2), ("expired", "schedule", None)]


def test_an_owner_is_not_a_clinician_until_they_say_so(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-11-30T08:00", [
        ":as bob", "streak", ":admin", "admin report",
        ":clock 09:30",                       # Monday: bob's kickoff, none for the owner
        "me clinician on",                    # ...until the owner opts in: it comes now
        ":clock 2026-12-02 12:30",            # Wednesday: both are checked in on
        "me clinician off",
        ":clock 2026-12-04 15:30",            # Friday: bob's wrap-up only
    ], member="owner")
    report = out.split("owner> admin report\n")[1].split("owner>")[0]
    assert "• bob" in report and "• owner" not in report
    assert [m[:16] for m in messages(out, "bob")] == [
        "Mon Nov 30 09:00", "Wed Dec 02 12:00", "Fri Dec 04 15:00"]
    assert [m[:16] for m in messages(out, "owner")] == ["Mon Nov 30 09:30", "Wed Dec 02 12:00"]
    assert "🩺 You're in: Monday kickoffs" in out and "🔕 No more clinician nudges" in out


def test_an_owner_who_records_outreach_joins_the_rhythm(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-11-30T08:00", [
        ":admin", "log lunch-and-learn at Valley Family Medicine today",
        "admin report", ":clock 2026-12-02 12:30"], member="owner")
    assert "• owner: made 0, kept 0, didn't happen 0, moved 0, open 0, logged 1" in out
    [kickoff] = messages(out, "owner")  # Wednesday's check-in: nothing to ask, it's done
    assert "✅ lunch-and-learn at Valley Family Medicine — done\nRoom for one more?" in kickoff


def test_the_team_post_and_board_never_spotlight_who_is_missing(tmp_path: Path) -> None:
    """Three clinicians; only alex does something the first week. The post celebrates the
    team's outreach without names; the board ranks nobody. The next week all three do, and
    the post says everyone kept their word."""
    out = console(tmp_path, "2026-11-30T08:00", [
        ":as bob", "streak", ":as cara", "streak", ":as alex",
        "log lunch-and-learn at Valley Family Medicine today", "board",
        ":as bob", "board",
        ":clock 2026-12-07 10:00",
        ":as alex", "log visit Sunrise Pediatrics today", ":as bob",
        "log coffee with Pastor Dan today", ":as cara", "log talk at the Rotary Club today",
        ":clock 2026-12-11 16:30",
    ])
    first, second = messages(out, "#team")
    for post in (first, second):
        assert "alex" not in post and "bob" not in post and "cara" not in post
    assert "got in front of people once — 4 pts:\n• lunch-and-learn at Valley Family " \
        "Medicine" in first
    assert "Everyone" not in first
    assert "got in front of people 3 times — 11 pts:" in second
    assert "Everyone kept their word this week 🙌" in second
    alex_board = out.split("alex> board\n")[1].split("alex>")[0]
    bob_board = out.split("bob> board\n")[1].split("bob>")[0]
    for board in (alex_board, bob_board):
        assert "This week: 1 piece of outreach, 4 pts, from 1 person." in board
        assert "1." not in board and "alex" not in board
    assert "Your part: 4 pts (1 activity) — thank you." in alex_board
    assert "Your part: nothing yet — one visit or one note counts." in bob_board


def test_a_beat_on_a_day_off_is_warned_about(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", [
        "admin rhythm kickoff sun 09:00", "admin rhythm kickoff mon 09:00",
        "admin days mon-thu", "admin days mon-fri"], member="owner")
    assert ("⚠️ The kickoff (Sun 09:00) falls outside your working days (Mon, Tue, Wed, Thu, "
            "Fri), so it won't be sent. Move it with admin rhythm kickoff <day> <time>, or "
            "change the days with admin days.") in out
    assert ("⚠️ The wrapup (Fri 15:00) and the teampost (Fri 16:00) fall outside your working "
            "days (Mon, Tue, Wed, Thu), so they won't be sent. Move them with admin rhythm "
            "wrapup <day> <time>") in out
    assert out.count("⚠️") == 2
