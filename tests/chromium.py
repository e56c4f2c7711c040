"""Headless Chromium for dashboard tests that live beside their surface (tests/slack,
tests/teams) rather than in tests/browser/: the same system executable and the same rule
(skipped with a reason without Chromium, mandatory under SHOWUP_REQUIRE_BROWSER=1).

Some tests play another site (Teams' host framing the tab, an attacker's page) with
Playwright answering that site's address itself; nothing leaves the machine. Chromium would
refuse such a "public" page reaching the dashboard on 127.0.0.1 (Local Network Access), which
a real ShowUp behind its public address never meets, so that check is off here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.browser.conftest import chromium_or_skip

# The page's own listener (added before any of the page's content loads) notes each
# Content-Security-Policy violation, as a browser would report it.
NOTE_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


@contextmanager
def launched() -> Iterator[Any]:
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True,
            args=["--disable-features=LocalNetworkAccessChecks"])
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page: Any, link: str) -> Any:
    """Open a one-time sign-in link as a person does: its page (a GET spends nothing), then
    a tap on its button. The response of the page the button leads to; the link's own
    response when it has no button (a link used, expired or broken)."""
    opened = page.goto(link)
    button = page.get_by_role("button", name="Open my dashboard")
    if opened is None or opened.status != 200 or button.count() == 0:
        return opened
    with page.expect_navigation() as navigation:
        button.click()
    return navigation.value
