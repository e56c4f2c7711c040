"""`showup rollups` as an operator runs it: `--check` finds rollups that differ from the
commitments (as after a restore of only some tables), `--rebuild` recomputes them, and a
second `--rebuild` changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.process import console, run_app

AT = "2026-12-03T10:00:00"


def rollups(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT member_id, week_start, made, kept, logged, points, streak, "
                          "best_streak, freezes_spent FROM member_weeks "
                          "ORDER BY member_id, week_start").fetchall()


def test_check_finds_wrong_rollups_and_rebuild_puts_them_right(tmp_path: Path) -> None:
    console(tmp_path, AT, ["log called the school counselor", "commit visit the library fri",
                           "log visit to a pediatrician monday"], member="alex")
    path = tmp_path / "showup.db"
    written = rollups(path)
    assert [row[2:] for row in written] == [(1, 0, 2, 4, 1, 1, 0)]   # two logs of 2 points

    done = run_app(tmp_path, "rollups", "--check")
    assert (done.returncode, done.stdout) == (
        0, "The weekly rollups of every workspace equal a recomputation.\n"), done.stderr

    with sqlite3.connect(path) as db:   # as if a restore brought back only the commitments
        db.execute("UPDATE member_weeks SET streak = 7, points = 0")
        db.execute("DELETE FROM member_weeks WHERE rowid = (SELECT max(rowid) FROM "
                   "member_weeks)")
        db.execute("INSERT INTO member_weeks SELECT workspace_id, member_id, "
                   "date(week_start, '-7 days'), 1, 1, 0, 3, 1, 1, 0 FROM member_weeks")
    done = run_app(tmp_path, "rollups", "--check")
    assert done.returncode == 1, done.stderr
    assert "member-week(s) differ from a recomputation" in done.stdout
    assert "`showup rollups --rebuild` recomputes them." in done.stdout

    for _ in range(2):   # the same rows however often it runs
        done = run_app(tmp_path, "rollups", "--rebuild")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("Rebuilt the weekly rollups of 1 workspace(s): ")
        assert rollups(path) == written
    assert run_app(tmp_path, "rollups", "--check").returncode == 0


def test_rollups_says_what_it_does(tmp_path: Path) -> None:
    done = run_app(tmp_path, "rollups", "--help")
    assert done.returncode == 0 and "--rebuild" in done.stdout and "--check" in done.stdout
    done = run_app(tmp_path, "rollups")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "showup rollups: one of the arguments --rebuild --check is required "
        "(--help lists the options)"]
    done = run_app(tmp_path, "--help")
    assert "showup rollups" in done.stdout
