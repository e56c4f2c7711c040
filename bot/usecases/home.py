"""The member's home screen: my week, my streak, the team's progress, and admin settings."""

from __future__ import annotations

from bot.dates import describe_day
from bot.messages import Button, ChannelPicker, Page, Section
from bot.model import Status
from bot.nudges.team_post import team_progress_line
from bot.ports import UnitOfWork
from bot.usecases import admin
from bot.usecases.context import Context
from bot.usecases.progress import streak_for
from bot.usecases.sign_in import dashboard_button
from bot.wording import plural

MAX_HOME_COMMITMENTS = 8


def home_page(uow: UnitOfWork, ctx: Context) -> Page:
    sections = [_my_week(uow, ctx), _my_streak(uow, ctx),
                Section("Team", team_progress_line(uow, ctx.workspace, ctx.workspace_today),
                        (Button("Team board", "board"), Button("This month", "board month")))]
    sections.extend(_dashboard(ctx))
    if ctx.member.is_admin:
        settings = admin.show(ctx).text
        catalog = admin.list_activities(uow, ctx).text
        sections.append(Section(
            "Practice settings (admins)", f"{settings}\n\n{catalog}",
            (Button("Weekly report", "admin report"),),
            ChannelPicker("Channel for the weekly team post", "admin channel",
                          ctx.workspace.leaderboard_channel)))
    return Page(tuple(sections))


def _dashboard(ctx: Context) -> list[Section]:
    """The dashboard on the web: the practice's for admins, one's own for everyone else."""
    button = dashboard_button(ctx)
    if not button:
        return []
    what = ("The practice's quarter at a glance: the goal and its pace, each clinician, "
            "sources and referrals, with charts." if ctx.member.is_admin else
            "Your streak, commitments, plan and sources on one page.")
    return [Section("Dashboard", f"{what} The button sends a sign-in link to you alone.",
                    button)]


def _my_week(uow: UnitOfWork, ctx: Context) -> Section:
    open_ones = uow.commitments.for_member(ctx.workspace.id, ctx.member.id, [Status.OPEN])
    actions = (Button("Add a commitment", "commit", primary=True),
               Button("My history", "list all"))
    if not open_ones:
        return Section("My week", "Nothing planned yet. What will you do this week to get in "
                                  "front of people?", actions)
    lines = [f"#{c.number} {c.what} — {describe_day(c.due_date, ctx.today)}"
             for c in open_ones[:MAX_HOME_COMMITMENTS]]
    if len(open_ones) > MAX_HOME_COMMITMENTS:
        lines.append(f"…and {len(open_ones) - MAX_HOME_COMMITMENTS} more (/outreach list)")
    done_buttons = tuple(Button(f"Done #{c.number}", f"done #{c.number}")
                         for c in open_ones[:3])
    return Section("My week", "\n".join(lines), (*done_buttons, *actions))


def _my_streak(uow: UnitOfWork, ctx: Context) -> Section:
    streak = streak_for(uow, ctx)
    weeks = "week" if streak.current == 1 else "weeks"
    state = "kept ✅" if streak.this_week_kept else "not yet"
    if ctx.member.is_paused(ctx.today):
        state = "paused 🌴"
    return Section("My streak", f"🔥 {streak.current} {weeks} (best {streak.best}) · this week: "
                                f"{state} · {plural(streak.freezes_left, 'freeze')} left",
                   (Button("Streak details", "streak"),))
