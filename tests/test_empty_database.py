"""The PostgreSQL fixture's emptying (tests/conftest.py empty_postgres), which every
PostgreSQL test starts from: no row left in any table — the append-only log included — and
ids counted from 1 again, as in a new database."""

from __future__ import annotations

from sqlalchemy import Engine, text

from bot.clock import MovableClock
from bot.coach import Coach
from storage.models import Base
from storage.uow import uow_factory
from tests.conftest import PRACTICE_TZ, Conversation, empty_postgres


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.name: int(conn.execute(text(f'SELECT count(*) FROM "{t.name}"')).scalar_one())
                for t in Base.metadata.sorted_tables}


def test_every_row_goes_and_ids_start_again(postgresql_engine: Engine, clock: MovableClock
                                            ) -> None:
    chat = Conversation(Coach(uow_factory(postgresql_engine), PRACTICE_TZ), clock)
    assert "Committed #1" in chat.say("Alex", "commit visit Sunrise Pediatrics fri")
    chat.say("Alex", "done 1 met the front desk")
    written = {name for name, count in _counts(postgresql_engine).items() if count}
    assert {"workspaces", "members", "commitments", "accountability_log"} <= written

    empty_postgres(postgresql_engine)

    assert set(_counts(postgresql_engine).values()) == {0}
    assert "Committed #1" in chat.say("Sam", "commit visit Lincoln Middle's counselor thu")
    with postgresql_engine.connect() as conn:
        assert conn.execute(text("SELECT id FROM workspaces")).scalars().all() == [1]
        assert conn.execute(text("SELECT id FROM commitments")).scalars().all() == [1]
