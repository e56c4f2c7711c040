"""Empty databases at any revision, each migration run once per test process.

Most migration tests start from an empty database at some revision (`build_at`, the fixtures
of earlier ShowUps), and upgrading from nothing to that revision cost each of them up to a
second and a half, most of it the same migrations run again and again. Here each revision's
empty schema is made once per test process, by running the migrations one step at a time
(the step to r starts from the schema at r - 1), and a test's empty database is brought to
it from there:

- SQLite: the file at each revision is kept in a folder of this process's, and copied over
  the test's (empty) file.
- PostgreSQL: the statements each step sent to the server (DDL, and the data migrations'
  statements, all on empty tables) are recorded while the steps run in a schema of this
  process's, and played again, in one transaction, into the test's empty schema.

Nothing is kept between runs, so nothing can be stale: the folder and the schema go when the
session ends (or the process exits). A database that is not empty is upgraded as before.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
import threading
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Engine, event, inspect

from storage.db import make_engine
from storage.migrate import alembic_config, current_revision, revisions, sqlite_file, upgrade

# A call of the driver's cursor: ("execute" or "executemany", statement, parameters), or
# ("execute", statement, None) for a statement sent without parameters.
Statement = tuple[str, str, Any]


class Schemas:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._order: list[str] = []
        self._folder: Path | None = None
        self._files: dict[str, Path] = {}        # SQLite: revision -> empty file at it
        self._steps: dict[str, list[Statement]] = {}   # PostgreSQL: revision -> its step
        self._recorder: Engine | None = None
        self._closing = ExitStack()

    def bring(self, engine: Engine, revision: str) -> None:
        """Bring an empty database to `revision`, as `upgrade(engine, revision)` would."""
        if engine.dialect.name == "sqlite":
            self._sqlite(engine, revision)
        elif engine.dialect.name == "postgresql" and _empty_postgresql(engine):
            self._postgresql(engine, revision)
        else:
            upgrade(engine, revision)

    def close(self) -> None:
        with self._lock:
            self._closing.close()
            self._folder, self._recorder = None, None
            self._files.clear()
            self._steps.clear()

    def _revisions_to(self, revision: str) -> list[str]:
        if not self._order:
            self._order = [step.revision for step in revisions(make_engine("sqlite://"))]
        return self._order[:self._order.index(revision) + 1]

    # SQLite

    def _sqlite(self, engine: Engine, revision: str) -> None:
        path = sqlite_file(engine)
        engine.dispose()
        if path is None or not _empty_file(path):
            upgrade(engine, revision)
            return
        shutil.copyfile(self._sqlite_file(revision), path)
        assert current_revision(engine) == revision

    def _sqlite_file(self, revision: str) -> Path:
        with self._lock:
            if revision in self._files:
                return self._files[revision]
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="showup-schemas-"))
                self._closing.callback(shutil.rmtree, self._folder, ignore_errors=True)
            wanted = self._revisions_to(revision)
            done = [r for r in wanted if r in self._files]
            work = self._folder / f"building-{revision}.db"
            if done:
                shutil.copyfile(self._files[done[-1]], work)
            building = make_engine(f"sqlite:///{work}")
            try:
                for step in wanted[len(done):]:   # what is cached is always a first part
                    command.upgrade(alembic_config(building), step)
                    building.dispose()   # closing the last connection folds the WAL in
                    self._files[step] = self._folder / f"{step}.db"
                    shutil.copyfile(work, self._files[step])
            finally:
                building.dispose()
                for leftover in self._folder.glob(f"building-{revision}.db*"):
                    leftover.unlink()
            return self._files[revision]

    # PostgreSQL

    def _postgresql(self, engine: Engine, revision: str) -> None:
        script = self._postgresql_script(revision)
        with engine.begin() as connection:
            cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            for method, statement, parameters in script:
                getattr(cursor, method)(statement, parameters)
        assert current_revision(engine) == revision

    def _postgresql_script(self, revision: str) -> list[Statement]:
        with self._lock:
            wanted = self._revisions_to(revision)
            missing = [r for r in wanted if r not in self._steps]
            if missing:
                recorder = self._postgresql_recorder()
                for step in missing:
                    self._steps[step] = self._record(recorder, step)
            return _batched([statement for r in wanted for statement in self._steps[r]])

    def _postgresql_recorder(self) -> Engine:
        if self._recorder is None:
            from tests.conftest import postgres_schema

            self._recorder = self._closing.enter_context(postgres_schema("showup_schemas"))
        return self._recorder

    @staticmethod
    def _record(recorder: Engine, step: str) -> list[Statement]:
        """The step's calls of the driver's cursor, exactly as SQLAlchemy made them."""
        statements: list[Statement] = []

        def execute(_cursor: Any, statement: str, parameters: Any, _context: Any) -> None:
            if not _only_reads(statement):
                statements.append(("execute", statement, parameters))

        def executemany(_cursor: Any, statement: str, parameters: Any, _context: Any) -> None:
            statements.append(("executemany", statement, parameters))

        def no_parameters(_cursor: Any, statement: str, _context: Any) -> None:
            if not _only_reads(statement):
                statements.append(("execute", statement, None))

        listeners = {"do_execute": execute, "do_executemany": executemany,
                     "do_execute_no_params": no_parameters}
        for name, listener in listeners.items():
            event.listen(recorder, name, listener)
        try:
            command.upgrade(alembic_config(recorder), step)
        finally:
            for name, listener in listeners.items():
                event.remove(recorder, name, listener)
        return statements


def _batched(statements: list[Statement]) -> list[Statement]:
    """The same statements in as few round trips as can be: those that need no parameters
    (all of them, so far) go together as one script, which the server runs in order."""
    batched: list[Statement] = []
    joined = False   # whether the last of `batched` is a script more may be added to
    for method, statement, parameters in statements:
        plain = method == "execute" and (parameters is None or (
            not parameters and "%" not in statement))   # no placeholder, no escaped %
        if plain and joined:
            batched[-1] = ("execute", f"{batched[-1][1]};\n{statement}", None)
        else:
            batched.append((method, statement, None if plain else parameters))
        joined = plain
    return batched


def _only_reads(statement: str) -> bool:
    """A statement that changes nothing (alembic's and SQLAlchemy's look at the catalog, the
    migrations' advisory lock, a data migration reading its empty tables): not played again."""
    words = statement.split(None, 1)
    return bool(words) and words[0].upper() in {"SELECT", "SHOW"} \
        and not re.search(r"\b(setval|nextval|set_config)\b", statement, re.IGNORECASE)


def _empty_file(path: Path) -> bool:
    return (not path.exists() or path.stat().st_size == 0) and not any(
        path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-journal"))


def _empty_postgresql(engine: Engine) -> bool:
    return not inspect(engine).get_table_names()


SCHEMAS = Schemas()
atexit.register(SCHEMAS.close)


def at_revision(engine: Engine, revision: str) -> None:
    """An empty database brought to `revision` (one with anything in it: upgraded)."""
    SCHEMAS.bring(engine, revision)
