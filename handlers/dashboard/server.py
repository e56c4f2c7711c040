"""The dashboard served from a thread of this process: the console starts it the first time
someone asks for a link, on 127.0.0.1:PORT, with the console's own clock."""

from __future__ import annotations

import errno
import socket
import threading
import time

import uvicorn
from starlette.types import ASGIApp

STARTUP_SECONDS = 10.0


class BackgroundServer:
    def __init__(self, app: ASGIApp, host: str, port: int) -> None:
        self.app, self.host, self.port = app, host, port
        self._server: uvicorn.Server | None = None
        self._lock = threading.Lock()

    def start(self) -> str | None:
        """Serve, if not serving yet; a line saying why not when the port can't be had."""
        with self._lock:
            if self._server is not None:
                return None
            listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                listening.bind((self.host, self.port))
            except OSError as refused:
                listening.close()
                return self._cannot_listen(refused)
            listening.listen(128)
            # log_config=None: the console's own logging stays as it is (app.py).
            server = uvicorn.Server(uvicorn.Config(self.app, log_config=None, access_log=False,
                                                   lifespan="off"))
            threading.Thread(target=server.run, kwargs={"sockets": [listening]},
                             name="dashboard-server", daemon=True).start()
            deadline = time.monotonic() + STARTUP_SECONDS
            while not server.started and time.monotonic() < deadline:
                time.sleep(0.01)
            if not server.started:
                listening.close()
                return "⚠️ The dashboard could not be started here (see the log above)."
            self._server = server
            return None

    def _cannot_listen(self, refused: OSError) -> str:
        if refused.errno == errno.EADDRINUSE:
            why = f"PORT={self.port} is already in use on {self.host} (another ShowUp?)"
        else:
            why = f"it cannot listen on {self.host}:{self.port} ({refused.strerror})"
        return (f"⚠️ The dashboard isn't being served here: {why}. Set PORT to a free port "
                "and start the console again; this link opens only where ShowUp serves it.")
