"""The midweek check-in: what is still open this week, or a nudge to plan one."""

from __future__ import annotations

from bot import wording
from bot.messages import Button, Reply
from bot.model import Kind, Status
from bot.nudges.nudge import DirectMessage, ToMember
from bot.nudges.this_week import open_this_week
from bot.ports import UnitOfWork

OPEN_ONES = (
    "Midweek check-in, {name}: here's what you planned. Still on?",
    "Halfway through the week, {name}. Your plan so far:",
    "Hi {name} — a gentle nudge on this week's outreach:",
)
NOTHING_PLANNED = (
    "Midweek, {name}, and nothing planned yet — there's still time. When and where could you "
    "drop in on someone this week?",
    "Hi {name}! No outreach on the calendar this week yet. One visit or one call counts. "
    "What's the easiest one you could do before Friday?",
    "{name}, a small one counts: a follow-up note to a referrer, a quick visit. When will you "
    "fit it in this week?",
)


def words(uow: UnitOfWork, to: ToMember) -> Reply | None:
    week, still_open = open_this_week(uow, to, OPEN_ONES, full_buttons=False)
    if still_open:
        return still_open
    if any(c.status is Status.DONE for c in week):
        return None
    return Reply(wording.pick(NOTHING_PLANNED, to.key).format(name=to.name),
                 (Button("Add a commitment", "commit", primary=True),), private=False)


NUDGE = DirectMessage(kind=Kind.CHECKIN, at=Kind.CHECKIN, words=words)
