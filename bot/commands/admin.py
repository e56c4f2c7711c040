"""The practice owner's settings: the `admin` verb, and its sub-words show, goal, rhythm, days,
timezone, activity, role, channel, closed and holidays. Other families add their own
sub-words (report, export, forget, referrals, outcomes, plans) to the same verb."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from bot.commands.registry import ADMIN, REGISTRY
from bot.grammar import WEEKDAYS, Command, parse_clock_time, parse_weekdays, shorten
from bot.model import Role, Slot
from bot.usecases import admin, closures


@dataclass(frozen=True)
class AdminShow(Command):
    pass


@dataclass(frozen=True)
class AdminGoal(Command):
    points: int


@dataclass(frozen=True)
class AdminRhythm(Command):
    slot: Slot
    weekday: int
    at: time


@dataclass(frozen=True)
class AdminDays(Command):
    days: tuple[int, ...]


@dataclass(frozen=True)
class AdminTimezone(Command):
    zone: str


@dataclass(frozen=True)
class AdminActivityList(Command):
    pass


@dataclass(frozen=True)
class AdminActivityAdd(Command):
    key: str
    points: int
    label: str


@dataclass(frozen=True)
class AdminActivityPoints(Command):
    key: str
    points: int


@dataclass(frozen=True)
class AdminActivityRemove(Command):
    key: str


@dataclass(frozen=True)
class AdminChannel(Command):
    channel: str | None


@dataclass(frozen=True)
class AdminClosed(Command):
    """`admin closed` (the list), `admin closed dec 24-jan 1`, `admin closed remove 2`."""

    text: str = ""


@dataclass(frozen=True)
class AdminHolidays(Command):
    code: str | None  # None: no public-holiday calendar


@dataclass(frozen=True)
class AdminRole(Command):
    who: str
    role: Role


_SLOTS = {
    "kickoff": Slot.KICKOFF, "kick-off": Slot.KICKOFF, "monday": Slot.KICKOFF,
    "checkin": Slot.CHECKIN, "check-in": Slot.CHECKIN, "midweek": Slot.CHECKIN,
    "mid-week": Slot.CHECKIN, "wrapup": Slot.WRAPUP, "wrap-up": Slot.WRAPUP,
    "teampost": Slot.TEAM_POST, "team-post": Slot.TEAM_POST, "post": Slot.TEAM_POST,
    "channel": Slot.TEAM_POST, "board": Slot.TEAM_POST,
}


def _admin(words: str) -> Command | str:
    head, _, tail = words.partition(" ")
    word = REGISTRY.admin_word_for(head.lower())
    if word is None:
        return f"There's no admin setting “{shorten(head.lower())}”."
    return word.parse(tail.strip())


def _positive_int(text: str, limit: int = 100_000) -> int | None:
    if not re.fullmatch(r"\d{1,6}", text.strip()):
        return None
    value = int(text)
    return value if 0 < value <= limit else None


def _goal(words: str) -> AdminGoal | str:
    points = _positive_int(words)
    if points is None:
        return "The team goal is a whole number of points, like 150."
    return AdminGoal(points)


def _rhythm(words: str) -> AdminRhythm | str:
    parts = words.split(" ")
    if len(parts) < 3 or parts[0].lower() not in _SLOTS:
        return "Say which beat, the day and the time, e.g. rhythm kickoff mon 09:00."
    weekday = WEEKDAYS.get(parts[1].lower())
    at = parse_clock_time(" ".join(parts[2:]))
    if weekday is None or at is None:
        return "Use a weekday name and a time like 09:00 or 3pm."
    return AdminRhythm(_SLOTS[parts[0].lower()], weekday, at)


def _days(words: str) -> AdminDays | str:
    days = parse_weekdays(words)
    if days is None:
        return "Working days look like mon-fri or mon,tue,thu."
    return AdminDays(days)


def _timezone(words: str) -> AdminTimezone | str:
    if not words or " " in words:
        return "Give one IANA zone name, like America/Chicago."
    return AdminTimezone(words)


def _activity(words: str) -> Command | str:
    verb, _, rest = words.partition(" ")
    verb, rest = verb.lower(), rest.strip()
    if verb in ("", "list"):
        return AdminActivityList()
    if verb == "add":
        parts = rest.split(" ", 2)
        points = _positive_int(parts[1], 100) if len(parts) > 1 else None
        if len(parts) < 3 or points is None:
            return "Adding needs a key, points (1–100) and a label."
        return AdminActivityAdd(parts[0].lower(), points, parts[2])
    if verb == "points":
        parts = rest.split(" ")
        points = _positive_int(parts[1], 100) if len(parts) == 2 else None
        if points is None:
            return "Say the activity key and its new points (1–100)."
        return AdminActivityPoints(parts[0].lower(), points)
    if verb in ("remove", "retire", "delete"):
        if not rest or " " in rest:
            return "Say which activity key to retire."
        return AdminActivityRemove(rest.lower())
    return f"Activities can be listed, added, re-pointed or removed, not “{shorten(verb)}”."


def _set_role(words: str) -> AdminRole | str:
    who, _, role_word = words.rpartition(" ")
    return _role(who, role_word)


def _role(who: str, role_word: str) -> AdminRole | str:
    role = {"admin": Role.ADMIN, "member": Role.MEMBER}.get(role_word.lower())
    if not who.strip() or role is None:
        return "Say who, then admin or member."
    return AdminRole(who.strip().lstrip("@"), role)


def _channel(words: str) -> AdminChannel | str:
    if words.lower() in ("off", "none"):
        return AdminChannel(None)
    channel = words.lstrip("#")
    if not re.fullmatch(r"[\w.-]{1,80}", channel):
        return "Pick the channel for the weekly team post, e.g. #outreach."
    return AdminChannel(channel)


def _holidays(words: str) -> AdminHolidays | str:
    if words.lower() in ("off", "none"):
        return AdminHolidays(None)
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,4})?", words):
        return "Say a country's code, like US or GB-SCT, or off."
    return AdminHolidays(words)


# The usage line is "/outreach admin [" + each sub-word's fragment, by place, + "]".
REGISTRY.verb(ADMIN, "/outreach admin", _admin, aliases=("settings",), place=18)
REGISTRY.admin_word("show", lambda words: AdminShow(), aliases=("", "settings"))
REGISTRY.admin_word("goal", _goal, usage="goal <points>", place=1)
REGISTRY.admin_word("rhythm", _rhythm, usage="rhythm <kickoff|checkin|wrapup|teampost> <day> "
                    "<HH:MM>", aliases=("time", "schedule"), place=2)
REGISTRY.admin_word("days", _days, usage="days mon-fri", aliases=("workdays", "working-days"),
                    place=3)
REGISTRY.admin_word("timezone", _timezone, usage="timezone <Area/City>", aliases=("tz",),
                    place=4)
REGISTRY.admin_word("activity", _activity, usage="activity [list|add <key> <points> <label>|"
                    "points <key> <points>|remove <key>]", aliases=("activities", "catalog"),
                    place=5)
REGISTRY.admin_word("role", _set_role, usage="role <name> admin|member", place=7)
REGISTRY.admin_word("promote", lambda words: _role(words, "admin"))
REGISTRY.admin_word("demote", lambda words: _role(words, "member"))
REGISTRY.admin_word("channel", _channel, usage="channel <#channel>|off",
                    aliases=("leaderboard",), place=8)
REGISTRY.admin_word("closed", lambda words: AdminClosed(words),
                    usage="closed [dec 24-jan 1 | remove <n>]",
                    aliases=("closure", "closures", "close"), place=14)
REGISTRY.admin_word("holidays", _holidays, usage="holidays <US|off>", aliases=("holiday",),
                    place=15)

REGISTRY.handles(AdminShow, lambda uow, ctx, c, source: admin.show(ctx), admin_only=True)
REGISTRY.handles(AdminGoal, lambda uow, ctx, c, source: admin.set_goal(
    uow, ctx, c.points, source), admin_only=True)
REGISTRY.handles(AdminRhythm, lambda uow, ctx, c, source: admin.set_rhythm(
    uow, ctx, c.slot, c.weekday, c.at, source), admin_only=True)
REGISTRY.handles(AdminDays, lambda uow, ctx, c, source: admin.set_days(
    uow, ctx, c.days, source), admin_only=True)
REGISTRY.handles(AdminTimezone, lambda uow, ctx, c, source: admin.set_timezone(
    uow, ctx, c.zone, source), admin_only=True)
REGISTRY.handles(AdminActivityList, lambda uow, ctx, c, source: admin.list_activities(
    uow, ctx), admin_only=True)
REGISTRY.handles(AdminActivityAdd, lambda uow, ctx, c, source: admin.add_activity(
    uow, ctx, c.key, c.points, c.label, source), admin_only=True)
REGISTRY.handles(AdminActivityPoints, lambda uow, ctx, c, source: admin.set_activity_points(
    uow, ctx, c.key, c.points, source), admin_only=True)
REGISTRY.handles(AdminActivityRemove, lambda uow, ctx, c, source: admin.retire_activity(
    uow, ctx, c.key, source), admin_only=True)
REGISTRY.handles(AdminRole, lambda uow, ctx, c, source: admin.set_role(
    uow, ctx, c.who, c.role, source), admin_only=True)
REGISTRY.handles(AdminChannel, lambda uow, ctx, c, source: admin.set_channel(
    uow, ctx, c.channel, source), admin_only=True)
REGISTRY.handles(AdminClosed, lambda uow, ctx, c, source: closures.closed(
    uow, ctx, c.text, source), admin_only=True)
REGISTRY.handles(AdminHolidays, lambda uow, ctx, c, source: closures.holidays(
    uow, ctx, c.code, source), admin_only=True)
