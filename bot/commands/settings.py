"""A member's own settings: pause, resume, timezone, quiet hours, and `me clinician on|off`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from bot.commands.registry import REGISTRY
from bot.grammar import Command, parse_clock_time
from bot.usecases import membership


@dataclass(frozen=True)
class Pause(Command):
    until: str


@dataclass(frozen=True)
class Resume(Command):
    pass


@dataclass(frozen=True)
class SetMyTimezone(Command):
    zone: str


@dataclass(frozen=True)
class SetQuietHours(Command):
    start: time | None
    end: time | None


@dataclass(frozen=True)
class SetClinician(Command):
    on: bool


def _pause(words: str) -> Pause | str:
    until = re.sub(r"^(?:until|till|til|through|thru|to|for)(?:\s+|$)", "", words,
                   flags=re.IGNORECASE)
    return Pause(until) if until else "Until when?"


def _timezone(words: str) -> SetMyTimezone | str:
    if not words or " " in words:
        return "Give one IANA zone name."
    return SetMyTimezone(words)


def _quiet(words: str) -> SetQuietHours | str:
    if words.lower() in ("off", "none", "clear"):
        return SetQuietHours(None, None)
    first, dash, last = words.replace("–", "-").replace(" to ", "-").partition("-")
    start, end = parse_clock_time(first), parse_clock_time(last)
    if not dash or start is None or end is None or start == end:
        return "Quiet hours look like 19:00-08:00."
    return SetQuietHours(start, end)


def _me(words: str) -> SetClinician | str:
    said = words.lower().split()
    if len(said) == 2 and said[0] == "clinician" and said[1] in ("on", "off"):
        return SetClinician(said[1] == "on")
    return "Say /outreach me clinician on, or off."


REGISTRY.verb("pause", "/outreach pause until <day> — or /outreach pause 2 weeks", _pause,
              aliases=("vacation", "away"), place=12)
REGISTRY.verb("resume", "/outreach resume", lambda words: Resume(),
              aliases=("unpause", "back"), place=13)
REGISTRY.verb("timezone", "/outreach timezone <Area/City>, e.g. America/Chicago", _timezone,
              aliases=("tz",), place=14)
REGISTRY.verb("quiet", "/outreach quiet 19:00-08:00 — no nudges then; /outreach quiet off",
              _quiet, aliases=("quiet-hours", "dnd"), place=15)
REGISTRY.verb("me", "/outreach me clinician on|off — whether the weekly clinician nudges come "
              "to you", _me, place=16)

REGISTRY.handles(Pause, lambda uow, ctx, c, source: membership.pause(uow, ctx, c.until, source))
REGISTRY.handles(Resume, lambda uow, ctx, c, source: membership.resume(uow, ctx, source))
REGISTRY.handles(SetMyTimezone, lambda uow, ctx, c, source: membership.set_timezone(
    uow, ctx, c.zone, source))
REGISTRY.handles(SetQuietHours, lambda uow, ctx, c, source: membership.set_quiet_hours(
    uow, ctx, c.start, c.end, source))
REGISTRY.handles(SetClinician, lambda uow, ctx, c, source: membership.set_clinician(
    uow, ctx, c.on, source))
