"""The dashboard attacked from outside, over real HTTP, on a served bot (`python app.py serve`,
the fake Slack): what an outside tester found, each case as a person or an attacker sends it.

- Another site can't make a signed-in owner's browser fetch the practice's CSV files: the
  browser sends the cookie with a cross-site navigation (SameSite=Lax), so the download
  answers only a request from the dashboard's own page (Sec-Fetch-Site), and a refused one
  writes no export into the accountability log.
- An address typed with a trailing slash (`/dashboard/`) is sent on to the same address
  without it by a relative redirect: never to a host or scheme taken from the request's Host
  header (behind an https proxy that was `http://…`, where the Secure cookie isn't sent).
- The clinician's streak card reads as sentences ("This week is kept ✓ 1 freeze left…" ran
  together as "✓1 freeze").
- Processes sharing one PostgreSQL whose clocks disagree both honour a link and a session
  made by the other: what one process signed a moment "in the future" for another was
  refused as expired (a session opened, then "You're not signed in" on the next page)."""

from __future__ import annotations

import re
import socket
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from storage.migrate import upgrade
from tests.conftest import postgres_schema
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.http_client import Browser, Page, on_server
from tests.process import PINNED_AT
from tests.slack.conftest import SIGNING_SECRET, SlackServer, Visit, start_bot, stop_bot
from tests.slack.test_dashboard_over_slack import SECRET, link_by_dm

FILES = ("commitments", "referral-outcomes", "accountability-log")


@pytest.fixture(scope="module")
def attacked_server(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path
                    ) -> Iterator[SlackServer]:
    server = SlackServer(tmp_path_factory.mktemp("attacked"), template=migrated_sqlite,
                         DASHBOARD_SECRET=SECRET)
    yield server
    server.stop()


@pytest.fixture
def visit(attacked_server: SlackServer) -> Visit:
    return attacked_server.visit()


def say(visit: Visit, user: str, words: str) -> str:
    assert visit.slack.command(user, words).status == 200
    return str(visit.fake.wait_for(visit.slack.last_response)[-1].args["text"])


def signed_in(visit: Visit, user: str = "U0OWNER") -> Browser:
    browser = Browser()
    assert [p.status for p in browser.sign_in(link_by_dm(visit, user))] == [303, 200]
    return browser


def page_of(visit: Visit) -> str:
    return f"{visit.bot.url}/dashboard/slack-{visit.slack.team_id}"


def exports_logged(visit: Visit) -> int:
    with sqlite3.connect(visit.bot.database) as db:
        return int(db.execute("SELECT count(*) FROM accountability_log "
                              "WHERE action = 'export'").fetchone()[0])


def words_of(page: Page) -> str:
    """The page's text as a person reads it: tags gone, spaces collapsed."""
    text = re.sub(r"<svg.*?</svg>", " ", page.body, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", text))).strip()


def raw_get(url: str, path: str, host: str) -> str:
    """A GET with a Host header of our choosing (a browser never sends another's), the
    response's head as text."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
                     .encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer.decode(errors="replace").split("\r\n\r\n")[0]


def test_another_site_cannot_make_the_owners_browser_download_the_practices_files(
        visit: Visit) -> None:
    say(visit, "U0OWNER", "help")   # the practice's owner
    say(visit, "U0ALEX", "commit visit Sunrise Pediatrics thu")
    owner = signed_in(visit)
    before = exports_logged(visit)
    for name in FILES:
        url = f"{page_of(visit)}/download/{name}"
        for site in ("cross-site", "same-site"):
            refused = owner.get(url, {"Sec-Fetch-Site": site, "Sec-Fetch-Mode": "navigate",
                                      "Sec-Fetch-Dest": "document"})
            assert refused.status == 403, (name, site)
            assert "text/csv" not in refused.header("Content-Type")
            assert "Sunrise" not in refused.body
            assert "dashboard's own page" in unescape(refused.body)
            assert refused.header("Content-Disposition") == ""
    assert exports_logged(visit) == before   # nothing was exported, so nothing is logged

    # From the page itself (same-origin), typed or bookmarked (none), or by a client that
    # sends no Sec-Fetch-Site at all, the files still come.
    for headers in ({"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}, {}):
        got = owner.get(f"{page_of(visit)}/download/commitments", headers)
        assert got.status == 200 and "Sunrise Pediatrics" in got.body, headers
        assert got.header("Content-Type").startswith("text/csv")
    assert exports_logged(visit) == before + 3


def test_a_trailing_slash_redirects_to_the_same_host_relatively(visit: Visit) -> None:
    say(visit, "U0OWNER", "help")
    browser = signed_in(visit)
    key = f"slack-{visit.slack.team_id}"
    for path, to in (("/dashboard/", "/dashboard"), (f"/dashboard/{key}/", f"/dashboard/{key}"),
                     ("/dashboard/tab/", "/dashboard/tab"),
                     (f"/dashboard/{key}%2F", f"/dashboard/{key}"),   # not round again
                     ("/dashboard/sign-in/?token=abc", "/dashboard/sign-in?token=abc")):
        head = raw_get(visit.bot.url, path, "evil.example")
        location = re.search(r"(?im)^location: (.*)$", head)
        assert location is not None, head
        assert location.group(1).strip() == to, (path, head)
        assert "evil.example" not in head
    # ...and a browser that follows it lands on the page, still signed in.
    pages = browser.follow(f"{visit.bot.url}/dashboard/{key}/")
    assert [p.status for p in pages] == [307, 200] and pages[-1].url == page_of(visit)
    # A path that only looks like a way off the host stays on it.
    head = raw_get(visit.bot.url, "/dashboard//evil.example/", "127.0.0.1")
    location = re.search(r"(?im)^location: (.*)$", head)
    assert location is None or location.group(1).strip().startswith("/dashboard/"), head


def test_the_clinicians_streak_card_reads_as_sentences(visit: Visit) -> None:
    say(visit, "U0OWNER", "help")
    say(visit, "U0ALEX", "log talk at Rotary club today")   # this week is kept
    page = signed_in(visit, "U0ALEX").get(page_of(visit))
    assert page.status == 200
    words = words_of(page)
    assert "This week is kept ✓ 1 freeze left this quarter" in words, words[:400]


def test_processes_whose_clocks_disagree_honour_each_others_links_and_sessions(
        tmp_path: Path, fake_slack: FakeSlack) -> None:
    """Two `serve` processes on one PostgreSQL, the second's clock behind the first's: ten
    minutes here, so that nothing races a second's boundary (between hosts it is a few
    milliseconds, which is enough when a second turns over between signing and reading)."""
    behind = (datetime.fromisoformat(PINNED_AT) - timedelta(minutes=10)).isoformat()
    with postgres_schema("showup_dash_clocks") as engine:
        upgrade(engine)
        url = engine.url.render_as_string(hide_password=False)
        for each in ("ahead", "slow"):
            (tmp_path / each).mkdir()
        ahead = start_bot(tmp_path / "ahead", fake_slack, DATABASE_URL=url,
                          DASHBOARD_SECRET=SECRET)
        slow = start_bot(tmp_path / "slow", fake_slack, at=behind, DATABASE_URL=url,
                         DASHBOARD_SECRET=SECRET)
        try:
            slack = SlackSimulator(ahead.url, SIGNING_SECRET, fake_slack.url + "/",
                                   team_id="T0CLOCKS")
            visit = Visit(fake_slack, ahead, slack, None)  # type: ignore[arg-type]
            say(visit, "U0OWNER", "help")
            page = f"/dashboard/slack-{slack.team_id}"

            # A link the first process made, opened on the second: it signs in, once.
            link = link_by_dm(visit)
            browser = Browser()
            pages = browser.sign_in(on_server(link, slow.url))
            assert [p.status for p in pages] == [303, 200], pages[0].body
            assert Browser().get(link).status == 410   # spent, on either process

            # A session the first process opened, read by the second.
            theirs = Browser()
            assert [p.status for p in theirs.sign_in(link_by_dm(visit))] == [303, 200]
            assert theirs.get(slow.url + page).status == 200
            assert browser.get(ahead.url + page).status == 200   # and the other way round
        finally:
            stop_bot(ahead)
            stop_bot(slow)


def test_only_the_sign_in_pages_own_button_spends_a_link(visit: Visit) -> None:
    """A scanner (Outlook's Safe Links, a chat's link preview) fetching the link first
    spends nothing; what is posted to the button's address is checked as the link was."""
    link = link_by_dm(visit)
    signed = re.search(r'name="token" value="([^"]*)"', Browser().get(link).body)
    assert signed is not None
    here = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    button = f"{visit.bot.url}/dashboard/sign-in"
    answers = {
        "": 400, "token=": 400, "token=forged.token.sig": 400,
        f"token={signed.group(1)}x": 400, f"token={signed.group(1)}&token=again": 400,
        "token=" + "a" * 5000: 413,
    }
    for form, status in answers.items():
        refused = Browser().post(button, form, here)
        assert refused.status == status and refused.cookies_set == [], form[:40]
    assert Browser().get(link).status == 200   # none of that spent it
    assert [p.status for p in Browser().sign_in(link)] == [303, 200]
    again = Browser().post(button, f"token={signed.group(1)}", here)
    assert again.status == 410 and "This link has been used" in unescape(again.body)
    assert Browser().get(link).status == 410
