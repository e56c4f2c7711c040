"""Issue 17, item 4 in-process, on SQLite and PostgreSQL: `admin brief` for one clinician (this
quarter or the one that closed) with its CSV, everyone's in short, what it refuses, and a
note saved before the privacy guard would refuse it left out."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, text

from bot.clock import MovableClock
from bot.messages import Actor
from bot.model import Platform
from bot.usecases.retention import forget_old_words
from storage.uow import uow_factory
from tests.conftest import Conversation

NEW_YORK = ZoneInfo("America/New_York")


def a_quarter_for_alex(chat: Conversation, clock: MovableClock) -> None:
    """Q4 2026 from Monday Nov 30: a source, a goal, one visit kept with a note, one talk
    that didn't happen, one logged lunch; then the first Monday of Q1 2027."""
    chat.say("Alex", "goal 10 pts")
    assert "📇 Added" in chat.say("Owner", "sources add Sunrise Pediatrics tier:A owner:@alex")
    chat.say("Alex", "commit visit Sunrise Pediatrics wed")
    chat.say("Alex", "commit talk at the Rotary Club thu")
    clock.move_to(datetime(2026, 12, 2, 13, 0, tzinfo=NEW_YORK))
    chat.say("Alex", "done #1 the nurse manager wants a lunch-and-learn")
    chat.say("Alex", "showed #1 empathy")
    clock.move_to(datetime(2026, 12, 3, 18, 0, tzinfo=NEW_YORK))
    chat.say("Alex", "missed #2 the meeting was cancelled")
    chat.say("Alex", "log lunch-and-learn at Valley Family Medicine today")
    chat.say("Sam", "log visit Lincoln Middle School today")
    clock.move_to(datetime(2027, 1, 4, 10, 0, tzinfo=NEW_YORK))


def test_a_brief_for_the_quarter_that_closed(chat: Conversation, clock: MovableClock,
                                             engine: Engine) -> None:
    a_quarter_for_alex(chat, clock)
    brief = chat.say("Owner", "admin brief last quarter Alex")
    assert chat.last is not None and chat.last.ok
    assert brief.splitlines() == [
        "📋 One-to-one brief — Alex, Q4 2026 (Oct 1 – Dec 31, closed)",
        "Plan: no plan",
        "Outreach: 2 activities, 7 pts · made 2, kept 1, didn't happen 1, moved 0, open 0, "
        "logged 1",
        "Streak: 0 weeks at the quarter's end (best this quarter 1) · 1 week kept · 1 freeze "
        "used · 2 weeks missed · 0 comebacks",
        "Personal goal: 7 of 10 points",
        "What it showed: empathy 1 · relationship 0 · problem-solving 0",
        "Sources touched: Sunrise Pediatrics 1",
        "Gone cold: none",
        "Their notes:",
        "• Dec 2 (done) visit Sunrise Pediatrics: the nurse manager wants a lunch-and-learn",
        "• Dec 3 (didn't happen) talk at the Rotary Club: the meeting was cancelled",
    ]
    [attachment] = chat.last.attachments
    assert attachment.filename == "brief-alex-q4-2026.csv"
    rows = list(csv.reader(io.StringIO(attachment.content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "item", "value", "date", "points", "note"]
    assert attachment.rows == len(rows) - 1
    assert ["outreach", "visit Sunrise Pediatrics", "done", "2026-12-02", "3",
            "the nurse manager wants a lunch-and-learn"] in rows
    assert ["personal goal", "points", "7/10", "", "", ""] in rows
    assert ["showed", "empathy", "1", "", "", ""] in rows
    now = chat.say("Owner", "admin brief @alex")   # this quarter: nothing yet
    assert now.startswith("📋 One-to-one brief — Alex, Q1 2027 (Jan 1 – Mar 31, in progress)")
    assert "Personal goal: no personal goal set" in now
    with engine.connect() as conn:
        logged = conn.execute(text("SELECT action, detail FROM accountability_log "
                                   "WHERE action = 'brief' ORDER BY id")).all()
    assert [tuple(r) for r in logged] == [("brief", "Q4 2026"), ("brief", "Q1 2027")]


def test_everyone_in_short_with_a_button_each(chat: Conversation, clock: MovableClock) -> None:
    a_quarter_for_alex(chat, clock)
    summary = chat.say("Owner", "admin briefs last quarter")
    assert summary.splitlines()[1:] == [
        "• Alex: 2 activities, 7 pts · no plan · streak 0 · 0 comebacks · goal 7/10 pts",
        "• Sam: 1 activity, 3 pts · no plan · streak 0 · 0 comebacks",
    ]
    assert chat.last is not None
    assert [(b.label, b.command) for b in chat.last.buttons] == [
        ("Alex's brief", "admin brief last quarter Alex"),
        ("Sam's brief", "admin brief last quarter Sam")]
    assert chat.say("Owner", chat.last.buttons[1].command).startswith(
        "📋 One-to-one brief — Sam, Q4 2026")


def test_briefs_are_the_owners_and_bad_words_change_nothing(chat: Conversation,
                                                            engine: Engine) -> None:
    chat.say("Alex", "log visit Sunrise Pediatrics today")
    assert "Only the practice owner or an admin" in chat.say("Alex", "admin brief Alex")
    assert "Only the practice owner or an admin" in chat.say("Alex", "admin brief")
    for said, why in (("admin brief Nobody", "I don't know anyone by that name"),
                      ("admin brief next quarter Alex", "Say this quarter or last quarter"),
                      ("admin brief last month Alex", "Say this quarter or last quarter")):
        answer = chat.say("Owner", said)
        assert chat.last is not None and not chat.last.ok and why in answer, said
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM accountability_log "
                                 "WHERE action = 'brief'")).scalar_one() == 0


def test_a_note_the_guard_would_refuse_today_is_left_out(chat: Conversation,
                                                         engine: Engine) -> None:
    chat.say("Alex", "log visit Sunrise Pediatrics today")
    chat.say("Alex", "log visit Lincoln Middle School today")
    with engine.begin() as conn:   # as an older ShowUp saved it, before the guard knew better
        conn.execute(text("UPDATE commitments SET reflection = 'my client Jane Doe, DOB "
                          "03/04/2011, asked about her therapy' WHERE what LIKE '%Lincoln%'"))
    brief = chat.say("Owner", "admin brief Alex")
    assert "Jane" not in brief and "2011" not in brief
    assert "• (1 note left out: it may hold client details)" in brief
    assert chat.last is not None
    assert b"Jane" not in chat.last.attachments[0].content


def test_a_brief_after_the_retention_job_cleared_the_words(
        chat: Conversation, clock: MovableClock, engine: Engine) -> None:
    """Past the retention period the notes are gone and each piece of outreach is only its
    kind and source: the numbers stay the same, and the brief says why there are no notes."""
    a_quarter_for_alex(chat, clock)
    before = chat.say("Owner", "admin brief last quarter Alex").splitlines()
    clock.move_to(datetime(2027, 7, 1, 10, 0, tzinfo=NEW_YORK))
    with uow_factory(engine)() as uow:
        workspace = uow.workspaces.list_all()[0]
        assert forget_old_words(uow, workspace, clock.now(), days=180) == 4   # alex 3, sam 1
        uow.commit()
    clock.move_to(datetime(2027, 1, 4, 10, 0, tzinfo=NEW_YORK))
    after = chat.say("Owner", "admin brief last quarter Alex").splitlines()
    assert after[:8] == before[:8]   # the plan, numbers, streak, goal, what it showed, sources
    assert after[8:] == ["Their notes: none (notes past the retention period are cleared)"]


def test_a_brief_of_someone_gone_or_unknown_says_so_and_sets_nobody_up(
        chat: Conversation, engine: Engine) -> None:
    """A member who left (`forget me`), a name nobody has, a mention of someone ShowUp never
    saw, a quarter said as "q3": each gets an answer that fits a brief — no advice to set
    anyone up (a brief never does), and no member made."""
    chat.say("Bob", "log visit Lincoln Middle School today")
    chat.say("Bob", "forget me confirm")
    chat.say("Alex", "log visit Sunrise Pediatrics today")
    with engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM members")).scalar_one()
    for said in ("admin brief Bob", "admin brief *Alex*", "admin forget Bob"):
        answer = chat.say("Owner", said)
        assert answer.startswith("I don't know anyone by that name here"), said
        assert "set them up" not in answer and "admin brief" in answer, said
        assert chat.last is not None and not chat.last.ok
    assert chat.say("Owner", "admin brief <@U999|Zed>") == "ShowUp has nothing stored for Zed."
    for said in ("admin brief q3 Alex", "admin brief Q4 2026 Alex"):
        assert chat.say("Owner", said).startswith("Say this quarter or last quarter"), said
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM members")).scalar_one() == before
        assert conn.execute(text("SELECT count(*) FROM accountability_log "
                                 "WHERE action = 'brief'")).scalar_one() == 0


def test_every_button_of_the_summary_opens_that_persons_brief(chat: Conversation) -> None:
    """A display name the brief's words would read otherwise — "back next week", a leading
    "On", a quarter's name — gets a button that mentions them, so a tap opens their brief
    and not "Say this quarter or last quarter"."""
    names = ("Dana back next week", "On Li", "Sam Q3", "Alex")
    for n, name in enumerate(names):   # platform ids as Slack's are: no spaces
        chat.coach.handle(Actor(Platform.CONSOLE, chat.team, f"U{n}", name, "Practice"),
                          "log visit Sunrise Pediatrics today", chat.clock.now())
    chat.say("Owner", "admin brief")
    assert chat.last is not None
    buttons = {b.label: b.command for b in chat.last.buttons}
    assert buttons["Alex's brief"] == "admin brief Alex"   # a plain name stays a name
    for name in names:
        opened = chat.say("Owner", buttons[f"{name}'s brief"])
        assert opened.startswith(f"📋 One-to-one brief — {name}, Q4 2026"), (name, opened)
