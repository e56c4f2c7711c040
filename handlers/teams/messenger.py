"""Scheduled deliveries to Teams: cards posted to stored personal chats and channels.

The dispatcher is synchronous; the Teams SDK is not. Sends run on one event loop owned by
this messenger, on a thread of its own.

Retries: 429, 412, 502, 503 and 504 are retried here twice with backoff (honouring
Retry-After), then handed back to the outbox as transient so a later tick tries again.
Duplicates: the outbox sends each nudge once. Teams offers a bot no way to look up what it
already posted, so after a crash between Teams accepting a message and ShowUp recording it,
that one message can arrive twice (Slack is checked first; Teams cannot be).
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from bot.conversations import ConversationRef, Conversations, channel_address, user_address
from bot.delivery import DeliveryError, Failure, Outgoing, Recipient
from handlers.teams.deps import for_teams

if TYPE_CHECKING:
    import httpx
    from microsoft_teams.api.activities.message.message import MessageActivityInput
    from microsoft_teams.apps import App

    from settings import Settings

T = TypeVar("T")
TRANSIENT = {412, 429, 502, 503, 504}
MAX_WAIT_SECONDS = 5.0


def app_options(settings: Settings) -> dict[str, Any]:
    """The Teams SDK app's options, for the served app and the messenger's own."""
    return {
        "client_id": settings.client_id or None,
        "client_secret": settings.client_secret or None,
        "tenant_id": settings.tenant_id or None,
        "dangerously_allow_unauthenticated_requests":
            settings.dangerously_allow_unauthenticated_requests,
    }


def teams_messenger(settings: Settings, conversations: Conversations) -> TeamsMessenger:
    """Proactive sends for the outbox, on an app of their own (no HTTP server). The Teams SDK
    takes most of a second to import: it is loaded by the first send, so a tick with nothing
    for Teams never loads it."""
    def make_app() -> App:
        from microsoft_teams.apps import App

        return App(**app_options(settings))

    return TeamsMessenger(make_app, conversations, timeout=settings.teams_timeout_seconds)


class TeamsMessenger:
    def __init__(self, make_app: Callable[[], App], conversations: Conversations,
                 timeout: float = 10, retries: int = 2, backoff: float = 0.5) -> None:
        self.make_app = make_app
        self.conversations = conversations
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._loop: asyncio.AbstractEventLoop | None = None
        self._app: App | None = None
        self._lock = threading.Lock()

    def send(self, outgoing: Outgoing, key: str) -> str:
        to = outgoing.to
        ref = self._reference(to)
        reply = for_teams(outgoing.reply)
        from microsoft_teams.api.activities.message.message import MessageActivityInput

        from handlers.teams.cards import card

        activity = MessageActivityInput().add_card(card(reply))
        return self._run(self._post(ref, activity, channel=to.channel is not None))

    def find_sent(self, to: Recipient, key: str, since: datetime) -> str | None:
        """Teams can't be asked what a bot already posted: an interrupted send is resent."""
        return None

    def _reference(self, to: Recipient) -> ConversationRef:
        if to.channel:
            ref = self.conversations.find(to.team_id, channel_address(to.channel))
            if ref is None:
                raise DeliveryError("channel_not_found", Failure.CHANNEL_UNREACHABLE)
            return ref
        ref = self.conversations.find(to.team_id, user_address(to.user_id or ""))
        if ref is None:
            raise DeliveryError("not_installed", Failure.REFUSED)
        return ref

    async def _post(self, ref: ConversationRef, activity: MessageActivityInput, channel: bool
                    ) -> str:
        import httpx

        api = self._api().clone(service_url=ref.service_url)
        for attempt in range(self.retries + 1):
            try:
                sent = await api.conversations.create_activity(ref.conversation_id, activity)
                return str(sent.id)[:120]
            except httpx.HTTPStatusError as error:
                status = error.response.status_code
                wait = _retry_after(error.response)
                if status in TRANSIENT and attempt < self.retries:
                    await asyncio.sleep(min(wait or self._backoff(attempt), MAX_WAIT_SECONDS))
                    continue
                raise _delivery_error(status, wait, channel) from None
            except httpx.TransportError as error:
                if attempt < self.retries:
                    await asyncio.sleep(self._backoff(attempt))
                    continue
                raise DeliveryError(f"unknown:{type(error).__name__}", Failure.TRANSIENT) from None
        raise DeliveryError("unknown:retries", Failure.TRANSIENT)

    def _backoff(self, attempt: int) -> float:
        return self.backoff * (2.0 ** attempt) * (0.5 + random.random())

    def _api(self) -> Any:
        if self._app is None:
            self._app = self.make_app()
        return self._app.api

    def _run(self, work: Coroutine[Any, Any, T]) -> T:
        loop = self._event_loop()
        future = asyncio.run_coroutine_threadsafe(work, loop)
        try:
            return future.result(timeout=(self.timeout + MAX_WAIT_SECONDS) * (self.retries + 1))
        except TimeoutError:
            future.cancel()
            raise DeliveryError("unknown:timeout", Failure.TRANSIENT) from None
        except DeliveryError:
            raise
        except Exception as error:  # token or SDK trouble: try again on a later tick
            raise DeliveryError(f"unknown:{type(error).__name__}", Failure.TRANSIENT) from None

    def _event_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="teams-messenger",
                                 daemon=True).start()
                self._loop = loop
            return self._loop


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(str(response.headers.get("Retry-After", ""))))
    except ValueError:
        return None


def _delivery_error(status: int, wait: float | None, channel: bool) -> DeliveryError:
    if status in TRANSIENT or status >= 500:
        code = "ratelimited" if status == 429 else f"http_{status}"
        return DeliveryError(code, Failure.TRANSIENT, wait)
    if status in (403, 404):
        # The bot was removed from the chat or team, or the conversation is gone.
        return (DeliveryError("channel_not_found", Failure.CHANNEL_UNREACHABLE) if channel
                else DeliveryError("not_installed", Failure.REFUSED))
    return DeliveryError(f"http_{status}", Failure.REFUSED)
