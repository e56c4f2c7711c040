"""Build the Bolt app from settings: one workspace by token, or many through OAuth."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.oauth.installation_store import InstallationStore

from bot.clock import Clock
from bot.coach import Coach
from handlers.slack import actions, commands, events, shapes, views
from handlers.slack.actions.command_buttons import button_acks
from handlers.slack.commands.outreach import outreach_acks
from handlers.slack.deps import SlackDeps, SlackStores
from handlers.slack.events.direct_message import direct_messages
from handlers.slack.inbox import SlackInbox
from handlers.slack.messenger import SlackMessenger, client_factory
from handlers.slack.people import People
from settings import Settings

log = logging.getLogger("showup.slack")
# Few on purpose: each is busy in Python, and every busy thread slows the next ack. Under a
# burst the answers queue (Slack keeps a response_url for 30 minutes), never the acks.
COMMAND_THREADS = 2

BOT_SCOPES = ["commands", "chat:write", "im:write", "im:history", "users:read",
              "channels:read", "channels:history", "groups:read", "groups:history",
              "files:write"]
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"


def web_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client that honours SLACK_API_URL and retries 429s, 5xx and dropped links."""
    options: dict[str, Any] = {}
    if settings.slack_api_url:
        options["base_url"] = settings.slack_api_url.rstrip("/") + "/"
    return WebClient(token=token, timeout=settings.slack_timeout_seconds, retry_handlers=[
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
    ], **options)


def slack_messenger(settings: Settings, installations: InstallationStore | None
                    ) -> SlackMessenger:
    base = web_client(settings)
    return SlackMessenger(client_factory(base, settings.slack_bot_token or None,
                                         installations, settings.slack_timeout_seconds))


def build_app(settings: Settings, coach: Coach, clock: Clock, stores: SlackStores
              ) -> tuple[App, SlackInbox]:
    """The Bolt app, and its inbox (whose `stop` drains it when the process is told to
    stop)."""
    client = web_client(settings, settings.slack_bot_token or None)
    store = stores.installations
    common: dict[str, Any] = {
        # Named here: without a name Bolt calls inspect.stack(), which reads the source of
        # every frame above it (about a tenth of a second of each start).
        "name": "ShowUp",
        "signing_secret": settings.slack_signing_secret, "client": client,
        "logger": logging.getLogger("showup.bolt"),
        # Bolt's default of five threads queues the next ack behind five slow listeners.
        "listener_executor": ThreadPoolExecutor(max_workers=64, thread_name_prefix="bolt"),
        "user_facing_authorize_error_message":
            "ShowUp isn't installed in this workspace yet — ask your practice owner."}
    if store is not None:
        app = App(installation_store=store, oauth_settings=OAuthSettings(
            client_id=settings.slack_client_id, client_secret=settings.slack_client_secret,
            scopes=BOT_SCOPES, state_store=stores.oauth_states, install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH), **common)
    else:
        app = App(**common)
    people = People()
    slack_inbox = SlackInbox(coach, clock, people, stores.inbox, client_factory(
        client, settings.slack_bot_token or None, store, settings.slack_timeout_seconds),
        timedelta(seconds=settings.inbox_lease_seconds), settings.slack_timeout_seconds,
        COMMAND_THREADS, settings.command_busy_seconds)
    slack_inbox.start_sweeping(settings.inbox_sweep_seconds)
    deps = SlackDeps(coach, clock, people, stores.receipts, slack_inbox, store)
    app.middleware(_well_shaped)
    # Before dedupe: for these the inbox (one row per message, command or click) is what
    # makes a retry or a replay a no-op; each is stored and acked on the request's thread.
    app.middleware(direct_messages(deps))
    app.middleware(outreach_acks(deps))
    app.middleware(button_acks(deps))
    app.middleware(_dedupe_events(deps))
    for surface in (commands, actions, views, events):
        surface.register(app, deps)
    return app, slack_inbox


def _well_shaped(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse | None:
    """A payload Slack would never send is refused before any listener reads it. Over HTTP
    the server has refused it already (handlers/slack/server.py); this covers Socket Mode."""
    wrong = shapes.problem(body)
    if wrong is not None:
        log.info("refused a request not shaped as Slack sends it: %s", wrong)
        return BoltResponse(status=400, body="")
    return next()


def _dedupe_events(deps: SlackDeps) -> Callable[..., Any]:
    """Only the first delivery of a request has an effect. Slack retries an event it thinks
    we missed (same event id); a signed request replayed within the signature's five-minute
    window carries the same signature (a command, a click or a form sent twice). Runs after
    Bolt has verified the signature, so unsigned requests never reach the database."""

    def dedupe(req: BoltRequest, body: dict[str, Any], next: Callable[[], BoltResponse]
               ) -> BoltResponse | None:
        now = deps.clock.now()
        event_id = body.get("event_id")
        if isinstance(event_id, str) and event_id and not deps.receipts.first(event_id, now):
            log.info("ignored a repeated delivery of an event")
            return BoltResponse(status=200, body="")
        signature = req.headers.get("x-slack-signature", [""])[0]
        # A slash command's replay is caught by the inbox (one write per command, not two).
        if signature and "command" not in body and not deps.receipts.first(
                f"sig:{signature}", now):
            log.info("ignored a replayed request")
            return BoltResponse(status=200, body="")
        return next()

    return dedupe
