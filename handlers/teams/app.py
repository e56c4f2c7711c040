"""The Teams SDK app, its listeners, and the outbox's Teams messenger, built from settings.

Requests to `/api/messages` must carry a Bot Framework token signed for CLIENT_ID. Only
with DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS=true (the Agents Playground, local tests)
are unauthenticated requests accepted.
"""

from __future__ import annotations

from typing import Any

from microsoft_teams.apps import App

from bot.clock import Clock
from bot.coach import Coach
from bot.conversations import Conversations
from bot.ports import Receipts
from handlers.teams import actions, install, messages
from handlers.teams.deps import TeamsDeps
from handlers.teams.messenger import TeamsMessenger
from handlers.teams.server import StarletteAdapter
from settings import Settings


def _app_options(settings: Settings) -> dict[str, Any]:
    options: dict[str, Any] = {
        "client_id": settings.client_id or None,
        "client_secret": settings.client_secret or None,
        "tenant_id": settings.tenant_id or None,
        "dangerously_allow_unauthenticated_requests":
            settings.dangerously_allow_unauthenticated_requests,
    }
    return options


def build_teams_app(settings: Settings, coach: Coach, clock: Clock,
                    conversations: Conversations, receipts: Receipts
                    ) -> tuple[App, StarletteAdapter]:
    adapter = StarletteAdapter(
        require_bearer=not settings.dangerously_allow_unauthenticated_requests,
        body_seconds=settings.request_body_seconds)
    app = App(http_server_adapter=adapter, **_app_options(settings))
    deps = TeamsDeps(coach, clock, conversations, receipts)
    messages.register(app, deps)
    actions.register(app, deps)
    install.register(app, deps)
    return app, adapter


def teams_messenger(settings: Settings, conversations: Conversations) -> TeamsMessenger:
    """Proactive sends for the outbox, on an app of their own (no HTTP server)."""
    return TeamsMessenger(lambda: App(**_app_options(settings)), conversations,
                          timeout=settings.teams_timeout_seconds)
