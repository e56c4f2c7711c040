"""Where a platform without a way to look people up (Teams) can reach a member or a channel
later: the reference it gave us when they last spoke, kept by storage (storage/teams.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class ConversationRef:
    tenant_id: str
    address: str  # "user:<member's Teams id>" or "channel:<key>"
    conversation_id: str
    service_url: str
    aad_object_id: str | None = None


def user_address(user_id: str) -> str:
    return f"user:{user_id}"


def channel_address(key: str) -> str:
    return f"channel:{key}"


class Conversations(Protocol):
    def save(self, ref: ConversationRef, now: datetime) -> bool:
        """Remember (or refresh) a reference; False when the tenant has no workspace yet."""
        ...

    def find(self, tenant_id: str, address: str) -> ConversationRef | None: ...

    def forget(self, tenant_id: str, address: str) -> None: ...
