"""A sending process runs no more senders than it may hold database connections: a sender
beyond them queues at the pool, whose queue is not fair (eight tick processes on
PostgreSQL with 64 senders and 10 connections each lost one to the pool's 30 s timeout);
and a sender that stops anyway is said so in the tick's summary."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.pool import QueuePool

from bot.scheduler import TickReport
from scheduling import DEFAULT_POOL_CONNECTIONS, describe, sender_count
from settings import Settings
from storage.db import make_engine


def settings(**values: int) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_senders_are_capped_by_the_connections_a_process_may_hold() -> None:
    assert sender_count(settings(send_threads=64, database_pool_size=10)) == 10
    assert sender_count(settings(send_threads=8, database_pool_size=64)) == 8
    assert sender_count(settings(send_threads=64, database_pool_size=64)) == 64
    assert sender_count(settings(send_threads=64)) == DEFAULT_POOL_CONNECTIONS


def test_the_unset_pool_holds_what_the_cap_assumes(tmp_path: Path) -> None:
    for url in (f"sqlite:///{tmp_path / 'showup.db'}",
                "postgresql://postgres@127.0.0.1:5432/test"):
        pool = make_engine(url).pool   # no connection is made
        assert isinstance(pool, QueuePool)
        assert pool.size() + pool._max_overflow == DEFAULT_POOL_CONNECTIONS
    sized = make_engine("postgresql://postgres@127.0.0.1:5432/test", pool_size=7).pool
    assert isinstance(sized, QueuePool) and sized.size() + sized._max_overflow == 7


def test_a_ticks_summary_says_when_a_sender_stopped() -> None:
    report = TickReport(planned=18, sent=12, errors=["sender stopped", "ratelimited"])
    assert describe(report) == (
        "planned 18, sent 12, reconciled 0, retrying 0, failed 0, skipped 0; 1 sender stopped"
        " (see the log): their nudges go out at a tick after their claims lapse")
    assert describe(TickReport(sent=3)).endswith("skipped 0")
