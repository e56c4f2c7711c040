"""The Teams personal tab in headless Chromium, as Teams shows it: Teams' own page frames
`/dashboard/tab` (played here by Playwright answering https://teams.microsoft.com itself, with
the sandbox Teams gives a tab's frame). The person signed in with the link from their chat,
in their browser; in Teams' frame that browser's session cookie is not sent (SameSite=Lax:
the frame is another site's), so the tab can't show their page itself. It must offer the
way there: a link that opens the dashboard in the browser, where they are signed in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.chromium import NOTE_CSP_VIOLATIONS, launched, sign_in
from tests.teams.conftest import TeamsChat
from tests.teams.test_dashboard_over_teams import link_in_chat

TEAMS_PAGE = "https://teams.microsoft.com/l/entity/showup/dashboard"
# What Teams allows a tab's frame (popups that escape the sandbox open a browser window).
SANDBOX = ("allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox "
           "allow-scripts allow-same-origin allow-downloads")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with launched() as browser:
        yield browser


def test_the_tab_opens_the_signed_in_page_in_the_browser(teams: TeamsChat, chromium: Any
                                                         ) -> None:
    owner = teams.user("Olivia Park")
    teams.say(owner, "help")   # the practice's owner
    context = chromium.new_context()
    context.set_default_timeout(10_000)
    context.add_init_script(NOTE_CSP_VIOLATIONS)
    try:
        page = context.new_page()
        sign_in(page, link_in_chat(teams, owner))   # signed in, in this browser
        assert "Olivia Park" in page.locator("header").inner_text()

        context.route("https://teams.microsoft.com/**", lambda route: route.fulfill(
            status=200, content_type="text/html",
            body=f'<iframe title="Dashboard" sandbox="{SANDBOX}" width="800" height="600" '
                 f'src="{teams.bot.url}/dashboard/tab"></iframe>'))
        page.goto(TEAMS_PAGE)
        tab = page.frame_locator("iframe")
        # Framed by Teams (its CSP lets Teams' host do so), the tab can't see the sign-in...
        assert "Type dashboard in your chat with ShowUp" in tab.locator("main").inner_text()
        # ...and offers the way to the page in the browser, where the person is signed in.
        with context.expect_page() as opened:
            tab.get_by_role("link", name="Open your dashboard in your browser").click()
        window = opened.value
        window.wait_for_load_state()
        assert window.url == f"{teams.bot.url}/dashboard/teams-{owner.tenant}"
        assert "outreach this quarter" in window.locator("h1").inner_text()
        for shown in (page, window):
            assert shown.evaluate("window.__cspViolations") == []
        assert [frame.evaluate("window.__cspViolations") for frame in page.frames
                if frame.url.startswith(teams.bot.url)] == [[]]
    finally:
        context.close()
