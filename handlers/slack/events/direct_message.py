"""A message typed to ShowUp in its Messages tab: the `/outreach` words without the slash,
read by the same grammar and the same privacy guard, and answered in the conversation.

It goes through the inbox like a slash command (handlers/slack/inbox.py): stored before
Slack hears we have it, so a retry of the event, a restart or a second process never loses
it or carries it out twice. Only a person's new message in a direct message with ShowUp is
read; edits, deletions, files, other bots and ShowUp's own messages are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse

from bot.grammar import is_acknowledgement, without_forms
from handlers.slack.deps import SlackDeps
from handlers.slack.failsafe import unescape
from handlers.slack.shapes import is_slack_id


def person_message(body: dict[str, Any]) -> dict[str, Any] | None:
    """The event when the request is a person's new message to ShowUp in a DM, else None."""
    if body.get("type") != "event_callback":
        return None
    event = body.get("event")
    if not isinstance(event, dict) or event.get("type") != "message":
        return None
    if event.get("channel_type") != "im" or event.get("subtype") is not None \
            or event.get("bot_id") is not None or event.get("app_id") is not None:
        return None
    if not (is_slack_id(event.get("user")) and is_slack_id(event.get("channel"))
            and isinstance(event.get("text"), str) and isinstance(event.get("ts"), str)):
        return None
    return event


def words(event: dict[str, Any], bot_user: str | None) -> str | None:
    """What the person asked, as `/outreach` words; None when there is nothing to answer.
    "@ShowUp streak" reads as "streak"; any other mention stays (`admin role @Dana`)."""
    text = unescape(event["text"]).replace("\u00a0", " ").strip()
    mention = f"<@{bot_user}>"
    if bot_user and text.startswith(mention):
        text = text[len(mention):].strip(" :,")
    if not text or is_acknowledgement(text):
        return None
    return without_forms(text)   # a form opens from a command or a button, not a message


def direct_messages(deps: SlackDeps) -> Callable[..., BoltResponse]:
    """Bolt middleware: a DM to ShowUp is stored, acknowledged, then carried out. It runs
    before the event de-duplication, so the inbox (one row per message) is what makes a
    retried delivery a no-op: nothing is marked seen before it is stored."""

    def direct_message(body: dict[str, Any], context: Any, next: Callable[[], BoltResponse]
                       ) -> BoltResponse:
        event = person_message(body)
        if event is None:
            return next()
        text = words(event, getattr(context, "bot_user_id", None))
        if text is not None:
            entry = deps.inbox.receive_message(body, event, text)
            if entry is not None:   # None: a retry or replay of a message already stored
                deps.inbox.submit(entry, text)
        return BoltResponse(status=200, body="")

    return direct_message


def other_messages(ack: Callable[[], None]) -> None:
    """Edits, deletions, files, bots and channel messages: acknowledged and left alone (an
    unanswered event would be sent again, and too many failures switch events off)."""
    ack()
