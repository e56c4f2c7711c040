"""Members of a workspace, and their pauses."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from bot.model import Member, Role
from bot.practice_calendar import week_start
from storage import convert, rollups
from storage.models import MemberRow, PauseRow
from storage.repositories.common import apply, found, insert_or_find, owned, read, utcnow

Pauses = list[tuple[date, date | None]]


# Built once: every command looks its member up, and building the statement each time cost
# more than running it (bench/answers.py).
_BY_PLATFORM_ID = select(MemberRow).where(
    MemberRow.workspace_id == bindparam("workspace_id"),
    MemberRow.platform_user_id == bindparam("platform_user_id"))
_ACTIVE_NAMES = select(MemberRow.display_name).where(
    MemberRow.workspace_id == bindparam("workspace_id"), MemberRow.active.is_(True))
_MEMBERS, _PAUSES = MemberRow.__table__.c, PauseRow.__table__.c
_BY_ID = select(*_MEMBERS).where(_MEMBERS.workspace_id == bindparam("workspace_id"),
                                 _MEMBERS.id == bindparam("member_id"))
# Every command's streak and report read these.
_ACTIVE = select(*_MEMBERS).where(_MEMBERS.workspace_id == bindparam("workspace_id"),
                                  _MEMBERS.active.is_(True)).order_by(_MEMBERS.id)
_WORKSPACES_PAUSES = select(_PAUSES.member_id, _PAUSES.starts_on, _PAUSES.ends_on).where(
    _PAUSES.workspace_id == bindparam("workspace_id"))
_PAUSES_OF = select(_PAUSES.starts_on, _PAUSES.ends_on).where(
    _PAUSES.workspace_id == bindparam("workspace_id"),
    _PAUSES.member_id == bindparam("member_id"))


class SqlMembers:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _by_platform_id(self, workspace_id: int, platform_user_id: str) -> MemberRow | None:
        return self.session.scalar(_BY_PLATFORM_ID, {
            "workspace_id": workspace_id, "platform_user_id": platform_user_id})

    def get_or_create(
        self, workspace_id: int, platform_user_id: str, display_name: str,
        timezone: str | None, role: Role = Role.MEMBER, now: datetime | None = None,
    ) -> Member:
        row = self._by_platform_id(workspace_id, platform_user_id)
        if row is None:
            row = MemberRow(
                workspace_id=workspace_id, platform_user_id=platform_user_id,
                display_name=display_name[:120], timezone=timezone, role=role.value,
                active=True, created_at=now or utcnow(),
            )
            row = insert_or_find(self.session, row,
                                 lambda: self._by_platform_id(workspace_id, platform_user_id))
        return convert.member(row)

    def get(self, workspace_id: int, member_id: int) -> Member | None:
        row = read(self.session, _BY_ID, {"workspace_id": workspace_id,
                                          "member_id": member_id}).first()
        return convert.member(row) if row else None

    def by_platform_id(self, workspace_id: int, platform_user_id: str) -> Member | None:
        row = self._by_platform_id(workspace_id, platform_user_id)
        return convert.member(row) if row else None

    def find_by_name(self, workspace_id: int, name: str) -> list[Member]:
        wanted = name.strip().lower()
        rows = self.session.scalars(select(MemberRow).where(
            MemberRow.workspace_id == workspace_id,
            (func.lower(MemberRow.display_name) == wanted)
            | (func.lower(MemberRow.platform_user_id) == wanted)))
        return [convert.member(r) for r in rows]

    def list_active(self, workspace_id: int) -> list[Member]:
        rows = read(self.session, _ACTIVE, {"workspace_id": workspace_id})
        return [convert.member(r) for r in rows]

    def active_names(self, workspace_id: int) -> list[str]:
        """Only the display names (the privacy guard's colleagues, on every command that
        saves words): no member objects built."""
        return list(self.session.scalars(_ACTIVE_NAMES, {"workspace_id": workspace_id}))

    def update(self, workspace_id: int, member_id: int, **changes: Any) -> Member:
        row = found(owned(self.session, MemberRow, workspace_id, member_id),
                    f"member {member_id}")
        if "role" in changes:
            changes["role"] = Role(changes["role"]).value
        apply(self.session, row, changes)
        return convert.member(row)

    def start_pause(self, workspace_id: int, member_id: int, start: date, end: date) -> None:
        self.end_pause(workspace_id, member_id, start)
        self.session.add(PauseRow(workspace_id=workspace_id, member_id=member_id,
                                  starts_on=start, ends_on=end))
        self.session.flush()
        rollups.restreak(self.session, workspace_id, [member_id], since=week_start(start))

    def end_pause(self, workspace_id: int, member_id: int, last_day: date) -> None:
        """Cut short any pause still running after `last_day`."""
        rows = self.session.scalars(select(PauseRow).where(
            PauseRow.workspace_id == workspace_id, PauseRow.member_id == member_id,
            (PauseRow.ends_on.is_(None)) | (PauseRow.ends_on >= last_day)))
        for row in rows:
            if row.starts_on > last_day:
                self.session.delete(row)
            else:
                row.ends_on = last_day
        self.session.flush()
        rollups.restreak(self.session, workspace_id, [member_id], since=week_start(last_day))

    def delete(self, workspace_id: int, member_id: int) -> None:
        """Forget a member: their commitments, pauses, log lines and nudges go with them."""
        self.session.execute(delete(MemberRow).where(
            MemberRow.workspace_id == workspace_id, MemberRow.id == member_id))
        self.session.flush()

    def pauses(self, workspace_id: int, member_id: int) -> Pauses:
        rows = read(self.session, _PAUSES_OF, {"workspace_id": workspace_id,
                                               "member_id": member_id})
        return [(start, end) for start, end in rows]

    def pauses_by_member(self, workspace_id: int) -> dict[int, Pauses]:
        by_member: dict[int, Pauses] = {}
        for member_id, start, end in read(self.session, _WORKSPACES_PAUSES,
                                          {"workspace_id": workspace_id}):
            by_member.setdefault(member_id, []).append((start, end))
        return by_member
