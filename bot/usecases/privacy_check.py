"""The PHI guard applied to every free-text field before anything is saved."""

from __future__ import annotations

import logging
import re

from bot.activity_guess import guess_activity
from bot.catalog import DEFAULT_ACTIVITIES
from bot.messages import Button, Reply
from bot.phi_guard import REPHRASE_HINT, check
from bot.ports import UnitOfWork
from bot.privacy import lexicon as lx
from bot.privacy.rephrase import suggest

log = logging.getLogger("showup.phi")


def refused_saying(reason: str) -> str:
    """How a refusal begins: what kind of detail was found (a fixed phrase), never the text."""
    return f"🔒 I didn't save that: it looks like it includes {reason}."


def team_names(uow: UnitOfWork, workspace_id: int) -> frozenset[str]:
    """The first names (and other name words) of the workspace's members, lowercase: the
    guard reads them as colleagues, not clients."""
    names = set()
    for name in uow.members.active_names(workspace_id):
        for word in re.findall(r"[^\W\d_]{3,15}", name):
            folded = word.lower()
            if folded not in lx.ROLES and folded not in lx.ORG_WORDS:
                names.add(folded)
    return frozenset(names)


def refuse_client_details(*texts: str | None, rephrase_as: str | None = None,
                          team: frozenset[str] = frozenset()) -> Reply | None:
    """A private refusal when any text may hold client details; the text itself is never
    logged. `team` (team_names) are the colleagues' names. With `rephrase_as` (the command,
    "commit" or "log"), a client-free version of the sentence is offered as a one-tap
    button when one can be made."""
    for text in texts:
        if not text:
            continue
        finding = check(text, colleagues=team)
        if finding is None:
            continue
        log.info("phi guard refused a field (%s)", finding.kind)
        said = refused_saying(finding.reason)
        suggestion = _suggestion(text, rephrase_as, team) if rephrase_as else None
        if suggestion is None:
            return Reply(f"{said} {REPHRASE_HINT}", ok=False)
        return Reply(f"{said} Would this say it, without the client? “{suggestion}”",
                     buttons=(Button("Use this", f"{rephrase_as} {suggestion}", primary=True),),
                     ok=False)
    return None


def _suggestion(text: str, verb: str, team: frozenset[str]) -> str | None:
    guessed = guess_activity(text, DEFAULT_ACTIVITIES)
    suggestion = suggest(text, guessed[0].key if guessed else "visit")
    if suggestion is None or check(suggestion, colleagues=team) is not None or \
            len(suggestion) > 200:
        return None
    return suggestion
