"""Issue 17, item 4: the one-to-one briefs of a whole quarter, played through
`python app.py console` with the clock pinned — tests/conversation/test_a_quarter.py's Q1
2027, hand-counted there, with personal goals, a note on a visit and on a miss, and a source
nobody touches. Each brief, the owner's Monday summary after the quarter closes, and its CSV
carry those numbers.

Besides that module's counts: goals alex 30 pts (34 done: reached), bea 8 activities (7
done), cal 30 pts (23 done). Sources touched in Q1, by whoever did the outreach: alex
Lakeside 9 and Lincoln 1, bea Lincoln 7, cal Sunrise 6 (his Apr 1 visit is Q2's). Grace
Church (tier A, cal's) is never touched: cold from Feb 1. Weeks by their Monday: alex kept
11 (W7 closed, W9 frozen); bea kept 7 (W1, W2, W6, W8-W11), W3 frozen, W4, W5 and W12 missed,
W6 her one comeback, best 5; cal kept 9 (W1-W4, W9-W13; paused W5-W8), 9 at the end."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conversation.test_a_quarter import QUARTER, SETUP, _sent
from tests.process import console


def _with_notes(lines: list[str]) -> list[str]:
    """The quarter, with alex's first done and bea's miss saying how it went."""
    said = list(lines)
    said[said.index("done")] = "done the office manager asked for 20 brochures"
    said[said.index("missed")] = "missed the school had a snow day"
    return said


PLAYED = [
    *SETUP, "sources add Grace Church kind:clergy tier:A owner:@cal",
    QUARTER[0], ":as alex", "goal 30 pts", ":as bea", "goal 8 activities", ":as cal", "goal 30",
    *_with_notes(QUARTER[1:]),
    ":clock 2027-04-05 10:00",   # Monday: the owner's briefs went out at 09:00
    "admin brief last quarter alex", "admin brief last quarter @bea",
    "admin brief last quarter cal",
    "admin brief last quarter",
    ":clock 2027-04-12 10:00",   # a week on: nothing more
    ":as bea", "admin brief last quarter cal",
]


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    tmp_path: Path = tmp_path_factory.mktemp("briefs")
    return console(tmp_path, "2026-12-31T10:00", PLAYED, member="owner"), tmp_path


def answer(out: str, line: str) -> str:
    return out.split(f"owner> {line}\n")[1].split("owner> ")[0]


def test_each_brief_carries_the_hand_counted_quarter(played: tuple[str, Path]) -> None:
    out, _ = played
    alex = answer(out, "admin brief last quarter alex")
    assert alex.splitlines()[:3] == [
        "📋 One-to-one brief — alex, Q1 2027 (Jan 1 – Mar 31, closed)",
        "Plan: waiting for review",   # submitted, and nobody reviewed it this quarter
        "Niche: anxious teens · Referrers: pediatricians, school counselors",
    ]
    assert alex.splitlines()[3:7] == [   # the table's Lakeside visits, lunch, talk, Lincoln
        "1. visit Lakeside Family Medicine — done 7 (Jan 6, Jan 27, Feb 8, Feb 22, Mar 15, "
        "Mar 22, Mar 30)",
        "2. lunch-and-learn at Lakeside Family Medicine — done 1 (Jan 14)",
        "3. talk at the Rotary Club — done 1 (Mar 8)",
        "4. visit Lincoln Middle School — done 1 (Jan 21)",
    ]
    for line in (
        "Outreach: 11 activities, 34 pts · made 4, kept 4, didn't happen 0, moved 0, open 0, "
        "logged 7",
        "Streak: 11 weeks at the quarter's end (best this quarter 11) · 11 weeks kept · "
        "1 freeze used · 0 weeks missed · 0 comebacks",
        "Personal goal: 34 of 30 points — reached 🎉",
        "Sources touched: Lakeside Family Medicine 9, Lincoln Middle School 1",
        "Gone cold: none",
        "Their notes:",
        "• Jan 6 (done) visit Lakeside Family Medicine: the office manager asked for 20 "
        "brochures",
    ):
        assert line in alex.splitlines(), line
    assert "📎 saved" in alex and "brief-alex-q1-2027.csv" in alex

    bea = answer(out, "admin brief last quarter @bea").splitlines()
    for line in (
        "Plan: no plan",
        "Outreach: 7 activities, 19 pts · made 4, kept 2, didn't happen 2, moved 0, open 0, "
        "logged 5",
        "Streak: 0 weeks at the quarter's end (best this quarter 5) · 7 weeks kept · "
        "1 freeze used · 3 weeks missed · 1 comeback",
        "Personal goal: 7 of 8 activities",
        "Sources touched: Lincoln Middle School 7",
        "• Jan 20 (didn't happen) visit Lincoln Middle School: the school had a snow day",
    ):
        assert line in bea, line

    cal = answer(out, "admin brief last quarter cal").splitlines()
    for line in (
        "Outreach: 8 activities, 23 pts · made 1, kept 1, didn't happen 0, moved 0, open 0, "
        "logged 7",
        "Streak: 9 weeks at the quarter's end (best this quarter 9) · 9 weeks kept · "
        "0 freezes used · 0 weeks missed · 0 comebacks",
        "Personal goal: 23 of 30 points",
        "Sources touched: Sunrise Pediatrics 6",
        "Gone cold: Grace Church (last touch never)",
        "Their notes: none (notes past the retention period are cleared)",
    ):
        assert line in cal, line


SUMMARY = [
    "• alex: 11 activities, 34 pts · plan 4/4 done · streak 11 · 0 comebacks · goal 34/30 pts",
    "• bea: 7 activities, 19 pts · no plan · streak 0 · 1 comeback · goal 7/8 activities",
    "• cal: 8 activities, 23 pts · no plan · streak 9 · 0 comebacks · goal 23/30 pts",
]


def test_the_owner_gets_the_briefs_once_after_the_quarter_closes(
        played: tuple[str, Path]) -> None:
    out, _ = played
    briefs = [(day, text) for day, to, text in _sent(out)
              if to == "owner" and text.startswith("📋")]
    assert [day for day, _ in briefs] == ["Mon Apr 05"]
    text = briefs[0][1]
    assert "Q1 2027" in text.splitlines()[0]
    assert text.splitlines()[1:4] == SUMMARY
    assert ("[alex's brief: admin brief last quarter alex]   [bea's brief: admin brief last "
            "quarter bea]   [cal's brief: admin brief last quarter cal]") in text
    assert answer(out, "admin brief last quarter").splitlines()[1:4] == SUMMARY
    assert not any("📋" in text or "goal 34/30" in text or "Personal goal" in text
                   for _, to, text in _sent(out) if to != "owner")   # to nobody else
    assert "bea> admin brief last quarter cal\nOnly the practice owner or an admin" in out


def test_the_csv_holds_the_same_numbers(played: tuple[str, Path]) -> None:
    _, tmp_path = played
    saved = next(tmp_path.rglob("brief-alex-q1-2027.csv")).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(saved)))
    facts = {(r["section"], r["item"]): r["value"] for r in rows}
    assert facts[("plan", "status")] == "waiting for review"
    assert facts[("totals", "points")] == "34" and facts[("totals", "activities")] == "11"
    assert facts[("streak", "at the quarter's end")] == "11"
    assert facts[("streak", "freezes used")] == "1"
    assert facts[("personal goal", "points")] == "34/30"
    assert facts[("source touched", "Lakeside Family Medicine")] == "9"
    outreach = [r for r in rows if r["section"] == "outreach"]
    assert len(outreach) == 11 and sum(int(r["points"]) for r in outreach) == 34
    assert outreach[0]["note"] == "the office manager asked for 20 brochures"
