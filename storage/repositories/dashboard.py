"""The dashboard's one-time sign-in links and the sessions they open (bot/usecases/sign_in.py).
Rows hold hashes of the tokens, never the tokens; both go with their member or workspace."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.model import Platform
from bot.ports import DashboardSession
from storage.convert import aware
from storage.models import DashboardGrantRow, DashboardSessionRow, WorkspaceRow


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


class SqlDashboardAccess:
    def __init__(self, session: Session) -> None:
        self.db = session

    def add_grant(self, workspace_id: int, member_id: int, token_hash: str, now: datetime,
                  expires_at: datetime) -> None:
        self.db.add(DashboardGrantRow(workspace_id=workspace_id, member_id=member_id,
                                           token_hash=token_hash, created_at=_utc(now),
                                           expires_at=_utc(expires_at)))
        self.db.flush()

    def grant_waiting(self, token_hash: str, now: datetime) -> bool:
        return self.db.execute(
            select(DashboardGrantRow.id)
            .where(DashboardGrantRow.token_hash == token_hash,
                   DashboardGrantRow.redeemed_at.is_(None),
                   DashboardGrantRow.expires_at > _utc(now))).first() is not None

    def redeem_grant(self, token_hash: str, now: datetime) -> tuple[int, int] | None:
        # The condition is read again under the row's lock (PostgreSQL) or the one writer
        # (SQLite): a second redemption racing the first finds it redeemed and gets nothing.
        row = self.db.execute(
            update(DashboardGrantRow)
            .where(DashboardGrantRow.token_hash == token_hash,
                   DashboardGrantRow.redeemed_at.is_(None),
                   DashboardGrantRow.expires_at > _utc(now))
            .values(redeemed_at=_utc(now))
            .returning(DashboardGrantRow.workspace_id, DashboardGrantRow.member_id)).first()
        return None if row is None else (int(row[0]), int(row[1]))

    def open_session(self, workspace_id: int, member_id: int, session_hash: str,
                     now: datetime, expires_at: datetime) -> None:
        self.db.add(DashboardSessionRow(workspace_id=workspace_id, member_id=member_id,
                                             session_hash=session_hash, created_at=_utc(now),
                                             expires_at=_utc(expires_at)))
        self.db.flush()

    def session(self, session_hash: str, now: datetime) -> DashboardSession | None:
        found = self.db.execute(
            select(DashboardSessionRow.workspace_id, DashboardSessionRow.member_id,
                   WorkspaceRow.platform, WorkspaceRow.external_id,
                   DashboardSessionRow.expires_at)
            .join(WorkspaceRow, WorkspaceRow.id == DashboardSessionRow.workspace_id)
            .where(DashboardSessionRow.session_hash == session_hash,
                   DashboardSessionRow.ended_at.is_(None),
                   DashboardSessionRow.expires_at > _utc(now))).first()
        if found is None:
            return None
        workspace_id, member_id, platform, external_id, expires_at = found
        return DashboardSession(workspace_id, member_id, Platform(platform), external_id,
                                aware(expires_at))

    def end_session(self, session_hash: str, now: datetime) -> bool:
        ended = self.db.execute(
            update(DashboardSessionRow)
            .where(DashboardSessionRow.session_hash == session_hash,
                   DashboardSessionRow.ended_at.is_(None))
            .values(ended_at=_utc(now))
            .returning(DashboardSessionRow.id)).first()
        return ended is not None

    def forget_expired(self, before: datetime) -> int:
        cutoff = _utc(before)
        grants = self.db.execute(delete(DashboardGrantRow).where(
            DashboardGrantRow.expires_at < cutoff).returning(DashboardGrantRow.id)).all()
        sessions = self.db.execute(delete(DashboardSessionRow).where(
            or_(DashboardSessionRow.expires_at < cutoff, DashboardSessionRow.ended_at < cutoff)
        ).returning(DashboardSessionRow.id)).all()
        return len(grants) + len(sessions)
