"""A real browser for the dashboard's tests: headless Chromium from the system's packages,
driven by Playwright for Python. Playwright downloads nothing here: it is pointed at the
installed executable (`CHROMIUM`, else `chromium` or `chromium-browser` on the PATH).

On a laptop without Chromium these tests skip and say why; `.ci/run` installs Debian's
`chromium` when it is missing and sets SHOWUP_REQUIRE_BROWSER=1, which makes them mandatory.
Screenshots go to `tests/artifacts/` (kept out of git), for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

BROWSER_REQUIRED = os.environ.get("SHOWUP_REQUIRE_BROWSER") == "1"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def chromium_or_skip() -> str:
    for candidate in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser"):
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    reason = ("browser tests need Chromium: install Debian's `chromium` package (or set "
              "CHROMIUM to a Chromium executable)")
    if BROWSER_REQUIRED:
        pytest.fail(f"SHOWUP_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium per test module; each test opens its own context (cookies)."""
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
