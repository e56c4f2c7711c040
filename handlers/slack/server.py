"""HTTP mode: Slack's requests at /slack/events and the OAuth pages, served by uvicorn.

Bolt's `App` is synchronous, so each request is dispatched on a worker thread; the event
loop stays free to accept the next request while a listener runs.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import parse_qsl

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.request.internals import build_context
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from handlers.limits import BODY_SECONDS, Refused, read_body
from handlers.slack import shapes
from handlers.slack.app import INSTALL_PATH, REDIRECT_PATH

log = logging.getLogger("showup.slack")
EVENTS_PATH = "/slack/events"


async def _bolt_request(request: Request, verifier: SignatureVerifier | None = None,
                        seconds: float = BODY_SECONDS) -> BoltRequest:
    """The request as Bolt takes it; with a `verifier`, only once its signature holds, so an
    unsigned body is never parsed."""
    body = await read_body(request, seconds)
    if verifier is not None and not verifier.is_valid(
            body, request.headers.get("x-slack-request-timestamp", ""),
            request.headers.get("x-slack-signature", "")):
        raise Refused(401, "Invalid request signature")
    headers: dict[str, str | Sequence[str]] = {}
    for key, value in request.headers.items():
        headers[key.lower()] = [*headers.get(key.lower(), ()), value]
    try:
        return _with_form_fixed(BoltRequest(body=body.decode("utf-8", errors="replace"),
                                            query=request.url.query, headers=headers))
    except (ValueError, TypeError, AttributeError):   # a signed body Bolt cannot read
        raise Refused(400, "Malformed request") from None


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


def slack_routes(bolt_app: App, signing_secret: str, body_seconds: float = BODY_SECONDS
                 ) -> list[Route]:
    verifier = SignatureVerifier(signing_secret)

    async def events(request: Request) -> Response:
        try:
            bolt_request = await _bolt_request(request, verifier, body_seconds)
            wrong = shapes.problem(bolt_request.body)
            if wrong:
                raise Refused(400, f"Malformed request: {wrong}")
        except Refused as refused:
            log.info("refused a request: %s", refused.reason)
            return Response(refused.reason, status_code=refused.status)
        return _response(await run_in_threadpool(bolt_app.dispatch, bolt_request))

    def oauth_page(step: str) -> Callable[[Request], Awaitable[Response]]:
        async def page(request: Request) -> Response:
            flow = bolt_app.oauth_flow
            if flow is None:
                return Response("Not Found", status_code=404)
            try:
                bolt_request = await _bolt_request(request)
            except Refused as refused:
                return Response(refused.reason, status_code=refused.status)
            handler = flow.handle_installation if step == "install" else flow.handle_callback
            return _response(await run_in_threadpool(handler, bolt_request))

        return page

    return [Route(EVENTS_PATH, events, methods=["POST"]),
            Route(INSTALL_PATH, oauth_page("install"), methods=["GET"]),
            Route(REDIRECT_PATH, oauth_page("callback"), methods=["GET"])]
