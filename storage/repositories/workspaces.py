"""Workspaces: one per Slack team or Teams tenant, with its settings."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, exists, or_, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.model import Platform, Workspace
from storage import convert, rollups
from storage.db import postgresql_insert
from storage.models import PlanningMarkRow, WorkspaceRow
from storage.repositories.common import apply, found, insert_or_find, utcnow

CLOSED_WEEKS_DEPEND_ON = {"holiday_country", "working_days"}
DEFAULT_RHYTHM_JSON = convert.rhythm_to_json(Workspace(0, Platform.CONSOLE, "", "", "UTC").rhythm)


# Built once: every command finds its workspace (bench/answers.py).
_BY_EXTERNAL = select(WorkspaceRow).where(WorkspaceRow.platform == bindparam("platform"),
                                          WorkspaceRow.external_id == bindparam("external_id"))


class SqlWorkspaces:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _by_external(self, platform: Platform, external_id: str) -> WorkspaceRow | None:
        return self.session.scalar(_BY_EXTERNAL, {"platform": platform.value,
                                                  "external_id": external_id})

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
        row = self.session.get(WorkspaceRow, workspace_id)
        return convert.workspace(row) if row else None

    def list_all(self) -> list[Workspace]:
        return [convert.workspace(r) for r in self.session.scalars(
            select(WorkspaceRow).order_by(WorkspaceRow.id))]

    def claim_planning(self, now: datetime, platforms: Collection[Platform], limit: int
                       ) -> list[Workspace]:
        """Up to `limit` workspaces on `platforms` that no process has planned in `now`'s
        minute, stamped as planned at `now` in this transaction. On PostgreSQL marks another
        transaction holds are skipped (SKIP LOCKED), so processes planning at once share the
        workspaces; if this transaction rolls back, its stamps go with it."""
        self._mark_new_workspaces()
        minute = now.replace(second=0, microsecond=0)
        planned = PlanningMarkRow.planned_at
        pick = (select(PlanningMarkRow.workspace_id)
                .join(WorkspaceRow, WorkspaceRow.id == PlanningMarkRow.workspace_id)
                .where(WorkspaceRow.platform.in_([p.value for p in platforms]),
                       or_(planned.is_(None), planned < minute,
                           planned >= minute + timedelta(minutes=1)))
                .order_by(PlanningMarkRow.workspace_id).limit(limit))
        if self.session.get_bind().dialect.name == "postgresql":
            pick = pick.with_for_update(of=PlanningMarkRow, skip_locked=True)
        ids = list(self.session.scalars(pick))
        if not ids:
            return []
        self.session.execute(update(PlanningMarkRow)
                             .where(PlanningMarkRow.workspace_id.in_(ids))
                             .values(planned_at=now))
        return [convert.workspace(r) for r in self.session.scalars(
            select(WorkspaceRow).where(WorkspaceRow.id.in_(ids)).order_by(WorkspaceRow.id))]

    def _mark_new_workspaces(self) -> None:
        """A mark for every workspace that has none yet (one installed since the last tick).
        On PostgreSQL in a short transaction of its own: inserted in the claiming one, a
        second process adding the same marks would wait for the first's whole batch."""
        missing = select(WorkspaceRow.id).where(~exists().where(
            PlanningMarkRow.workspace_id == WorkspaceRow.id))
        bind = self.session.get_bind()
        if bind.dialect.name != "postgresql" or not isinstance(bind, Engine):
            self._add_marks(self.session, sqlite_insert, missing)
            return
        with bind.begin() as conn:
            self._add_marks(conn, postgresql_insert, missing)

    @staticmethod
    def _add_marks(db: Session | Connection, insert: Callable[[Any], Any], missing: Any
                   ) -> None:
        ids = list(db.scalars(missing))
        if ids:
            db.execute(insert(PlanningMarkRow).values([{"workspace_id": i} for i in ids])
                       .on_conflict_do_nothing(index_elements=["workspace_id"]))

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
