"""A browser tab the tests watch: every request it makes, any that failed, what its console
said, and any Content-Security-Policy violation the page reported; and a few readings of a
page as a person sees it (its headings, a table's rows, whether it fits the screen)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Listens for the page's CSP violations from before its first byte (Playwright's init
# scripts run outside the page's policy, which forbids every script of the page's own).
VIOLATIONS = ("window.__violations = [];"
              "document.addEventListener('securitypolicyviolation', e => window.__violations"
              ".push(e.violatedDirective + ' ' + e.blockedURI));")


@dataclass
class Tab:
    page: Any
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def violations(self) -> list[str]:
        found = self.page.evaluate("window.__violations")
        assert isinstance(found, list), "the CSP listener is not on this page"
        return [str(v) for v in found]

    def assert_clean(self, origin: str, refused: tuple[int, ...] = ()) -> None:
        """Nothing left the page's own origin, nothing failed, no violation, no error (but
        the statuses of pages the test opened to be `refused`)."""
        assert self.requests and all(url.startswith(origin + "/") for url in self.requests), \
            self.requests
        assert self.failed == []
        assert self.violations() == []
        expected = tuple(f"error: Failed to load resource: the server responded with a status "
                         f"of {status} " for status in refused)
        errors = [line for line in self.console if line.startswith(("error", "warning"))
                  and not line.startswith(expected)]
        assert errors == [], (errors, self.requests)

    def headings(self, level: int) -> list[str]:
        return [str(t).strip() for t in
                self.page.get_by_role("heading", level=level).all_inner_texts()]

    def rows(self, table_label: str) -> list[list[str]]:
        """A table's body rows, each cell's text, read in the box that holds the table."""
        table = self.page.get_by_role("region", name=table_label, exact=True).get_by_role(
            "table")
        return [[str(cell).strip() for cell in row.locator("th, td").all_inner_texts()]
                for row in table.locator("tbody tr").all()]

    def text(self) -> str:
        return str(self.page.locator("body").inner_text())

    def overflow(self) -> dict[str, Any]:
        """How wide the page is against the window, and each scrolling box (table or
        chart) by its label: how wide its content is against the box, and what CSS lets
        it do."""
        found: dict[str, Any] = self.page.evaluate("""() => ({
            page: document.documentElement.scrollWidth,
            window: window.innerWidth,
            boxes: Object.fromEntries([...document.querySelectorAll('.table-wrap, .chart-wrap')]
                .map(box => [box.getAttribute('aria-label'), {
                    content: box.scrollWidth, box: box.clientWidth,
                    right: Math.ceil(box.getBoundingClientRect().right),
                    overflow: getComputedStyle(box).overflowX}]))
        })""")
        return found


def open_tab(browser: Any, viewport: dict[str, int] = LAPTOP, **options: Any) -> Tab:
    """A new context (its own cookies) and a page in it, watched from its first request."""
    context = browser.new_context(viewport=viewport, accept_downloads=True, locale="en-US",
                                  timezone_id="America/New_York", **options)
    context.add_init_script(VIOLATIONS)
    tab = Tab(context.new_page())
    tab.page.on("request", lambda request: tab.requests.append(request.url))
    tab.page.on("requestfailed",
                lambda request: tab.failed.append(f"{request.url}: {request.failure}"))
    tab.page.on("console", lambda message: tab.console.append(f"{message.type}: {message.text}"))
    return tab
