"""The dashboard on ShowUp's web server: sign-in by a one-time link, the session cookie, the
workspace's page and its CSV downloads, signing out, and the Teams personal tab's page.

    GET  /dashboard                            → your page when signed in; else how to sign in
    GET  /dashboard/sign-in?token=…            → a one-time link: a page with one button
    POST /dashboard/sign-in                    → the link redeemed once: a session, your page
    GET  /dashboard/{workspace}                → the page (Coach.dashboard → pages.render)
    GET  /dashboard/{workspace}/download/{name} → a CSV file
    POST /dashboard/sign-out                   → the session ended (its CSRF token, same origin)
    GET  /dashboard/tab                        → the Teams tab: your page, or a browser window
    GET  /dashboard/static/{file}              → the stylesheet
    GET  /dashboard/…/                         → the same address without the slash (headers.py)

`{workspace}` is the chat service and the workspace's id there (`slack-T123`). A session
opens its own workspace's page only (403 elsewhere); who may see what is read again on every
request, so an admin demoted a moment ago sees their own view next.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.clock import Clock
from bot.coach import Coach
from bot.ports import DashboardSession
from bot.usecases.sign_in import SESSION_LIFETIME
from handlers.dashboard import pages
from handlers.dashboard.links import LinkExpired, LinkInvalid, Signing
from handlers.dashboard.pages import render_message
from handlers.limits import Refused, read_body

log = logging.getLogger("showup.dashboard")
COOKIE = "showup_dashboard"
COOKIE_PATH = "/dashboard"
STATIC = Path(__file__).parent / "static"
STATIC_FILE = re.compile(r"[a-z0-9][a-z0-9_-]{0,60}\.(css|svg|png|woff2)")
CONTENT_TYPES = {"css": "text/css; charset=utf-8", "svg": "image/svg+xml", "png": "image/png",
                 "woff2": "font/woff2"}
DOWNLOAD_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,80}")
FORM_BYTES = 4096   # a sign-in or sign-out form: a token or two
HOW = ("Type dashboard in ShowUp (in Slack: /outreach dashboard; in Teams: in your chat with "
       "ShowUp) for a new link. It works once, within 15 minutes.")

Endpoint = Callable[[Request], Awaitable[Response]]


def workspace_key(session: DashboardSession) -> str:
    """The workspace's part of its dashboard's address: `slack-T123`."""
    return f"{session.platform.value}-{session.external_id}"


def base_path(session: DashboardSession) -> str:
    return f"/dashboard/{quote(workspace_key(session), safe='')}"


def message(status: int, title: str, text: str) -> HTMLResponse:
    return HTMLResponse(render_message(title, text), status_code=status)


class Dashboard:
    """The routes, on one coach, one clock and one signing secret."""

    def __init__(self, coach: Coach, signing: Signing, clock: Clock,
                 body_seconds: float = 10.0) -> None:
        self.coach, self.signing, self.clock = coach, signing, clock
        self.body_seconds = body_seconds

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/dashboard", self.index, methods=["GET"]),
            Route("/dashboard/sign-in", self.sign_in, methods=["GET", "POST"]),
            # GET is listed so it gets a 405 here, not the workspace page's 401.
            Route("/dashboard/sign-out", self.sign_out, methods=["GET", "POST"]),
            Route("/dashboard/tab", self.tab, methods=["GET"]),
            Route("/dashboard/static/{name}", self.static, methods=["GET"]),
            Route("/dashboard/{key}", self.page, methods=["GET"]),
            Route("/dashboard/{key}/download/{name}", self.download, methods=["GET"]),
        ]

    # -- who is asking -------------------------------------------------------------------

    async def _session(self, request: Request) -> tuple[DashboardSession, str] | None:
        """The open session this request's cookie stands for, and its token."""
        token = self.signing.cookie_token(request.cookies.get(COOKIE, ""))
        if token is None:
            return None
        session = await run_in_threadpool(self.coach.dashboard_session, token,
                                          self.clock.now())
        return None if session is None else (session, token)

    def _set_cookie(self, response: Response, token: str) -> None:
        response.set_cookie(COOKIE, self.signing.cookie(token),
                            max_age=int(SESSION_LIFETIME.total_seconds()), path=COOKIE_PATH,
                            httponly=True, samesite="lax", secure=self.signing.secure)

    def _clear_cookie(self, response: Response) -> None:
        response.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="lax",
                               secure=self.signing.secure)

    async def _signed_in_here(self, request: Request
                              ) -> tuple[DashboardSession, str] | Response:
        """The session, if it may open this workspace's pages; otherwise the answer."""
        found = await self._session(request)
        if found is None:
            return message(401, "You're not signed in", f"To see this dashboard, sign in "
                           f"with a link from ShowUp.\n\n{HOW}")
        if request.path_params["key"] != workspace_key(found[0]):
            return message(403, "Not your workspace's dashboard",
                           "You're signed in to another workspace's dashboard, and this page "
                           f"is not part of it. To see this one, sign in from its own ShowUp."
                           f"\n\n{HOW}")
        return found

    async def _ended(self, token: str) -> Response:
        """The member left or was forgotten: the session ends with them."""
        await run_in_threadpool(self.coach.sign_out, token, self.clock.now())
        response = message(401, "Your session has ended",
                           f"You're no longer a member of this workspace in ShowUp.\n\n{HOW}")
        self._clear_cookie(response)
        return response

    # -- pages ---------------------------------------------------------------------------

    async def index(self, request: Request) -> Response:
        found = await self._session(request)
        if found is not None:
            return RedirectResponse(base_path(found[0]), status_code=303)
        return message(200, "ShowUp dashboard", "Your outreach at a glance: sign in with a "
                       f"link from ShowUp.\n\n{HOW}")

    async def tab(self, request: Request) -> Response:
        found = await self._session(request)
        if found is not None:
            return RedirectResponse(base_path(found[0]), status_code=303)
        # In Teams' frame the browser's own sign-in is out of sight (the cookie is SameSite=Lax
        # and the frame another site's): the way to the page is a window of the browser.
        return HTMLResponse(render_message(
            "ShowUp dashboard", "Your dashboard opens in your browser, where the link from "
            "your chat signed you in.\n\nNot signed in there yet? Type dashboard in your chat "
            "with ShowUp: it sends you a sign-in link that works once, within 15 minutes.",
            window=("/dashboard", "Open your dashboard in your browser")))

    async def sign_in(self, request: Request) -> Response:
        """GET shows the link's one button; only its POST spends the link. Mail and chat
        scanners (Outlook's Safe Links, Teams' link checks) fetch a link before its person
        does: a GET that signed in would spend it on them."""
        if request.method == "POST":
            return await self._redeem(request)
        if request.method == "HEAD":   # a link checker's look spends nothing
            return message(200, "Sign in to the ShowUp dashboard",
                           "Open this link in your browser to sign in.")
        given = request.query_params.getlist("token")
        signed = given[0] if len(given) == 1 else ""   # two tokens: which was meant?
        token = self._link_token(signed)
        if isinstance(token, Response):
            return token
        if not await run_in_threadpool(self.coach.sign_in_waiting, token, self.clock.now()):
            return _used()
        return HTMLResponse(pages.render_sign_in(signed))

    async def _redeem(self, request: Request) -> Response:
        form = await self._own_form(request, message(
            403, "Not signed in", f"That request didn't come from this dashboard's own "
            f"sign-in page.\n\n{HOW}"))
        if isinstance(form, Response):
            return form
        given = form.get("token") or []
        token = self._link_token(given[0] if len(given) == 1 else "")
        if isinstance(token, Response):
            return token
        opened = await run_in_threadpool(self.coach.sign_in, token, self.clock.now())
        if opened is None:
            return _used()
        previous = await self._session(request)
        if previous is not None:   # one browser, one session: the old one ends
            await run_in_threadpool(self.coach.sign_out, previous[1], self.clock.now())
        # 303 to the clean address: the token leaves the address bar and the history.
        response = RedirectResponse(base_path(opened.session), status_code=303)
        self._set_cookie(response, opened.token)
        return response

    def _link_token(self, signed: str) -> str | Response:
        """The token inside a signed link, or the page that says what is wrong with it."""
        if not signed:
            return message(400, "This link is incomplete",
                           f"The sign-in link has lost its token (copied only in part?).\n\n"
                           f"{HOW}")
        try:
            return self.signing.link_token(signed)
        except LinkExpired:
            log.info("refused a sign-in link: expired")
            return message(410, "This link has expired",
                           f"Sign-in links work for 15 minutes.\n\n{HOW}")
        except LinkInvalid:
            log.info("refused a sign-in link: not signed by this ShowUp")
            return message(400, "This link isn't valid",
                           f"It was cut short or changed, or it comes from another ShowUp."
                           f"\n\n{HOW}")

    async def page(self, request: Request) -> Response:
        found = await self._signed_in_here(request)
        if isinstance(found, Response):
            return found
        session, token = found
        view = await run_in_threadpool(self.coach.dashboard, session.workspace_id,
                                       session.member_id, self.clock.now())
        if view is None:
            return await self._ended(token)
        # Rendering draws the charts: off the event loop, as the coach's reading is.
        return HTMLResponse(await run_in_threadpool(
            pages.render, view, base=base_path(session), csrf_token=self.signing.csrf(token)))

    async def download(self, request: Request) -> Response:
        # The cookie (SameSite=Lax) comes with another site's link too: a file goes only to
        # the dashboard's own page, a typed address or a client that doesn't say (no
        # Sec-Fetch-Site), so no other site drops the practice's data into someone's
        # downloads and an export they never made into the accountability log.
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return message(403, "Not downloaded", "That link came from another site, not "
                           "this dashboard's own page. Download the file with its link on "
                           "your dashboard.")
        found = await self._signed_in_here(request)
        if isinstance(found, Response):
            return found
        session = found[0]
        name = request.path_params["name"]
        if not DOWNLOAD_NAME.fullmatch(name):
            return message(404, "No such file", "This dashboard has no file by that name.")
        attachment = await run_in_threadpool(
            self.coach.dashboard_download, session.workspace_id, session.member_id, name,
            self.clock.now())
        if attachment is None:
            return message(404, "No such file", "This dashboard has no file by that name.")
        filename = re.sub(r"[^A-Za-z0-9._-]", "_", attachment.filename)[:120] or "export.csv"
        return Response(attachment.content, media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{filename}"'})

    async def sign_out(self, request: Request) -> Response:
        if request.method != "POST":
            return Response("Method Not Allowed", status_code=405, headers={"Allow": "POST"})
        form = await self._own_form(request, message(
            403, "Not signed out", "That request didn't come from this dashboard's own "
            "page. Sign out with the button on the page."))
        if isinstance(form, Response):
            return form
        offered = (form.get("csrf_token") or [""])[0]
        found = await self._session(request)
        if found is not None and not self.signing.csrf_holds(found[1], offered):
            return message(403, "Not signed out", "This page is out of date: reload it, then "
                           "sign out again.")
        if found is not None:
            await run_in_threadpool(self.coach.sign_out, found[1], self.clock.now())
        response = RedirectResponse("/dashboard", status_code=303)
        self._clear_cookie(response)
        return response

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        path = STATIC / name
        if not STATIC_FILE.fullmatch(name) or not path.is_file():
            return Response("Not Found", status_code=404)
        return Response(path.read_bytes(), media_type=CONTENT_TYPES[name.rsplit(".", 1)[1]],
                        headers={"Cache-Control": "public, max-age=3600"})

    # -- where a form came from ----------------------------------------------------------

    async def _own_form(self, request: Request, elsewhere: Response
                        ) -> dict[str, list[str]] | Response:
        """A small form posted from one of this dashboard's own pages; `elsewhere` answers
        one from another site, and a body too slow or too large is refused."""
        if not self._same_origin(request):
            return elsewhere
        try:
            body = await read_body(request, self.body_seconds)
        except Refused as refused:
            return Response(refused.reason, status_code=refused.status)
        if len(body) > FORM_BYTES:
            return Response("Request too large", status_code=413)
        return parse_qs(body.decode("utf-8", errors="replace"), max_num_fields=20)

    def _same_origin(self, request: Request) -> bool:
        """Whether a POST came from a page of this server. The pages send no Referer
        (Referrer-Policy: no-referrer), and so a browser sends `Origin: null` with their
        forms; Sec-Fetch-Site then says where the form was."""
        site = request.headers.get("sec-fetch-site")
        if site is not None and site != "same-origin":
            return False
        origin = request.headers.get("origin")
        if origin is not None and origin != "null":
            return origin in self._origins(request)
        referer = request.headers.get("referer")
        if origin is None and referer:
            parts = urlsplit(referer)
            return f"{parts.scheme}://{parts.netloc}" in self._origins(request)
        return site == "same-origin"

    def _origins(self, request: Request) -> set[str]:
        """This server as a browser may have reached it: PUBLIC_URL, or the host it asked."""
        host = request.headers.get("host", "")
        return {self.signing.origin, *(f"{scheme}://{host}" for scheme in ("http", "https")
                                       if host)}


def _used() -> Response:
    log.info("refused a sign-in link: used already, or expired")
    return message(410, "This link has been used",
                   f"Each sign-in link works once, within 15 minutes: this one has been used "
                   f"or has expired.\n\n{HOW}")
