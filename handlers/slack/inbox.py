"""Slash commands through the inbox (storage/inbox.py): stored, then acknowledged, then
carried out and answered — by this process at once, or, if it stopped first, by whichever
process next finds the command waiting.

An answer goes to the command's `response_url` while Slack keeps it (30 minutes); later, as
a direct message.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.clock import Clock
from bot.coach import AlreadyDone, Coach
from bot.messages import Reply
from bot.phi_guard import REPHRASE_HINT, check
from bot.ports import UnitOfWork
from bot.usecases.guard import refused_saying
from handlers.slack import blocks
from handlers.slack.files import send_attachments
from handlers.slack.guard import APOLOGY
from handlers.slack.people import People
from storage import inbox
from storage.inbox import Entry

log = logging.getLogger("showup.slack.inbox")
RESPONSE_URL_LIFETIME = timedelta(minutes=30)


class SlackInbox:
    def __init__(self, coach: Coach, clock: Clock, people: People, engine: Any,
                 client_for: Callable[[str], WebClient | None], lease: timedelta,
                 timeout: int = 10) -> None:
        self.coach, self.clock, self.people, self.engine = coach, clock, people, engine
        self.client_for, self.lease, self.timeout = client_for, lease, timeout

    def receive(self, body: dict[str, Any], text: str) -> Entry | None:
        """Store a slash command before it is acknowledged; None for a replay of one
        already stored."""
        now = self.clock.now()
        payload = {key: str(body.get(key) or "")[:500] for key in (
            "team_id", "team_domain", "user_id", "user_name", "response_url", "trigger_id")}
        words: str | None = text
        finding = check(text)
        if finding is not None:   # words the guard refuses are never stored, even briefly
            words, payload["refused"] = None, finding.reason
        # Each invocation has a trigger_id and a response_url of its own; a replay has both.
        key = "slack:command:" + hashlib.sha256(
            f"{payload['trigger_id']}|{payload['response_url']}".encode()).hexdigest()
        entry_id = inbox.accept(self.engine, key, "slack", payload, words, now, self.lease)
        if entry_id is None:
            return None
        return Entry(entry_id, "slack", payload, words, now, None)

    def carry_out(self, entry: Entry, text: str | None, client: WebClient | None = None
                  ) -> None:
        """Run the command (unless it already ran) and answer it. `text` is what was typed
        when it is still in memory; after a restart, the stored words."""
        payload = entry.payload
        client = client or self.client_for(payload["team_id"])
        message, reply = entry.reply, None
        if message is None:
            message, reply = self._run(entry, text, client)
        self._answer(entry, message, client)
        inbox.mark_answered(self.engine, entry.id, self.clock.now())
        if reply is not None and reply.attachments and client is not None:
            try:
                send_attachments(client, payload["user_id"], reply)
            except Exception:
                reference = secrets.token_hex(4)
                log.exception("sending the files failed (ref %s)", reference)
                self._answer(entry, {"text": APOLOGY.format(reference)}, client)

    def _run(self, entry: Entry, text: str | None, client: WebClient | None
             ) -> tuple[dict[str, Any], Reply | None]:
        """The answer, and the reply whose files go with it (None when another process
        carried the command out first: its answer is the stored one)."""
        payload, now = entry.payload, self.clock.now()
        if text is None:   # refused at the door, and this process stopped before answering
            reply = Reply(f"{refused_saying(payload['refused'])} {REPHRASE_HINT}", ok=False)
        elif client is None:
            reply = Reply("ShowUp isn't installed in this workspace any more.", ok=False)
        else:
            actor = self.people.actor(client, payload["team_id"], payload["team_domain"],
                                      payload["user_id"], payload["user_name"])
            recorded: list[dict[str, Any]] = []

            def record(uow: UnitOfWork, done: Reply) -> None:
                message = blocks.message(done)
                if not uow.inbox.record_reply(entry.id, message, now):
                    raise AlreadyDone
                recorded.append(message)

            try:
                reply = self.coach.handle(actor, text, now, record=record)
            except AlreadyDone:
                return self._stored(entry), None
            if recorded and recorded[0] == blocks.message(reply):   # saved with its effect
                return recorded[0], reply
        inbox.record_reply(self.engine, entry.id, blocks.message(reply), now)
        # What was recorded first is the answer: this run's, or the one that won.
        return inbox.stored_reply(self.engine, entry.id) or blocks.message(reply), reply

    def _stored(self, entry: Entry) -> dict[str, Any]:
        return inbox.stored_reply(self.engine, entry.id) or {
            "text": "✅ Done — this was carried out already."}

    def _answer(self, entry: Entry, message: dict[str, Any], client: WebClient | None) -> None:
        url = entry.payload.get("response_url", "")
        if url and self.clock.now() - entry.received_at < RESPONSE_URL_LIFETIME:
            WebhookClient(url, timeout=self.timeout).send_dict({
                "response_type": "ephemeral", "replace_original": False, **message})
        elif client is not None:
            client.chat_postMessage(channel=entry.payload["user_id"], **message)

    def sweep(self) -> int:
        """Carry out and answer what other (stopped) processes acknowledged."""
        found = inbox.claim_waiting(self.engine, self.clock.now(), self.lease)
        for entry in found:
            try:
                self.carry_out(entry, entry.words)
            except Exception:
                log.exception("a waiting command could not be carried out yet")
        return len(found)


def start_sweeping(slack_inbox: SlackInbox, every: float) -> threading.Thread:
    """Look for waiting commands now (a restart finds what the last process left) and every
    `every` seconds."""
    def loop() -> None:
        while True:
            try:
                slack_inbox.sweep()
                inbox.forget_answered(slack_inbox.engine, slack_inbox.clock.now())
            except Exception:
                log.exception("the inbox sweep failed; trying again")
            time.sleep(every)

    thread = threading.Thread(target=loop, name="inbox-sweeper", daemon=True)
    thread.start()
    return thread
