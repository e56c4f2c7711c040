"""Workspaces: one per Slack team or Teams tenant, with its settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from bot.model import Platform, Workspace
from storage import convert, rollups
from storage.models import WorkspaceRow
from storage.repositories.common import apply, found, insert_or_find, read, utcnow

CLOSED_WEEKS_DEPEND_ON = {"holiday_country", "working_days"}
DEFAULT_RHYTHM_JSON = convert.rhythm_to_json(Workspace(0, Platform.CONSOLE, "", "", "UTC").rhythm)


# Built once, as plain columns (no ORM object to build): every command finds its workspace
# (bench/answers.py).
_WORKSPACES = WorkspaceRow.__table__.c
_BY_ID = select(*_WORKSPACES).where(_WORKSPACES.id == bindparam("workspace_id"))
_BY_EXTERNAL = select(*_WORKSPACES).where(_WORKSPACES.platform == bindparam("platform"),
                                          _WORKSPACES.external_id == bindparam("external_id"))


class SqlWorkspaces:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _by_external(self, platform: Platform, external_id: str) -> Any | None:
        return read(self.session, _BY_EXTERNAL, {
            "platform": platform.value, "external_id": external_id}).first()

    def get_or_create(
        self, platform: Platform, external_id: str, name: str, timezone: str
    ) -> Workspace:
        row = self._by_external(platform, external_id)
        if row is None:
            defaults = Workspace(0, platform, external_id, name, timezone)
            row = WorkspaceRow(
                platform=platform.value, external_id=external_id, name=name[:120],
                timezone=timezone, rhythm=DEFAULT_RHYTHM_JSON,
                working_days=convert.days_to_text(defaults.working_days),
                team_goal=defaults.team_goal, created_at=utcnow(),
            )
            row = insert_or_find(self.session, row,
                                 lambda: self._by_external(platform, external_id))
        return convert.workspace(row)

    def get(self, workspace_id: int) -> Workspace | None:
        row = read(self.session, _BY_ID, {"workspace_id": workspace_id}).first()
        return convert.workspace(row) if row else None

    def list_all(self) -> list[Workspace]:
        return [convert.workspace(r) for r in self.session.scalars(
            select(WorkspaceRow).order_by(WorkspaceRow.id))]

    def find(self, platform: Platform, external_id: str) -> Workspace | None:
        row = self._by_external(platform, external_id)
        return convert.workspace(row) if row else None

    def update(self, workspace_id: int, **changes: Any) -> Workspace:
        row = found(self.session.get(WorkspaceRow, workspace_id), f"workspace {workspace_id}")
        if "rhythm" in changes:
            changes["rhythm"] = convert.rhythm_to_json(changes["rhythm"])
        if "working_days" in changes:
            changes["working_days"] = convert.days_to_text(changes["working_days"])
        apply(self.session, row, changes)
        if CLOSED_WEEKS_DEPEND_ON & set(changes):   # which weeks count as closed changed
            rollups.restreak(self.session, workspace_id)
        return convert.workspace(row)

    def delete(self, platform: Platform, external_id: str) -> bool:
        """Purge a workspace and, through the foreign keys, everything it owns."""
        result = self.session.execute(delete(WorkspaceRow).where(
            WorkspaceRow.platform == platform.value, WorkspaceRow.external_id == external_id))
        return bool(getattr(result, "rowcount", 0))
