"""Every start asks whether the database is at the newest migration without loading alembic:
the newest revision is read from the migrations' file names, which must agree with alembic."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine

from storage.migrate import newest_known, revisions, upgrade


def test_the_newest_file_is_alembics_head() -> None:
    assert newest_known() == revisions(create_engine("sqlite://"))[-1].revision


def test_a_database_at_the_newest_revision_is_left_as_it_is(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'showup.db'}")
    first = upgrade(engine)
    assert first.needed and first.target == newest_known()
    again = upgrade(engine)
    assert (again.current, again.target, again.needed) == (newest_known(), newest_known(), False)
    assert not list(tmp_path.glob("*.before-*"))  # no backup taken for nothing
