"""Scheduled deliveries to Slack: DMs and channel posts, tagged with their delivery key.

Every message carries `metadata` naming its delivery key, so after a crash the dispatcher
can look in the conversation and find a nudge that did go out instead of sending it twice.
"""

from __future__ import annotations

import logging
import time
import urllib.error
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.oauth.installation_store import InstallationStore

from bot.delivery import DeliveryError, Failure, Outgoing, Recipient
from handlers.slack import blocks

log = logging.getLogger("showup.slack.messenger")
EVENT_TYPE = "showup_delivery"
TOKEN_SECONDS = 30
# Slack's errors that a retry won't change, by what they mean for the core.
CHANNEL_UNREACHABLE = {"channel_not_found", "not_in_channel", "is_archived"}
RECIPIENT_GONE = {"user_not_found", "user_disabled", "account_inactive", "cannot_dm_bot"}
REFUSED = {
    "invalid_auth", "not_authed", "token_revoked", "token_expired", "no_permission",
    "missing_scope", "team_access_not_granted", "msg_too_long", "invalid_blocks",
    "restricted_action", "ekm_access_denied",
}


class SlackMessenger:
    def __init__(self, client_for: Callable[[str], WebClient | None]) -> None:
        self.client_for = client_for

    def _client(self, to: Recipient) -> WebClient:
        client = self.client_for(to.team_id)
        if client is None:
            raise DeliveryError("not_installed", Failure.REFUSED)
        return client

    def send(self, outgoing: Outgoing, key: str) -> str:
        to = outgoing.to
        channel = to.channel or to.user_id
        if not channel:
            raise DeliveryError("no_recipient", Failure.REFUSED)
        response = _call(lambda: self._client(to).chat_postMessage(
            channel=channel, **blocks.message(outgoing.reply, plain=bool(to.channel)),
            unfurl_links=False,
            metadata={"event_type": EVENT_TYPE, "event_payload": {"key": key}}))
        if outgoing.chart:
            self._upload_chart(to, str(response.get("channel") or channel), outgoing.chart)
        return f"{response.get('channel')}:{response.get('ts')}"

    def _upload_chart(self, to: Recipient, channel: str, chart: bytes) -> None:
        """The chart follows the text; if it fails the post still stands, so only log it."""
        try:
            self._client(to).files_upload_v2(channel=channel, content=chart,
                                             filename="team-outreach.png",
                                             title="Team outreach, week by week")
        except Exception as error:
            log.warning("chart upload failed: %s", type(error).__name__)

    def find_sent(self, to: Recipient, key: str, since: datetime) -> str | None:
        client = self._client(to)
        channel = to.channel
        if channel is None:
            opened = _call(lambda: client.conversations_open(users=to.user_id))
            channel = str((opened.get("channel") or {}).get("id") or "")
        history = _call(lambda: client.conversations_history(
            channel=channel, oldest=f"{since.timestamp():.6f}", include_all_metadata=True,
            limit=200))
        for message in history.get("messages") or []:
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("key") == key:
                return f"{channel}:{message.get('ts')}"
        return None


def _call(request: Callable[[], Any]) -> Any:
    """Run one Web API call and translate its failure into retry-or-record terms."""
    try:
        return request()
    except SlackApiError as error:
        status = error.response.status_code
        code = str(error.response.get("error") or f"http_{status}")
        if status == 429 or code == "ratelimited":
            retry_after = float(error.response.headers.get("Retry-After", 1) or 1)
            raise DeliveryError("ratelimited", Failure.TRANSIENT, retry_after) from None
        for codes, failure in ((CHANNEL_UNREACHABLE, Failure.CHANNEL_UNREACHABLE),
                               (RECIPIENT_GONE, Failure.RECIPIENT_GONE),
                               (REFUSED, Failure.REFUSED)):
            if code in codes:
                raise DeliveryError(code, failure) from None
        raise DeliveryError(f"unknown:{code}", Failure.TRANSIENT) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
        raise DeliveryError(f"unknown:{type(error).__name__}", Failure.TRANSIENT) from None


def client_factory(base_client: WebClient, single_token: str | None,
                   installation_store: InstallationStore | None, timeout: int = 10
                   ) -> Callable[[str], WebClient | None]:
    """A client per workspace: the one token, or the installed bot's token for that team
    (looked up at most every TOKEN_SECONDS per team, not for every message of a fan-out)."""
    cache: dict[str, WebClient] = {}
    tokens: dict[str, tuple[float, str | None]] = {}

    def token_of(team_id: str) -> str | None:
        if installation_store is None:
            return single_token
        known = tokens.get(team_id)
        if known is not None and time.monotonic() - known[0] < TOKEN_SECONDS:
            return known[1]
        bot = installation_store.find_bot(enterprise_id=None, team_id=team_id)
        token = bot.bot_token if bot else None
        tokens[team_id] = (time.monotonic(), token)
        return token

    def client_for(team_id: str) -> WebClient | None:
        token = token_of(team_id)
        if not token:
            return None
        if token not in cache:
            cache[token] = WebClient(token=token, base_url=base_client.base_url, timeout=timeout,
                                     retry_handlers=[RateLimitErrorRetryHandler(1)])
        return cache[token]

    return client_for
