"""Monday's kickoff: what will you do this week — knowing what the week already holds,
offering what this quarter's plan still waits for, and asking once about anything left open
from last week."""

from __future__ import annotations

from datetime import date, timedelta

from bot import wording
from bot.dates import describe_day
from bot.messages import Button, Reply
from bot.model import Commitment, Kind, Plan, Status
from bot.nudges.nudge import DirectMessage, ToMember
from bot.ports import UnitOfWork
from bot.practice_calendar import quarter_start, week_start
from bot.usecases.ideas import kickoff_idea

ASK = (
    "Good morning, {name}! What will you do this week to get in front of people? "
    "When and where will you do it?",
    "New week, {name}. Who could use hearing from you — a pediatrician, a school counselor, "
    "a pastor? Pick one: when and where will you reach out?",
    "Hi {name} — one piece of outreach this week keeps the habit alive. What will it be, and "
    "when will you do it?",
    "{name}, quick plan for the week: which referral source will you see, and on what day?",
)
UNDER_WAY = (
    "Good morning, {name}! Your week is already under way:",
    "New week, {name}, and you've got outreach lined up already:",
    "Hi {name} — this week is off to a start:",
)
MAX_SHOWN = 5


def words(uow: UnitOfWork, to: ToMember) -> Reply:
    name, day = to.name, to.day
    mine = uow.commitments.for_member(to.workspace.id, to.member.id, limit=60)
    plan = uow.plans.get(to.workspace.id, to.member.id, quarter_start(day))
    suggestions = plan_suggestions(uow, to, plan)
    monday = week_start(day)
    this_week = [c for c in mine if c.week_start == monday
                 and c.status in (Status.OPEN, Status.DONE)]
    left_open = [c for c in mine if c.status is Status.OPEN
                 and week_start(c.due_date) == monday - timedelta(days=7)]
    if this_week:
        lines = [wording.pick(UNDER_WAY, to.key).format(name=name)]
        lines += [_line(c, day) for c in this_week[:MAX_SHOWN]]
        lines.append("Room for one more?")
        add = Button("Add one more", "commit", primary=True)
    else:
        lines = [wording.pick(ASK, to.key).format(name=name)]
        add = Button("Add a commitment", "commit", primary=True)
    offered: tuple[Button, ...] = ()
    idea = kickoff_idea(uow, to.workspace, to.member, day, plan)   # at most one, a fit
    if idea is not None:
        lines.append(idea[0])
        offered = (idea[1],)
    buttons: list[Button] = [*suggestions, *offered, add, Button("My streak", "streak")]
    if left_open:
        lines.append("Still open from last week — did it happen?")
        for c in left_open[:MAX_SHOWN]:
            lines.append(f"#{c.number} {c.what} ({describe_day(c.due_date, day)})")
            buttons += [Button(f"Did it #{c.number}", f"done #{c.number}"),
                        Button(f"Didn't happen #{c.number}", f"missed #{c.number}"),
                        Button(f"This week #{c.number}", f"move #{c.number}")]
    return Reply("\n".join(lines), tuple(buttons), private=False)


def plan_suggestions(uow: UnitOfWork, to: ToMember, plan: Plan | None) -> tuple[Button, ...]:
    """Up to three activities from this quarter's plan that nothing has been done for yet."""
    if plan is None or not plan.submitted:
        return ()
    statuses = uow.plans.item_statuses(to.workspace.id, plan.id)
    waiting = [item for item in plan.items
               if not {Status.DONE, Status.OPEN} & set(statuses.get(item.id, []))]
    return tuple(Button(f"Plan: {item.text}"[:75], f"commit {item.text} plan:{item.id}")
                 for item in waiting[:3])


def _line(c: Commitment, today: date) -> str:
    if c.status is Status.DONE:
        return f"✅ {c.what} — done"
    return f"◻️ #{c.number} {c.what} — {describe_day(c.due_date, today)}"


NUDGE = DirectMessage(kind=Kind.KICKOFF, at=Kind.KICKOFF, words=words)
