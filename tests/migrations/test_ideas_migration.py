"""0022 adds the ideas library's table: every practice's rows survive it on SQLite and
PostgreSQL, every practice starts with the whole default library, and what a practice then
changes stays its own and goes with it when it uninstalls."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, text

from bot.ideas_library import DEFAULT_IDEAS
from bot.model import Platform
from bot.usecases.ideas import library
from storage.migrate import upgrade
from storage.uow import uow_factory
from tests.migrations.rows import Filler, snapshot
from tests.migrations.schemas import at_revision
from tests.migrations.test_rows_survive import lost

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def test_the_ideas_table_arrives_empty_and_every_row_before_it_survives(
        empty_engine: Engine) -> None:
    at_revision(empty_engine, "0021")
    with empty_engine.begin() as connection:
        filler = Filler(connection)
        before = filler.fill()
    upgrade(empty_engine, "0022")
    with empty_engine.connect() as connection:
        assert lost(before, snapshot(connection, filler.metadata)) == []
        assert connection.execute(text("SELECT count(*) FROM ideas")).scalar_one() == 0

    with uow_factory(empty_engine)() as uow:
        practices = uow.workspaces.list_all()
        assert len(practices) == 3
        for practice in practices:   # the whole default library, nothing hidden
            assert library(uow, practice.id) == list(DEFAULT_IDEAS)
        first, second = practices[0], practices[1]
        uow.ideas.hide(first.id, "peds-anxiety-lunch", NOW)
        own = uow.ideas.add(first.id, "Offer a talk on teen sleep at a PTA", "school",
                            "teens", "problem-solving", NOW)
        uow.commit()
    assert (own.key, own.number, own.kinds, own.niches) == ("own-101", 101, ("school",),
                                                            ("teens",))
    with uow_factory(empty_engine)() as uow:
        mine = library(uow, first.id)
        assert len(mine) == len(DEFAULT_IDEAS) and mine[-1] == own
        assert "peds-anxiety-lunch" not in {i.key for i in mine}
        assert library(uow, second.id) == list(DEFAULT_IDEAS)
        assert uow.workspaces.delete(Platform(first.platform), first.external_id)
        uow.commit()
    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM ideas")).scalar_one() == 0
