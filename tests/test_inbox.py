"""The inbox's guarantees on both databases, below the served tests of
tests/slack/test_inbox_durability.py: one entry per invocation, one process wins each lapsed
claim, a command is marked carried out once, and nothing is kept past a day."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bot.coach import AlreadyDone, Coach
from bot.messages import Actor, Reply
from bot.model import Platform
from bot.ports import UnitOfWork
from storage import inbox
from storage.inbox import SqlInbox
from storage.models import CommitmentRow, InboxRow

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


def test_a_command_and_its_being_done_commit_together(engine: Engine, coach: Coach) -> None:
    """Use cases commit as they go; while the inbox records a command, those commits are
    held, so a process that stops before the record leaves no effect to repeat."""
    actor = Actor(Platform.SLACK, "T1", "U1", "Ana", team_name="Practice")
    entry_id = inbox.accept(engine, "slack:command:t6", "slack", PAYLOAD, "commit x", NOW, LEASE)
    assert entry_id is not None

    class Stopped(BaseException):
        """The process stopping between the effect and its record."""

    def stop_before_recording(uow: UnitOfWork, reply: Reply) -> None:
        raise Stopped

    with pytest.raises(Stopped):
        coach.handle(actor, "commit visit Brightpath fri", NOW, record=stop_before_recording)
    assert _commitments(engine) == 0

    def record(uow: UnitOfWork, reply: Reply) -> None:
        assert uow.inbox.record_reply(entry_id, {"text": reply.text}, NOW)

    reply = coach.handle(actor, "commit visit Brightpath fri", NOW, record=record)
    assert _commitments(engine) == 1 and inbox.stored_reply(engine, entry_id) == {
        "text": reply.text}

    def already(uow: UnitOfWork, reply: Reply) -> None:
        if not uow.inbox.record_reply(entry_id, {"text": reply.text}, NOW):
            raise AlreadyDone

    with pytest.raises(AlreadyDone):   # a second process's attempt keeps nothing
        coach.handle(actor, "commit visit Brightpath fri", NOW, record=already)
    assert _commitments(engine) == 1


def _commitments(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(CommitmentRow)).scalar() or 0)


def test_a_delivery_is_noted_with_its_effect(engine: Engine) -> None:
    """A Teams activity id noted in a transaction that never commits (the process stopped
    mid-turn) is free again, so Teams' next delivery of it is carried out; once committed,
    every later delivery is a repeat."""
    with Session(engine) as session, session.begin():
        assert SqlInbox(session).first_delivery("teams:a1", NOW)
        session.rollback()
    with Session(engine) as session, session.begin():
        assert SqlInbox(session).first_delivery("teams:a1", NOW)
    with Session(engine) as session, session.begin():
        assert not SqlInbox(session).first_delivery("teams:a1", NOW)
        assert SqlInbox(session).first_delivery("teams:a2", NOW)   # the session goes on


def test_claimants_at_the_same_moment_never_share_an_entry(engine: Engine) -> None:
    for number in range(40):
        inbox.accept(engine, f"slack:command:c{number}", "slack", PAYLOAD, "x", NOW, LEASE)
    later = NOW + timedelta(minutes=5)
    with ThreadPoolExecutor(4) as claimants:
        claims = list(claimants.map(lambda _: [e.id for e in inbox.claim_waiting(
            engine, later, LEASE, limit=10)], range(4)))
    claimed = [entry_id for claim in claims for entry_id in claim]
    assert len(claimed) == len(set(claimed)) <= 40
    assert all(len(claim) <= 10 for claim in claims)
    rest = [e.id for e in inbox.claim_waiting(engine, later, LEASE, limit=100)]
    assert sorted(claimed + rest) == sorted(set(claimed + rest)) and len(claimed + rest) == 40


def test_a_claim_its_process_renews_is_not_taken_by_another(engine: Engine) -> None:
    """An entry queued behind a long backlog stays its process's: renewed, its claim never
    lapses, so no other process carries it out (and answers it) as well."""
    held = inbox.accept(engine, "slack:command:r1", "slack", PAYLOAD, "x", NOW, LEASE)
    other = inbox.accept(engine, "slack:command:r2", "slack", PAYLOAD, "y", NOW, LEASE)
    assert held is not None and other is not None
    inbox.renew(engine, [held], NOW + timedelta(seconds=50), LEASE)
    later = NOW + timedelta(seconds=61)
    assert [e.id for e in inbox.claim_waiting(engine, later, LEASE)] == [other]
    assert [e.id for e in inbox.claim_waiting(engine, later + LEASE, LEASE)] == [held]


def test_the_same_deliveries_to_two_processes_at_once_are_each_stored_once(
        engine: Engine) -> None:
    """Two receivers (two processes) given the same invocations at once, in opposite
    orders, as a retry sent to both would be: every caller answered, each stored once."""
    keys = [f"slack:command:both{number}" for number in range(30)]
    receivers = [inbox.Receiver(engine), inbox.Receiver(engine)]

    def deliver(job: tuple[int, str]) -> int | None:
        side, key = job
        return receivers[side].accept(key, "slack", PAYLOAD, "x", NOW, LEASE)

    jobs = [(0, key) for key in keys] + [(1, key) for key in reversed(keys)]
    with ThreadPoolExecutor(16) as senders:
        stored = list(senders.map(deliver, jobs))
    assert len([entry for entry in stored if entry is not None]) == len(keys)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(InboxRow)).scalar() == len(keys)
