"""HTTP mode: Slack's requests at /slack/events and the OAuth pages, served by uvicorn.

Bolt's `App` is synchronous, so each request is dispatched on a worker thread; the event
loop stays free to accept the next request while a listener runs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import parse_qsl

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.request.internals import build_context
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from handlers.slack.app import INSTALL_PATH, REDIRECT_PATH

EVENTS_PATH = "/slack/events"
MAX_BODY_BYTES = 1_000_000


async def _bolt_request(request: Request) -> BoltRequest | None:
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return None
    headers: dict[str, str | Sequence[str]] = {}
    for key, value in request.headers.items():
        headers[key.lower()] = [*headers.get(key.lower(), ()), value]
    return _with_form_fixed(BoltRequest(body=body.decode("utf-8", errors="replace"),
                                        query=request.url.query, headers=headers))


def _with_form_fixed(bolt_request: BoltRequest) -> BoltRequest:
    """Bolt reads any form body containing the word "payload" as an interaction and finds
    nothing, so a slash command whose text says "payload" would vanish. Parse it as the
    plain form it is. (The signature is checked on the untouched raw body.)"""
    if bolt_request.body or "payload" not in bolt_request.raw_body:
        return bolt_request
    form = dict(parse_qsl(bolt_request.raw_body, keep_blank_values=True))
    if "command" in form and "payload" not in form:
        bolt_request.body = form
        bolt_request.context = build_context(BoltContext({}), form)
    return bolt_request


def _response(bolt: BoltResponse) -> Response:
    headers = {k: v[0] for k, v in bolt.headers.items() if v and k.lower() != "content-length"}
    return Response(content=bolt.body, status_code=bolt.status, headers=headers)


def slack_routes(bolt_app: App) -> list[Route]:
    async def events(request: Request) -> Response:
        bolt_request = await _bolt_request(request)
        if bolt_request is None:
            return Response("Request too large", status_code=413)
        return _response(await run_in_threadpool(bolt_app.dispatch, bolt_request))

    def oauth_page(step: str) -> Callable[[Request], Awaitable[Response]]:
        async def page(request: Request) -> Response:
            flow = bolt_app.oauth_flow
            bolt_request = await _bolt_request(request)
            if flow is None or bolt_request is None:
                return Response("Not Found", status_code=404)
            handler = flow.handle_installation if step == "install" else flow.handle_callback
            return _response(await run_in_threadpool(handler, bolt_request))

        return page

    return [Route(EVENTS_PATH, events, methods=["POST"]),
            Route(INSTALL_PATH, oauth_page("install"), methods=["GET"]),
            Route(REDIRECT_PATH, oauth_page("callback"), methods=["GET"])]
