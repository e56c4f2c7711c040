"""The PHI guard applied to every free-text field before anything is saved."""

from __future__ import annotations

import logging

from bot.messages import Reply
from bot.phi_guard import REPHRASE_HINT, check

log = logging.getLogger("showup.phi")


def refuse_client_details(*texts: str | None) -> Reply | None:
    """A private refusal when any text may hold client details; the text itself is never logged."""
    for text in texts:
        if not text:
            continue
        finding = check(text)
        if finding is not None:
            log.info("phi guard refused a field (%s)", finding.kind)
            return Reply(f"🔒 I didn't save that: it looks like it includes {finding.reason}. "
                         f"{REPHRASE_HINT}", ok=False)
    return None
