"""What a signed request must look like before Bolt or ShowUp reads it. Slack's own
payloads always pass; a wrongly shaped one (a bug, a replayed and edited body, someone with
the signing secret testing us) gets a 400 and creates nothing: no workspace or member from
an id like `12345`, `null` or a 200-character string."""

from __future__ import annotations

import re
from typing import Any

# Slack ids: team T…, enterprise E…, user U… or W…, channel C…, G… or D…; a few capitals
# and digits (11 today; room to grow).
_ID = re.compile(r"[A-Z][A-Z0-9]{1,31}")


def problem(body: object) -> str | None:
    """Why this request body is not one Slack sends, or None."""
    if not isinstance(body, dict):
        return "not an object"
    if "command" in body:
        return _ids(body.get("team_id"), body.get("user_id"), required=True) or (
            None if isinstance(body.get("text", ""), str) else "text is not text")
    kind = body.get("type")
    if kind == "event_callback":
        if not isinstance(body.get("event"), dict):
            return "event is not an object"
        return _ids(body.get("team_id"), None, required=False) or _event_user(body["event"])
    if kind in ("block_actions", "view_submission", "view_closed", "shortcut",
                "message_action", "block_suggestion"):
        user, team = body.get("user"), body.get("team")
        if not isinstance(user, dict) or (team is not None and not isinstance(team, dict)):
            return "user or team is not an object"
        found = _ids((team or {}).get("id", user.get("team_id")), user.get("id"),
                     required=False) or (None if user.get("id") is not None else "no user")
        if found:
            return found
        if kind == "block_actions":
            actions = body.get("actions")
            if not isinstance(actions, list) or not actions or \
                    not all(isinstance(a, dict) for a in actions):
                return "actions are not a list of objects"
        if kind.startswith("view_") and not isinstance(body.get("view"), dict):
            return "view is not an object"
        return None
    return None   # url_verification, ssl_check and what Slack adds later: Bolt decides


def is_slack_id(value: object) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def _ids(team: Any, user: Any, required: bool) -> str | None:
    for name, value in (("team", team), ("user", user)):
        if value is None and not required:
            continue
        if not isinstance(value, str) or not _ID.fullmatch(value):
            return f"{name} id is not a Slack id"
    return None


def _event_user(event: dict[str, Any]) -> str | None:
    user = event.get("user")
    if user is None or isinstance(user, dict):   # user_change carries a profile object
        return None
    return None if isinstance(user, str) and _ID.fullmatch(user) else "event user is not an id"
