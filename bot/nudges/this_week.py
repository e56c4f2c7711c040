"""The week's own commitments, as the check-in and the wrap-up list them."""

from __future__ import annotations

from datetime import date

from bot import wording
from bot.dates import describe_day
from bot.messages import Button, Reply
from bot.model import Commitment, Status
from bot.nudges.nudge import ToMember
from bot.ports import UnitOfWork
from bot.practice_calendar import week_start

MAX_LISTED = 5


def this_week(uow: UnitOfWork, to: ToMember) -> list[Commitment]:
    """This week's commitments; one left open from an earlier week is asked about once, on
    the Monday after its week (see kickoff.py), not in every check-in after."""
    monday = week_start(to.day)
    recent = uow.commitments.for_member(to.workspace.id, to.member.id, limit=60)
    return [c for c in recent if c.week_start == monday]


def open_this_week(uow: UnitOfWork, to: ToMember, openers: tuple[str, ...],
                   full_buttons: bool) -> tuple[list[Commitment], Reply | None]:
    """This week's commitments, and the listing of those still open (None when none is)."""
    week = this_week(uow, to)
    still_open = [c for c in week if c.status is Status.OPEN]
    if not still_open:
        return week, None
    opening = wording.pick(openers, to.key).format(name=to.name)
    return week, listing(opening, still_open, to.day, full_buttons)


def listing(opening: str, items: list[Commitment], today: date, full_buttons: bool) -> Reply:
    shown = items[:MAX_LISTED]
    lines = [opening] + [f"#{c.number} {c.what} — {describe_day(c.due_date, today)}"
                         for c in shown]
    if len(items) > MAX_LISTED:
        lines.append(f"…and {len(items) - MAX_LISTED} more: /outreach list")
    buttons: list[Button] = []
    for c in shown:
        buttons.append(Button(f"Done #{c.number}", f"done #{c.number}", primary=True))
        if full_buttons:
            buttons.append(Button(f"Didn't happen #{c.number}", f"missed #{c.number}"))
        buttons.append(Button(f"Next week #{c.number}", f"move #{c.number}"))
    return Reply("\n".join(lines), tuple(buttons), private=False)
