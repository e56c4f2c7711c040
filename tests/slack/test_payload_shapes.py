"""Signed requests of shapes Slack never sends are answered 400 and create nothing; the
shapes Slack does send (the rest of tests/slack) still pass."""

from __future__ import annotations

import json
import sqlite3
import urllib.parse
from collections.abc import Callable
from typing import Any

from tests.fakes.slack_simulator import SlackSimulator
from tests.slack.conftest import RunningBot

Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Edit:
    def edit(payload: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = payload
        for key in parents:
            node = node[key]
        node[last] = value
    return edit


ODD_CLICKS = [
    _set("actions", []), _set("actions", [None]), _set("actions", "x"),
    _set("user.id", 12345), _set("user.id", None), _set("user.id", ["U1"]),
    _set("team.id", 7), _set("user.id", "U" + "1" * 80), _set("user", "U1"),
]


def test_odd_clicks_forms_events_and_commands_are_refused_and_create_nothing(
        slack: SlackSimulator, bot: RunningBot) -> None:
    for edit in ODD_CLICKS:
        payload = slack.click_payload("U0ALEX", "commit visit Lakeside Peds fri")
        edit(payload)
        assert slack.interaction(payload).status == 400, payload
    for edit in (_set("view", "notadict"), _set("user.id", 5)):
        payload = slack.view_payload("U0ALEX", {})
        edit(payload)
        assert slack.interaction(payload).status == 400, payload
    for event in ("x", None, ["app_home_opened"]):
        body = json.dumps({"type": "event_callback", "team_id": "T0001", "api_app_id": "A0001",
                           "event_id": "Ev1", "event_time": 1, "event": event})
        assert slack.post(body, "application/json").status == 400, event
    for field, value in (("user_id", "12345"), ("team_id", ""), ("user_id", "U" + "9" * 70),
                         ("team_id", "t-1")):
        form = slack.command_payload("U0ALEX", "commit visit Sunrise Pediatrics fri")
        form[field] = value
        answer = slack.post(urllib.parse.urlencode(form), "application/x-www-form-urlencoded")
        assert answer.status == 400, (field, value)
    with sqlite3.connect(bot.database) as db:
        for table in ("workspaces", "members", "commitments"):
            assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table
    assert "Traceback" not in bot.logs()
