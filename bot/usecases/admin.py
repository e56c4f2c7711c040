"""The practice owner's settings: team goal, rhythm, working days, zone, catalog, roles."""

from __future__ import annotations

import re

from bot import grammar as g
from bot import wording
from bot.catalog import KEY_PATTERN
from bot.messages import Reply, problem
from bot.model import ActivityType, Origin, Role, Slot, SlotTime, day_name
from bot.ports import UnitOfWork
from bot.practice_calendar import choose_zone
from bot.usecases import closures, outcomes
from bot.usecases.context import Context
from bot.usecases.people import person
from bot.usecases.privacy_check import refuse_client_details, team_names
from bot.usecases.progress import report

AdminCommand = (
    g.AdminShow | g.AdminGoal | g.AdminRhythm | g.AdminDays | g.AdminTimezone
    | g.AdminActivityList | g.AdminActivityAdd | g.AdminActivityPoints | g.AdminActivityRemove
    | g.AdminReport | g.AdminRole | g.AdminChannel | g.AdminReferrals | g.AdminOutcomes
    | g.AdminSharePlans | g.AdminClosed | g.AdminHolidays
)


def run(uow: UnitOfWork, ctx: Context, command: AdminCommand, source: Origin) -> Reply:
    if not ctx.member.is_admin:
        return problem("Only the practice owner or an admin can do that. "
                       "Ask them to make you an admin if you run the outreach program.")
    match command:
        case g.AdminShow():
            return show(ctx)
        case g.AdminReport(period, back):
            return report(uow, ctx, period, back)
        case g.AdminActivityList():
            return list_activities(uow, ctx)
        case g.AdminReferrals(ref, month, count):
            return outcomes.record(uow, ctx, ref, month, count, source)
        case g.AdminOutcomes():
            return outcomes.report(uow, ctx)
        case g.AdminClosed(text):
            return closures.closed(uow, ctx, text, source)
        case g.AdminHolidays(code):
            return closures.holidays(uow, ctx, code, source)
        case _:
            return _change(uow, ctx, command, source)


def _change(uow: UnitOfWork, ctx: Context, command: AdminCommand, source: Origin) -> Reply:
    ws = ctx.workspace
    match command:
        case g.AdminGoal(points):
            uow.workspaces.update(ws.id, team_goal=points)
            text, detail = f"🎯 Team goal set to {points} pts a quarter.", f"goal {points}"
        case g.AdminRhythm(slot, weekday, at):
            rhythm = dict(ws.rhythm)
            rhythm[slot] = type(rhythm[slot])(weekday, at)
            uow.workspaces.update(ws.id, rhythm=rhythm)
            text = f"🗓 {slot.value} now goes out {rhythm[slot].label()} (each member's time)."
            text += silenced_beats(rhythm, ws.working_days, only=slot)
            detail = f"rhythm {slot.value} {rhythm[slot].label()}"
        case g.AdminDays(days):
            uow.workspaces.update(ws.id, working_days=days)
            names = ", ".join(day_name(d) for d in days)
            text, detail = f"📅 Working days: {names}.", f"days {names}"
            text += silenced_beats(ws.rhythm, days)
        case g.AdminTimezone(zone_text):
            zone, advice = choose_zone(zone_text)
            if zone is None:
                return problem(advice or "I don't know that time zone.", g.USAGE["admin"])
            uow.workspaces.update(ws.id, timezone=zone)
            text, detail = f"🕘 Practice time zone: {zone}.", f"timezone {zone}"
        case g.AdminRole(who, role):
            return _set_role(uow, ctx, who, role, source)
        case g.AdminSharePlans(on):
            uow.workspaces.update(ws.id, share_plans=on)
            text = ("🗺 Submitted plans are shared in the team channel." if on else
                    "🗺 Submitted plans stay private to each clinician and the admins.")
            detail = f"share plans {'on' if on else 'off'}"
        case g.AdminChannel(channel):
            uow.workspaces.update(ws.id, leaderboard_channel=channel)
            text = (f"📣 The weekly team post goes to {channel_label(channel)}." if channel
                    else "📣 The weekly team post is off.")
            detail = f"channel {channel or 'off'}"
        case _:
            return _change_catalog(uow, ctx, command, source)
    uow.log.append(ws.id, ctx.member.id, "admin", source, ctx.now, detail=detail[:200])
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
        f"Change with: {g.USAGE['admin']}")


def list_activities(uow: UnitOfWork, ctx: Context) -> Reply:
    lines = [f"• {a.key} — {a.label}: {wording.points(a.points)}"
             for a in uow.activities.list(ctx.workspace.id) if a.active]
    return Reply("Activity catalog:\n" + "\n".join(lines))


def _change_catalog(uow: UnitOfWork, ctx: Context, command: AdminCommand, source: Origin
                    ) -> Reply:
    ws_id = ctx.workspace.id
    existing = {a.key: a for a in uow.activities.list(ws_id)}
    match command:
        case g.AdminActivityAdd(key, points, label):
            if not KEY_PATTERN.match(key):
                return problem("Keys are 2–24 lowercase letters, digits or dashes, like "
                               "“open-house”.")
            label = " ".join(label.split())[:80]
            refusal = refuse_client_details(label, team=team_names(uow, ctx.workspace.id))
            if refusal:
                return refusal
            if key in existing and existing[key].active:
                return problem(f"“{key}” is already in the catalog.")
            words = tuple(w for w in re.findall(r"[a-z][a-z-]{3,}", label.lower()))
            if key in existing:
                uow.activities.update(ws_id, key, label=label, points=points, active=True)
            else:
                uow.activities.add(ws_id, ActivityType(key, label, points, words))
            text, detail = f"➕ Added {key} — {label}: {wording.points(points)}.", \
                f"activity add {key}"
        case g.AdminActivityPoints(key, points):
            if key not in existing or not existing[key].active:
                return problem(f"There's no activity “{key[:24]}”. /outreach admin activity "
                               "list shows the keys.")
            uow.activities.update(ws_id, key, points=points)
            text, detail = f"✏️ {key} is now worth {wording.points(points)}.", \
                f"activity points {key}"
        case g.AdminActivityRemove(key):
            if key not in existing or not existing[key].active:
                return problem(f"There's no activity “{key[:24]}”.")
            if sum(1 for a in existing.values() if a.active) == 1:
                return problem("The catalog needs at least one activity.")
            uow.activities.update(ws_id, key, active=False)
            text = f"🗑 Retired {key}. Past commitments keep their points."
            detail = f"activity remove {key}"
        case _:
            return problem("That admin command isn't supported.", g.USAGE["admin"])
    uow.log.append(ws_id, ctx.member.id, "admin", source, ctx.now, detail=detail)
    uow.commit()
    return Reply(text)


def _set_role(uow: UnitOfWork, ctx: Context, who: str, role: Role, source: Origin) -> Reply:
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
