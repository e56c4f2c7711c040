"""The dashboard in headless Chromium with everything people can type made hostile: display
names, the workspace's name, commitments, sources and plan items holding markup, script and
`javascript:` addresses, and words too long for a phone. Served by `python app.py serve`
against the fake Slack; each person signs in through the link the bot sent by DM.

Nothing runs (no dialog, no page error, no element with a handler, no script), the
Content-Security-Policy reports nothing, no request leaves the server, the hostile words
show as the words they are, and a phone's page scrolls only down: a long unbroken word wraps
instead of pushing the whole page sideways (tables and charts scroll in their own regions).
Another site's link to a CSV download, followed in the browser, downloads nothing."""

from __future__ import annotations

import sqlite3
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.chromium import NOTE_CSP_VIOLATIONS, launched, sign_in
from tests.slack.conftest import SlackServer, Visit
from tests.slack.test_dashboard_over_slack import SECRET, link_by_dm

PHONE = {"width": 360, "height": 740}
WORKSPACE = "\"><script>alert('workspace')</script>"
ALEX = "\"><img src=x onerror=alert('name')>Alex"
SAM = "Samantha" * 15   # one word, 120 letters
LONG_WORD = "www.sunrisepediatricsandfamilymedicineassociatesofthegreatervalley.example.org"
HOSTILE = ("<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>",
           "</title><svg onload=alert(3)>", "javascript:alert(4)")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path
                   ) -> Iterator[SlackServer]:
    server = SlackServer(tmp_path_factory.mktemp("hostile"), template=migrated_sqlite,
                         DASHBOARD_SECRET=SECRET)
    yield server
    server.stop()


@pytest.fixture
def visit(hostile_server: SlackServer) -> Visit:
    return hostile_server.visit()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with launched() as browser:
        yield browser


def say(visit: Visit, user: str, words: str) -> str:
    """`/outreach <words>` from a workspace whose name (Slack's team_domain) is hostile."""
    form = visit.slack.command_payload(user, words)
    form["team_domain"] = WORKSPACE
    assert visit.slack.post(urllib.parse.urlencode(form),
                            "application/x-www-form-urlencoded").status == 200
    return str(visit.fake.wait_for(visit.slack.last_response)[-1].args["text"])


def seed(visit: Visit) -> None:
    visit.fake.add_user("U0ALEX", ALEX)
    visit.fake.add_user("U0SAM", SAM, "Europe/London")
    say(visit, "U0OWNER", "help")   # the practice's owner
    for words in HOSTILE:
        assert "Committed" in say(visit, "U0ALEX", f"commit visit {words} clinic thu")
    for n, words in enumerate(HOSTILE):
        assert "Added" in say(visit, "U0ALEX", f"sources add {words} Clinic {n} tier:A")
    assert "Committed" in say(visit, "U0ALEX", f"commit visit {LONG_WORD} thu")
    assert "Logged" in say(visit, "U0ALEX", f"log talk at {HOSTILE[1]} school today")
    say(visit, "U0ALEX", f"plan niche {HOSTILE[2]} teens")
    say(visit, "U0ALEX", f"plan referrers {HOSTILE[0]} pediatricians")
    say(visit, "U0ALEX", f"plan add lunch-and-learn at {HOSTILE[1]} Family Medicine")
    say(visit, "U0ALEX", f"plan add visit {LONG_WORD}")
    assert "Committed" in say(visit, "U0SAM", f"commit call {LONG_WORD} tomorrow")


def opened(chromium: Any, link: str) -> tuple[Any, Any, list[str]]:
    """A phone-sized browser context signed in with `link`: the page, and what went wrong
    (dialogs, page errors, requests to another server)."""
    context = chromium.new_context(viewport=PHONE)
    context.add_init_script(NOTE_CSP_VIOLATIONS)
    page = context.new_page()
    server = "/".join(link.split("/")[:3])
    trouble: list[str] = []
    page.on("dialog", lambda dialog: (trouble.append(f"dialog {dialog.message}"),
                                      dialog.dismiss()))
    page.on("pageerror", lambda error: trouble.append(f"page error {error}"))
    page.on("request", lambda request: None if request.url.startswith(server)
            else trouble.append(f"request to {request.url}"))
    sign_in(page, link)
    page.wait_for_load_state("networkidle")
    return context, page, trouble


def test_hostile_names_and_words_run_nothing_and_fit_a_phone(visit: Visit, chromium: Any
                                                             ) -> None:
    seed(visit)
    for user, heading in (("U0OWNER", ": outreach this quarter"), ("U0ALEX", "Your outreach"),
                          ("U0SAM", "Your outreach")):
        context, page, trouble = opened(chromium, link_by_dm(visit, user))
        try:
            assert heading in page.locator("h1").inner_text(), user
            found = page.evaluate("""() => ({
                csp: window.__cspViolations,
                scripts: document.scripts.length,
                handlers: [...document.querySelectorAll('*')].filter(
                    e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))
                ).map(e => e.outerHTML.slice(0, 80)),
                scriptLinks: [...document.querySelectorAll('[href],[src],[action]')].filter(
                    e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src')
                                                 || e.getAttribute('action'))).length,
                title: document.title,
                pageWidth: document.documentElement.scrollWidth,
                screenWidth: document.documentElement.clientWidth,
            })""")
            assert trouble == [], (user, trouble)
            assert found["csp"] == [] and found["scripts"] == 0, (user, found)
            assert found["handlers"] == [] and found["scriptLinks"] == 0, (user, found)
            assert found["title"] == f"{WORKSPACE} — ShowUp"   # the name, as text
            # Only down: the page is no wider than the phone's screen.
            assert found["pageWidth"] <= found["screenWidth"], (user, found)
            if user == "U0ALEX":
                text = page.locator("main").inner_text()
                for words in (*HOSTILE[:3], LONG_WORD):
                    assert words in text.replace("\n", ""), words
                assert ALEX in page.locator("header").inner_text()
        finally:
            context.close()


def test_another_sites_link_to_a_download_downloads_nothing(visit: Visit, chromium: Any
                                                            ) -> None:
    say(visit, "U0OWNER", "help")
    say(visit, "U0ALEX", "commit visit Sunrise Pediatrics thu")
    download = f"{visit.bot.url}/dashboard/slack-{visit.slack.team_id}/download/commitments"
    context, page, _ = opened(chromium, link_by_dm(visit))
    try:
        context.route("http://prizes.example/**", lambda route: route.fulfill(
            status=200, content_type="text/html",
            body=f'<a id="prize" href="{download}">Claim your prize</a>'))
        page.goto("http://prizes.example/")
        answered = []
        page.on("response", lambda response: answered.append(response.status)
                if "/download/" in response.url else None)
        page.click("#prize")
        page.wait_for_load_state("networkidle")
        assert answered == [403]
        assert "Not downloaded" in page.locator("h1").inner_text()
        with sqlite3.connect(visit.bot.database) as db:
            assert db.execute("SELECT count(*) FROM accountability_log "
                              "WHERE action = 'export'").fetchone() == (0,)
        # The same link on the dashboard's own page downloads the file.
        page.goto(f"{visit.bot.url}/dashboard/slack-{visit.slack.team_id}")
        with page.expect_download() as saved:
            page.get_by_role("link", name="Commitments (CSV)").click()
        assert "Sunrise Pediatrics" in Path(saved.value.path()).read_text(encoding="utf-8-sig")
    finally:
        context.close()
