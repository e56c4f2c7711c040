"""Practice closures and holidays: `admin closed dec 24-jan 1`, `admin closed` (the list),
`admin closed remove 2`, `admin holidays US` / `admin holidays off`."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.closures import closed_days, holiday_names, known_calendar, mostly_closed_weeks
from bot.dates import describe_day, parse_day
from bot.grammar import usage
from bot.messages import Reply, problem
from bot.model import Origin, Workspace
from bot.ports import UnitOfWork
from bot.usecases.context import Context

MAX_CLOSURE_DAYS = 62
SHOWN_AHEAD_DAYS = 120
STREAK_HISTORY = timedelta(weeks=5 * 52)
_RANGE = re.compile(r"\s*(?:–|—|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\btill\b)\s*",
                    re.IGNORECASE)


def closed_near(uow: UnitOfWork, workspace: Workspace, day: date, before: int = 4,
                after: int = 1) -> frozenset[date]:
    """Closed days around `day`: enough for a planning window in any member's zone."""
    return closed_days(uow.closures.listing(workspace.id), workspace.holiday_country,
                       day - timedelta(days=before), day + timedelta(days=after))


def closed_weeks(uow: UnitOfWork, workspace: Workspace, today: date) -> set[date]:
    """Weeks (Mondays) that were mostly closed: they neither break nor extend a streak."""
    closures = uow.closures.listing(workspace.id)
    if not closures and not workspace.holiday_country:
        return set()
    return mostly_closed_weeks(closures, workspace.holiday_country, workspace.working_days,
                               today - STREAK_HISTORY, today)


def closed(uow: UnitOfWork, ctx: Context, text: str, source: Origin) -> Reply:
    words = text.split()
    if not words:
        return _listing(uow, ctx)
    if words[0].lower() in ("remove", "delete", "cancel") and len(words) == 2:
        return _remove(uow, ctx, words[1].lstrip("#"), source)
    span = _read_span(text, ctx.workspace_today)
    if isinstance(span, Reply):
        return span
    first, last = span
    uow.closures.add(ctx.workspace.id, first, last)
    uow.log.append(ctx.workspace.id, ctx.member.id, "admin", source, ctx.now,
                   detail=f"closed {first.isoformat()} {last.isoformat()}")
    uow.commit()
    return Reply(f"🏖 Closed {_span(first, last, ctx.workspace_today)}: no nudges or team "
                 "posts then, and a week that's mostly closed can't break anyone's streak.")


def holidays(uow: UnitOfWork, ctx: Context, code: str | None, source: Origin) -> Reply:
    if code is None:
        uow.workspaces.update(ctx.workspace.id, holiday_country=None)
        text = "📅 No public-holiday calendar: only the closures you add count as closed."
    else:
        calendar = known_calendar(code)
        if calendar is None:
            return problem(f"I don't know a holiday calendar “{code[:12]}”. Use a country "
                           "code like US, CA or GB, or a region like US-CA or GB-SCT.",
                           usage("admin"))
        uow.workspaces.update(ctx.workspace.id, holiday_country=calendar)
        today = ctx.workspace_today
        coming = holiday_names(calendar, today, today + timedelta(days=SHOWN_AHEAD_DAYS))
        upcoming = "; ".join(f"{describe_day(d, today)} {n}" for d, n in sorted(coming.items()))
        text = (f"📅 The practice is closed on {calendar} public holidays."
                + (f" Next: {upcoming}." if upcoming else ""))
    uow.log.append(ctx.workspace.id, ctx.member.id, "admin", source, ctx.now,
                   detail=f"holidays {code or 'off'}")
    uow.commit()
    return Reply(text)


def _listing(uow: UnitOfWork, ctx: Context) -> Reply:
    today = ctx.workspace_today
    ahead = [c for c in uow.closures.listing(ctx.workspace.id) if c.ends_on >= today]
    lines = ["🏖 Closures:" if ahead else "🏖 No closures ahead. Add one: admin closed dec 24-jan 1"]
    lines += [f"{n}. {_span(c.starts_on, c.ends_on, today)}" for n, c in enumerate(ahead, 1)]
    code = ctx.workspace.holiday_country
    if code:
        coming = holiday_names(code, today, today + timedelta(days=SHOWN_AHEAD_DAYS))
        lines.append(f"Public holidays ({code}): " + ("; ".join(
            f"{describe_day(d, today)} {n}" for d, n in sorted(coming.items())) or "none soon"))
    return Reply("\n".join(lines))


def _remove(uow: UnitOfWork, ctx: Context, which: str, source: Origin) -> Reply:
    today = ctx.workspace_today
    ahead = [c for c in uow.closures.listing(ctx.workspace.id) if c.ends_on >= today]
    if not which.isdigit() or not 1 <= int(which) <= len(ahead):
        return problem("Say which closure by its number in /outreach admin closed.")
    gone = ahead[int(which) - 1]
    uow.closures.remove(ctx.workspace.id, gone.id)
    uow.log.append(ctx.workspace.id, ctx.member.id, "admin", source, ctx.now,
                   detail=f"open {gone.starts_on.isoformat()} {gone.ends_on.isoformat()}")
    uow.commit()
    return Reply(f"🏖 Removed the closure {_span(gone.starts_on, gone.ends_on, today)}: "
                 "the rhythm runs on those days again.")


def _read_span(text: str, today: date) -> tuple[date, date] | Reply:
    """"dec 24-jan 1", "dec 24 to jan 1", "2026-12-24", "friday": the first and last day."""
    parts = _RANGE.split(text.strip(), maxsplit=1)
    if len(parts) == 1:
        parts = _split_on_dash(text.strip(), today) or parts
    days = [parse_day(part, today) for part in parts]
    if any(day is None for day in days):
        return problem("Give the days the practice is closed, like dec 24-jan 1 or fri.",
                       usage("admin"))
    first, last = days[0], days[-1]
    assert first is not None and last is not None
    if last < first:
        return problem("The closure ends before it starts.", usage("admin"))
    if first < today:
        return problem("That day has passed; closures are for days ahead.", usage("admin"))
    if (last - first).days >= MAX_CLOSURE_DAYS:
        return problem(f"A closure is at most {MAX_CLOSURE_DAYS} days; to stop the rhythm for "
                       "longer, members can pause.", usage("admin"))
    return first, last


def _split_on_dash(text: str, today: date) -> list[str] | None:
    """"dec 24-jan 1": the dash that leaves a day on both sides (dates hold dashes too)."""
    for at in [i for i, ch in enumerate(text) if ch == "-"]:
        left, right = text[:at], text[at + 1:]
        if parse_day(left, today) and parse_day(right, today):
            return [left, right]
    return None


def _span(first: date, last: date, today: date) -> str:
    if first == last:
        return describe_day(first, today)
    return f"{describe_day(first, today)} – {describe_day(last, today)}"
