"""The week's wrap-up: mark what happened with what is still open, or log what wasn't planned."""

from __future__ import annotations

from bot import wording
from bot.messages import Reply
from bot.model import Kind
from bot.nudges.nudge import DirectMessage, ToMember
from bot.nudges.this_week import open_this_week
from bot.ports import UnitOfWork

OPEN_ONES = (
    "Wrap-up time, {name}. How did this week's outreach go?",
    "End of the week, {name} — mark what happened, and jot how it went if you like:",
    "Friday check, {name}: tap what happened with each one.",
)
NOTHING_PLANNED = (
    "Week's end, {name}. Did you get in front of anyone this week that you didn't plan? "
    "Log it — it counts.",
    "Hi {name} — any outreach this week you haven't recorded yet? /outreach log it.",
    "{name}, if a conversation with a referrer happened this week, log it so the team sees it.",
)


def words(uow: UnitOfWork, to: ToMember) -> Reply | None:
    week, still_open = open_this_week(uow, to, OPEN_ONES, full_buttons=True)
    if still_open:
        return still_open
    if week:
        return None
    return Reply(wording.pick(NOTHING_PLANNED, to.key).format(name=to.name), private=False)


NUDGE = DirectMessage(kind=Kind.WRAPUP, at=Kind.WRAPUP, words=words)
