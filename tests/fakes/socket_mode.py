"""A fake Socket Mode endpoint: the bot connects here, we push envelopes, it sends acks.

`FakeSlack` hands its URL out from `apps.connections.open`, so the bot finds it the way it
finds Slack's real one.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Any

from websockets.sync.server import Server, ServerConnection, serve


class FakeSocketMode:
    def __init__(self) -> None:
        self.acks: dict[str, dict[str, Any]] = {}
        self.connections: list[ServerConnection] = []
        self._lock = threading.Lock()
        self._server: Server = serve(self._session, "127.0.0.1", 0, compression=None)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link"

    def start(self) -> FakeSocketMode:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()

    def _session(self, connection: ServerConnection) -> None:
        with self._lock:
            self.connections.append(connection)
        connection.send(json.dumps({"type": "hello", "num_connections": 1,
                                    "connection_info": {"app_id": "A0001"}}))
        try:
            for raw in connection:
                message = json.loads(raw)
                if "envelope_id" in message:
                    with self._lock:
                        self.acks[message["envelope_id"]] = message
        except Exception:
            return

    def wait_connected(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.connections:
                return
            time.sleep(0.05)
        raise AssertionError("the bot never connected over Socket Mode")

    def send(self, kind: str, payload: dict[str, Any], **extra: Any) -> str:
        envelope_id = str(uuid.uuid4())
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                    "accepts_response_payload": kind != "events_api", **extra}
        self.connections[-1].send(json.dumps(envelope))
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if envelope_id in self.acks:
                    return self.acks[envelope_id]
            time.sleep(0.02)
        raise AssertionError("no ack for the envelope")
