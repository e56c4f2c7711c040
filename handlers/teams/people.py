"""Who sent a Teams activity: the tenant is the practice, the Entra object id the person."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from bot.messages import Actor
from bot.model import Platform

MAX_ID = 64
# A Microsoft 365 tenant is a GUID; a person's ids (Entra object id, Teams' `29:…` id) are
# printable, with no spaces. Anything else is not from Teams: no workspace or member is made.
GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_PERSON = re.compile(r"[!-~]{1,512}")


def tenant_of(activity: Any) -> str | None:
    conversation = getattr(activity, "conversation", None)
    tenant = getattr(conversation, "tenant_id", None)
    if not tenant:
        channel_data = getattr(activity, "channel_data", None)
        tenant = getattr(getattr(channel_data, "tenant", None), "id", None)
    return str(tenant) if isinstance(tenant, str) and GUID.fullmatch(tenant) else None


def user_id_of(account: Any) -> str | None:
    """The Entra object id when Teams sends it (stable across chats), else the Teams id."""
    found = getattr(account, "aad_object_id", None) or getattr(account, "id", None)
    return _short(found) if isinstance(found, str) and _PERSON.fullmatch(found) else None


def timezone_of(activity: Any) -> str | None:
    """The IANA zone the Teams client reports in its `clientInfo` entity."""
    for entity in getattr(activity, "entities", None) or []:
        fields = entity if isinstance(entity, dict) else {
            "type": getattr(entity, "type", None), "timezone": getattr(entity, "timezone", None)}
        zone = fields.get("timezone")
        if fields.get("type") == "clientInfo":
            return zone[:64] if isinstance(zone, str) and zone else None
    return None


def actor_of(activity: Any, account: Any | None = None) -> Actor | None:
    """The person behind an activity (or `account`, e.g. a member just added)."""
    tenant = tenant_of(activity)
    person = account if account is not None else getattr(activity, "from_", None)
    user_id = user_id_of(person)
    if tenant is None or user_id is None:
        return None
    name = str(getattr(person, "name", None) or "someone").strip()[:120] or "someone"
    team = getattr(getattr(activity, "channel_data", None), "team", None)
    team_name = str(getattr(team, "name", None) or "Teams practice")[:120]
    zone = timezone_of(activity) if account is None else None
    return Actor(Platform.TEAMS, tenant, user_id, name, team_name=team_name, timezone=zone)


def _short(value: str) -> str:
    """Ids longer than storage holds (Teams' own `29:…` ids can be) become a stable digest."""
    if len(value) <= MAX_ID:
        return value
    return "h:" + hashlib.sha256(value.encode()).hexdigest()[:40]
