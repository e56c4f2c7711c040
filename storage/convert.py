"""Rows to domain values and back; the only place that knows both shapes."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import Row

from bot.model import (
    DEFAULT_RHYTHM,
    ActivityType,
    Commitment,
    Kind,
    Member,
    Platform,
    ReferralSource,
    Role,
    SlotTime,
    SourceKind,
    Status,
    Workspace,
)
from storage.models import (
    ActivityRow,
    CommitmentRow,
    MemberRow,
    ReferralSourceRow,
    WorkspaceRow,
)


def aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything ShowUp stores is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def rhythm_to_json(rhythm: dict[Kind, SlotTime]) -> dict[str, Any]:
    return {beat.value: {"weekday": t.weekday, "at": t.at.strftime("%H:%M")}
            for beat, t in rhythm.items()}


def rhythm_from_json(data: dict[str, Any] | None) -> dict[Kind, SlotTime]:
    """A workspace's rhythm: what it set, and the default time for every beat it never set
    (a workspace stored before that beat existed). A key that is no movable beat in this
    version (one written by a newer ShowUp) is left out, as is one that cannot be read."""
    rhythm = dict(DEFAULT_RHYTHM)
    for key, value in (data or {}).items():
        if key not in DEFAULT_RHYTHM:
            continue
        try:
            hour, minute = (int(part) for part in str(value["at"]).split(":"))
            rhythm[Kind(key)] = SlotTime(int(value["weekday"]), time(hour, minute))
        except (KeyError, TypeError, ValueError):
            continue
    return rhythm


def days_to_text(days: tuple[int, ...]) -> str:
    return ",".join(str(d) for d in days)


def days_from_text(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip())


def workspace(row: WorkspaceRow | Row[Any]) -> Workspace:
    return Workspace(
        id=row.id,
        platform=Platform(row.platform),
        external_id=row.external_id,
        name=row.name,
        timezone=row.timezone,
        rhythm=rhythm_from_json(row.rhythm),
        working_days=days_from_text(row.working_days),
        team_goal=row.team_goal,
        leaderboard_channel=row.leaderboard_channel,
        share_plans=row.share_plans,
        holiday_country=row.holiday_country,
    )


def member(row: MemberRow | Row[Any]) -> Member:
    return Member(
        id=row.id,
        workspace_id=row.workspace_id,
        platform_user_id=row.platform_user_id,
        display_name=row.display_name,
        timezone=row.timezone,
        role=Role(row.role),
        active=row.active,
        paused_until=row.paused_until,
        joined_at=aware(row.created_at),
        quiet_start=row.quiet_start,
        quiet_end=row.quiet_end,
        clinician=row.clinician,
        ask_showing=row.ask_showing is not False,
    )


def activity(row: ActivityRow) -> ActivityType:
    keywords = tuple(k for k in row.keywords.split("|") if k)
    return ActivityType(row.key, row.label, row.points, keywords, row.active)


def commitment(row: CommitmentRow | Row[Any]) -> Commitment:
    return Commitment(
        id=row.id,
        member_id=row.member_id,
        what=row.what,
        activity_key=row.activity_key,
        when_where=row.when_where,
        due_date=row.due_date,
        week_start=row.week_start,
        status=Status(row.status),
        points=row.points,
        reflection=row.reflection,
        logged=row.logged,
        created_at=aware(row.created_at),
        closed_at=aware(row.closed_at) if row.closed_at else None,
        moved_from_id=row.moved_from_id,
        source_id=row.source_id,
        plan_item_id=row.plan_item_id,
        done_on=row.done_on,
        number=row.number,
    )


def source(row: ReferralSourceRow | Row[Any]) -> ReferralSource:
    return ReferralSource(
        id=row.id, workspace_id=row.workspace_id, name=row.name, kind=SourceKind(row.kind),
        tier=row.tier, owner_id=row.owner_id, cadence_days=row.cadence_days,
        last_touch=row.last_touch, retired=row.retired, created_on=row.created_on,
        aliases=tuple(a for a in row.aliases.split("|") if a))
