"""Limits every HTTP surface applies before any work: a body is refused before it is read when
it says it is too big, cut off when it turns out to be, and given up on when it has not all
arrived in time. Slack's and Teams' own requests are a few kilobytes."""

from __future__ import annotations

import asyncio

from starlette.requests import ClientDisconnect, Request

MAX_BODY_BYTES = 1_000_000
BODY_SECONDS = 10.0          # to receive a whole body (REQUEST_BODY_SECONDS)


class Refused(Exception):
    """A request turned away before any work: its HTTP status and a one-line reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


async def read_body(request: Request, seconds: float = BODY_SECONDS) -> bytes:
    """The body, refused before it is read when it says it is too big, cut off when it turns
    out to be, and given up on when it has not all arrived within `seconds`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise Refused(413, "Request too large")

    async def read() -> bytes:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise Refused(413, "Request too large")
            chunks.append(chunk)
        return b"".join(chunks)

    try:
        return await asyncio.wait_for(read(), seconds)
    except TimeoutError:
        raise Refused(408, "Request body too slow") from None
    except ClientDisconnect:
        raise Refused(400, "Client went away") from None
