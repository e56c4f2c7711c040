"""A fake Slack Web API on loopback that records every call and can misbehave on purpose.

Bolt and slack_sdk talk to it over real HTTP (point `SLACK_API_URL` or `base_url` at
`fake.api_url`). `response_url`s are served too, at `fake.url + "/respond/<n>"`.
"""

from __future__ import annotations

import contextlib
import json
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse


class _Server(ThreadingHTTPServer):
    # Room for many senders connecting at once (the default backlog of 5 resets the rest,
    # which Slack never does).
    request_queue_size = 256


# How often the serving loop looks whether it was told to stop: `stop` waits for that look,
# and the default half second was paid at the end of every test.
STOP_POLL_SECONDS = 0.02


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic)


@dataclass
class Fault:
    """Answer the next matching call with this instead of success. A `delay` with status 200
    models a timeout: the message is posted, but only after the client stopped waiting.
    `until`: the call is held until the test sets this event (a slow Slack whose end the
    test decides, not the clock)."""

    method: str
    status: int = 500
    retry_after: int | None = None
    delay: float = 0.0
    error: str | None = None
    until: threading.Event | None = None


@dataclass
class RateLimits:
    """Slack's posting limits: one message a second per channel and a ceiling per workspace
    (messages in any one-second window); beyond either, 429 with Retry-After."""

    per_channel: float = 1.0
    per_workspace: int = 5
    retry_after: int = 1
    refused: int = 0
    _channel_last: dict[str, float] = field(default_factory=dict)
    _workspace_times: dict[str, list[float]] = field(default_factory=dict)

    def admit(self, workspace: str, channel: str, now: float) -> bool:
        last = self._channel_last.get(channel)
        recent = [t for t in self._workspace_times.get(workspace, []) if now - t < 1.0]
        self._workspace_times[workspace] = recent
        if (last is not None and now - last < 1.0 / self.per_channel) or \
                len(recent) >= self.per_workspace:
            self.refused += 1
            return False
        self._channel_last[channel] = now
        recent.append(now)
        return True


@dataclass
class Chaos:
    """Random trouble on one method: 5xx, 429 with Retry-After, and slow (timed-out) posts."""

    method: str
    server_errors: float = 0.0
    rate_limits: float = 0.0
    timeouts: float = 0.0
    timeout_delay: float = 1.5
    seed: int = 7


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.team_id = "T0001"
        self.bot_user_id = "UBOT"
        self.socket_url: str | None = None
        self.missing_channels: set[str] = set()
        self.uploads: dict[str, bytes] = {}
        self.shared_files: dict[str, list[str]] = {}
        self.teams_by_token: dict[str, str] = {}
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.chaos: Chaos | None = None
        self.limits: RateLimits | None = None
        self.latency = 0.0
        self._random = random.Random(7)
        self.installs: dict[str, dict[str, Any]] = {}
        self._ts = 1_700_000_000
        self._lock = threading.Lock()
        self._in_flight = 0   # requests being answered (a slow one still sleeping counts)
        self._quiet = threading.Condition()
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        args=(STOP_POLL_SECONDS,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add_user(self, user_id: str, name: str, tz: str | None = "America/New_York",
                 is_admin: bool = False) -> None:
        self.users[user_id] = {"id": user_id, "name": name.lower(), "real_name": name,
                               "tz": tz, "is_admin": is_admin, "is_owner": False,
                               "profile": {"display_name": name, "real_name": name}}

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def methods_called(self) -> set[str]:
        """Every method called at least once (one pass, for a test checking many of them)."""
        with self._lock:
            return {c.method for c in self.calls}

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls_to(method)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"expected {count} call(s) to {method}, got "
                             f"{len(self.calls_to(method))}: {[c.method for c in self.calls]}")

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait until every request that has arrived is answered: a call the client gave up
        on (a timeout) has then had its effect, as it would on Slack's side by then."""
        with self._quiet:
            if not self._quiet.wait_for(lambda: self._in_flight == 0, timeout):
                raise AssertionError(f"{self._in_flight} request(s) still in flight")

    @contextlib.contextmanager
    def _answering(self) -> Iterator[None]:
        with self._quiet:
            self._in_flight += 1
        try:
            yield
        finally:
            with self._quiet:
                self._in_flight -= 1
                self._quiet.notify_all()

    def _next_ts(self) -> str:
        with self._lock:
            self._ts += 1
            return f"{self._ts}.000100"

    def _take_fault(self, method: str, args: dict[str, Any] | None = None,
                    token: str | None = None) -> Fault | None:
        with self._lock:
            if self.limits is not None and method == "chat.postMessage":
                team = self.teams_by_token.get(token or "", self.team_id)
                channel = self.conversation_of(str((args or {}).get("channel")))
                if not self.limits.admit(team, channel, time.monotonic()):
                    return Fault(method, status=429, retry_after=self.limits.retry_after,
                                 error="ratelimited")
            for i, fault in enumerate(self.faults):
                if fault.method in (method, "*"):
                    return self.faults.pop(i)
            chaos = self.chaos
            if chaos is None or chaos.method != method:
                return None
            if self._random.random() < chaos.server_errors:
                return Fault(method, status=self._random.choice([500, 502, 503]))
            if self._random.random() < chaos.rate_limits:
                return Fault(method, status=429, retry_after=1, error="ratelimited")
            if self._random.random() < chaos.timeouts:
                return Fault(method, status=200, delay=chaos.timeout_delay)
        return None

    def delivered_keys(self) -> list[str]:
        """The delivery key of every message actually posted, duplicates included."""
        with self._lock:
            return [str(((m.get("metadata") or {}).get("event_payload") or {}).get("key"))
                    for messages in self.messages.values() for m in messages
                    if m.get("metadata")]

    @staticmethod
    def conversation_of(channel: str) -> str:
        return "D" + channel[1:] if channel.startswith("U") else channel

    def answer(self, method: str, args: dict[str, Any], token: str | None = None
               ) -> dict[str, Any]:
        if method == "auth.test":
            team = self.teams_by_token.get(token or "", self.team_id)
            return {"ok": True, "url": "https://clinic.slack.com/", "team": "Clinic",
                    "user": "showup", "team_id": team, "user_id": self.bot_user_id,
                    "bot_id": "BBOT", "is_enterprise_install": False}
        if method == "oauth.v2.access":
            install = self.installs.get(str(args.get("code")))
            if install is None:
                return {"ok": False, "error": "invalid_code"}
            self.teams_by_token[install["access_token"]] = install["team"]["id"]
            return {"ok": True, "token_type": "bot", "scope": "commands,chat:write",
                    "bot_user_id": self.bot_user_id, "app_id": "A0001", "enterprise": None,
                    "is_enterprise_install": False, **install}
        if method == "users.info":
            user = self.users.get(str(args.get("user")))
            return {"ok": True, "user": user} if user else {"ok": False,
                                                           "error": "user_not_found"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", "X"))[1:]}}
        if method == "chat.postMessage":
            channel = self.conversation_of(str(args.get("channel")))
            if channel in self.missing_channels:
                return {"ok": False, "error": "not_in_channel"}
            message = {"ts": self._next_ts(), "text": args.get("text", ""),
                       "metadata": args.get("metadata")}
            with self._lock:
                self.messages.setdefault(channel, []).append(message)
            return {"ok": True, "channel": channel, "ts": message["ts"],
                    "message": {"text": message["text"]}}
        if method == "chat.update":
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts"),
                    "message": {"text": args.get("text", "")}}
        if method == "conversations.history":
            with self._lock:
                found = list(self.messages.get(str(args.get("channel")), []))
            return {"ok": True, "messages": list(reversed(found))}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            return {"ok": True, "view": {"id": "V1", **(args.get("view") or {})}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{self._next_ts().split('.')[0]}"
            return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            listed = json.loads(files) if isinstance(files, str) else files or []
            channel = str(args.get("channel_id") or "")
            with self._lock:
                self.shared_files.setdefault(channel, []).extend(f["id"] for f in listed)
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")}
                                          for f in listed]}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url or "ws://127.0.0.1:9/link"}
        return {"ok": True}

    def _handler(self) -> Callable[..., BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with fake._answering():
                    self._serve(dict(parse_qsl(urlparse(self.path).query)))

            def do_POST(self) -> None:
                with fake._answering():
                    self._post()

            def _post(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if self.path.startswith("/upload/"):
                    data = self.rfile.read(length)
                    with fake._lock:
                        fake.uploads[self.path.removeprefix("/upload/")] = data
                    self._reply(200, {"ok": True})
                    return
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                kind = self.headers.get("Content-Type", "")
                args: dict[str, Any]
                if "json" in kind:
                    args = json.loads(raw or "{}")
                else:
                    args = dict(parse_qsl(raw, keep_blank_values=True))
                    for key in ("blocks", "view", "metadata", "attachments"):
                        if isinstance(args.get(key), str):
                            with contextlib.suppress(ValueError):
                                args[key] = json.loads(args[key])
                self._serve(args)

            def _serve(self, args: dict[str, Any]) -> None:
                path = urlparse(self.path).path
                method = path.removeprefix("/api/").strip("/")
                auth = self.headers.get("Authorization", "")
                token = auth.removeprefix("Bearer ") if auth else args.get("token")
                fake.calls.append(Call(method, args, token))
                fault = fake._take_fault(method, args, token)  # limits count on arrival
                if fake.latency:
                    time.sleep(fake.latency)
                if fault:
                    if fault.until is not None:
                        fault.until.wait(60)
                    time.sleep(fault.delay)
                    if fault.status != 200 or fault.error:
                        self._reply(fault.status, {"ok": False,
                                                   "error": fault.error or "fault"},
                                    fault.retry_after)
                        return
                body = {"ok": True} if method.startswith("respond/") else fake.answer(
                    method, args, token)
                self._reply(200, body)

            def _reply(self, status: int, body: dict[str, Any],
                       retry_after: int | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                if retry_after is not None:
                    self.send_header("Retry-After", str(retry_after))
                self.end_headers()
                self.wfile.write(data)

        return Handler
