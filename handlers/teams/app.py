"""The Teams SDK app and its listeners, built from settings (the outbox's Teams messenger is
handlers/teams/messenger.py).

Requests to `/api/messages` must carry a Bot Framework token signed for CLIENT_ID. Only
with DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS=true (the Agents Playground, local tests)
are unauthenticated requests accepted.
"""

from __future__ import annotations

from microsoft_teams.apps import App

from bot.clock import Clock
from bot.coach import Coach
from bot.conversations import Conversations
from bot.ports import Receipts
from handlers.teams import actions, install, messages
from handlers.teams.deps import TeamsDeps
from handlers.teams.messenger import app_options
from handlers.teams.server import StarletteAdapter
from settings import Settings


def build_teams_app(settings: Settings, coach: Coach, clock: Clock,
                    conversations: Conversations, receipts: Receipts
                    ) -> tuple[App, StarletteAdapter]:
    adapter = StarletteAdapter(
        require_bearer=not settings.dangerously_allow_unauthenticated_requests,
        body_seconds=settings.request_body_seconds)
    app = App(http_server_adapter=adapter, **app_options(settings))
    deps = TeamsDeps(coach, clock, conversations, receipts)
    messages.register(app, deps)
    actions.register(app, deps)
    install.register(app, deps)
    return app, adapter

