"""Slash commands and button clicks through the inbox (storage/inbox.py): stored, then
acknowledged, then carried out and answered — by this process's workers at once, or, if it
stopped first, by whichever process next finds them waiting.

An answer goes to the `response_url` while Slack keeps it (30 minutes; a click's answer
replaces the message that carried the button, unless that message is a channel's, which
everyone reads, or the answer is a sign-in link, which goes by DM and leaves the message as
it was); later, or for a click on App Home, as a direct message. A deploy's SIGTERM drains
the workers (`stop`).

The queue in memory is bounded by time: when a command would wait longer than `busy_after`
seconds before its turn, it is stored unclaimed instead and its ack says ShowUp is busy
(`BUSY`); `refill` claims such commands, oldest first, as the queue empties — this process
or any other sharing the database answers each one once. While some wait there, newer
commands wait behind them, not ahead.
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
from bot.grammar import too_long
from bot.messages import Actor, Reply, problem
from bot.model import Origin
from bot.phi_guard import LONGEST, REPHRASE_HINT, check
from bot.ports import Entry, InboxStore, UnitOfWork
from bot.usecases.privacy_check import refused_saying
from handlers.slack.events.app_home import publish_home
from handlers.slack.failsafe import APOLOGY
from handlers.slack.files import send_attachments
from handlers.slack.links import kept_answer, said_sent_by_dm, send_links, with_links
from handlers.slack.people import People, who_interacted
from handlers.workers import Workers

log = logging.getLogger("showup.slack.inbox")
RESPONSE_URL_LIFETIME = timedelta(minutes=30)
BUSY = "⏳ ShowUp is busy right now. Your command is saved; its answer follows here shortly."
REFILL_BATCH = 20     # commands claimed from the inbox at a time when there is room
REFILL_LOOK = 0.02    # seconds between looks for room while commands wait in the inbox


class SlackInbox:
    def __init__(self, coach: Coach, clock: Clock, people: People, store: InboxStore,
                 client_for: Callable[[str], WebClient | None], lease: timedelta,
                 timeout: int = 10, threads: int = 2, busy_after: float = 5.0) -> None:
        self.coach, self.clock, self.people, self.store = coach, clock, people, store
        self.client_for, self.lease, self.timeout = client_for, lease, timeout
        self.busy_after = busy_after
        self.workers = Workers(threads, "outreach")
        self._stopping = threading.Event()
        # Set while commands this process left unclaimed may still wait in the inbox.
        self._backlog = threading.Event()

    def receive(self, body: dict[str, Any], text: str) -> tuple[Entry | None, bool]:
        """Store a slash command before it is acknowledged: (the entry, or None for a replay
        of one already stored; whether it was left in the inbox because this process is
        busy — then it is not to be submitted, and the ack says so)."""
        payload = {key: str(body.get(key) or "")[:500] for key in (
            "team_id", "team_domain", "user_id", "user_name", "response_url", "trigger_id")}
        busy = self._backlog.is_set() or self.workers.expected_wait() > self.busy_after
        # Each invocation has a trigger_id and a response_url of its own; a replay has both.
        entry = self._accept("command", payload, text, payload["trigger_id"],
                             payload["response_url"], lease=timedelta(0) if busy else None)
        if entry is not None and busy:
            self._backlog.set()
        return entry, busy

    def receive_click(self, body: dict[str, Any], action: dict[str, Any], command: str
                      ) -> Entry | None:
        """Store a click on a command button before it is acknowledged; None for a replay."""
        team_id, team_domain, user_id, user_name = who_interacted(body)
        container = body.get("container") or {}
        on_home = container.get("type") == "view"
        payload = {key: value[:500] for key, value in {
            "team_id": team_id, "team_domain": team_domain, "user_id": user_id,
            "user_name": user_name,
            "response_url": "" if on_home else str(body.get("response_url") or ""),
            "on_home": "1" if on_home else "",
            "in_channel": "1" if _seen_by_others(body, container) else ""}.items()}
        # Slack gives each click its own trigger_id and action_ts; a replay repeats both.
        return self._accept("click", payload, command, str(body.get("trigger_id") or ""),
                            str(action.get("action_ts") or ""), payload["user_id"])

    def receive_message(self, body: dict[str, Any], event: dict[str, Any], text: str
                        ) -> Entry | None:
        """Store a message typed to ShowUp in a DM before it is acknowledged; None for a
        retry or replay of one already stored."""
        team_id = str(body.get("team_id") or event.get("team") or "")
        payload = {key: value[:500] for key, value in {
            "team_id": team_id, "team_domain": team_id, "user_id": str(event["user"]),
            "user_name": "", "response_url": "", "channel": str(event["channel"]),
            "thread_ts": str(event.get("thread_ts") or "")}.items()}
        # A message is one channel's one ts: Slack's retries and a replayed body repeat both.
        return self._accept("message", payload, text, team_id, payload["channel"],
                            str(event["ts"]))

    def _accept(self, kind: str, payload: dict[str, str], text: str, *unique: str,
                lease: timedelta | None = None) -> Entry | None:
        now = self.clock.now()
        payload["kind"] = kind
        words: str | None = text
        finding = check(text)
        if finding is not None:   # words the guard refuses are never stored, even briefly
            words, payload["refused"] = None, finding.reason
        elif len(text) > LONGEST:   # beyond what the guard reads: never stored either
            words, payload["too_long"] = None, str(len(text))
        key = f"slack:{kind}:" + hashlib.sha256("|".join(unique).encode()).hexdigest()
        entry_id = self.store.accept(key, "slack", payload, words, now,
                                     self.lease if lease is None else lease)
        if entry_id is None:
            return None
        return Entry(entry_id, "slack", payload, words, now, None)

    def submit(self, entry: Entry, text: str | None, client: WebClient | None = None) -> bool:
        """Carry it out on a worker; False if this process is stopping (the entry waits in
        the inbox for the next one) or holds it already."""
        return self.workers.submit(entry.id, lambda: self.carry_out(entry, text, client))

    def carry_out(self, entry: Entry, text: str | None, client: WebClient | None = None
                  ) -> None:
        """Run it (unless it already ran) and answer it. `text` is what was typed when it is
        still in memory; after a restart, the stored words."""
        payload = entry.payload
        client = client or self.client_for(payload["team_id"])
        message, reply = entry.reply, None
        if message is None:
            message, reply = self._run(entry, text, client)
        in_dm = payload.get("kind") == "message"
        # A link asked for in the DM comes back there, with the answer; it is never stored.
        live = with_links(reply) if reply is not None and reply.links and in_dm else message
        by_dm = bool(reply.links) if reply is not None else said_sent_by_dm(message)
        self._answer(entry, live, client, by_dm)
        self.store.mark_answered(entry.id, self.clock.now())
        if reply is None or client is None:
            return
        try:
            if reply.links and not in_dm:
                send_links(client, payload["user_id"], reply)
            if reply.attachments:
                send_attachments(client, payload["user_id"], reply)
        except Exception:
            reference = secrets.token_hex(4)
            log.exception("sending to the DM failed (ref %s)", reference)
            self._answer(entry, {"text": APOLOGY.format(reference)}, client)

    def _run(self, entry: Entry, text: str | None, client: WebClient | None
             ) -> tuple[dict[str, Any], Reply | None]:
        """The answer, and the reply whose files go with it (None when another process
        carried it out first: its answer is the stored one)."""
        payload, now = entry.payload, self.clock.now()
        in_dm = payload.get("kind") == "message"
        if text is None and payload.get("too_long"):   # stopped before answering
            error = too_long(int(payload["too_long"]))
            reply = problem(error.message, error.usage)
        elif text is None:   # refused at the door, and this process stopped before answering
            reply = Reply(f"{refused_saying(payload['refused'])} {REPHRASE_HINT}", ok=False)
        elif client is None:
            reply = Reply("ShowUp isn't installed in this workspace any more.", ok=False)
        else:
            source = Origin.BUTTON if payload.get("kind") == "click" else Origin.COMMAND
            recorded: list[dict[str, Any]] = []

            def record(uow: UnitOfWork, done: Reply) -> None:
                message = kept_answer(done, in_dm)
                if not uow.inbox.record_reply(entry.id, message, now):
                    raise AlreadyDone
                recorded.append(message)

            try:
                reply = self.coach.handle(self._actor(entry, client), text, now, source,
                                          record=record)
            except AlreadyDone:
                return self._stored(entry), None
            if recorded and recorded[0] == kept_answer(reply, in_dm):   # kept with its effect
                return recorded[0], reply
        self.store.record_reply(entry.id, kept_answer(reply, in_dm), now)
        # What was recorded first is the answer: this run's, or the one that won.
        return self.store.stored_reply(entry.id) or kept_answer(reply, in_dm), reply

    def _actor(self, entry: Entry, client: WebClient) -> Actor:
        payload = entry.payload
        return self.people.actor(client, payload["team_id"], payload["team_domain"],
                                 payload["user_id"], payload["user_name"])

    def _stored(self, entry: Entry) -> dict[str, Any]:
        return self.store.stored_reply(entry.id) or {
            "text": "✅ Done — this was carried out already."}

    def _answer(self, entry: Entry, message: dict[str, Any], client: WebClient | None,
                by_dm: bool = False) -> None:
        """`by_dm`: the answer is a sign-in link sent by DM; the message that carried the
        button stays as it was, and on App Home the link's DM is the whole answer."""
        payload = entry.payload
        url = payload.get("response_url", "")
        if payload.get("on_home") and client is not None:   # a click on App Home
            publish_home(self.coach, self.clock.now(), client, self._actor(entry, client))
            if by_dm:
                return
        if url and self.clock.now() - entry.received_at < RESPONSE_URL_LIFETIME:
            # A channel's message is everyone's: a click's answer goes to the clicker alone
            # (Slack would replace it for everyone) and the post stays as it was.
            replace = payload.get("kind") == "click" and not payload.get("in_channel") \
                and not by_dm
            WebhookClient(url, timeout=self.timeout).send_dict({
                "response_type": "ephemeral", "replace_original": replace, **message})
        elif client is not None:   # a DM's answer goes back where it was asked
            place = {"thread_ts": payload["thread_ts"]} if payload.get("thread_ts") else {}
            client.chat_postMessage(channel=payload.get("channel") or payload["user_id"],
                                    **place, **message)

    def sweep(self, limit: int = REFILL_BATCH) -> int:
        """Queue what waits unclaimed: left by a busy process, or by one that stopped. What
        this process cannot take after all (it is stopping) is released at once."""
        found = [entry for entry in self.store.claim_waiting(self.clock.now(), self.lease,
                                                             limit)
                 if not self.workers.holds(entry.id)]
        refused = [entry.id for entry in found if not self.submit(entry, entry.words)]
        self.store.release(refused)
        return len(found)

    def refill(self, until: Callable[[], bool] | None = None) -> None:
        """While commands wait in the inbox: claim the oldest whenever the queue has room
        (half of `busy_after`), until none is left (or `until` says to stop; by default,
        when the process is told to stop)."""
        done = until or self._stopping.is_set
        while not done():
            if self.workers.expected_wait() > self.busy_after / 2:
                time.sleep(REFILL_LOOK)
                continue
            if self.sweep():
                continue
            self._backlog.clear()
            # A command left just before the clear is not missed: one more look.
            if not self.sweep():
                return
            self._backlog.set()

    def start_refilling(self) -> threading.Thread:
        def loop() -> None:
            while not self._stopping.is_set():
                if not self._backlog.wait(1.0):
                    continue
                try:
                    self.refill()
                except Exception:
                    log.exception("claiming waiting commands failed; trying again")
                    self._stopping.wait(1.0)

        thread = threading.Thread(target=loop, name="inbox-refill", daemon=True)
        thread.start()
        return thread

    def start_sweeping(self, every: float) -> threading.Thread:
        """Look for waiting entries now (a restart finds what the last process left) and
        every `every` seconds, until `stop`."""
        def loop() -> None:
            while not self._stopping.is_set():
                try:
                    # What this process still holds stays its own (a backlog longer than
                    # the lease is not taken up by other processes as well).
                    self.store.renew(self.workers.held(), self.clock.now(), self.lease)
                    self.sweep()
                    self.store.forget_answered(self.clock.now())
                except Exception:
                    log.exception("the inbox sweep failed; trying again")
                self._stopping.wait(every)

        thread = threading.Thread(target=loop, name="inbox-sweeper", daemon=True)
        thread.start()
        self.start_refilling()
        return thread

    def stop(self, grace: float) -> None:
        """A deploy's SIGTERM: take no new work, finish what is here within `grace` seconds,
        and release the claims on the rest so the next process answers them at once (one
        cut off mid-way is still carried out once: its effect and its record commit
        together)."""
        deadline = time.monotonic() + grace
        self._stopping.set()
        if self._backlog.is_set():   # what this process left in the inbox is its work too
            self.refill(until=lambda: time.monotonic() > deadline)
        left = self.workers.stop(max(0.0, deadline - time.monotonic()))
        self.store.release(left)
        log.warning("inbox drained: %s left for the next process", len(left))


def _seen_by_others(body: dict[str, Any], container: dict[str, Any]) -> bool:
    """Whether a clicked message is one that others read too: a message in a channel or a
    group conversation, not in a DM with ShowUp (a `D…` conversation), not an ephemeral
    answer only the clicker sees, not App Home."""
    if container.get("type") != "message" or container.get("is_ephemeral"):
        return False
    channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id") or "")
    return bool(channel) and not channel.startswith("D")
