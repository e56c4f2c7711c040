"""ShowUp added to a personal chat or a team: the practice and the person are set up, the
conversation remembered for nudges, and a short welcome sent. Removed: nudges stop."""

from __future__ import annotations

import logging

from microsoft_teams.api.activities.conversation.conversation_update import (
    ConversationUpdateActivity,
)
from microsoft_teams.api.activities.install_update.add import InstalledActivity
from microsoft_teams.api.activities.install_update.remove import UninstalledActivity
from microsoft_teams.apps import ActivityContext, App

from bot.conversations import user_address
from bot.help import OVERVIEW
from bot.messages import Reply
from handlers.teams.cards import card
from handlers.teams.deps import TeamsDeps, for_teams, in_thread, personal_chat
from handlers.teams.people import actor_of

log = logging.getLogger("showup.teams.install")
WELCOME = ("👋 Hi {name}, I'm ShowUp. Each week: commit to one or two outreach visits, and "
           "I'll check in and keep your streak.\n")
TEAM_WELCOME = ("👋 Hi team, I'm ShowUp, your outreach coach. Chat with me privately to make "
                "commitments. An admin can say “@ShowUp admin channel here” to get the weekly "
                "team post in this channel.")


def register(app: App, deps: TeamsDeps) -> None:
    async def set_up(activity: ConversationUpdateActivity | InstalledActivity) -> str | None:
        """Create the practice and member; remember a personal chat. Returns the kind."""
        actor = actor_of(activity)
        if actor is None:
            return None
        await in_thread(deps.coach.workspace, actor, deps.clock.now())
        kind = activity.conversation.conversation_type or "personal"
        if kind == "personal":
            await in_thread(deps.conversations.save, personal_chat(actor, activity),
                            deps.clock.now())
        return kind

    @app.on_install_add
    async def installed(ctx: ActivityContext[InstalledActivity]) -> None:
        await set_up(ctx.activity)

    @app.on_conversation_update
    async def conversation_update(ctx: ActivityContext[ConversationUpdateActivity]) -> None:
        activity = ctx.activity
        bot_id = activity.recipient.id
        if not any(member.id == bot_id for member in activity.members_added or []):
            return  # people joining a team get their welcome when they first write
        kind = await set_up(activity)
        if activity.id and not await in_thread(deps.receipts.first, f"teams:{activity.id}",
                                               deps.clock.now()):
            return  # the same activity delivered again: welcomed already
        if kind == "personal":
            name = activity.from_.name or "there"
            await ctx.send(card(for_teams(Reply(WELCOME.format(name=name) + OVERVIEW))))
        elif kind is not None:
            await ctx.send(card(Reply(TEAM_WELCOME)))

    @app.on_install_remove
    async def removed(ctx: ActivityContext[UninstalledActivity]) -> None:
        actor = actor_of(ctx.activity)
        if actor is None or (ctx.activity.conversation.conversation_type or "personal") != \
                "personal":
            return
        await in_thread(deps.conversations.forget, actor.team_id, user_address(actor.user_id))
        await in_thread(deps.coach.refresh_member, actor, False)
        log.info("ShowUp removed from a personal chat: that member's nudges stop")

    del installed, conversation_update, removed
