"""The inbox's guarantees on both databases, below the served tests of
tests/slack/test_inbox_durability.py: one entry per invocation, one process wins each lapsed
claim, a command is marked carried out once, and nothing is kept past a day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from storage import inbox
from storage.inbox import SqlInbox
from storage.models import InboxRow

NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)
PAYLOAD = {"team_id": "T1", "user_id": "U1", "response_url": "http://127.0.0.1:9/r"}


def test_an_invocation_is_stored_once(engine: Engine) -> None:
    first = inbox.accept(engine, "slack:command:t1", "slack", PAYLOAD, "commit x", NOW, LEASE)
    again = inbox.accept(engine, "slack:command:t1", "slack", PAYLOAD, "commit x", NOW, LEASE)
    assert first is not None and again is None


def test_a_claim_is_won_by_one_process_and_only_once_it_lapses(engine: Engine) -> None:
    entry_id = inbox.accept(engine, "slack:command:t2", "slack", PAYLOAD, "log y", NOW, LEASE)
    assert inbox.claim_waiting(engine, NOW + timedelta(seconds=30), LEASE) == []
    later = NOW + timedelta(seconds=61)
    won = inbox.claim_waiting(engine, later, LEASE)
    assert [e.id for e in won] == [entry_id] and won[0].words == "log y"
    assert won[0].received_at == NOW
    assert inbox.claim_waiting(engine, later, LEASE) == []   # the other process finds it taken


def test_carried_out_once_and_its_words_cleared(engine: Engine) -> None:
    entry_id = inbox.accept(engine, "slack:command:t3", "slack", PAYLOAD, "commit z", NOW, LEASE)
    assert entry_id is not None
    with Session(engine) as session, session.begin():
        assert SqlInbox(session).record_reply(entry_id, {"text": "first"}, NOW)
    with Session(engine) as session, session.begin():
        assert not SqlInbox(session).record_reply(entry_id, {"text": "second"}, NOW)
    assert inbox.stored_reply(engine, entry_id) == {"text": "first"}
    with engine.connect() as conn:
        assert conn.execute(select(InboxRow.words).where(InboxRow.id == entry_id)).scalar() \
            is None
    inbox.mark_answered(engine, entry_id, NOW)
    assert inbox.claim_waiting(engine, NOW + timedelta(hours=1), LEASE) == []


def test_nothing_is_kept_past_a_day(engine: Engine) -> None:
    inbox.accept(engine, "slack:command:t4", "slack", PAYLOAD, "never answered", NOW, LEASE)
    answered = inbox.accept(engine, "slack:command:t5", "slack", PAYLOAD, "w", NOW, LEASE)
    assert answered is not None
    inbox.mark_answered(engine, answered, NOW)
    assert inbox.forget_answered(engine, NOW + timedelta(hours=23)) == 0
    assert inbox.forget_answered(engine, NOW + timedelta(days=1, minutes=1)) == 2
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(InboxRow)).scalar() == 0
