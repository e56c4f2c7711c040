"""`python app.py migrate` as an operator runs it: one revision at a time, `--check`, and the
upgrades it refuses, each with one clear line and the data exactly as it was."""

from __future__ import annotations

import hashlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, text

from storage.db import make_engine
from storage.migrate import (
    MIGRATIONS,
    BrokenReferences,
    current_revision,
    plan_upgrade,
    revisions,
    upgrade,
)
from tests import zygote
from tests.migrations.conftest import database_url
from tests.migrations.schemas import at_revision
from tests.migrations.test_old_databases import FIXTURES, read_all, written_by_an_earlier_showup
from tests.migrations.test_rows_survive import build_at, lost
from tests.process import ROOT, app_env, run_app

EVERY_REVISION = [step.revision for step in revisions(make_engine("sqlite://"))]
HEAD = EVERY_REVISION[-1]
COUNTED = ("workspaces", "members", "commitments", "accountability_log")


def counts(engine: Engine) -> tuple[int, ...]:
    with engine.connect() as connection:
        return tuple(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                     for table in COUNTED)


def columns_of(engine: Engine) -> dict[str, list[str]]:
    with engine.connect() as connection:
        metadata = MetaData()
        metadata.reflect(connection)
    return {name: sorted(c.name for c in table.columns)
            for name, table in metadata.tables.items() if name != "alembic_version"}


def fingerprint(engine: Engine, columns: dict[str, list[str]]) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of its rows in the given columns, whatever their
    order on disk: cheaper than a snapshot when there are hundreds of thousands of them. The
    rows are read as the driver gives them and put in order as text: about half the time of
    sorting them in SQL and reading them through SQLAlchemy's rows."""
    result = {}
    with engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()
        for name, names in columns.items():
            quoted = ", ".join(f'"{column}"' for column in names)
            rows = sorted(map(repr, cursor.execute(f'SELECT {quoted} FROM "{name}"')))
            result[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


def one_clear_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def test_the_reported_upgrade_keeps_every_row_at_every_revision(empty_engine: Engine) -> None:
    """The issue's reproduction: a console database of the first release (schema 0002),
    upgraded one revision at a time; before the fix SQLite lost the log at 0005 and the
    members and commitments at 0007."""
    revision, before = written_by_an_earlier_showup(empty_engine, FIXTURES[0])
    assert revision == "0002"
    start = counts(empty_engine)
    assert start == (1, 4, 10, 18)
    for step in EVERY_REVISION[EVERY_REVISION.index(revision) + 1:]:
        upgrade(empty_engine, step)
        assert (current_revision(empty_engine), counts(empty_engine)) == (step, start)
    assert lost(before, read_all(empty_engine)) == []


def test_check_says_what_would_run_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "showup.db"
    engine = make_engine(f"sqlite:///{path}")
    before, _ = build_at(engine, "0004")
    engine.dispose()

    done = run_app(tmp_path, "migrate", "--check", DATABASE_URL=f"sqlite:///{path}")

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    pending = EVERY_REVISION[4:]
    assert lines[0] == (f"{path} is at revision 0004; `migrate` would run {len(pending)} "
                        f"migration(s) to {HEAD}:")
    assert [line.split()[0] for line in lines[1:-1]] == pending
    assert "0005  Referral sources with a touch cadence" in lines[1]
    assert lines[-1] == f"It would first save a copy of the database to {path}.before-0004."
    assert current_revision(engine) == "0004"
    assert not list(tmp_path.glob("showup.db.before-*"))
    assert lost(before, read_all(engine)) == []


def test_check_on_a_current_database_says_so(tmp_path: Path) -> None:
    path = tmp_path / "showup.db"
    at_revision(make_engine(f"sqlite:///{path}"), HEAD)
    done = run_app(tmp_path, "migrate", "--check", DATABASE_URL=f"sqlite:///{path}")
    assert (done.returncode, done.stdout) == (0, f"{path} is at revision {HEAD}: nothing "
                                                 "to run.\n")


def test_check_without_a_database_does_not_create_one(tmp_path: Path) -> None:
    path = tmp_path / "practice" / "showup.db"
    done = run_app(tmp_path, "migrate", "--check", DATABASE_URL=f"sqlite:///{path}")
    assert done.returncode == 0
    assert done.stdout == (f"No database at {path} yet: ShowUp creates it, with every "
                           "migration, when it starts.\n")
    assert not path.exists()


def test_check_on_postgresql_asks_for_a_dump_first(empty_postgresql: Engine,
                                                   tmp_path: Path) -> None:
    build_at(empty_postgresql, "0006")
    done = run_app(tmp_path, "migrate", "--check", DATABASE_URL=database_url(empty_postgresql))
    assert done.returncode == 0
    assert f"is at revision 0006; `migrate` would run {len(EVERY_REVISION) - 6} migration(s)" \
        in done.stdout
    assert "Take a backup first (for PostgreSQL: pg_dump, see the README)." in done.stdout
    assert current_revision(empty_postgresql) == "0006"


def test_a_down_migration_is_refused(empty_engine: Engine, tmp_path: Path) -> None:
    build_at(empty_engine, "0005")
    upgrade(empty_engine)
    before = read_all(empty_engine)

    done = run_app(tmp_path, "migrate", "--to", "0003", DATABASE_URL=database_url(empty_engine))

    assert done.returncode == 2
    line = one_clear_line(done.stderr)
    assert line.startswith(f"The database is at revision {HEAD}; 0003 is older and ShowUp "
                           "never migrates down. To go back, restore ")
    assert current_revision(empty_engine) == HEAD
    assert lost(before, read_all(empty_engine)) == []


def test_going_back_names_the_copy_that_was_saved(tmp_path: Path) -> None:
    path = tmp_path / "showup.db"
    build_at(make_engine(f"sqlite:///{path}"), "0005")
    run_app(tmp_path, "migrate", DATABASE_URL=f"sqlite:///{path}")
    done = run_app(tmp_path, "migrate", "--to", "0005", DATABASE_URL=f"sqlite:///{path}")
    assert one_clear_line(done.stderr).endswith(
        f"restore the copy saved before that upgrade: {path}.before-0005.")


@pytest.mark.parametrize("command", [("migrate",), ("console",), ("tick",)])
def test_a_database_from_a_newer_showup_is_left_alone(tmp_path: Path,
                                                      command: tuple[str, ...]) -> None:
    path = tmp_path / "showup.db"
    engine = make_engine(f"sqlite:///{path}")
    at_revision(engine, HEAD)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()

    done = run_app(tmp_path, *command, stdin=":quit\n", DATABASE_URL=f"sqlite:///{path}")

    assert done.returncode == 2
    assert one_clear_line(done.stderr) == (
        f"The database is at revision 0099, newer than this ShowUp knows ({HEAD}): it was "
        "upgraded by a newer version. Run that version, or restore the copy taken before "
        "that upgrade; ShowUp never migrates down.")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("0099",)]
    assert not list(tmp_path.glob("showup.db.before-*"))


def test_a_database_that_showup_did_not_make_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("INSERT INTO members (name) VALUES ('someone else''s data')")
    done = run_app(tmp_path, "migrate", DATABASE_URL=f"sqlite:///{path}")
    assert done.returncode == 2
    assert one_clear_line(done.stderr) == (
        "The database already has ShowUp tables (members) but no schema version, so it was "
        "not made by ShowUp's migrations. Check DATABASE_URL.")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT name FROM members").fetchall() == [("someone else's data",)]


def test_a_second_copy_never_overwrites_the_first(tmp_path: Path) -> None:
    path = tmp_path / "showup.db"
    engine = make_engine(f"sqlite:///{path}")
    at_revision(engine, "0003")
    (tmp_path / "showup.db.before-0003").write_text("an earlier copy")
    assert upgrade(engine).backup == path.with_name("showup.db.before-0003.2")
    assert (tmp_path / "showup.db.before-0003").read_text() == "an earlier copy"
    assert plan_upgrade(engine).backup is None


BREAKS_REFERENCES = '''"""A faulty migration: deletes practices and leaves their members behind.

Revision ID: 9999
Revises: {head}
"""

from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM workspaces")


def downgrade() -> None:
    pass
'''


def test_a_migration_that_would_break_references_is_rolled_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard in env.py: with foreign keys off, SQLite would let a migration orphan rows;
    `PRAGMA foreign_key_check` catches it before commit and nothing changes."""
    faulty = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, faulty, ignore=shutil.ignore_patterns("__pycache__"))
    (faulty / "versions" / "9999_faulty.py").write_text(BREAKS_REFERENCES.format(head=HEAD))
    engine = make_engine(f"sqlite:///{tmp_path / 'showup.db'}")
    build_at(engine, HEAD)
    before = read_all(engine)
    monkeypatch.setattr("storage.migrate.MIGRATIONS", faulty)

    with pytest.raises(BrokenReferences, match="rolled back and nothing changed"):
        upgrade(engine)

    assert current_revision(engine) == HEAD
    assert lost(before, read_all(engine)) == []
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_no_upgrade_without_the_copy(tmp_path: Path) -> None:
    """If the copy cannot be written, nothing is upgraded and one line says why."""
    path = tmp_path / "showup.db"
    engine = make_engine(f"sqlite:///{path}")
    build_at(engine, "0006")
    engine.dispose()
    (tmp_path / "showup.db.before-0006").symlink_to(tmp_path / "gone" / "copy.db")

    done = run_app(tmp_path, "migrate", DATABASE_URL=f"sqlite:///{path}")

    assert done.returncode == 2
    assert one_clear_line(done.stderr).startswith(
        f"Could not save a copy of the database to {path}.before-0006 (unable to open "
        "database file), so nothing was upgraded.")
    assert current_revision(engine) == "0006"


@pytest.mark.long
def test_an_upgrade_killed_halfway_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    """kill -9 in the middle of the upgrade (while SQLite is copying 150,000 commitments into
    a rebuilt table): the database is still whole at its old revision, and the next `migrate`
    finishes the job with every row."""
    path = tmp_path / "showup.db"
    engine = make_engine(f"sqlite:///{path}")
    build_at(engine, "0002")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150000) "
            "INSERT INTO commitments (workspace_id, member_id, what, activity_key, when_where, "
            "due_date, week_start, status, points, logged, created_at, closed_at) "
            "SELECT 1, (SELECT min(id) FROM members WHERE workspace_id = 1), "
            "'Visit Sunrise Pediatrics ' || i, 'visit', 'Thursday', '2026-12-03', "
            "'2026-11-30', 'done', 3, 0, '2026-11-29 15:25:55.505682', "
            "'2026-11-29 15:25:55.505682' FROM n")
    old_columns = columns_of(engine)
    before = fingerprint(engine, old_columns)
    engine.dispose()
    wal = tmp_path / "showup.db-wal"

    upgrading = zygote.ZygotePopen([sys.executable, "app.py", "migrate"], cwd=ROOT,
                                 env=app_env(tmp_path, LOG_LEVEL="WARNING"),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (wal.exists() and wal.stat().st_size > 1_000_000):
        assert upgrading.poll() is None, "the upgrade finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    upgrading.send_signal(signal.SIGKILL)
    upgrading.wait()

    assert current_revision(engine) == "0002"
    assert fingerprint(engine, old_columns) == before
    done = run_app(tmp_path, "migrate", DATABASE_URL=f"sqlite:///{path}")
    assert done.returncode == 0, done.stderr
    assert current_revision(engine) == HEAD
    assert fingerprint(engine, old_columns) == before
