"""Listener safety net: a failure becomes a short apology with a reference id in the logs."""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger("showup.slack")
F = TypeVar("F", bound=Callable[..., Any])

APOLOGY = "Sorry — something went wrong on my side. If it keeps happening, share this reference: {}"


def unescape(text: str) -> str:
    """Slack sends `&`, `<`, `>` in command text as entities; give back the member's words."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def failure(what: str) -> str:
    """Log the exception being handled, naming `what` failed, and return the reference the
    person is given (the log has it; the words they typed are never in either)."""
    reference = secrets.token_hex(4)
    log.exception("%s failed (ref %s)", what, reference)
    return reference


def apologise(respond: Callable[..., Any] | None, reference: str) -> None:
    """The apology, to the person alone, where the request's answers go (if it has a place)."""
    if respond is None:
        return
    try:
        respond(text=APOLOGY.format(reference), response_type="ephemeral",
                replace_original=False)
    except Exception:
        log.warning("could not deliver the apology (ref %s)", reference)


def guarded(listener: F) -> F:
    """Run a listener; on failure log it with a reference, acknowledge the request if it
    was not yet, and tell the person, if we can."""

    @functools.wraps(listener)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return listener(*args, **kwargs)
        except Exception:
            reference = failure(listener.__name__)
            ack = kwargs.get("ack")
            if ack is not None and getattr(ack, "response", None) is None:
                ack()   # Slack hears at once, not after 3 s of waiting for an ack
            apologise(kwargs.get("respond"), reference)
            return None

    return wrapper  # type: ignore[return-value]
