"""Referral sources: who sends clients, how often they should hear from us, the outreach
done for them and the referrals they sent (monthly totals, never client data)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, select
from sqlalchemy.orm import Session

from bot.model import ReferralSource, SourceKind
from storage import convert
from storage.models import CommitmentRow, OutcomeRow, ReferralSourceRow
from storage.repositories.commitments import done_in
from storage.repositories.common import apply, found, owned, read

_SOURCES = ReferralSourceRow.__table__.c
_IN_USE = select(*_SOURCES).where(_SOURCES.workspace_id == bindparam("workspace_id"),
                                  _SOURCES.retired.is_(False)).order_by(_SOURCES.tier,
                                                                          _SOURCES.name)
_OWNED_BY = _IN_USE.where(_SOURCES.owner_id == bindparam("member_id"))


class SqlSources:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, workspace_id: int, name: str, kind: SourceKind, tier: str,
            owner_id: int | None, cadence_days: int, created_on: date) -> ReferralSource:
        row = ReferralSourceRow(workspace_id=workspace_id, name=name[:120], kind=kind.value,
                                tier=tier, owner_id=owner_id, cadence_days=cadence_days,
                                retired=False, created_on=created_on)
        self.session.add(row)
        self.session.flush()
        return convert.source(row)

    def get(self, workspace_id: int, source_id: int) -> ReferralSource | None:
        row = owned(self.session, ReferralSourceRow, workspace_id, source_id)
        return convert.source(row) if row else None

    def listing(self, workspace_id: int, include_retired: bool = False) -> list[ReferralSource]:
        if not include_retired:   # every tick's planning
            return [convert.source(r) for r in read(self.session, _IN_USE,
                                                     {"workspace_id": workspace_id})]
        rows = self.session.scalars(select(ReferralSourceRow).where(
            ReferralSourceRow.workspace_id == workspace_id).order_by(ReferralSourceRow.tier,
                                                                     ReferralSourceRow.name))
        return [convert.source(r) for r in rows]

    def owned_by(self, workspace_id: int, member_id: int) -> list[ReferralSource]:
        return [convert.source(r) for r in read(self.session, _OWNED_BY, {
            "workspace_id": workspace_id, "member_id": member_id})]

    def update(self, workspace_id: int, source_id: int, **changes: Any) -> ReferralSource:
        row = found(owned(self.session, ReferralSourceRow, workspace_id, source_id),
                    f"source {source_id}")
        if "kind" in changes:
            changes["kind"] = SourceKind(changes["kind"]).value
        if "aliases" in changes:
            changes["aliases"] = "|".join(a.replace("|", " ") for a in changes["aliases"])
        apply(self.session, row, changes)
        return convert.source(row)

    def record_referrals(self, workspace_id: int, source_id: int, month: date, count: int,
                         now: datetime) -> None:
        """Set (not add to) a source's referral total for a month."""
        row = self.session.scalar(select(OutcomeRow).where(
            OutcomeRow.workspace_id == workspace_id, OutcomeRow.source_id == source_id,
            OutcomeRow.month == month))
        if row is None:
            self.session.add(OutcomeRow(workspace_id=workspace_id, source_id=source_id,
                                        month=month, referrals=count, recorded_at=now))
        else:
            row.referrals, row.recorded_at = count, now
        self.session.flush()

    def referrals(self, workspace_id: int, start: date, end: date) -> dict[int, int]:
        rows = self.session.execute(
            select(OutcomeRow.source_id, func.sum(OutcomeRow.referrals))
            .where(OutcomeRow.workspace_id == workspace_id, OutcomeRow.month >= start,
                   OutcomeRow.month < end).group_by(OutcomeRow.source_id))
        return {source_id: int(total or 0) for source_id, total in rows}

    def outcome_rows(self, workspace_id: int, start: date | None = None,
                     end: date | None = None) -> list[tuple[int, date, int]]:
        query = select(OutcomeRow.source_id, OutcomeRow.month, OutcomeRow.referrals).where(
            OutcomeRow.workspace_id == workspace_id)
        if start is not None:
            query = query.where(OutcomeRow.month >= start)
        if end is not None:
            query = query.where(OutcomeRow.month < end)
        rows = self.session.execute(query.order_by(OutcomeRow.month, OutcomeRow.source_id))
        return [(int(s), m, int(n)) for s, m, n in rows]

    @staticmethod
    def _touched(workspace_id: int, start: date, end: date
                 ) -> tuple[ColumnElement[bool], ...]:
        """Outreach for a source done in [start, end)."""
        return (CommitmentRow.workspace_id == workspace_id, CommitmentRow.source_id.is_not(None),
                done_in(start, end))

    def touch_days(self, workspace_id: int, start: date, end: date
                   ) -> dict[int, list[date]]:
        rows = self.session.execute(
            select(CommitmentRow.source_id, CommitmentRow.done_on)
            .where(*self._touched(workspace_id, start, end)))
        days: dict[int, list[date]] = {}
        for source_id, day in rows:
            if day is not None:
                days.setdefault(int(source_id or 0), []).append(day)
        return days

    def touch(self, workspace_id: int, source_id: int, day: date) -> None:
        """Record outreach on `day`; an older touch never moves the date back."""
        row = owned(self.session, ReferralSourceRow, workspace_id, source_id)
        if row is not None and (row.last_touch is None or row.last_touch < day):
            row.last_touch = day
            self.session.flush()
