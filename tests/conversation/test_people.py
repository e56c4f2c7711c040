"""People can be set up before they arrive, and a forgotten clinician's referral sources stay
with the practice. Through `python app.py console` (where @name mentions a colleague, as a
Slack mention does), the clock pinned."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.process import console


def members(tmp_path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(tmp_path / "showup.db") as db:
        return db.execute("SELECT platform_user_id, role, active FROM members ORDER BY id"
                          ).fetchall()


def test_a_role_and_sources_can_wait_for_someone_who_has_not_arrived(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", [
        "admin role @Bob admin", "sources add Sunrise Pediatrics owner:@Cara", "sources all",
        "admin forget @Dee",
        ":clock 2026-12-04 16:30",                 # nothing is sent to people not here yet
    ], member="owner")
    assert "👤 Bob is now an admin. They'll find it set when they first use ShowUp." in out
    assert "· Cara (not here yet)" in out
    assert "ShowUp has nothing stored for Dee." in out
    assert "DM to bob" not in out and "DM to cara" not in out
    assert members(tmp_path) == [("owner", "owner", 1), ("bob", "admin", 0),
                                 ("cara", "member", 0)]

    arrived = console(tmp_path, "2026-12-07T10:00", ["admin goal 120", "sources"],
                      member="Bob")
    assert "🎯 Team goal set to 120 pts a quarter." in arrived
    cara = console(tmp_path, "2026-12-07T10:05", ["sources"], member="Cara")
    assert "#1 Sunrise Pediatrics" in cara
    assert members(tmp_path)[1:] == [("bob", "admin", 1), ("cara", "member", 1)]


def test_a_forgotten_clinicians_sources_go_to_the_owner(tmp_path: Path) -> None:
    console(tmp_path, "2026-12-01T10:00", [
        "sources add Sunrise Pediatrics tier:A", "log visit Sunrise Pediatrics today"])
    out = console(tmp_path, "2026-12-01T10:10", [
        "admin forget @alex", "admin forget @alex confirm", "sources"], member="owner")
    assert "🗑 Deleted alex's data." in out
    assert "#1 Sunrise Pediatrics — pediatrician · tier A · every 30 days · last touch today" \
        in out.split("owner> sources\n")[1]
    with sqlite3.connect(tmp_path / "showup.db") as db:
        assert db.execute("SELECT count(*) FROM commitments").fetchone() == (0,)
