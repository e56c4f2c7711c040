"""The one HTTP server every chat service shares: `/healthz` plus each surface's routes, and
the dashboard's (with its security headers)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from handlers.dashboard.headers import SecurityHeaders


async def healthz(request: Request) -> Response:
    return JSONResponse({"ok": True})


def web_app(routes: Sequence[BaseRoute], on_start: Sequence[Callable[[], Awaitable[None]]] = (),
            on_stop: Sequence[Callable[[], None]] = ()) -> Starlette:
    """`on_stop` runs (off the event loop) when the server is told to stop."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        for start in on_start:
            await start()
        yield
        for stop in on_stop:
            await asyncio.to_thread(stop)

    return Starlette(routes=[Route("/healthz", healthz, methods=["GET"]), *routes],
                     middleware=[Middleware(SecurityHeaders)], lifespan=lifespan)
