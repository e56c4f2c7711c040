"""Uninstall and revoked bot tokens purge the workspace: its data and its stored tokens."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.model import Platform
from handlers.slack.deps import SlackDeps
from handlers.slack.failsafe import guarded

log = logging.getLogger("showup.slack")


def _purge(deps: SlackDeps, body: dict[str, Any]) -> None:
    team_id = str(body.get("team_id") or "")
    if not team_id:
        return
    deps.coach.purge_workspace(Platform.SLACK, team_id)
    if deps.installation_store is not None:
        deps.installation_store.delete_all(enterprise_id=body.get("enterprise_id"),
                                           team_id=team_id)


def uninstall_listener(deps: SlackDeps) -> Callable[..., None]:
    @guarded
    def on_uninstalled(body: dict[str, Any]) -> None:
        _purge(deps, body)

    return on_uninstalled


def revoked_listener(deps: SlackDeps) -> Callable[..., None]:
    @guarded
    def on_revoked(event: dict[str, Any], body: dict[str, Any]) -> None:
        if (event.get("tokens") or {}).get("bot"):
            _purge(deps, body)
        else:
            log.info("a person's own token was revoked; the workspace stays")

    return on_revoked
