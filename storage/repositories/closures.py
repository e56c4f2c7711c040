"""A practice's closures: ranges of days it is closed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.closures import Closure
from storage import rollups
from storage.models import ClosureRow


class SqlClosures:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, workspace_id: int, starts_on: date, ends_on: date) -> Closure:
        row = ClosureRow(workspace_id=workspace_id, starts_on=starts_on, ends_on=ends_on)
        self.session.add(row)
        self.session.flush()
        rollups.restreak(self.session, workspace_id)   # its weeks no longer break a streak
        return Closure(row.id, row.starts_on, row.ends_on)

    def listing(self, workspace_id: int) -> list[Closure]:
        rows = self.session.scalars(select(ClosureRow).where(
            ClosureRow.workspace_id == workspace_id).order_by(ClosureRow.starts_on,
                                                              ClosureRow.id))
        return [Closure(r.id, r.starts_on, r.ends_on) for r in rows]

    def remove(self, workspace_id: int, closure_id: int) -> bool:
        result = self.session.execute(delete(ClosureRow).where(
            ClosureRow.workspace_id == workspace_id, ClosureRow.id == closure_id))
        removed = bool(getattr(result, "rowcount", 0))
        if removed:
            rollups.restreak(self.session, workspace_id)
        return removed
