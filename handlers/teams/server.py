"""`/api/messages` on ShowUp's own Starlette server, beside `/slack/events`.

The Teams SDK talks to web frameworks through an adapter; this one hands its routes to
Starlette. Bodies are checked here first, within the limits of handlers/limits.py: a request
that is not a Teams activity gets a short 400 and is never logged (the SDK would log a parse
error quoting what was typed).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from microsoft_teams.api.activities import ActivityTypeAdapter
from microsoft_teams.apps.http.adapter import HttpMethod, HttpRequest, HttpRouteHandler
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from handlers.limits import BODY_SECONDS, Refused, read_body

log = logging.getLogger("showup.teams.server")
MESSAGES_PATH = "/api/messages"


class StarletteAdapter:
    """Holds the SDK's handler for `/api/messages`; the shared server mounts `routes()`.

    The SDK registers its handler when the app initializes, inside the server's startup.
    """

    def __init__(self, require_bearer: bool, body_seconds: float = BODY_SECONDS) -> None:
        self.require_bearer, self.body_seconds = require_bearer, body_seconds
        self.handlers: dict[str, HttpRouteHandler] = {}

    def register_route(self, method: HttpMethod, path: str, handler: HttpRouteHandler) -> None:
        self.handlers[path] = handler

    def routes(self) -> list[Route]:
        return [Route(MESSAGES_PATH, self._messages, methods=["POST"])]

    async def _messages(self, request: Request) -> Response:
        handler = self.handlers.get(MESSAGES_PATH)
        if handler is None:
            return JSONResponse({"error": "Starting up"}, status_code=503)
        if self.require_bearer and not request.headers.get(
                "authorization", "").startswith("Bearer "):
            return JSONResponse({"error": "Unauthorized"}, status_code=401)
        try:
            body = await read_body(request, self.body_seconds)
        except Refused as refused:
            log.info("refused a request: %s", refused.reason)
            return Response(refused.reason, status_code=refused.status)
        activity = _activity(body)
        if activity is None:
            return JSONResponse({"error": "Not a Teams activity"}, status_code=400)
        if activity is UNKNOWN:
            return Response(status_code=200)  # a kind of activity ShowUp has no use for
        result = await handler(HttpRequest(body=activity, headers=dict(request.headers)))
        if result.get("body") is None:
            return Response(status_code=result["status"])
        return JSONResponse(result["body"], status_code=result["status"])

    def serve_static(self, path: str, directory: str) -> None:
        """Not used: ShowUp serves no tab pages."""

    async def start(self, port: int) -> None:
        raise NotImplementedError("ShowUp's own server runs the routes (python app.py serve)")

    async def stop(self) -> None:
        """The shared server owns the lifecycle."""


UNKNOWN: dict[str, Any] = {}


def _activity(body: bytes) -> dict[str, Any] | None:
    """The activity; `UNKNOWN` for one Teams may send but the SDK has no model of (an app
    upgrade, a new event), which is acknowledged and ignored; None for anything else."""
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("type"), str) \
            or not isinstance(parsed.get("conversation"), dict):
        return None
    try:
        ActivityTypeAdapter.validate_python(parsed)
    except (ValidationError, ValueError, TypeError):
        if parsed["type"] in ("message", "invoke"):
            log.info("refused a malformed message or invoke")
            return None
        log.info("ignored an activity of a kind ShowUp does not handle")
        return UNKNOWN
    return parsed
