"""A message to ShowUp on Teams: the `/outreach` words without the slash, answered as a card.

In a personal chat the answer comes back in the chat. In a channel or group chat, where
everyone would read it, the answer goes to the person's personal chat with ShowUp and the
channel only hears that it was answered. "admin channel here", said in a channel, makes
that channel the home of the weekly team post.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from typing import Any

from microsoft_teams.api.activities.message.message import MessageActivity
from microsoft_teams.api.activities.utils.strip_mentions_text import StripMentionsTextOptions
from microsoft_teams.api.models.account import ConversationAccount
from microsoft_teams.api.models.conversation.conversation_reference import ConversationReference
from microsoft_teams.api.models.entity.mention_entity import MentionEntity
from microsoft_teams.apps import ActivityContext, App

from bot.conversations import ConversationRef, channel_address, user_address
from bot.grammar import form_for, is_acknowledgement, without_forms
from bot.messages import Actor, Reply
from handlers.teams.cards import card, comment_card
from handlers.teams.deps import (
    TeamsDeps,
    command_text,
    for_teams,
    handle_once,
    in_thread,
    personal_chat,
)
from handlers.teams.people import actor_of, tenant_of

log = logging.getLogger("showup.teams.messages")
CHANNEL_HERE = re.compile(r"^admin\s+channel\s+here$", re.IGNORECASE)
CHANNEL_ONLY = ("Say “@ShowUp admin channel here” in the channel that should get the weekly "
                "team post.")
PRIVATE_CHAT_HINT = ("Got it, {name}. I answer in private so your outreach stays yours: open "
                     "a chat with ShowUp (Apps → ShowUp) to see the details.")
OUTSIDE_ORGANISATION = ("ShowUp works inside a Microsoft 365 organisation: install it from "
                        "your organisation's Teams app catalogue.")


def _people_as_mentions(activity: MessageActivity) -> str:
    """The text without the @ShowUp that addressed it; any colleague @mentioned becomes the
    core's mention token (`<@entra-id|Name>`), so `admin role @Dana admin` means Dana."""
    text = activity.text or ""
    bot_id = activity.recipient.id if activity.recipient else None
    for entity in activity.entities or []:
        if not isinstance(entity, MentionEntity) or entity.mentioned.id == bot_id:
            continue
        name = re.sub(r"[|<>]", " ", entity.mentioned.name or "").strip()
        tag = entity.text or f"<at>{entity.mentioned.name}</at>"
        aad = entity.mentioned.aad_object_id
        text = text.replace(tag, f"<@{aad}|{name}>" if aad else name)
    activity.text = text
    return activity.strip_mentions_text(StripMentionsTextOptions(account_id=bot_id)).text or ""


def register(app: App, deps: TeamsDeps) -> None:
    @app.on_message
    async def message(ctx: ActivityContext[MessageActivity]) -> None:
        activity = ctx.activity
        text = command_text(_people_as_mentions(activity))
        actor = actor_of(activity)
        if actor is None:
            await ctx.send(OUTSIDE_ORGANISATION)
            return
        if not text or is_acknowledgement(text):
            return  # a card or file on its own, or a thank-you: nothing to answer
        kind = activity.conversation.conversation_type or "personal"
        if form_for(text) == "comment" and kind == "personal":   # the review comment card
            form = await in_thread(deps.coach.comment_form, actor, text, deps.clock.now())
            await ctx.send(card(for_teams(form)) if isinstance(form, Reply)
                           else comment_card(form))
            return
        text = without_forms(text)   # Teams has no commitment form
        channel_key = _channel_key(activity) if CHANNEL_HERE.match(text) else None
        if CHANNEL_HERE.match(text):
            if kind != "channel" or channel_key is None:
                await ctx.send(card(Reply(CHANNEL_ONLY, ok=False)))
                return
            text = f"admin channel {channel_key}"
        done = await handle_once(deps, actor, text, activity.id)
        if done is None:
            return  # a repeated delivery of a message already carried out
        reply = for_teams(done)
        service_url = activity.service_url or ""
        if kind == "personal":
            await in_thread(_remember_chat, deps, actor, personal_chat(actor, activity))
            await ctx.send(card(reply))
            return
        if channel_key and reply.ok:
            await in_thread(deps.conversations.save, ConversationRef(
                actor.team_id, channel_address(channel_key),
                _channel_conversation(activity), service_url), deps.clock.now())
            reply = dataclasses.replace(reply, private=False)
        await _answer_in_shared_place(ctx, deps, reply, actor.team_id, actor.user_id)

    del message


def _remember_chat(deps: TeamsDeps, actor: Actor, ref: ConversationRef) -> None:
    """Keep the personal chat's reference fresh; a first "help" sets the person up too."""
    if not deps.conversations.save(ref, deps.clock.now()):
        deps.coach.workspace(actor, deps.clock.now())
        deps.conversations.save(ref, deps.clock.now())


async def _answer_in_shared_place(ctx: ActivityContext[MessageActivity], deps: TeamsDeps,
                                  reply: Reply, tenant: str, user_id: str) -> None:
    """Private answers go to the person's own chat; only public ones stay here."""
    name = ctx.activity.from_.name or "there"
    if not reply.private or not reply.ok:
        await ctx.send(card(reply))
    elif await send_privately(ctx, deps, reply, tenant, user_id):
        await ctx.send(card(Reply(f"📬 Answered you in our chat, {name}.")))
    else:
        await ctx.send(card(Reply(PRIVATE_CHAT_HINT.format(name=name))))


async def send_privately(ctx: ActivityContext[Any], deps: TeamsDeps, reply: Reply,
                         tenant: str, user_id: str) -> bool:
    """Send to the person's personal chat with ShowUp; False when there is none yet."""
    ref = await in_thread(deps.conversations.find, tenant, user_address(user_id))
    if ref is None:
        return False
    await ctx.send(card(reply), ConversationReference(
        channel_id="msteams", service_url=ref.service_url, bot=ctx.activity.recipient,
        conversation=ConversationAccount(id=ref.conversation_id,
                                         conversation_type="personal")))
    return True


def _channel_conversation(activity: MessageActivity) -> str:
    """The channel itself, not the thread the message was posted in."""
    return activity.conversation.id.split(";messageid=")[0]


def _channel_key(activity: MessageActivity) -> str | None:
    """A readable, unique name for a channel: its name and a short digest of its id."""
    tenant = tenant_of(activity)
    conversation = _channel_conversation(activity)
    if tenant is None or not conversation:
        return None
    channel = activity.channel_data.channel if activity.channel_data else None
    name = re.sub(r"[^\w-]+", "-", (channel.name if channel and channel.name else "channel"))
    digest = hashlib.sha256(conversation.encode()).hexdigest()[:6]
    return f"{name.strip('-')[:40] or 'channel'}-{digest}"
