"""Friday's team post: what the team did together, the quarter's goal line, and whom to
celebrate. It never lists who kept their word — a short list of names shows everyone who
isn't on it. The goal line is the team's wherever it shows (the board, the report, Home).
Its one button is "My dashboard": whoever clicks it gets their own sign-in link, by DM (an
admin's opens the practice's page), and the post stays as everyone saw it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from bot import wording
from bot.chart import team_weeks_png
from bot.messages import Button, Reply
from bot.model import Kind, Workspace
from bot.nudges.nudge import ChannelPost, Occasion
from bot.phi_guard import check
from bot.ports import UnitOfWork
from bot.practice_calendar import (
    Period,
    local_today,
    period_bounds,
    quarter_label,
    quarter_start,
    week_start,
)
from bot.streaks import compute_streak, paused_weeks
from bot.usecases.closures import closed_weeks
from bot.usecases.privacy_check import team_names
from bot.usecases.showing import story_lines
from bot.usecases.sign_in import DASHBOARD_COMMAND, MY_DASHBOARD

OPENERS = (
    "📣 Team outreach this week",
    "📣 This week in outreach",
    "📣 How the team showed up this week",
)
MAX_KEPT = 8
CHART_WEEKS = 8
QUARTER_WEEKS = 13   # a quarter's goal spread over its weeks: the pace line
log = logging.getLogger("showup.nudges")


def words(uow: UnitOfWork, post: Occasion) -> Reply:
    workspace, day = post.workspace, post.day
    start, end = period_bounds(Period.WEEK, day)
    rows = uow.commitments.contributions(workspace.id, start, end)
    lines = [wording.pick(OPENERS, post.key)]
    ended = _quarter_to_announce(uow, workspace, day)
    if ended is not None:
        lines.append(f"🏁 {quarter_result(uow, workspace, ended)} — that quarter is closed. "
                     "Thank you, everyone.")
    lines.append(team_progress_line(uow, workspace, local_today(post.now, workspace.timezone)))
    if rows:
        done = sum(r.activities for r in rows)
        lines.append(f"This week the team got in front of people {wording.times(done)} — "
                     f"{wording.points(sum(r.points for r in rows))}:")
        lines.extend(_kept(uow, workspace, start, end, done))
        lines.extend(story_lines(uow, workspace, start, end, post.key, day))
        if _everyone_showed_up(uow, workspace, {r.member_id for r in rows}, day):
            lines.append("Everyone kept their word this week 🙌")
        lines.extend(_celebrations(uow, workspace, day))
    else:
        lines.append("A quiet week so far — next week is a fresh start for all of us.")
    return Reply("\n".join(lines), (Button(MY_DASHBOARD, DASHBOARD_COMMAND),), private=False)


def progress_bar(done: int, goal: int, width: int = 10) -> str:
    filled = 0 if goal <= 0 else min(width, round(width * done / goal))
    return "▓" * filled + "░" * (width - filled)


@dataclass(frozen=True)
class TeamGoal:
    """The team's points in a quarter against its goal: what the goal line says wherever it
    shows (the post, the board, the report, Home, the dashboard)."""

    start: date
    end: date      # exclusive
    points: int
    goal: int

    @property
    def label(self) -> str:
        return quarter_label(self.start)

    def pace_by(self, day: date) -> int:
        """The points the goal needs by the end of `day` at an even pace through the
        quarter (the whole goal once the quarter is over)."""
        return pace_by(self.goal, self.start, self.end, day)


def team_goal(uow: UnitOfWork, workspace: Workspace, today: date) -> TeamGoal:
    """The goal of the quarter holding `today` (the practice's day) and the team's points."""
    start, end = period_bounds(Period.QUARTER, today)
    return TeamGoal(start, end, uow.commitments.team_points(workspace.id, start, end),
                    workspace.team_goal)


def weekly_pace(goal: int) -> float:
    """The points a week that reach a quarter's goal: the chart's pace line."""
    return goal / QUARTER_WEEKS


def pace_by(goal: int, start: date, end: date, day: date) -> int:
    """The points an even pace through [start, end) has reached by the end of `day`."""
    if day < start:
        return 0
    elapsed = min((day - start).days + 1, (end - start).days)
    return round(goal * elapsed / (end - start).days)


def team_progress_line(uow: UnitOfWork, workspace: Workspace, today: date,
                       closed: bool = False) -> str:
    """The team's points against the goal for the quarter holding `today` (the practice's
    day); `closed` for a quarter that has ended, whose total is final."""
    found = team_goal(uow, workspace, today)
    label = f"{found.label} (closed)" if closed else found.label
    return (f"Team goal {label}: {found.points}/{found.goal} pts "
            f"{progress_bar(found.points, found.goal)}")


def quarter_result(uow: UnitOfWork, workspace: Workspace, quarter: date) -> str:
    """"Q4 2026: 104/150 pts" — a quarter's final result, for the post that announces it."""
    found = team_goal(uow, workspace, quarter)
    return f"{found.label}: {found.points}/{found.goal} pts"


def team_weeks(uow: UnitOfWork, workspace: Workspace, day: date, count: int
               ) -> list[tuple[date, int]]:
    """The team's points in each of the `count` weeks up to the week holding `day`, oldest
    first, by their Mondays (the post's chart and the dashboard's)."""
    first = week_start(day) - timedelta(weeks=count - 1)
    points = [0] * count
    for done_on, n in uow.commitments.points_by_day(
            workspace.id, first, first + timedelta(weeks=count)).items():
        points[(done_on - first).days // 7] += n
    return [(first + timedelta(weeks=k), points[k]) for k in range(count)]


def _quarter_to_announce(uow: UnitOfWork, workspace: Workspace, day: date) -> date | None:
    """The quarter that ended, for the first team post of the next one (whichever Friday
    that is — a closure may skip the first); None when there is nothing to announce."""
    this = quarter_start(day)
    ended = quarter_start(this - timedelta(days=1))
    kind = Kind.TEAM_POST.value
    if uow.deliveries.sent_between(workspace.id, kind, this, day):
        return None  # announced already
    return ended if uow.deliveries.sent_between(workspace.id, kind, ended, this) else None


def _kept(uow: UnitOfWork, workspace: Workspace, start: date, end: date, done: int
          ) -> list[str]:
    """What was done, without who: each item checked for client details once more before it
    goes to a channel (the guard may know more today than when it was typed)."""
    team = team_names(uow, workspace.id)
    shown = [c for c in uow.commitments.done_between(workspace.id, start, end, MAX_KEPT)
             if check(c.what, colleagues=team) is None]
    lines = [f"• {c.what}" for c in shown]
    if done > len(shown):
        lines.append(f"…and {done - len(shown)} more")
    return lines


def _everyone_showed_up(uow: UnitOfWork, workspace: Workspace, kept: set[int], day: date
                        ) -> bool:
    expected = {m.id for m in uow.members.list_active(workspace.id)
                if m.is_clinician and not m.is_paused(day)}
    return len(expected) > 1 and expected <= kept


def _celebrations(uow: UnitOfWork, workspace: Workspace, day: date) -> list[str]:
    found: list[str] = []
    closed = closed_weeks(uow, workspace, day)
    for member in uow.members.list_active(workspace.id):
        kept = uow.commitments.kept_weeks(workspace.id, member.id)
        if week_start(day) not in kept:
            continue
        paused = paused_weeks(uow.members.pauses(workspace.id, member.id), day) | closed
        streak = compute_streak(kept, paused, day)
        if streak.milestone:
            found.append(f"🏅 {member.display_name}: {wording.weeks(streak.current)} in a row!")
        elif streak.comeback:
            found.append(f"💪 Welcome back, {member.display_name}!")
    return found


def chart(uow: UnitOfWork, post: Occasion) -> bytes | None:
    """Eight weeks of team points; None when drawing fails (the text post stands alone)."""
    weeks = team_weeks(uow, post.workspace, post.day, CHART_WEEKS)
    try:
        return team_weeks_png(weeks, weekly_pace(post.workspace.team_goal),
                              "Team outreach, week by week")
    except Exception:
        log.exception("could not draw the team chart")
        return None


NUDGE = ChannelPost(kind=Kind.TEAM_POST, at=Kind.TEAM_POST, words=words, chart=chart)
