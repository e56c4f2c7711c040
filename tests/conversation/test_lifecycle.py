"""A commitment's life as a clinician lives it: picking one of several, notes that are kept.
Played through `python app.py console` from pinned instants."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.process import console


def stored(tmp_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(tmp_path / "showup.db") as db:
        return db.execute(sql).fetchall()


def test_a_note_typed_with_done_survives_which_one(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", [
        "commit visit Sunrise Pediatrics thu",
        "commit podcast interview fri",
        "done left brochures with the front desk",
    ])
    assert ("Which one? Tap it, or reply /outreach done <number> — your note comes along:"
            in out)
    assert "[#1: done #1 left brochures with the front desk]" in out
    assert "[#2: done #2 left brochures with the front desk]" in out
    assert stored(tmp_path, "SELECT status FROM commitments") == [("open",), ("open",)]

    console(tmp_path, "2026-12-01T10:05", ["done #1 left brochures with the front desk"])
    assert stored(tmp_path, "SELECT id, status, reflection FROM commitments") == [
        (1, "done", "left brochures with the front desk"), (2, "open", None)]


def test_which_one_without_a_note_says_nothing_about_one(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", [
        "commit visit Sunrise Pediatrics thu", "commit podcast interview fri", "missed"])
    assert "Which one? Tap it, or reply /outreach missed <number>:" in out
    assert "[#1: missed #1]   [#2: missed #2]" in out


def test_each_person_numbers_their_own_commitments(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", [
        "commit visit Sunrise Pediatrics thu", ":as bob", "commit talk at the Rotary Club fri",
        "log coffee with Pastor Dan today", "done #1", "list all"])
    assert "📌 Committed #1: Thursday, I will visit Sunrise Pediatrics." in out
    assert "📌 Committed #1: Friday, I will give a talk at the Rotary Club." in out
    assert "🙌 Logged #2: coffee with Pastor Dan" in out
    assert "✅ Done: talk at the Rotary Club" in out
    assert stored(tmp_path, "SELECT member_id, number, status FROM commitments ORDER BY id") == [
        (2, 1, "open"), (3, 1, "done"), (3, 2, "done")]


ROW = "SELECT number, status, what, activity_key, points, due_date, week_start, done_on " \
      "FROM commitments WHERE member_id = 2 ORDER BY number"


def test_edit_changes_day_type_or_words_and_is_logged(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", [
        "commit visit Sunrise Pediatrics thu", "edit #1 fri", "edit #1 type:talk",
        "edit #1 coffee with Pastor Dan", "edit #1 with my client Jane Doe",
        "edit #1 yesterday", "edit #7 fri", "edit #1"])
    assert "✏️ #1 is now: visit Sunrise Pediatrics — due Friday (3 pts)." in out
    assert "✏️ #1 is now: visit Sunrise Pediatrics — due Friday (5 pts)." in out
    assert "✏️ #1 is now: coffee with Pastor Dan — due Friday (5 pts)." in out
    assert "client details" in out and "Jane" not in out.split("Jane Doe", 1)[1]
    assert "That day has passed." in out
    assert "I can't find #7 among your commitments." in out
    assert "Say what changes: a day, a type or new words." in out
    assert stored(tmp_path, ROW) == [
        (1, "open", "coffee with Pastor Dan", "talk", 5, "2026-12-04", "2026-11-30", None)]
    assert stored(tmp_path, "SELECT action, detail FROM accountability_log WHERE actor_id = 2 "
                            "ORDER BY id") == [
        ("commit", None), ("edit", "day"), ("edit", "type"), ("edit", "words")]


def test_a_done_one_keeps_its_day_and_a_closed_weeks_points(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-11-25T10:00", [
        "log visit Sunrise Pediatrics today",
        ":clock 2026-12-01 10:00",
        "edit #1 fri", "edit #1 type:talk", "edit #1 visit Sunrise Pediatrics front desk"])
    assert "#1 is done, so its day stays" in out
    assert "#1 counted in a week that has ended, so its points stay" in out
    assert "✏️ #1 is now: visit Sunrise Pediatrics front desk (done, 3 pts)." in out


def test_undo_takes_back_the_last_change_for_five_minutes(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", [
        "commit visit Sunrise Pediatrics thu", "commit coffee with Pastor Dan fri",
        "done #1 left brochures", "undo", "undo",            # done, undone; only once
        "move #2", "undo",                                   # the copy goes, #2 is back
        "edit #2 sat", "undo",
        "log thank-you note to Dr. Patel", "undo",           # a log goes
        "cancel #1", ":clock +6m", "undo",                   # too late
    ])
    assert "↩️ Undid your done: #1 visit Sunrise Pediatrics is open again." in out
    assert "There's nothing to undo" in out
    assert "↩️ Undid your move: #2 coffee with Pastor Dan is back on Friday." in out
    assert "↩️ Undid your edit: #2 is back to: coffee with Pastor Dan — due Friday." in out
    assert "↩️ Undid your log: #4 thank-you note to Dr. Patel is gone." in out
    assert out.split("alex> undo")[-1].lstrip().startswith("There's nothing to undo")
    assert stored(tmp_path, ROW) == [
        (1, "cancelled", "visit Sunrise Pediatrics", "visit", 3, "2026-12-03", "2026-11-30",
         None),
        (2, "open", "coffee with Pastor Dan", "visit", 3, "2026-12-04", "2026-11-30", None),
        (3, "cancelled", "coffee with Pastor Dan", "visit", 3, "2026-12-11", "2026-12-07",
         None),
        (4, "cancelled", "thank-you note to Dr. Patel", "followup", 1, "2026-12-01",
         "2026-11-30", "2026-12-01")]
    actions = [a for (a,) in stored(tmp_path, "SELECT action FROM accountability_log "
                                              "WHERE actor_id = 2 ORDER BY id")]
    assert actions == ["commit", "commit", "done", "undo", "move", "undo", "edit", "undo",
                       "log", "undo", "cancel"]


def test_undo_is_each_persons_own(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", [
        "commit visit Sunrise Pediatrics thu", ":as bob", "undo", ":as alex", "undo"])
    assert "There's nothing to undo" in out.split("bob> undo")[1]
    assert "↩️ Undid your commit: #1 visit Sunrise Pediatrics is gone." in out
