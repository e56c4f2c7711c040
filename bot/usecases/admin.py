"""The practice owner's settings: team goal, rhythm, working days, zone, catalog, roles.

Only the owner or an admin may run these: the commands are registered `admin_only`
(bot/commands/), and the coach answers anyone else with `not_an_admin`."""

from __future__ import annotations

import re
from datetime import time

from bot import wording
from bot.catalog import KEY_PATTERN
from bot.grammar import usage
from bot.messages import Reply, problem
from bot.model import ActivityType, Origin, Role, Slot, SlotTime, day_name
from bot.ports import UnitOfWork
from bot.practice_calendar import choose_zone
from bot.usecases.context import Context
from bot.usecases.people import person
from bot.usecases.privacy_check import refuse_client_details, team_names


def not_an_admin() -> Reply:
    """What anyone else is told when they try an owner's command."""
    return problem("Only the practice owner or an admin can do that. "
                   "Ask them to make you an admin if you run the outreach program.")


def set_goal(uow: UnitOfWork, ctx: Context, points: int, source: Origin) -> Reply:
    uow.workspaces.update(ctx.workspace.id, team_goal=points)
    return _changed(uow, ctx, source, f"🎯 Team goal set to {points} pts a quarter.",
                    f"goal {points}")


def set_rhythm(uow: UnitOfWork, ctx: Context, slot: Slot, weekday: int, at: time,
               source: Origin) -> Reply:
    ws = ctx.workspace
    rhythm = dict(ws.rhythm)
    rhythm[slot] = type(rhythm[slot])(weekday, at)
    uow.workspaces.update(ws.id, rhythm=rhythm)
    text = f"🗓 {slot.value} now goes out {rhythm[slot].label()} (each member's time)."
    text += silenced_beats(rhythm, ws.working_days, only=slot)
    return _changed(uow, ctx, source, text, f"rhythm {slot.value} {rhythm[slot].label()}")


def set_days(uow: UnitOfWork, ctx: Context, days: tuple[int, ...], source: Origin) -> Reply:
    uow.workspaces.update(ctx.workspace.id, working_days=days)
    names = ", ".join(day_name(d) for d in days)
    text = f"📅 Working days: {names}." + silenced_beats(ctx.workspace.rhythm, days)
    return _changed(uow, ctx, source, text, f"days {names}")


def set_timezone(uow: UnitOfWork, ctx: Context, zone_text: str, source: Origin) -> Reply:
    zone, advice = choose_zone(zone_text)
    if zone is None:
        return problem(advice or "I don't know that time zone.", usage("admin"))
    uow.workspaces.update(ctx.workspace.id, timezone=zone)
    return _changed(uow, ctx, source, f"🕘 Practice time zone: {zone}.", f"timezone {zone}")


def share_plans(uow: UnitOfWork, ctx: Context, on: bool, source: Origin) -> Reply:
    uow.workspaces.update(ctx.workspace.id, share_plans=on)
    text = ("🗺 Submitted plans are shared in the team channel." if on else
            "🗺 Submitted plans stay private to each clinician and the admins.")
    return _changed(uow, ctx, source, text, f"share plans {'on' if on else 'off'}")


def set_channel(uow: UnitOfWork, ctx: Context, channel: str | None, source: Origin) -> Reply:
    uow.workspaces.update(ctx.workspace.id, leaderboard_channel=channel)
    text = (f"📣 The weekly team post goes to {channel_label(channel)}." if channel
            else "📣 The weekly team post is off.")
    return _changed(uow, ctx, source, text, f"channel {channel or 'off'}")


def _changed(uow: UnitOfWork, ctx: Context, source: Origin, text: str, detail: str) -> Reply:
    """A setting changed: noted in the log (`detail`), committed, and said (`text`)."""
    uow.log.append(ctx.workspace.id, ctx.member.id, "admin", source, ctx.now,
                   detail=detail[:200])
    uow.commit()
    return Reply(text)


def silenced_beats(rhythm: dict[Slot, SlotTime], days: tuple[int, ...],
                   only: Slot | None = None) -> str:
    """A warning for each beat that falls on a day that isn't a working day: nothing is sent
    on those days, so that beat would never go out."""
    silent = [(slot, at) for slot, at in rhythm.items()
              if at.weekday not in days and (only is None or slot is only)]
    if not silent:
        return ""
    beats = " and ".join(f"the {slot.value} ({at.label()})" for slot, at in silent)
    working = ", ".join(day_name(d) for d in days)
    first, one = silent[0][0].value, len(silent) == 1
    return (f"\n⚠️ {beats[0].upper()}{beats[1:]} {'falls' if one else 'fall'} outside your "
            f"working days ({working}), so {'it' if one else 'they'} won't be sent. Move "
            f"{'it' if one else 'them'} with admin rhythm {first} <day> <time>, or change the "
            "days with admin days.")


def channel_label(channel: str | None) -> str:
    """How a stored channel reads: ids as a #reference, names as typed."""
    if channel is None:
        return "not set"
    return f"#{channel}"


def show(ctx: Context) -> Reply:
    ws = ctx.workspace
    beats = ", ".join(f"{slot.value} {t.label()}" for slot, t in ws.rhythm.items())
    days = ", ".join(day_name(d) for d in ws.working_days)
    return Reply(
        f"⚙️ Settings for {ws.name}\nTeam goal: {ws.team_goal} pts a quarter\n"
        f"Rhythm: {beats}\nWorking days: {days}\nPractice time zone: {ws.timezone}\n"
        f"Leaderboard channel: {channel_label(ws.leaderboard_channel)}\n"
        f"Change with: {usage('admin')}")


def list_activities(uow: UnitOfWork, ctx: Context) -> Reply:
    lines = [f"• {a.key} — {a.label}: {wording.points(a.points)}"
             for a in uow.activities.list(ctx.workspace.id) if a.active]
    return Reply("Activity catalog:\n" + "\n".join(lines))


def add_activity(uow: UnitOfWork, ctx: Context, key: str, points: int, label: str,
                 source: Origin) -> Reply:
    if not KEY_PATTERN.match(key):
        return problem("Keys are 2–24 lowercase letters, digits or dashes, like "
                       "“open-house”.")
    label = " ".join(label.split())[:80]
    refusal = refuse_client_details(label, team=team_names(uow, ctx.workspace.id))
    if refusal:
        return refusal
    existing = _catalog(uow, ctx)
    if key in existing and existing[key].active:
        return problem(f"“{key}” is already in the catalog.")
    words = tuple(w for w in re.findall(r"[a-z][a-z-]{3,}", label.lower()))
    if key in existing:
        uow.activities.update(ctx.workspace.id, key, label=label, points=points, active=True)
    else:
        uow.activities.add(ctx.workspace.id, ActivityType(key, label, points, words))
    return _changed(uow, ctx, source, f"➕ Added {key} — {label}: {wording.points(points)}.",
                    f"activity add {key}")


def set_activity_points(uow: UnitOfWork, ctx: Context, key: str, points: int, source: Origin
                        ) -> Reply:
    existing = _catalog(uow, ctx)
    if key not in existing or not existing[key].active:
        return problem(f"There's no activity “{key[:24]}”. /outreach admin activity "
                       "list shows the keys.")
    uow.activities.update(ctx.workspace.id, key, points=points)
    return _changed(uow, ctx, source, f"✏️ {key} is now worth {wording.points(points)}.",
                    f"activity points {key}")


def retire_activity(uow: UnitOfWork, ctx: Context, key: str, source: Origin) -> Reply:
    existing = _catalog(uow, ctx)
    if key not in existing or not existing[key].active:
        return problem(f"There's no activity “{key[:24]}”.")
    if sum(1 for a in existing.values() if a.active) == 1:
        return problem("The catalog needs at least one activity.")
    uow.activities.update(ctx.workspace.id, key, active=False)
    return _changed(uow, ctx, source, f"🗑 Retired {key}. Past commitments keep their points.",
                    f"activity remove {key}")


def _catalog(uow: UnitOfWork, ctx: Context) -> dict[str, ActivityType]:
    return {a.key: a for a in uow.activities.list(ctx.workspace.id)}


def set_role(uow: UnitOfWork, ctx: Context, who: str, role: Role, source: Origin) -> Reply:
    target = person(uow, ctx, who)
    if isinstance(target, Reply):
        return target
    if target.role is Role.OWNER:
        return problem("The practice owner's role can't be changed.")
    keep = {"clinician": True} if target.clinician is None and target.is_clinician else {}
    uow.members.update(ctx.workspace.id, target.id, role=role, **keep)
    uow.log.append(ctx.workspace.id, ctx.member.id, "admin", source, ctx.now,
                   detail=f"role {role.value} for member {target.id}")
    uow.commit()
    title = "an admin" if role is Role.ADMIN else "a member"
    later = "" if target.active else " They'll find it set when they first use ShowUp."
    return Reply(f"👤 {target.display_name} is now {title}.{later}")
