"""Personal quarterly goals: one per member per quarter."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.model import GoalUnit, PersonalGoal
from storage.models import PersonalGoalRow


def _goal(row: PersonalGoalRow) -> PersonalGoal:
    return PersonalGoal(row.member_id, row.quarter, GoalUnit(row.unit), row.target)


class SqlGoals:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, workspace_id: int, member_id: int, quarter: date) -> PersonalGoalRow | None:
        return self.session.scalar(select(PersonalGoalRow).where(
            PersonalGoalRow.workspace_id == workspace_id, PersonalGoalRow.member_id == member_id,
            PersonalGoalRow.quarter == quarter))

    def get(self, workspace_id: int, member_id: int, quarter: date) -> PersonalGoal | None:
        row = self._row(workspace_id, member_id, quarter)
        return _goal(row) if row else None

    def set(self, workspace_id: int, goal: PersonalGoal, now: datetime) -> PersonalGoal:
        row = self._row(workspace_id, goal.member_id, goal.quarter)
        if row is None:
            row = PersonalGoalRow(workspace_id=workspace_id, member_id=goal.member_id,
                                  quarter=goal.quarter)
            self.session.add(row)
        row.unit, row.target, row.set_at = goal.unit.value, goal.target, now
        self.session.flush()
        return _goal(row)

    def clear(self, workspace_id: int, member_id: int, quarter: date) -> bool:
        done = self.session.execute(delete(PersonalGoalRow).where(
            PersonalGoalRow.workspace_id == workspace_id, PersonalGoalRow.member_id == member_id,
            PersonalGoalRow.quarter == quarter))
        self.session.flush()
        return bool(getattr(done, "rowcount", 0))

    def for_quarter(self, workspace_id: int, quarter: date) -> dict[int, PersonalGoal]:
        rows = self.session.scalars(select(PersonalGoalRow).where(
            PersonalGoalRow.workspace_id == workspace_id, PersonalGoalRow.quarter == quarter))
        return {row.member_id: _goal(row) for row in rows}
