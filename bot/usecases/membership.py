"""Pause for vacation or leave, resume, and set one's own time zone."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from bot.dates import describe_day, parse_day
from bot.grammar import usage
from bot.messages import Reply, problem
from bot.model import Origin
from bot.ports import UnitOfWork
from bot.practice_calendar import choose_zone
from bot.usecases.context import Context

MAX_PAUSE_DAYS = 366
_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_SPAN = re.compile(r"^(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                   r"(?P<unit>days?|weeks?|months?)$", re.IGNORECASE)


def _pause_end(text: str, today: date) -> date | None:
    span = _SPAN.match(text.strip())
    if span:
        raw = span.group("n").lower()
        n = int(raw) if raw.isdigit() else _WORD_NUMBERS[raw]
        unit = span.group("unit").lower().rstrip("s")
        days = {"day": n, "week": 7 * n, "month": 30 * n}[unit]
        return today + timedelta(days=days - 1) if days else None
    return parse_day(text, today)


def pause(uow: UnitOfWork, ctx: Context, until_text: str, source: Origin) -> Reply:
    until = _pause_end(until_text, ctx.today)
    if until is None:
        return problem("I couldn't read that as a day.", usage("pause"))
    if until < ctx.today:
        return problem("That day has passed — pick today or later.", usage("pause"))
    if until > ctx.today + timedelta(days=MAX_PAUSE_DAYS):
        return problem("Pauses can last up to a year.", usage("pause"))
    uow.members.update(ctx.workspace.id, ctx.member.id, paused_until=until)
    uow.members.start_pause(ctx.workspace.id, ctx.member.id, ctx.today, until)
    uow.log.append(ctx.workspace.id, ctx.member.id, "pause", source, ctx.now,
                   detail=f"until {until.isoformat()}")
    uow.commit()
    return Reply(f"🌴 Paused through {describe_day(until, ctx.today)}. No nudges, and your "
                 "streak is safe. /outreach resume when you're back.")


def resume(uow: UnitOfWork, ctx: Context, source: Origin) -> Reply:
    if not ctx.member.is_paused(ctx.today):
        return Reply("You're not paused — you're all set.", ok=False)
    uow.members.update(ctx.workspace.id, ctx.member.id, paused_until=None)
    uow.members.end_pause(ctx.workspace.id, ctx.member.id, ctx.today - timedelta(days=1))
    uow.log.append(ctx.workspace.id, ctx.member.id, "resume", source, ctx.now)
    uow.commit()
    return Reply("👋 Welcome back! Nudges are on again. What's one way you'll get in front of "
                 "people this week? /outreach commit …")


def set_quiet_hours(uow: UnitOfWork, ctx: Context, start: time | None, end: time | None,
                    source: Origin) -> Reply:
    uow.members.update(ctx.workspace.id, ctx.member.id, quiet_start=start, quiet_end=end)
    uow.log.append(ctx.workspace.id, ctx.member.id, "quiet", source, ctx.now,
                   detail=f"{start:%H:%M}-{end:%H:%M}" if start and end else "off")
    uow.commit()
    if start is None or end is None:
        return Reply("🔔 Quiet hours are off.")
    return Reply(f"🌙 Quiet hours {start:%H:%M}–{end:%H:%M} (your time): a nudge that falls "
                 "in them waits until they end.")


def set_timezone(uow: UnitOfWork, ctx: Context, zone_text: str, source: Origin) -> Reply:
    zone, advice = choose_zone(zone_text)
    if zone is None:
        return problem(advice or "I don't know that time zone.", usage("timezone"))
    uow.members.update(ctx.workspace.id, ctx.member.id, timezone=zone)
    uow.log.append(ctx.workspace.id, ctx.member.id, "timezone", source, ctx.now, detail=zone)
    uow.commit()
    return Reply(f"🕘 Your time zone is now {zone}. Nudges follow your own clock.")


def set_clinician(uow: UnitOfWork, ctx: Context, on: bool, source: Origin) -> Reply:
    """Opt in to (or out of) the clinician rhythm: the weekly nudges and a row in the report."""
    uow.members.update(ctx.workspace.id, ctx.member.id, clinician=on)
    uow.log.append(ctx.workspace.id, ctx.member.id, "clinician", source, ctx.now,
                   detail="on" if on else "off")
    uow.commit()
    if on:
        return Reply("🩺 You're in: Monday kickoffs, mid-week check-ins and Friday wrap-ups "
                     "come to you, and you have a row in the owner's report.")
    return Reply("🔕 No more clinician nudges for you. Outreach you record still counts toward "
                 "the team goal; /outreach me clinician on brings the nudges back.")
