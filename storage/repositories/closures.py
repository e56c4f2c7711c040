"""A practice's closures: ranges of days it is closed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from bot.closures import Closure
from storage import rollups
from storage.models import ClosureRow

_LISTING = (select(ClosureRow.id, ClosureRow.starts_on, ClosureRow.ends_on)
            .where(ClosureRow.workspace_id == bindparam("workspace_id"))
            .order_by(ClosureRow.starts_on, ClosureRow.id))


class SqlClosures:
    def __init__(self, session: Session) -> None:
        self.session = session
        # Each workspace's listing, read once per unit of work (a Monday streak update asks
        # twice: is today closed, and which weeks were); a change here forgets it.
        self._listed: dict[int, list[Closure]] = {}

    def add(self, workspace_id: int, starts_on: date, ends_on: date) -> Closure:
        self._listed.pop(workspace_id, None)
        row = ClosureRow(workspace_id=workspace_id, starts_on=starts_on, ends_on=ends_on)
        self.session.add(row)
        self.session.flush()
        rollups.restreak(self.session, workspace_id)   # its weeks no longer break a streak
        return Closure(row.id, row.starts_on, row.ends_on)

    def listing(self, workspace_id: int) -> list[Closure]:
        if workspace_id not in self._listed:
            rows = self.session.execute(_LISTING, {"workspace_id": workspace_id})
            self._listed[workspace_id] = [Closure(*row) for row in rows]
        return list(self._listed[workspace_id])

    def remove(self, workspace_id: int, closure_id: int) -> bool:
        self._listed.pop(workspace_id, None)
        result = self.session.execute(delete(ClosureRow).where(
            ClosureRow.workspace_id == workspace_id, ClosureRow.id == closure_id))
        removed = bool(getattr(result, "rowcount", 0))
        if removed:
            rollups.restreak(self.session, workspace_id)
        return removed
