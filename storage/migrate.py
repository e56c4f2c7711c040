"""Alembic migrations, run from code: `python app.py migrate`, and on every start.

Upgrades only ever go forward. Before a SQLite file is upgraded, a consistent copy of it is
saved beside it (`showup.db.before-0007`), so a practice on the embedded default can always go
back; on PostgreSQL the operator takes a `pg_dump` (the README says how).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from storage.models import Base

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class MigrationRefused(Exception):
    """An upgrade ShowUp will not run; the message says why and what to do, in one line."""


class BrokenReferences(Exception):
    """A migration would leave rows pointing at rows that do not exist; it was rolled back."""


@dataclass(frozen=True)
class Step:
    revision: str
    about: str


@dataclass(frozen=True)
class UpgradePlan:
    """Where the database is, where it is going, and the migrations in between."""

    current: str | None
    target: str
    steps: tuple[Step, ...]
    backup: Path | None = None

    @property
    def needed(self) -> bool:
        return bool(self.steps)


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config  # alembic is loaded only when a migration is looked at

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def revisions(engine: Engine) -> list[Step]:
    """Every migration ShowUp knows, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(engine))
    return [Step(rev.revision, _about(rev.doc)) for rev in reversed(list(script.walk_revisions()))]


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def newest_known() -> str:
    """The newest migration's revision, from the files' names (`0019_inbox.py`: "0019")
    without loading alembic; tests/migrations holds it equal to alembic's head."""
    return max(path.name.split("_", 1)[0] for path in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _stored_revision(engine: Engine) -> str | None:
    """The revision the database says it is at; None when it cannot say (no table yet)."""
    try:
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None
    return str(stored) if stored is not None else None


def is_current(engine: Engine) -> bool:
    known = revisions(engine)
    return current_revision(engine) == known[-1].revision


def plan_upgrade(engine: Engine, target: str = "head") -> UpgradePlan:
    """What `upgrade` would do, without doing it; MigrationRefused if it would not."""
    every = revisions(engine)
    known = [step.revision for step in every]
    goal = known[-1] if target == "head" else target
    if goal not in known:
        raise MigrationRefused(f"There is no migration {target!r}; this ShowUp knows "
                               f"{known[0]} to {known[-1]}.")
    current = current_revision(engine)
    if current is None:
        _refuse_foreign_tables(engine)
        start = 0
    elif current not in known:
        raise MigrationRefused(
            f"The database is at revision {current}, newer than this ShowUp knows "
            f"({known[-1]}): it was upgraded by a newer version. Run that version, or restore "
            "the copy taken before that upgrade; ShowUp never migrates down.")
    else:
        start = known.index(current) + 1
    end = known.index(goal) + 1
    if end < start:
        raise MigrationRefused(
            f"The database is at revision {current}; {goal} is older and ShowUp never migrates "
            f"down. To go back, restore {_restore_hint(engine, goal)}.")
    steps = tuple(every[start:end])
    backup = _backup_path(engine, current) if steps and current is not None else None
    return UpgradePlan(current, goal, steps, backup)


def upgrade(engine: Engine, target: str = "head") -> UpgradePlan:
    """Bring the database to `target` (the newest schema by default) and say what ran.

    A SQLite file is copied first (see `UpgradePlan.backup`); a no-op when already there."""
    if target == "head":   # the start of every process: no alembic when there is nothing to do
        newest = newest_known()
        if _stored_revision(engine) == newest:
            return UpgradePlan(newest, newest, ())
    plan = plan_upgrade(engine, target)
    if not plan.needed:
        return plan
    if plan.backup is not None:
        _copy_sqlite(engine, plan.backup)
    from alembic import command

    command.upgrade(alembic_config(engine), plan.target)
    return plan


def sqlite_file(engine: Engine) -> Path | None:
    """The database file of a SQLite engine; None for PostgreSQL or an in-memory database."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" \
            or database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve()


def _backup_path(engine: Engine, revision: str) -> Path | None:
    path = sqlite_file(engine)
    if path is None:
        return None
    candidate = path.with_name(f"{path.name}.before-{revision}")
    copy = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.before-{revision}.{copy}")
        copy += 1
    return candidate


def _restore_hint(engine: Engine, revision: str) -> str:
    path = sqlite_file(engine)
    copies = sorted(path.parent.glob(f"{path.name}.before-{revision}*")) if path else []
    if copies:
        return f"the copy saved before that upgrade: {copies[0]}"
    return "the backup taken before the upgrade (pg_dump, or a copy of the file)"


def _copy_sqlite(engine: Engine, destination: Path) -> None:
    """SQLite's online backup: a consistent copy even while other connections are open."""
    source_path = sqlite_file(engine)
    assert source_path is not None
    try:
        source = sqlite3.connect(source_path)
        try:
            target = sqlite3.connect(destination)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.Error as failed:
        destination.unlink(missing_ok=True)
        raise MigrationRefused(
            f"Could not save a copy of the database to {destination} ({failed}), so nothing "
            "was upgraded. Make room or fix the folder's permissions, then start again.") \
            from None


def _refuse_foreign_tables(engine: Engine) -> None:
    """A database with ShowUp's tables but no schema version was not made by ShowUp's
    migrations; creating the tables again would fail halfway, so say so up front."""
    ours = set(Base.metadata.tables)
    present = ours & set(inspect(engine).get_table_names())
    if present:
        raise MigrationRefused(
            f"The database already has ShowUp tables ({', '.join(sorted(present))}) but no "
            "schema version, so it was not made by ShowUp's migrations. Check DATABASE_URL.")


def _about(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if (doc or "").strip() else ""

