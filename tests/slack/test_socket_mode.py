"""The same conversation over Socket Mode: `python app.py` with an app-level token connects
to the fake Socket Mode endpoint that the fake Slack hands out."""

from __future__ import annotations

import json
import signal
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.fakes.socket_mode import FakeSocketMode
from tests.process import pinned_day
from tests.slack.conftest import SIGNING_SECRET, start_bot, stop_bot


@pytest.fixture
def socket_mode(tmp_path: Path, fake_slack: FakeSlack, pinned_at: str
                ) -> Iterator[FakeSocketMode]:
    endpoint = FakeSocketMode().start()
    fake_slack.socket_url = endpoint.url
    running = start_bot(tmp_path, fake_slack, command=(), at=pinned_at,
                        ready=lambda _: bool(endpoint.connections),
                        SLACK_APP_TOKEN="xapp-test-token", SLACK_SIGNING_SECRET="")
    yield endpoint
    stop_bot(running)
    endpoint.stop()




@pytest.mark.clock_sensitive
def test_a_week_over_socket_mode(socket_mode: FakeSocketMode, fake_slack: FakeSlack,
                                 pinned_at: str) -> None:
    assert fake_slack.calls_to("apps.connections.open")[0].token == "xapp-test-token"
    sim = SlackSimulator("http://unused", SIGNING_SECRET, fake_slack.url + "/")

    line = "commit visit Sunrise Pediatrics tomorrow"
    ack = socket_mode.send("slash_commands", sim.command_payload("U0ALEX", line))
    socket_mode.wait_ack(ack)
    committed = fake_slack.wait_for(sim.last_response)[-1].args
    assert committed["text"].startswith("📌 Committed #1: Tomorrow, I will visit Sunrise")

    socket_mode.send("interactive", sim.click_payload("U0ALEX", "done 1"))
    done = fake_slack.wait_for(sim.last_response)[-1].args
    assert done["replace_original"] is True and done["text"].startswith("✅ Done")

    socket_mode.send("slash_commands", sim.command_payload("U0ALEX", "commit"))
    assert fake_slack.wait_for("views.open")[-1].args["view"]["callback_id"] == "showup_commit"
    day = (pinned_day(pinned_at) + timedelta(days=1)).isoformat()
    submitted = socket_mode.send("interactive", sim.view_payload("U0ALEX", {
        "what": {"type": "plain_text_input", "value": "Talk at the Rotary club"},
        "due": {"type": "datepicker", "selected_date": day}}))
    assert socket_mode.wait_ack(submitted).get("payload") in (None, {}, "")
    posted = fake_slack.wait_for("chat.postMessage")[-1].args
    assert "Tomorrow, I will give a talk at the Rotary club." in posted["text"]

    socket_mode.send("events_api", sim.event_payload(
        {"type": "app_home_opened", "user": "U0ALEX", "tab": "home"}, event_id="EvS1"))
    socket_mode.send("events_api", sim.event_payload(
        {"type": "app_home_opened", "user": "U0ALEX", "tab": "home"}, event_id="EvS1"),
        retry_attempt=1, retry_reason="timeout")
    home = fake_slack.wait_for("views.publish")[-1].args
    assert "Talk at the Rotary club" in json.dumps(home["view"])

    socket_mode.send("slash_commands", sim.command_payload("U0OWNER", "admin goal 90"))
    assert "Team goal set to 90" in fake_slack.wait_for(sim.last_response)[-1].args[
        "text"]
    # Sam is in London, whose week may already have turned: the quarter holds Alex's visit.
    socket_mode.send("slash_commands", sim.command_payload("U0SAM", "board quarter"))
    board = fake_slack.wait_for(sim.last_response)[-1].args["text"]
    assert "This quarter: 1 piece of outreach, 3 pts, from 1 person." in board
    assert "/90 pts" in board
    assert len(fake_slack.calls_to("views.publish")) == 1

    # The Messages tab over Socket Mode: read like the command, answered in the DM, once.
    message = {"type": "message", "channel_type": "im", "channel": "D0ALEX", "user": "U0ALEX",
               "text": "streak", "ts": "1764680000.000300"}
    before = len(fake_slack.calls_to("chat.postMessage"))
    socket_mode.wait_ack(socket_mode.send("events_api", sim.event_payload(message,
                                                                          event_id="EvS2")))
    socket_mode.send("events_api", sim.event_payload(message, event_id="EvS2"),
                     retry_attempt=1, retry_reason="timeout")
    streak = fake_slack.wait_for("chat.postMessage", before + 1)[-1].args
    assert streak["channel"] == "D0ALEX" and "streak" in streak["text"].lower()


def test_odd_shapes_over_socket_mode_create_nothing_and_a_stop_drains(
        tmp_path: Path, fake_slack: FakeSlack) -> None:
    """Socket Mode skips the HTTP server's checks: the app refuses a payload Slack would
    never send itself (no ack, nothing stored, no traceback), and SIGTERM drains the inbox
    and exits."""
    endpoint = FakeSocketMode().start()
    fake_slack.socket_url = endpoint.url
    running = start_bot(tmp_path, fake_slack, command=(),
                        ready=lambda _: bool(endpoint.connections),
                        SLACK_APP_TOKEN="xapp-test-token", SLACK_SIGNING_SECRET="")
    try:
        sim = SlackSimulator("http://unused", SIGNING_SECRET, fake_slack.url + "/")
        odd = []
        for field, value in (("user_id", "12345"), ("team_id", 7), ("user_id", None)):
            payload: dict[str, Any] = sim.command_payload("U0ALEX", "commit visit Clinic fri")
            payload[field] = value
            odd.append(endpoint.send("slash_commands", payload))
        click = sim.click_payload("U0ALEX", "commit visit Clinic fri")
        click["user"]["id"] = ["U1"]
        odd.append(endpoint.send("interactive", click))
        fine = endpoint.send("slash_commands", sim.command_payload("U0ALEX", "help"))
        endpoint.wait_ack(fine)
        fake_slack.wait_for(sim.last_response)
        assert not any(envelope in endpoint.acks for envelope in odd)
        with sqlite3.connect(running.database) as db:
            # only the well-shaped "help" enrolled someone: Alex, as asking for help does
            assert db.execute("SELECT platform_user_id FROM members").fetchall() == [
                ("U0ALEX",)]
            assert db.execute("SELECT COUNT(*) FROM commitments").fetchone()[0] == 0
        running.process.send_signal(signal.SIGTERM)
        running.process.wait(timeout=30)
        assert running.logs().count("refused a request not shaped as Slack sends it") == 4
        assert "inbox drained: 0 left" in running.logs()
        assert "Traceback" not in running.logs()
    finally:
        stop_bot(running)
        endpoint.stop()
