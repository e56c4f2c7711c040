"""Data minimisation on both databases: free text older than the retention period is reduced
to its structured part — activity type, referral source, points, status and dates stay, the
words go — and recent text, open commitments and the numbers people read are untouched."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, text

from bot.clock import MovableClock
from bot.usecases.retention import forget_old_words
from storage.uow import uow_factory
from tests.conftest import Conversation


def _rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_old_words_go_and_the_structure_stays(chat: Conversation, clock: MovableClock,
                                               engine: Engine) -> None:
    chat.say("Alex", "sources add Sunrise Pediatrics tier:A")
    chat.say("Alex", "log visit Sunrise Pediatrics, met the new front desk lead, loved the "
                     "brochures")
    chat.say("Alex", "commit lunch-and-learn at Valley Family Medicine tomorrow")
    clock.move_to(clock.now() + timedelta(days=1))
    chat.say("Alex", "done 2 went great, they want a spring talk")
    chat.say("Alex", "plan niche anxious teens")
    chat.say("Alex", "plan add talk at the Rotary Club")
    before = _rows(engine, "SELECT number, activity_key, points, status, due_date, done_on, "
                           "source_id FROM commitments ORDER BY number")
    clock.move_to(clock.now() + timedelta(days=300))   # Q4 2026 ended 270 days ago
    chat.say("Alex", "commit visit Lincoln Middle School tomorrow")   # recent: kept as typed
    board_before = chat.say("Alex", "board quarter")

    with uow_factory(engine)() as uow:
        workspace = uow.workspaces.list_all()[0]
        cleared = forget_old_words(uow, workspace, clock.now(), 180)
        uow.commit()
    assert cleared == 3   # two commitments and one plan

    after = _rows(engine, "SELECT number, activity_key, points, status, due_date, done_on, "
                          "source_id FROM commitments ORDER BY number")
    assert after[:2] == before   # everything structured is as it was
    words = _rows(engine, "SELECT number, what, when_where, reflection FROM commitments "
                          "ORDER BY number")
    assert words[0] == (1, "Referral-source visit — Sunrise Pediatrics", "", None)
    assert words[1] == (2, "Lunch-and-learn", "", None)
    assert words[2][1] == "visit Lincoln Middle School"
    assert _rows(engine, "SELECT niche, referrers FROM plans") == [("", "")]
    assert _rows(engine, "SELECT text FROM plan_items") == [("Plan activity 1",)]
    assert chat.say("Alex", "board quarter") == board_before
    assert "Lunch-and-learn" in chat.say("Alex", "list all")

    with uow_factory(engine)() as uow:   # again: nothing more to do
        assert forget_old_words(uow, uow.workspaces.list_all()[0], clock.now(), 180) == 0

