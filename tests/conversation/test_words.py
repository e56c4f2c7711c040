"""Sources and activity types read the way clinicians talk. Through `python app.py console`,
the clock pinned on Tuesday 1 December 2026."""

from __future__ import annotations

from pathlib import Path

from tests.process import console

SOURCES = ["sources add Lakeside Family Medicine tier:A", "sources add Lincoln Middle School",
           "sources add Lincoln Elementary School", "sources add Grace Church tier:C"]


def touches(out: str) -> str:
    return out.split("alex> sources\n")[-1].split("alex>")[0]


def test_a_source_is_found_by_the_words_people_use(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", [
        *SOURCES,
        "log coffee with the Lakeside nurse manager today",
        "log dropped off cards at lincoln middle today",
        "log sunrise yoga post for the practice instagram",   # names no source
        "sources",
    ])
    listed = touches(out)
    assert "#1 Lakeside Family Medicine — physician · tier A · every 30 days · last touch today" \
        in listed
    assert "#2 Lincoln Middle School — school · tier B · every 60 days · last touch today" \
        in listed
    assert "#3 Lincoln Elementary School — school · tier B · every 60 days · never touched" \
        in listed
    assert "Grace Church — clergy · tier C · every 90 days · never touched" in listed


def test_an_alias_counts_as_the_name(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", [
        *SOURCES, "sources edit #4 alias:GCC", "log newsletter blurb for GCC today", "sources"])
    assert "✏️ #4 Grace Church: clergy, tier C, every 90 days. Also known as: GCC." in out
    assert "#4 Grace Church — clergy · tier C · every 90 days · last touch today" in touches(out)


def test_a_near_miss_or_a_shared_name_is_asked_about_once(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", [
        *SOURCES,
        "commit visit Lakside fri",
        "commit visit Lakside fri source:#1",          # the "Yes" button
        "commit talk to the counselor at Lincoln thu",
        "commit talk to the counselor at Lincoln thu source:none",   # the "No" button
        "list", "sources"])
    assert "Is this about Lakeside Family Medicine (#1)?" in out
    assert ("[Yes, Lakeside Family Medicine: commit visit Lakside fri source:#1]   "
            "[No: commit visit Lakside fri source:none]") in out
    assert "Is this about Lincoln" in out
    assert "📌 Committed #1: Friday, I will visit Lakside." in out
    assert "📌 Committed #2: Thursday, I will talk to the counselor at Lincoln." in out
    assert out.count("Is this about") == 2


def test_the_type_is_read_by_what_the_clinician_will_do(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", [
        "commit talk to the school counselor at Lincoln Middle fri",
        "commit call Dr. Patel's office to set up a lunch thu",
        "commit speak at the Rotary Club lunch wed",
        "commit email slides to the Lakeside nurses after the lunch-and-learn",
        "edit #4 type:lunch",
    ])
    assert "Referral-source visit · 3 pts · due Friday." in out
    assert "Follow-up note · 1 pt · due Thursday." in out
    assert "Community talk or workshop · 5 pts · due tomorrow." in out
    assert "[It's a lunch-and-learn: edit #4 type:lunch]" in out  # the runner-up, one tap
    assert "✏️ #4 is now: email slides to the Lakeside nurses after the lunch-and-learn" in out
