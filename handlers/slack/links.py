"""Links that come with a reply (a one-time dashboard sign-in link) go to the person's DM
with the app, as URL buttons, and nowhere else: not to a channel, not into the inbox's
stored answer."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.messages import Reply
from handlers.slack import blocks

SENT_BY_DM = "🔗 I've sent you a sign-in link in a direct message."


def kept_answer(reply: Reply, in_dm: bool) -> dict[str, Any]:
    """The answer as the inbox stores it, and as it goes where it was asked: without its
    links, which are personal and short-lived (asked in the DM, the text stays; elsewhere it
    says where the link went)."""
    if reply.links:
        reply = Reply(reply.text if in_dm else SENT_BY_DM, ok=reply.ok)
    return blocks.message(reply)


def said_sent_by_dm(answer: dict[str, Any]) -> bool:
    """Whether a stored answer is the one that says the link went by DM."""
    return answer.get("text") == blocks.fallback_text(Reply(SENT_BY_DM))


def with_links(reply: Reply) -> dict[str, Any]:
    """The whole reply, links as URL buttons; no preview is made of them."""
    return {**blocks.message(reply), "unfurl_links": False, "unfurl_media": False}


def send_links(client: WebClient, user_id: str, reply: Reply) -> None:
    if not reply.links:
        return
    channel = str((client.conversations_open(users=user_id).get("channel") or {}).get("id"))
    client.chat_postMessage(channel=channel, **with_links(reply))
