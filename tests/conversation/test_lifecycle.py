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
