"""A fake Bot Connector service on loopback: where a Teams bot posts its messages.

Activities that ShowUp sends (replies and proactive nudges) arrive at
`POST /v3/conversations/{id}/activities` and are recorded; faults answer the next posts with
429 / 412 / 502 / 504 (and Retry-After) to test retries. `TeamsUser` builds the activities
Teams would POST to the bot's `/api/messages`.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes.slack_api import STOP_POLL_SECONDS

BOT_ID = "28:showup-bot"
TENANT = "7a1c2b3d-0000-4000-8000-00000000a11c"


@dataclass
class Posted:
    conversation_id: str
    activity: dict[str, Any]
    authorization: str | None
    at: float = field(default_factory=time.monotonic)

    def card(self) -> dict[str, Any]:
        for attachment in self.activity.get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return dict(attachment["content"])
        return {}

    def text(self) -> str:
        """Everything a person would read: the message text and the card's text blocks."""
        return "\n".join([self.activity.get("text") or "", *card_texts(self.card())]).strip()

    def commands(self) -> list[str]:
        return card_commands(self.card())


def card_texts(card: dict[str, Any]) -> list[str]:
    return [block["text"].replace("\\", "") for block in card.get("body") or []
            if block.get("type") == "TextBlock"]


def card_commands(card: dict[str, Any]) -> list[str]:
    return [action["data"]["command"] for block in card.get("body") or []
            if block.get("type") == "ActionSet" for action in block.get("actions") or []]


@dataclass
class ConnectorFault:
    status: int
    retry_after: int | None = None


class FakeBotConnector:
    def __init__(self) -> None:
        self.posted: list[Posted] = []
        self.faults: list[ConnectorFault] = []
        self.refused = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeBotConnector:
        threading.Thread(target=self._server.serve_forever, args=(STOP_POLL_SECONDS,),
                         daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def to(self, conversation_id: str) -> list[Posted]:
        with self._lock:
            return [p for p in self.posted if p.conversation_id == conversation_id]

    def wait_for(self, conversation_id: str, count: int = 1, timeout: float = 10.0
                 ) -> list[Posted]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(conversation_id)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"{conversation_id} got {len(self.to(conversation_id))} "
                             f"activities, expected {count}")

    def _record(self, path: str, body: dict[str, Any], authorization: str | None
                ) -> tuple[int, dict[str, Any], dict[str, str]]:
        parts = path.strip("/").split("/")
        if len(parts) == 4 and parts[:2] == ["v3", "conversations"] and parts[3] == "activities":
            with self._lock:
                if self.faults:
                    fault = self.faults.pop(0)
                    self.refused += 1
                    headers = ({"Retry-After": str(fault.retry_after)}
                               if fault.retry_after is not None else {})
                    return fault.status, {"error": {"code": "Fault"}}, headers
                self.posted.append(Posted(parts[2], body, authorization))
                return 201, {"id": f"1:{uuid.uuid4().hex[:12]}"}, {}
        if parts == ["v3", "conversations"]:
            return 201, {"id": f"a:{uuid.uuid4().hex}"}, {}
        return 404, {"error": {"code": "NotFound"}}, {}

    def _handler(self) -> Callable[..., BaseHTTPRequestHandler]:
        connector = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    body = {}
                status, answer, headers = connector._record(
                    self.path, body, self.headers.get("Authorization"))
                self._reply(status, answer, headers)

            do_PUT = do_POST

            def _reply(self, status: int, body: dict[str, Any], headers: dict[str, str]
                       ) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler


@dataclass
class TeamsUser:
    """One person on Teams, as Teams presents them to the bot."""

    service_url: str
    name: str
    aad_object_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    timezone: str | None = "America/Chicago"
    tenant: str = TENANT

    @property
    def chat(self) -> str:
        return f"a:personal-{self.aad_object_id}"

    def _base(self, kind: str, conversation: dict[str, Any]) -> dict[str, Any]:
        activity: dict[str, Any] = {
            "type": kind, "id": uuid.uuid4().hex, "channelId": "msteams",
            "serviceUrl": self.service_url, "timestamp": "2026-11-30T15:00:00.000Z",
            "from": {"id": f"29:{self.aad_object_id}", "name": self.name,
                     "aadObjectId": self.aad_object_id},
            "recipient": {"id": BOT_ID, "name": "ShowUp"},
            "conversation": conversation,
            "channelData": {"tenant": {"id": self.tenant}},
        }
        if self.timezone:
            activity["entities"] = [{"type": "clientInfo", "locale": "en-US",
                                     "timezone": self.timezone, "platform": "Web"}]
        return activity

    def personal(self) -> dict[str, Any]:
        return {"id": self.chat, "conversationType": "personal", "tenantId": self.tenant}

    def message(self, text: str, conversation: dict[str, Any] | None = None
                ) -> dict[str, Any]:
        activity = self._base("message", conversation or self.personal())
        activity["text"] = text
        return activity

    def channel_message(self, text: str, channel: Channel) -> dict[str, Any]:
        mention = "<at>ShowUp</at>"
        activity = self.message(f"{mention} {text}", channel.conversation())
        activity["entities"] = [*(activity.get("entities") or []), {
            "type": "mention", "text": mention, "mentioned": {"id": BOT_ID, "name": "ShowUp"}}]
        activity["channelData"].update(channel.channel_data())
        return activity

    def mentioning(self, text: str, other: TeamsUser) -> dict[str, Any]:
        """A personal-chat message that @mentions a colleague: `{who}` in `text` marks where."""
        tag = f"<at>{other.name}</at>"
        activity = self.message(text.format(who=tag))
        activity["entities"] = [*(activity.get("entities") or []), {
            "type": "mention", "text": tag,
            "mentioned": {"id": f"29:{other.aad_object_id}", "name": other.name,
                          "aadObjectId": other.aad_object_id}}]
        return activity

    def install(self) -> dict[str, Any]:
        activity = self._base("conversationUpdate", self.personal())
        activity["membersAdded"] = [{"id": BOT_ID, "name": "ShowUp"}]
        return activity

    def uninstall(self) -> dict[str, Any]:
        activity = self._base("installationUpdate", self.personal())
        activity["action"] = "remove"
        return activity

    def click(self, command: str, conversation: dict[str, Any] | None = None
              ) -> dict[str, Any]:
        activity = self._base("invoke", conversation or self.personal())
        activity["name"] = "adaptiveCard/action"
        activity["value"] = {"action": {"type": "Action.Execute", "verb": "showup",
                                        "data": {"action": "showup", "command": command}},
                             "trigger": "manual"}
        return activity


@dataclass
class Channel:
    name: str
    team_id: str = "19:team-general@thread.tacv2"
    channel_id: str = field(default_factory=lambda: f"19:{uuid.uuid4().hex}@thread.tacv2")
    tenant: str = TENANT

    def conversation(self) -> dict[str, Any]:
        return {"id": f"{self.channel_id};messageid=17{uuid.uuid4().int % 10**11}",
                "conversationType": "channel", "tenantId": self.tenant, "isGroup": True}

    def channel_data(self) -> dict[str, Any]:
        return {"team": {"id": self.team_id, "name": "Sunrise Therapy"},
                "channel": {"id": self.channel_id, "name": self.name}}


def post_activity(bot_url: str, activity: dict[str, Any] | bytes,
                  headers: dict[str, str] | None = None) -> tuple[int, Any]:
    """POST one activity to the bot's /api/messages as Teams would; (status, JSON body)."""
    data = activity if isinstance(activity, bytes) else json.dumps(activity).encode()
    request = urllib.request.Request(bot_url + "/api/messages", data=data, method="POST",
                                     headers={"Content-Type": "application/json",
                                              **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw) if raw else None
        except ValueError:
            return error.code, raw.decode(errors="replace")
