"""Teams conversation references: where the outbox can reach a member or a channel on Teams."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.conversations import ConversationRef, channel_address, user_address
from bot.model import Platform
from storage.models import MemberRow, TeamsConversationRow, WorkspaceRow

__all__ = ["ConversationRef", "TeamsConversations", "channel_address", "user_address"]


class TeamsConversations:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(self, ref: ConversationRef, now: datetime) -> bool:
        """Remember (or refresh) a reference; False when the tenant has no workspace yet."""
        values: dict[str, object] = {
            "conversation_id": ref.conversation_id[:400], "service_url": ref.service_url[:400],
            "tenant_id": ref.tenant_id[:64],
            "aad_object_id": ref.aad_object_id[:64] if ref.aad_object_id else None,
            "updated_at": now}
        for _ in range(2):
            with Session(self.engine) as session, session.begin():
                workspace_id = _workspace_id(session, ref.tenant_id)
                if workspace_id is None:
                    return False
                # Linked to the member whenever they exist, so forgetting them forgets it.
                values["member_id"] = _member_id(session, workspace_id, ref.address)
                changed = session.execute(update(TeamsConversationRow).where(
                    TeamsConversationRow.workspace_id == workspace_id,
                    TeamsConversationRow.address == ref.address[:120]).values(**values))
                if getattr(changed, "rowcount", 0):
                    return True
                try:
                    with session.begin_nested():
                        session.add(TeamsConversationRow(
                            workspace_id=workspace_id, address=ref.address[:120], **values))
                    return True
                except IntegrityError:
                    continue  # saved by a concurrent request a moment ago: update theirs
        return True

    def find(self, tenant_id: str, address: str) -> ConversationRef | None:
        with Session(self.engine) as session:
            row = session.scalar(select(TeamsConversationRow).join(
                WorkspaceRow, WorkspaceRow.id == TeamsConversationRow.workspace_id).where(
                WorkspaceRow.platform == Platform.TEAMS.value,
                WorkspaceRow.external_id == tenant_id,
                TeamsConversationRow.address == address))
            if row is None:
                return None
            return ConversationRef(tenant_id, row.address, row.conversation_id,
                                   row.service_url, row.aad_object_id)

    def forget(self, tenant_id: str, address: str) -> None:
        with Session(self.engine) as session, session.begin():
            workspace_id = _workspace_id(session, tenant_id)
            if workspace_id is not None:
                session.execute(delete(TeamsConversationRow).where(
                    TeamsConversationRow.workspace_id == workspace_id,
                    TeamsConversationRow.address == address))


def _workspace_id(session: Session, tenant_id: str) -> int | None:
    return session.scalar(select(WorkspaceRow.id).where(
        WorkspaceRow.platform == Platform.TEAMS.value, WorkspaceRow.external_id == tenant_id))


def _member_id(session: Session, workspace_id: int, address: str) -> int | None:
    kind, _, user_id = address.partition(":")
    if kind != "user":
        return None
    return session.scalar(select(MemberRow.id).where(
        MemberRow.workspace_id == workspace_id, MemberRow.platform_user_id == user_id))
