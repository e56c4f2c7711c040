"""Databases that earlier ShowUps really wrote (see fixtures/README.md) upgrade with every row,
on SQLite and PostgreSQL, and today's ShowUp then reads them: the clinicians still see their
history. `python app.py migrate` and the console upgrade them as an operator would."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, MetaData, text

from bot.coach import Coach
from bot.messages import Actor
from bot.model import Platform
from storage.db import make_engine
from storage.migrate import current_revision, revisions, upgrade
from storage.uow import uow_factory
from tests.migrations.rows import Snapshot, load, snapshot
from tests.migrations.schemas import at_revision
from tests.migrations.test_rows_survive import lost
from tests.process import run_app

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("console-*.json"))
HEAD = revisions(make_engine("sqlite://"))[-1].revision
AFTER_THE_SESSION = datetime(2026, 10, 20, 10, 0, tzinfo=ZoneInfo("America/New_York"))


def exported(fixture: Path) -> tuple[str, dict[str, list[dict[str, Any]]]]:
    tables = json.loads(fixture.read_text())
    return tables["alembic_version"][0]["version_num"], tables


def written_by_an_earlier_showup(engine: Engine, fixture: Path) -> tuple[str, Snapshot]:
    """The fixture's database rebuilt at its own revision, and everything in it."""
    revision, tables = exported(fixture)
    at_revision(engine, revision)
    with engine.begin() as connection:
        load(connection, tables)
    return revision, read_all(engine)


def read_all(engine: Engine) -> Snapshot:
    with engine.connect() as connection:
        metadata = MetaData()
        metadata.reflect(connection)
        return snapshot(connection, metadata)


def console_member(name: str) -> Actor:
    return Actor(Platform.CONSOLE, "console", name, name, team_name="Console practice")


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.stem)
def test_a_database_from_an_earlier_showup_upgrades_whole(fixture: Path,
                                                          empty_engine: Engine) -> None:
    revision, before = written_by_an_earlier_showup(empty_engine, fixture)
    _, tables = exported(fixture)
    assert {t: len(rows) for t, rows in before.items()} == {
        t: len(rows) for t, rows in tables.items() if t != "alembic_version"}

    ran = upgrade(empty_engine)

    assert (ran.current, ran.target) == (revision, HEAD)
    assert lost(before, read_all(empty_engine)) == []
    with empty_engine.connect() as connection:
        numbered = connection.execute(text(
            "SELECT member_id, number FROM commitments ORDER BY id")).all()
    counts: dict[int, int] = {}
    for member_id, number in numbered:  # each person's, in the order they were made
        counts[member_id] = counts.get(member_id, 0) + 1
        assert number == counts[member_id]
    coach = Coach(uow_factory(empty_engine), "America/New_York")
    alex = coach.handle(console_member("alex"), "list all", AFTER_THE_SESSION).text
    assert "visit Sunrise Pediatrics" in alex
    bob = coach.handle(console_member("bob"), "list all", AFTER_THE_SESSION).text
    assert "talk at the Rotary Club" in bob and "coffee with Pastor Dan" in bob


def test_a_sqlite_upgrade_keeps_a_copy_of_the_database_from_before(tmp_path: Path) -> None:
    path = tmp_path / "showup.db"
    engine = make_engine(f"sqlite:///{path}")
    revision, before = written_by_an_earlier_showup(engine, FIXTURES[0])
    engine.dispose()

    done = run_app(tmp_path, "migrate", DATABASE_URL=f"sqlite:///{path}")

    copy = path.with_name(f"showup.db.before-{revision}")
    assert done.stdout.strip() == (f"Upgraded {path} from {revision} to {HEAD} "
                                   f"({len(revisions(engine)) - 2} migrations). "
                                   f"The copy from before is {copy}.")
    with sqlite3.connect(copy) as saved:
        assert saved.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (revision,)]
    saved_engine = make_engine(f"sqlite:///{copy}")
    assert lost(before, read_all(saved_engine)) == []
    assert current_revision(saved_engine) == revision
    saved_engine.dispose()


def test_starting_the_console_on_an_old_database_upgrades_it_and_says_where_the_copy_is(
        tmp_path: Path) -> None:
    path = tmp_path / "showup.db"
    engine = make_engine(f"sqlite:///{path}")
    revision, _ = written_by_an_earlier_showup(engine, FIXTURES[0])
    engine.dispose()

    done = run_app(tmp_path, "console", "--as", "bob", "--at", "2026-10-20T10:00",
                   stdin="list all\n:quit\n")

    assert done.returncode == 0, done.stderr
    assert f"The copy from before is {path}.before-{revision}." in done.stderr
    assert "Traceback" not in done.stderr
    assert "talk at the Rotary Club" in done.stdout
    assert "coffee with Pastor Dan" in done.stdout
