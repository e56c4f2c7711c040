"""The dashboard in a real browser (headless Chromium), reached from the console and from
Teams. The console (`python app.py console --at …`) prints a link and serves the page on
127.0.0.1:PORT, on its own movable clock: the link opens the practice's page in Chromium,
and a link printed before `:clock +16m` has expired there. On Teams (`serve` with the fake
Bot Connector), the card's Open the dashboard button (Action.OpenUrl) signs in, and the
personal tab's address goes on to the page once signed in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.watch import open_tab
from tests.chromium import sign_in
from tests.fakes.bot_connector import FakeBotConnector, Posted
from tests.process import Console, free_port, link_from, stop_bot
from tests.teams.conftest import TeamsChat, start_teams_bot

AT = "2026-12-02T10:00"   # a Wednesday morning in the practice's zone (America/New_York)


@pytest.fixture
def console(tmp_path: Path) -> Iterator[Console]:
    running = Console(tmp_path, free_port(), at=AT)
    yield running
    err = running.close()
    assert "Traceback" not in err, err


def clinicians(tab: Any) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in tab.rows("Table: Clinicians this quarter")}


def test_the_consoles_link_opens_in_chromium_and_expires_on_its_clock(
        browser: Any, console: Console, artifacts: Path) -> None:
    assert "Team goal set to 60" in "\n".join(console.say("admin goal 60"))
    console.say(":as alex")
    assert "+3 pts" in "\n".join(console.say("log visit Sunrise Pediatrics today"))
    assert "Committed #2" in "\n".join(console.say("commit talk at the Rotary Club fri"))
    console.say(":as owner")
    link = link_from(console.say("dashboard"))
    early = link_from(console.say("dashboard"))   # another, left unopened

    tab = open_tab(browser)
    assert sign_in(tab.page, link).status == 200
    assert tab.page.url.endswith("/dashboard/console-console")
    assert tab.headings(1) == ["Console practice: outreach this quarter"]
    assert "Signed in as owner (admin)" in tab.text()
    assert "3 of 60 points (5 %)" in tab.page.get_by_role("region", name="Team goal, Q4 2026",
                                                          exact=True).inner_text()
    # alex: streak 1 (best 1); made 1, kept 0, didn't happen 0, moved 0, open 1; logged 1;
    # 3 points; no plan, no personal goal. The owner records nothing: no row.
    assert clinicians(tab) == {"alex": ["1", "1", "1", "0", "0", "0", "1", "1", "3",
                                        "no plan yet this quarter", "—"]}
    tab.assert_clean(link.split("/dashboard/")[0])
    tab.page.context.close()

    console.say(":clock +16m")   # the console's clock: the link printed before is too old
    late = open_tab(browser)
    refused = late.page.goto(early)
    assert refused.status == 410 and late.headings(1) == ["This link has expired"]
    assert "Type dashboard in ShowUp" in late.text() and late.page.context.cookies() == []
    late.page.screenshot(path=artifacts / "dashboard-link-expired.png")
    late.assert_clean(link.split("/dashboard/")[0], refused=(410,))
    late.page.context.close()


def open_url(posted: Posted) -> str:
    [action] = [action for block in posted.card().get("body") or []
                if block.get("type") == "ActionSet" for action in block.get("actions") or []
                if action.get("type") == "Action.OpenUrl"]
    assert action["title"] == "Open the dashboard"
    return str(action["url"])


def test_the_teams_cards_open_url_signs_in(browser: Any, tmp_path: Path) -> None:
    connector = FakeBotConnector().start()
    bot = start_teams_bot(tmp_path, at=f"{AT}:00-05:00")
    try:
        teams = TeamsChat(bot, connector)
        owner, dana = teams.user("Olivia Park"), teams.user("Dana Reyes")
        teams.say(owner, "help")   # the first person is the practice's owner
        assert "+3 pts" in teams.say(dana, "log visit Sunrise Pediatrics today").text()
        link = open_url(teams.say(owner, "dashboard"))

        tab = open_tab(browser)
        assert sign_in(tab.page, link).status == 200
        assert tab.page.url == f"{bot.url}/dashboard/teams-{owner.tenant}"
        [heading] = tab.headings(1)
        assert heading.endswith(": outreach this quarter")
        assert "Signed in as Olivia Park (admin)" in tab.text()
        assert clinicians(tab)["Dana Reyes"][8] == "3"   # her points
        # The personal tab's address, in the same browser: on to the page.
        assert tab.page.goto(f"{bot.url}/dashboard/tab").status == 200
        assert tab.page.url == f"{bot.url}/dashboard/teams-{owner.tenant}"
        tab.assert_clean(bot.url)
        tab.page.context.close()
    finally:
        stop_bot(bot)
        connector.stop()
    assert "Traceback" not in bot.logs()
