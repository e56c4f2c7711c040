"""App Home: my week, my streak, the team's progress; settings for admins.

Opening the tab asks for the page; the pages are built and published by a few threads of
their own, never on the path that answers Slack, so a burst of opens (Monday morning) slows
no ack. Opens by one person that arrive while their page is still waiting are answered by
that one publish: it shows the latest state anyway.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.coach import Coach
from bot.messages import Actor
from handlers.slack import blocks
from handlers.slack.deps import SlackDeps

log = logging.getLogger("showup.slack.home")
PUBLISHERS = 2


def publish_home(coach: Coach, now: datetime, client: WebClient, actor: Actor) -> None:
    page = coach.home(actor, now)
    client.views_publish(user_id=actor.user_id,
                         view={"type": "home", "blocks": blocks.page_blocks(page)})


class HomePages:
    """Pages waiting to be published, one per person, in the order they were asked for."""

    def __init__(self, publish: Callable[[WebClient, str, str], None],
                 threads: int = PUBLISHERS) -> None:
        self._publish = publish
        self._waiting: dict[tuple[str, str], WebClient] = {}
        self._changed = threading.Condition()
        for number in range(threads):
            threading.Thread(target=self._loop, name=f"app-home-{number}", daemon=True).start()

    def ask(self, client: WebClient, team_id: str, user_id: str) -> None:
        with self._changed:
            self._waiting[(team_id, user_id)] = client
            self._changed.notify()

    def _loop(self) -> None:
        while True:
            with self._changed:
                while not self._waiting:
                    self._changed.wait()
                (team_id, user_id), client = next(iter(self._waiting.items()))
                del self._waiting[(team_id, user_id)]
            try:
                self._publish(client, team_id, user_id)
            except Exception:
                log.exception("publishing App Home failed")


def home_listener(deps: SlackDeps) -> Callable[..., None]:
    def publish(client: WebClient, team_id: str, user_id: str) -> None:
        publish_home(deps.coach, deps.clock.now(), client,
                     deps.people.actor(client, team_id, team_id, user_id))

    pages = HomePages(publish)

    def on_home_opened(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        pages.ask(client, str(body.get("team_id") or ""), str(event.get("user")))

    return on_home_opened
