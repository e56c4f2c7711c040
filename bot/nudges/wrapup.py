"""The week's wrap-up: mark what happened with what is still open, or log what wasn't planned."""

from __future__ import annotations

from bot import wording
from bot.messages import Reply
from bot.model import Kind, Status
from bot.nudges.nudge import DirectMessage, ToMember
from bot.nudges.this_week import listing, this_week
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
    week = this_week(uow, to)
    open_ones = [c for c in week if c.status is Status.OPEN]
    if open_ones:
        return listing(wording.pick(OPEN_ONES, to.key).format(name=to.name), open_ones, to.day,
                       full_buttons=True)
    if week:
        return None
    return Reply(wording.pick(NOTHING_PLANNED, to.key).format(name=to.name), private=False)


NUDGE = DirectMessage(kind=Kind.WRAPUP, at=Kind.WRAPUP, words=words)
