"""Monday's word on last week's streak: kept (and any milestone), frozen, missed or a
comeback — only once there is a last week to speak of."""

from __future__ import annotations

from datetime import timedelta

from bot import wording
from bot.messages import Button, Reply
from bot.model import Kind
from bot.nudges.nudge import DirectMessage, ToMember
from bot.ports import UnitOfWork
from bot.practice_calendar import week_start
from bot.streaks import WeekOutcome, compute_streak, paused_weeks
from bot.usecases.closures import closed_weeks

KEPT = (
    "🔥 Streak kept: {weeks}. Showing up week after week is how practices grow.",
    "🔥 {weeks} in a row. Nicely done — the referrers are getting to know you.",
    "🔥 That's {weeks} straight. Keep it rolling this week.",
)
FROZEN = (
    "🧊 Last week was quiet, so your freeze covered it — your streak of {weeks} is safe. "
    "One piece of outreach this week keeps it going.",
    "🧊 Freeze used for last week; the streak ({weeks}) lives on. What's this week's move?",
    "🧊 Your quarterly freeze kept your {streak} alive. Let's make this week count.",
)
MISSED = (
    "Last week slipped by — it happens to everyone. This week is a fresh start: one small "
    "step gets you going again.",
    "No outreach last week, and that's okay. The best time to restart is now. What's one "
    "easy visit or note you could do this week?",
    "A quiet week last week. Never mind the streak — what matters is the next step. What "
    "will it be?",
)
COMEBACK = (
    "💪 Welcome back! Last week you restarted your streak — comebacks are the hardest part.",
    "💪 You came back last week. That matters more than any streak number.",
    "💪 Back on track! Returning after a miss is exactly the habit that grows a practice.",
)
MILESTONE = "🏅 Milestone: {weeks}!"
MILESTONES = (3, 5, 10, 15, 20, 26, 52)


def words(uow: UnitOfWork, to: ToMember) -> Reply | None:
    workspace, member, day = to.workspace, to.member, to.day
    kept = uow.commitments.kept_weeks(workspace.id, member.id)
    if not any(week_start(w) < week_start(day) for w in kept):
        return None   # no streak has begun before this week: nothing to say, nothing more read
    paused = paused_weeks(uow.members.pauses(workspace.id, member.id), day)
    paused |= closed_weeks(uow, workspace, day)
    streak = compute_streak(kept, paused, day)
    last = streak.history[-1] if streak.history else None
    if last is not None and last.week == week_start(day):
        last = streak.history[-2] if len(streak.history) > 1 else None
    if last is None or last.week != week_start(day) - timedelta(days=7):
        return None
    key, count = to.key, wording.weeks(last.streak_after)
    if last.outcome is WeekOutcome.KEPT:
        text = wording.pick(COMEBACK if last.comeback else KEPT, key)
        if last.streak_after in MILESTONES:
            text = f"{MILESTONE.format(weeks=count)} {text}"
    elif last.outcome is WeekOutcome.FROZEN:
        text = wording.pick(FROZEN, key)
    elif last.outcome is WeekOutcome.MISSED:
        text = wording.pick(MISSED, key)
    else:
        return None
    return Reply(text.format(weeks=count, streak=wording.week_streak(last.streak_after)),
                 (Button("Add a commitment", "commit"),), private=False)


NUDGE = DirectMessage(kind=Kind.STREAK, at=Kind.KICKOFF, words=words)
