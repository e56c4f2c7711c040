"""When a quarter has closed, each admin gets the briefs for the one-to-ones: a line per
clinician and a button for each one's whole brief (`admin brief last quarter <name>`). Once
per admin and quarter, on the first kickoff of the new quarter's first six weeks that is
not a day off for them (the delivery's key names the quarter that closed)."""

from __future__ import annotations

import dataclasses
from datetime import date

from bot import wording
from bot.messages import Reply
from bot.model import Kind
from bot.nudges.nudge import Audience, DirectMessage, ToMember
from bot.ports import UnitOfWork
from bot.practice_calendar import add_months, quarter_label, quarter_start
from bot.usecases.brief import read_quarter, summary

HEADINGS = (
    "📋 {quarter} has closed, {name}. Here is each clinician's quarter for your one-to-ones "
    "— a button opens the whole brief, with its CSV:",
    "📋 {name}, {quarter} is done. Briefs for the quarterly conversations, one line each — "
    "tap a name for the whole brief and its CSV:",
)
BRIEF_DAYS = 42


def is_brief_day(day: date) -> bool:
    """The first six weeks of a quarter (sent on the first of them it can be): an admin
    paused over the first Mondays — the holidays — gets it on the first one back, while the
    one-to-ones are still ahead."""
    return (day - quarter_start(day)).days < BRIEF_DAYS


def closed_quarter(day: date) -> date:
    """The quarter that closed before the one holding `day`."""
    return add_months(quarter_start(day), -3)


def words(uow: UnitOfWork, to: ToMember) -> Reply | None:
    if not to.member.is_admin:
        return None   # no longer an admin since it was planned
    closed = closed_quarter(to.day)
    heading = wording.pick(HEADINGS, to.key).format(quarter=quarter_label(closed),
                                                     name=to.name)
    quarter = read_quarter(uow, to.context, closed)
    if not (quarter.counts or quarter.plans or quarter.goals):
        return None   # a practice that had not started yet: nothing to talk over
    reply = summary(uow, to.context, quarter, heading, back=1)
    return None if reply is None else dataclasses.replace(reply, private=False)


NUDGE = DirectMessage(kind=Kind.QUARTER_BRIEF, to=Audience.ADMINS, at=Kind.KICKOFF,
                      on_day=is_brief_day, words=words)
