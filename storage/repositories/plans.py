"""Quarterly plans (a clinician's Community Connection Plan) and their items."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, bindparam, func, select, update
from sqlalchemy.orm import Session

from bot.model import Plan, PlanItem, PlanReview, PlanStatus, Status
from storage.convert import aware
from storage.models import CommitmentRow, MemberRow, PlanItemRow, PlanRow
from storage.repositories.common import apply, found, owned, read

_PLANS, _ITEMS = PlanRow.__table__.c, PlanItemRow.__table__.c
_OF_QUARTER = select(*_PLANS).where(_PLANS.workspace_id == bindparam("workspace_id"),
                                    _PLANS.member_id == bindparam("member_id"),
                                    _PLANS.quarter == bindparam("quarter"))
_ITEMS_OF = select(_ITEMS.id, _ITEMS.text).where(_ITEMS.plan_id == bindparam("plan_id")).order_by(
    _ITEMS.position, _ITEMS.id)


class SqlPlans:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _plan(self, row: PlanRow | Row[Any], items: Sequence[tuple[int, str]] | None = None
              ) -> Plan:
        """The plan of `row`, with its items (id, text) in order, read here if not given."""
        if items is None:
            items = [(item_id, text) for item_id, text in read(
                self.session, _ITEMS_OF, {"plan_id": row.id})]
        return Plan(row.id, row.member_id, row.quarter, row.niche, row.referrers,
                    row.update_note, row.submitted_at is not None,
                    tuple(PlanItem(item_id, n, text)
                          for n, (item_id, text) in enumerate(items, start=1)),
                    _review(row))

    def _row(self, workspace_id: int, plan_id: int) -> PlanRow:
        return found(owned(self.session, PlanRow, workspace_id, plan_id), f"plan {plan_id}")

    def get(self, workspace_id: int, member_id: int, quarter: date) -> Plan | None:
        row = read(self.session, _OF_QUARTER, {"workspace_id": workspace_id,
                                               "member_id": member_id, "quarter": quarter}).first()
        return self._plan(row) if row else None

    def get_or_create(self, workspace_id: int, member_id: int, quarter: date) -> Plan:
        existing = self.get(workspace_id, member_id, quarter)
        if existing is not None:
            return existing
        row = PlanRow(workspace_id=workspace_id, member_id=member_id, quarter=quarter,
                      niche="", referrers="", update_note="")
        self.session.add(row)
        self.session.flush()
        return self._plan(row)

    def by_id(self, workspace_id: int, plan_id: int) -> Plan | None:
        row = owned(self.session, PlanRow, workspace_id, plan_id)
        return self._plan(row) if row else None

    def update(self, workspace_id: int, plan_id: int, **changes: Any) -> Plan:
        row = self._row(workspace_id, plan_id)
        apply(self.session, row, changes)
        return self._plan(row)

    def mark_reviewed(self, workspace_id: int, plan_id: int, submission: int,
                      **changes: Any) -> Plan | None:
        """Review the submission `submission` if it still waits: one conditional UPDATE, so
        of two reviewers racing (two processes) only the first changes it; None for the
        other, and the plan is read afresh."""
        done = self.session.execute(
            update(PlanRow).where(PlanRow.workspace_id == workspace_id, PlanRow.id == plan_id,
                                  PlanRow.status == PlanStatus.SUBMITTED.value,
                                  PlanRow.submission == submission)
            .values(**changes).returning(PlanRow.id)
            .execution_options(synchronize_session=False)).first()
        row = owned(self.session, PlanRow, workspace_id, plan_id)
        if row is not None:
            self.session.refresh(row)
        return self._plan(row) if row is not None and done is not None else None

    def add_item(self, workspace_id: int, plan_id: int, text: str) -> Plan:
        row = self._row(workspace_id, plan_id)
        position = self.session.scalar(select(func.coalesce(func.max(PlanItemRow.position), 0))
                                       .where(PlanItemRow.plan_id == plan_id)) or 0
        self.session.add(PlanItemRow(workspace_id=workspace_id, plan_id=plan_id,
                                     position=position + 1, text=text[:280]))
        self.session.flush()
        return self._plan(row)

    def remove_item(self, workspace_id: int, plan_id: int, position: int) -> Plan | None:
        row = owned(self.session, PlanRow, workspace_id, plan_id)
        if row is None:
            return None
        plan = self._plan(row)
        if not 1 <= position <= len(plan.items):
            return None
        item = self.session.get(PlanItemRow, plan.items[position - 1].id)
        self.session.delete(item)
        self.session.flush()
        return self._plan(row)

    def item_statuses(self, workspace_id: int, plan_id: int) -> dict[int, list[Status]]:
        items = select(PlanItemRow.id).where(PlanItemRow.plan_id == plan_id)
        return _statuses(self.session.execute(
            select(CommitmentRow.plan_item_id, CommitmentRow.status)
            .where(CommitmentRow.workspace_id == workspace_id,
                   CommitmentRow.plan_item_id.in_(items))))

    def awaiting_review(self, workspace_id: int) -> list[Plan]:
        """Every plan submitted and not yet reviewed, oldest submission first — of members
        still here (one who left is not waited for, though `review #<plan>` still finds it)."""
        rows = self.session.scalars(select(PlanRow)
            .join(MemberRow, MemberRow.id == PlanRow.member_id).where(
            PlanRow.workspace_id == workspace_id, MemberRow.active.is_(True),
            PlanRow.status == PlanStatus.SUBMITTED.value)
            .order_by(PlanRow.last_submitted_at, PlanRow.id))
        return [self._plan(r) for r in rows]

    def item_statuses_in_quarter(self, workspace_id: int, quarter: date
                                 ) -> dict[int, list[Status]]:
        # The quarter's items first, then their commitments through the plan item index
        # (joined the other way round, SQLite walks every commitment of the practice). The
        # items are read on their own: as a subquery that finds none (no plans yet), SQLite
        # walked every commitment of the practice too (the report at five years: 100 ms).
        items = list(self.session.scalars(
            select(PlanItemRow.id).join(PlanRow, PlanRow.id == PlanItemRow.plan_id).where(
                PlanRow.workspace_id == workspace_id, PlanRow.quarter == quarter)))
        if not items:
            return {}
        return _statuses(self.session.execute(
            select(CommitmentRow.plan_item_id, CommitmentRow.status).distinct()
            .where(CommitmentRow.workspace_id == workspace_id,
                   CommitmentRow.plan_item_id.in_(items))))

    def for_quarter(self, workspace_id: int, quarter: date) -> list[Plan]:
        """The quarter's plans, their items read in one go (not a query a plan)."""
        rows = self.session.scalars(select(PlanRow).where(
            PlanRow.workspace_id == workspace_id, PlanRow.quarter == quarter)).all()
        items: dict[int, list[tuple[int, str]]] = {row.id: [] for row in rows}
        for plan_id, item_id, text in self.session.execute(
                select(PlanItemRow.plan_id, PlanItemRow.id, PlanItemRow.text)
                .join(PlanRow, PlanRow.id == PlanItemRow.plan_id)
                .where(PlanRow.workspace_id == workspace_id, PlanRow.quarter == quarter)
                .order_by(PlanItemRow.plan_id, PlanItemRow.position, PlanItemRow.id)):
            items[plan_id].append((item_id, text))
        return [self._plan(r, items[r.id]) for r in rows]


def _statuses(rows: Iterable[Any]) -> dict[int, list[Status]]:
    """(plan item id, status) rows as each item's statuses."""
    statuses: dict[int, list[Status]] = {}
    for item_id, status in rows:
        statuses.setdefault(int(item_id or 0), []).append(Status(status))
    return statuses


def _review(row: PlanRow | Row[Any]) -> PlanReview:
    statuses = {s.value for s in PlanStatus}
    status = PlanStatus(row.status) if row.status in statuses else (
        PlanStatus.SUBMITTED if row.submitted_at is not None else PlanStatus.DRAFT)
    submitted_at = row.last_submitted_at or row.submitted_at
    return PlanReview(status, row.submission or 0, aware(submitted_at) if submitted_at else None,
                      row.reviewer_id, row.review_comment or "")
