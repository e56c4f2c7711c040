"""What every Teams listener needs, and the few translations they share."""

from __future__ import annotations

import asyncio
import dataclasses
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.clock import Clock
from bot.coach import AlreadyDone, Coach
from bot.conversations import ConversationRef, Conversations, user_address
from bot.messages import Actor, Reply
from bot.model import Origin
from bot.ports import Receipts, UnitOfWork

T = TypeVar("T")
# Teams has no slash commands: the same words arrive as a message. Someone used to Slack
# may still type the slash; both read the same.
_SLASH = re.compile(r"^\s*(?:/outreach\b|/)?\s*", re.IGNORECASE)
_SLASH_IN_TEXT = re.compile(r"/outreach ")


@dataclass(frozen=True)
class TeamsDeps:
    coach: Coach
    clock: Clock
    conversations: Conversations
    receipts: Receipts


def command_text(text: str | None) -> str:
    """A message's words as a command: entities decoded, the optional slash dropped."""
    plain = html.unescape(text or "").replace("\u00a0", " ")
    return _SLASH.sub("", plain, count=1).strip()


def for_teams(reply: Reply) -> Reply:
    """Usage lines name the Slack command; on Teams the same words are typed without it."""
    text = _SLASH_IN_TEXT.sub("", reply.text)
    if reply.attachments:
        text += "\n(Files can't be sent to you on Teams yet: ask in Slack or the console.)"
    return dataclasses.replace(reply, text=text, attachments=())


async def handle_once(deps: TeamsDeps, actor: Actor, text: str, activity_id: str | None,
                      source: Origin = Origin.COMMAND) -> Reply | None:
    """Carry out a command from an activity; None when this activity was carried out
    already. Its id is noted in the same transaction as the effect, so a delivery Teams
    repeats (a retry after a failure, a replay) has no second effect, while one that failed
    half-way can still be carried out when it comes again."""
    now = deps.clock.now()

    def record(uow: UnitOfWork, reply: Reply) -> None:
        if not uow.inbox.first_delivery(f"teams:{activity_id}", now):
            raise AlreadyDone

    try:
        return await in_thread(lambda: deps.coach.handle(
            actor, text, now, source, record=record if activity_id else None))
    except AlreadyDone:
        return None


async def in_thread(work: Callable[..., T], *args: Any) -> T:
    """The core and storage are synchronous; keep the event loop free while they run."""
    return await asyncio.to_thread(work, *args)


def personal_chat(actor: Actor, activity: Any) -> ConversationRef:
    """Where to reach `actor` later: the personal chat this activity came from."""
    return ConversationRef(actor.team_id, user_address(actor.user_id), activity.conversation.id,
                           activity.service_url or "", activity.from_.aad_object_id)
