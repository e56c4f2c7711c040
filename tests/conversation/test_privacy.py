"""The privacy guard as a clinician meets it in `python app.py console`: the sentences issue 13
reported saved as typed are refused and leave nothing behind; the ordinary ones it refused
are accepted; and a plan line that fails the check made before a channel post is left out of
the shared plan."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.process import console

SLIPS = [
    "commit consult w/ peds re: pt K.L. (age 9), dx GAD",
    "commit coordinate meds with the psychiatrist for Noah, 12, on Concerta",
    "log the 2nd grade teacher at Lincoln Elementary I've been seeing for depression is on "
    "leave",
    "commit home visit at 42 Elm Street Apt 3 for the Lopez family thu",
    "commit talk with Dr. Lee about my 3pm Tuesday, the teenager with the eating disorder",
    "commit send session notes for Grace Kelly to her psychiatrist",
    "log school counselor at Roosevelt called about Jayden, 15, cutting again",
]
ORDINARY = [
    "commit call Dr. Patel's front desk at 555-201-4400 to book the lunch",
    "commit send the practice newsletter to Pastor Dan, pastordan@gracechurch.org",
    "commit present at the Jefferson PTA on 11/12 recap and 2027 plans",
]
AT = "2026-12-02T10:00"


def _stored_text(database: Path) -> str:
    with sqlite3.connect(database) as db:
        rows = [str(v) for table in ("commitments", "accountability_log", "plan_items")
                for row in db.execute(f"SELECT * FROM {table}") for v in row]
    return "\n".join(rows)


def test_client_details_are_refused_and_leave_nothing_behind(tmp_path: Path) -> None:
    out = console(tmp_path, AT, SLIPS)
    assert out.count("🔒 I didn't save that") == len(SLIPS)
    stored = _stored_text(tmp_path / "showup.db")
    for word in ("K.L.", "Noah", "Concerta", "depression", "Elm Street", "Lopez", "eating",
                 "Grace Kelly", "Jayden", "cutting"):
        assert word not in stored
    for refusal in (line for line in out.splitlines() if line.startswith("🔒")):
        assert not any(word in refusal for word in ("Noah", "Jayden", "Lopez", "GAD"))
    # The refusal offers the same outreach without the client, one tap away.
    assert "[Use this: commit consult with the pediatrician about a shared client]" in out


def test_the_suggested_rephrasing_is_accepted(tmp_path: Path) -> None:
    out = console(tmp_path, AT, ["commit consult w/ peds re: pt K.L. (age 9), dx GAD thu",
                                 "commit consult with the pediatrician about a shared client thu"])
    assert "“consult with the pediatrician about a shared client thu”" in out
    assert "📌 Committed #1: Tomorrow, I will consult with the pediatrician about a shared " \
           "client." in out


@pytest.fixture(scope="module")
def ordinary_answers(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path
                     ) -> dict[str, str]:
    """One console session in which each ordinary line is typed by a clinician of its own
    (so each is that person's #1), and the answer to each line."""
    people = [f"member{number}" for number in range(len(ORDINARY))]
    typed = [said for person, line in zip(people, ORDINARY, strict=True)
             for said in (f":as {person}", line)]
    tmp_path = tmp_path_factory.mktemp("ordinary")
    shutil.copyfile(migrated_sqlite, tmp_path / "showup.db")
    out = console(tmp_path, "2026-11-02T10:00", typed)   # before the PTA's 11/12
    return {line: out.split(f"\n{person}> {line}\n")[1].split("\nmember")[0]
            for person, line in zip(people, ORDINARY, strict=True)}


@pytest.mark.parametrize("line", ORDINARY)
def test_ordinary_outreach_it_used_to_refuse_is_accepted(ordinary_answers: dict[str, str],
                                                         line: str) -> None:
    out = ordinary_answers[line]
    assert "📌 Committed #1" in out and "🔒" not in out


def test_a_plan_line_that_fails_the_channel_check_is_not_shared(tmp_path: Path) -> None:
    console(tmp_path, AT, [
        "plan niche anxious teens", "plan referrers pediatricians, school counselors",
        "plan add visit Sunrise Pediatrics", "plan add lunch-and-learn at Valley Family Medicine",
        "plan add talk at the Rotary Club", "plan add visit Lincoln Middle School",
    ])
    # A line saved before the guard learned to refuse it (an older ShowUp, say).
    with sqlite3.connect(tmp_path / "showup.db") as db:
        db.execute("UPDATE plan_items SET text = 'coffee with Noah''s mom re: his Concerta' "
                   "WHERE position = 2")
    out = console(tmp_path, "2026-12-02T10:30", ["plan submit"])
    post = out.split("📬 [#team]")[1]
    assert "visit Sunrise Pediatrics" in post and "talk at the Rotary Club" in post
    assert "Noah" not in post and "Concerta" not in post


def test_after_the_retention_period_only_the_structure_is_kept(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-01-05T10:00", [
        "log coffee with the Lakeside nurse manager, she wants 30 cards", "streak",
        ":clock 2026-08-03 10:00",          # 210 days on: the scheduler has cleared the words
        "list all",
    ])
    later = out.split("🕘 It is now Mon Aug 03 2026")[1]
    assert "✅ #1 Referral-source visit — Mon Jan 5, 2026, done" in later
    assert "Lakeside" not in later and "30 cards" not in later
    with sqlite3.connect(tmp_path / "showup.db") as db:
        assert db.execute("SELECT what, points, status, done_on FROM commitments").fetchall() \
            == [("Referral-source visit", 3, "done", "2026-01-05")]


def test_a_source_note_is_not_kept_as_part_of_its_name(tmp_path: Path) -> None:
    """Typed as people do, "note:" and a phone number used to become the source's name."""
    out = console(tmp_path, AT, [
        "sources add Sarah House note: intake line 555-318-2290 ext 4",
    ])
    assert "nothing was added. Add it by name: “sources add Sarah House”." in out
    with sqlite3.connect(tmp_path / "showup.db") as db:
        assert db.execute("SELECT count(*) FROM referral_sources").fetchone() == (0,)


COLLEAGUE_LINES = [
    "log Omar is out w his son thurs so I'm covering the ADHD table",
    "log Omar's out at his son's play thurs, I'll cover the ADHD table",
]


def test_a_colleagues_name_is_a_colleague_not_a_client(tmp_path: Path) -> None:
    """In a practice where Omar is a member, a line about Omar's outreach is his work; the
    same line in a practice with no Omar reads like a client and is refused. A client who
    shares a colleague's name is still refused when the line is about their care."""
    without = console(tmp_path / "no-omar", AT, COLLEAGUE_LINES)
    assert without.count("🔒 I didn't save that") == len(COLLEAGUE_LINES)
    with_omar = console(tmp_path / "omar", AT, [
        ":as Omar", "commit visit the Rotary Club thu", ":as alex", *COLLEAGUE_LINES,
        "log Omar cutting again", "commit send Omar's meds list to Dr Sato",
        "log Omar, 15, SI again"])
    assert with_omar.count("🔒 I didn't save that") == 3
    stored = _stored_text(tmp_path / "omar" / "showup.db")
    assert "Omar is out w his son so" in stored and "Omar's out at his son's play, I'll" in stored
    assert "cutting" not in stored and "meds list" not in stored and "SI again" not in stored
