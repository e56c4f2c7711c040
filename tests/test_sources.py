"""Referral sources through the core, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, text

from bot.clock import MovableClock
from tests.conftest import Conversation


def test_add_list_edit_and_retire(chat: Conversation) -> None:
    added = chat.say("Alex", "sources add Sunrise Pediatrics tier:A")
    assert added.startswith("📇 Added #1 Sunrise Pediatrics (pediatrician, tier A, every 30 days)")
    chat.say("Alex", "sources add Lincoln Middle School")
    chat.say("Alex", "sources add Pastor Jim at St. Mark's kind:clergy tier:C cadence:45")
    listing = chat.say("Alex", "sources")
    assert "#1 Sunrise Pediatrics — pediatrician · tier A · every 30 days · never touched" \
        in listing
    assert "#2 Lincoln Middle School — school · tier B · every 60 days" in listing
    assert "#3 Pastor Jim at St. Mark's — clergy · tier C · every 45 days" in listing
    assert "tier B, every 90 days" not in chat.say("Alex", "sources edit #2 tier:C")
    assert "every 90 days" in chat.say("Alex", "sources all")
    assert "Only its owner or an admin" in chat.say("Sam", "sources edit #1 tier:C")
    assert "Retired #3" in chat.say("Alex", "sources retire #3")
    assert "Pastor Jim" not in chat.say("Alex", "sources")
    assert "already #1" in chat.say("Sam", "sources add sunrise pediatrics")


def test_bad_source_input_changes_nothing(chat: Conversation, engine: Engine) -> None:
    for line in ("sources add", "sources add x tier:Z", "sources add Oak Clinic cadence:0",
                 "sources edit 3 tier:A", "sources edit #9 tier:A", "sources edit #1",
                 "sources frobnicate", "sources add my client Jane Doe",
                 "sources add Oak Clinic kind:spaceship"):
        reply = chat.say("Alex", line)
        assert chat.last is not None and not chat.last.ok, (line, reply)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM referral_sources")).scalar_one() == 0


def test_a_commitment_that_names_a_source_updates_its_last_touch(
        chat: Conversation, clock: MovableClock) -> None:
    chat.say("Alex", "sources add Sunrise Pediatrics tier:A")
    chat.say("Alex", "sources add Valley Family Medicine")
    chat.say("Alex", "commit drop brochures at sunrise pediatrics wed")
    assert "never touched" in chat.say("Alex", "sources").split("#2")[0]
    clock.move_by(timedelta(days=2))
    chat.say("Alex", "done")
    listing = chat.say("Alex", "sources")
    assert "#1 Sunrise Pediatrics — pediatrician · tier A · every 30 days · last touch today" \
        in listing
    chat.say("Alex", "log lunch-and-learn source:#2 yesterday")
    assert "#2 Valley Family Medicine — physician · tier B · every 60 days · last touch " \
           "yesterday" in chat.say("Alex", "sources")
    assert "There's no source #7" in chat.say("Alex", "commit visit source:7 thu")


def test_referral_totals_and_the_outcome_report(chat: Conversation, engine: Engine) -> None:
    chat.say("Alex", "sources add Sunrise Pediatrics tier:A")
    chat.say("Alex", "sources add Lincoln Middle School")
    chat.say("Alex", "log visit Sunrise Pediatrics today")
    assert "Only the practice owner or an admin" in chat.say("Alex", "admin referrals #1 nov 3")
    assert "📈 Sunrise Pediatrics: 3 referrals in November 2026." in chat.say(
        "Owner", "admin referrals #1 nov 3")
    assert "4 referrals in November 2026" in chat.say("Owner", "admin referrals #1 2026-11 4")
    chat.say("Owner", "admin referrals #2 oct 1")
    for bad in ("admin referrals #1 smarch 2", "admin referrals #9 nov 2",
                "admin referrals #1 2027-05 2", "admin referrals nov 2",
                "admin referrals #1 nov 5000"):
        chat.say("Owner", bad)
        assert chat.last is not None and not chat.last.ok, bad
    report = chat.say("Owner", "admin outcomes")
    assert "• #1 Sunrise Pediatrics: 1 touch · 4 referrals (4 within six months of outreach)" \
        in report
    assert "• #2 Lincoln Middle School: 0 touches · 1 referral" in report
    assert "Touched sources (1): 4 referrals · untouched (1): 1 referral." in report
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM referral_outcomes")).scalar_one() == 2
    exported = chat.say("Owner", "admin export outcomes")
    assert "referral-outcomes-2026-11-30.csv (2 rows)" in exported
    assert chat.last is not None
    content = chat.last.attachments[0].content.decode("utf-8-sig")
    assert content.splitlines() == ["month,source_id,source,referrals",
                                    "2026-10,2,Lincoln Middle School,1",
                                    "2026-11,1,Sunrise Pediatrics,4"]
