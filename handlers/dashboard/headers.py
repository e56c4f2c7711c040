"""Security headers on every response under /dashboard, its 404s and 405s included.

The pages may load nothing from another host, run no script and be framed by no one; only
Teams' hosts may frame the personal tab's page, and any dashboard page a browser loads into
a frame (the tab redirects to the workspace's page). Nothing personal is cached.

An address typed with a trailing slash (`/dashboard/`) is sent on to the same one without it
here, by a relative redirect: Starlette's own names the host and scheme the request claims
(its Host header; `http` behind a proxy uvicorn doesn't trust, where the Secure cookie isn't
sent).
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PREFIX = "/dashboard"
TAB_PATH = "/dashboard/tab"
STATIC_PREFIX = "/dashboard/static/"
# Where Teams shows a personal tab: the Teams web and desktop clients, and Microsoft 365's
# apps that host Teams apps (Outlook, microsoft365.com).
TEAMS_HOSTS = ("https://teams.microsoft.com", "https://*.teams.microsoft.com",
               "https://*.cloud.microsoft", "https://*.office.com", "https://*.skype.com")
POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
          "base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}")


def is_dashboard(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def policy(framed_by_teams: bool) -> str:
    return POLICY.format(ancestors=" ".join(TEAMS_HOSTS) if framed_by_teams else "'none'")


class SecurityHeaders:
    """ASGI middleware: adds the dashboard's headers to what its routes (or the router's
    404 and 405) answer; other paths pass untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not is_dashboard(path):
            await self.app(scope, receive, send)
            return
        in_frame = path == TAB_PATH or Headers(scope=scope).get("sec-fetch-dest") == "iframe"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = policy(in_frame)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                if not in_frame:
                    headers["X-Frame-Options"] = "DENY"
                headers["Vary"] = "Cookie, Sec-Fetch-Dest"
                if not path.startswith(STATIC_PREFIX):
                    headers["Cache-Control"] = "no-store"
            await send(message)

        if path.endswith("/") and scope.get("method") in ("GET", "HEAD"):
            await without_slash(scope)(scope, receive, with_headers)
            return
        await self.app(scope, receive, with_headers)


def without_slash(scope: Scope) -> RedirectResponse:
    """`/dashboard/x/?a=1` → `/dashboard/x?a=1`: a path on the host the browser is on (it
    begins with /dashboard, so never `//another.host`), made from the path as decoded, so an
    encoded slash at the end (`x%2F`) goes on to `x` too, not round again."""
    target = quote(scope["path"].rstrip("/") or PREFIX, safe="/:@!$&'()*+,;=-._~")
    query = scope.get("query_string", b"").decode("latin-1")
    return RedirectResponse(f"{target}?{query}" if query else target, status_code=307)
