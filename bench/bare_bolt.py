"""`python -m bench.bare_bolt PORT SLACK_API_URL`: a Bolt app whose /outreach only acks,
served exactly as ShowUp serves Slack (Starlette + uvicorn, Bolt dispatched on a thread)."""

from __future__ import annotations

import sys
from typing import Any

import uvicorn
from slack_bolt import Ack, App
from slack_sdk import WebClient

from bench.servers import BOT_TOKEN, SIGNING_SECRET
from handlers.slack.server import slack_routes
from handlers.web import web_app


def main(port: int, api_url: str) -> None:
    app = App(signing_secret=SIGNING_SECRET,
              client=WebClient(token=BOT_TOKEN, base_url=api_url))

    @app.command("/outreach")
    def outreach(ack: Ack, body: dict[str, Any]) -> None:
        ack()

    uvicorn.run(web_app(slack_routes(app, SIGNING_SECRET)), host="127.0.0.1", port=port,
                log_level="warning", access_log=False)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
