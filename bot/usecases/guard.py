"""The PHI guard applied to every free-text field before anything is saved."""

from __future__ import annotations

import logging

from bot.activity_guess import guess_activity
from bot.catalog import DEFAULT_ACTIVITIES
from bot.messages import Button, Reply
from bot.phi_guard import REPHRASE_HINT, check
from bot.privacy.rephrase import suggest

log = logging.getLogger("showup.phi")


def refuse_client_details(*texts: str | None, rephrase_as: str | None = None) -> Reply | None:
    """A private refusal when any text may hold client details; the text itself is never
    logged. With `rephrase_as` (the command, "commit" or "log"), a client-free version of the
    sentence is offered as a one-tap button when one can be made."""
    for text in texts:
        if not text:
            continue
        finding = check(text)
        if finding is None:
            continue
        log.info("phi guard refused a field (%s)", finding.kind)
        said = f"🔒 I didn't save that: it looks like it includes {finding.reason}."
        suggestion = _suggestion(text, rephrase_as) if rephrase_as else None
        if suggestion is None:
            return Reply(f"{said} {REPHRASE_HINT}", ok=False)
        return Reply(f"{said} Would this say it, without the client? “{suggestion}”",
                     buttons=(Button("Use this", f"{rephrase_as} {suggestion}", primary=True),),
                     ok=False)
    return None


def _suggestion(text: str, verb: str) -> str | None:
    guessed = guess_activity(text, DEFAULT_ACTIVITIES)
    suggestion = suggest(text, guessed[0].key if guessed else "visit")
    if suggestion is None or check(suggestion) is not None or len(suggestion) > 200:
        return None
    return suggestion
