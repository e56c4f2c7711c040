"""A click on a card button runs the command it stands for; the answer replaces the card.

A stale click (a nudge already answered elsewhere) gets the core's answer, as on Slack. A
card in a channel stays as everyone saw it, and so does a card whose button asked for a
sign-in link (the report's, the Friday post's): the answer goes to the clicker's own chat.
"""

from __future__ import annotations

from microsoft_teams.api.activities.invoke.adaptive_card.action import (
    AdaptiveCardInvokeActivity,
)
from microsoft_teams.api.models.adaptive_card.adaptive_card_action_response import (
    AdaptiveCardActionCardResponse,
    AdaptiveCardActionMessageResponse,
)
from microsoft_teams.api.models.invoke_response import AdaptiveCardInvokeResponse
from microsoft_teams.apps import ActivityContext, App

from bot.grammar import clean, form_for, without_forms
from bot.messages import Reply
from bot.model import Origin
from bot.usecases.reviews import MAX_COMMENT, TOO_LONG
from handlers.teams.cards import VERB, card, command_of, comment_card, typed_comment
from handlers.teams.deps import TeamsDeps, command_text, for_teams, handle_once, in_thread
from handlers.teams.messages import (
    OUTSIDE_ORGANISATION,
    PRIVATE_CHAT_HINT,
    send_privately,
)
from handlers.teams.people import actor_of

SENT_TO_CHAT = "🔗 I've sent you a sign-in link in our chat."


def register(app: App, deps: TeamsDeps) -> None:
    @app.on_card_action_execute(VERB)
    async def click(ctx: ActivityContext[AdaptiveCardInvokeActivity]
                    ) -> AdaptiveCardInvokeResponse:
        actor = actor_of(ctx.activity)
        if actor is None:
            return AdaptiveCardActionMessageResponse(value=OUTSIDE_ORGANISATION)
        value = {"action": {"data": ctx.activity.value.action.data}}
        command = command_text(command_of(value))
        if not command:
            return AdaptiveCardActionCardResponse(value=card(Reply(
                "That button is from an older version of ShowUp. Type “help” to see what "
                "I can do.", ok=False)))
        if form_for(command) == "comment":   # a review's Comment: the card, or what it sent
            typed = clean(typed_comment(value))
            if not typed:
                form = await in_thread(deps.coach.comment_form, actor, command,
                                       deps.clock.now())
                return AdaptiveCardActionCardResponse(value=card(for_teams(form)) if isinstance(
                    form, Reply) else comment_card(form))
            if len(typed) > MAX_COMMENT:   # the card's max_length, unless it was forged
                return AdaptiveCardActionCardResponse(value=card(Reply(TOO_LONG, ok=False)))
            command = f"{command} {typed}"
        command = without_forms(command)
        done = await handle_once(deps, actor, command, ctx.activity.id, Origin.BUTTON)
        if done is None:   # the same click delivered again
            return AdaptiveCardActionMessageResponse(value="✅ Already done.")
        reply = for_teams(done)
        personal = (ctx.activity.conversation.conversation_type or "personal") == "personal"
        if (personal and not reply.links) or not reply.private:
            return AdaptiveCardActionCardResponse(value=card(reply))
        # A card everyone in a channel sees stays as it is, and so does one whose button asked
        # for a sign-in link: the answer goes to the clicker's own chat.
        if await send_privately(ctx, deps, reply, actor.team_id, actor.user_id):
            return AdaptiveCardActionMessageResponse(
                value=SENT_TO_CHAT if reply.links else "📬 Answered you in our chat.")
        if personal:   # no reference to their chat kept yet: the answer takes the card's place
            return AdaptiveCardActionCardResponse(value=card(reply))
        return AdaptiveCardActionMessageResponse(
            value=PRIVATE_CHAT_HINT.format(name=actor.display_name))

    del click
