"""Conversation tests run `python app.py console` on `tmp_path/showup.db`. Each finds that
database already migrated (a copy of the session's template, tests/conftest.py), as it is
every time but the first that ShowUp runs; a test marked `first_run` finds none and sees
ShowUp create it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "first_run: the console starts with no database at all")


@pytest.fixture(autouse=True)
def migrated_database(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if request.node.get_closest_marker("first_run") is None:
        template: Path = request.getfixturevalue("migrated_sqlite")
        shutil.copyfile(template, tmp_path / "showup.db")
