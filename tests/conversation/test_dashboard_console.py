"""The dashboard from the console, as its user meets it: `dashboard` prints a one-time link
on a line of its own and starts serving the dashboard on 127.0.0.1:PORT, on the console's
movable clock; the link opens the page, and once `:clock` has moved 16 minutes a fresh link
has expired. A port already taken is said in one line."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.http_client import Browser
from tests.process import LINK, Console, free_port, link_from


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def console(tmp_path: Path, port: int) -> Iterator[Console]:
    running = Console(tmp_path, port)
    yield running
    err = running.close()
    assert "Traceback" not in err, err


def test_the_console_prints_a_link_that_opens_the_page_once(console: Console, port: int
                                                            ) -> None:
    said = console.say("dashboard")
    assert said[0].startswith("🔗 Your sign-in link to the practice's dashboard.")
    link = link_from(said)
    assert link.startswith(f"http://127.0.0.1:{port}/dashboard/sign-in?token=")
    browser = Browser()
    arrived, page = browser.sign_in(link)
    assert arrived.status == 303 and arrived.header("Location") == "/dashboard/console-console"
    assert page.status == 200 and "Console practice" in page.body and "owner" in page.body
    assert Browser().get(link).status == 410

    # A clinician's link, from the same console, signs in as them.
    console.say(":as alex")
    theirs = Browser()
    assert [p.status for p in theirs.sign_in(link_from(console.say("dashboard")))] == [303, 200]
    assert "alex" in theirs.get(f"http://127.0.0.1:{port}/dashboard/console-console").body


def test_a_link_older_than_15_minutes_on_the_consoles_clock_has_expired(console: Console
                                                                         ) -> None:
    fresh = link_from(console.say("dashboard"))
    fourteen = link_from(console.say("dashboard"))
    console.say(":clock +14m")
    assert [p.status for p in Browser().sign_in(fourteen)] == [303, 200]
    console.say(":clock +2m")   # 16 minutes after it was made
    expired = Browser().get(fresh)
    assert expired.status == 410 and "expired" in expired.body
    assert "Type dashboard in ShowUp" in expired.body


def test_a_port_in_use_is_said_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        running = Console(tmp_path, port)
        try:
            said = running.say("dashboard")
        finally:
            err = running.close()
    assert LINK.match(said[-2])   # the link is still printed...
    assert said[-1] == (f"⚠️ The dashboard isn't being served here: PORT={port} is already in "
                        "use on 127.0.0.1 (another ShowUp?). Set PORT to a free port and start "
                        "the console again; this link opens only where ShowUp serves it.")
    assert "Traceback" not in err


def test_the_consoles_link_opens_where_the_console_serves_it_whatever_public_url_says(
        tmp_path: Path, port: int) -> None:
    """A .env kept for the deployed ShowUp (PUBLIC_URL=https://…) is read by the console too;
    its links still go to the dashboard it serves, on this machine."""
    running = Console(tmp_path, port, PUBLIC_URL="https://showup.example.org")
    try:
        link = link_from(running.say("dashboard"))
        assert link.startswith(f"http://127.0.0.1:{port}/dashboard/sign-in?token=")
        browser = Browser()
        arrived, page = browser.sign_in(link)
        assert arrived.status == 303 and page.status == 200 and "owner" in page.body
        [cookie] = arrived.cookies_set
        assert "secure" not in cookie.lower()   # served over http: a Secure one isn't kept
    finally:
        err = running.close()
    assert "Traceback" not in err, err
