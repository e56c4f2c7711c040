"""A DM to each admin when the team post could not reach its channel: how to fix it. The
scheduler sends it when that happens; a closure does not hold it back."""

from __future__ import annotations

from bot.messages import Reply
from bot.model import Kind, Platform
from bot.nudges.nudge import Audience, DirectMessage, ToMember
from bot.ports import UnitOfWork

SLACK = (
    "ShowUp couldn't post the weekly team update in {channel}: {why}. To fix it, open the "
    "channel, type /invite @ShowUp, or pick another channel in ShowUp's Home tab "
    "(/outreach admin channel #name)."
)
TEAMS = (
    "ShowUp couldn't post the weekly team update in {channel}: {why}. To fix it, add ShowUp "
    "to that team, then say “@ShowUp admin channel here” in the channel that should get it."
)


def words(uow: UnitOfWork, to: ToMember) -> Reply:
    teams = to.workspace.platform is Platform.TEAMS
    why = "ShowUp can't reach that channel" if teams else \
        "ShowUp isn't a member of that channel"
    channel = to.workspace.leaderboard_channel or "it"
    return Reply((TEAMS if teams else SLACK).format(
        channel=f"#{channel}" if teams else channel, why=why), private=False)


NUDGE = DirectMessage(kind=Kind.CHANNEL_HELP, to=Audience.ADMINS, closure_silences=False,
                      words=words)
