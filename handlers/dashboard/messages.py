"""Small pages of the dashboard that say one thing: how to get a link, a link that has
expired, a page of another workspace. Plain HTML, no script, the dashboard's stylesheet."""

from __future__ import annotations

from html import escape

STYLESHEET = "/dashboard/static/dashboard.css"
ICON = "/dashboard/static/favicon.svg"


def render_message(title: str, text: str, window: tuple[str, str] | None = None) -> str:
    """A whole page: `title` as its heading, `text` in paragraphs (a blank line between);
    `window` (an address, its words) after the first, a link that opens a browser window."""
    parts = [f"<p>{escape(part.strip())}</p>" for part in text.split("\n\n") if part.strip()]
    if window is not None:
        href, words = window
        parts.insert(1, f"<p><a href=\"{escape(href)}\" target=\"_blank\" rel=\"noopener\">"
                        f"{escape(words)}</a></p>")
    paragraphs = "".join(parts)
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)} — ShowUp</title>"
            f"<link rel=\"stylesheet\" href=\"{STYLESHEET}\">"
            f"<link rel=\"icon\" href=\"{ICON}\" type=\"image/svg+xml\"></head>"
            "<body><header class=\"site\"><p class=\"brand\">ShowUp</p></header>"
            f"<main id=\"main\"><section class=\"card message\"><h1>{escape(title)}</h1>"
            f"{paragraphs}</section></main></body></html>")
