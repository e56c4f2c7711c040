"""What reaches /api/messages that Teams did not send: forged requests are refused with 401
outside the explicit local-test setting, and malformed ones get a short 400 or 413, leaving
the data as it was and nothing of the body in the log."""

from __future__ import annotations

import json
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.bot_connector import FakeBotConnector, TeamsUser, post_activity
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.process import RunningBot, start_app, stop_bot
from tests.teams.conftest import TeamsChat

CREDENTIALS = {"CLIENT_ID": "00000000-0000-4000-8000-0000000000c1",
               "CLIENT_SECRET": "not-a-real-secret", "TENANT_ID": "tenant-1"}


@pytest.fixture
def secured_bot(tmp_path: Path) -> Iterator[RunningBot]:
    running = start_app(tmp_path, **CREDENTIALS)
    yield running
    stop_bot(running)


def forged_token() -> str:
    header = {"alg": "RS256", "typ": "JWT", "kid": "made-up"}
    claims = {"iss": "https://api.botframework.com", "aud": CREDENTIALS["CLIENT_ID"],
              "exp": 4102444800, "serviceUrl": "http://127.0.0.1:9"}

    def part(value: dict[str, object]) -> str:
        import base64

        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part(header)}.{part(claims)}.c2lnbmF0dXJl"


def test_requests_without_a_valid_token_are_refused(secured_bot: RunningBot,
                                                    connector: FakeBotConnector) -> None:
    dana = TeamsUser(connector.url, "Dana Reyes")
    message = dana.message("commit visit Sunrise Pediatrics friday")
    assert post_activity(secured_bot.url, message)[0] == 401
    assert post_activity(secured_bot.url, message, {"Authorization": "Basic abc"})[0] == 401
    assert post_activity(secured_bot.url, message,
                         {"Authorization": f"Bearer {forged_token()}"})[0] == 401
    assert connector.posted == []
    with sqlite3.connect(secured_bot.database) as db:
        assert db.execute("SELECT count(*) FROM workspaces").fetchone() == (0,)


def test_without_teams_settings_there_is_no_teams_endpoint(
        tmp_path: Path, connector: FakeBotConnector, fake_slack: FakeSlack) -> None:
    slack_only = start_app(tmp_path, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s",
                           SLACK_API_URL=fake_slack.api_url)
    try:
        dana = TeamsUser(connector.url, "Dana Reyes")
        assert post_activity(slack_only.url, dana.message("streak"))[0] == 404
    finally:
        stop_bot(slack_only)


MALFORMED = [
    b"", b"not json", b"[1, 2]", b'{"type": "message"}', b'"text"',
    json.dumps({"type": "message", "id": "1", "text": "hi", "from": "nobody"}).encode(),
    b"\xff\xfe\x00garbage",
]


def test_malformed_bodies_get_a_short_400(teams: TeamsChat) -> None:
    for body in MALFORMED:
        status, answer = post_activity(teams.bot.url, body)
        assert (status, answer) == (400, {"error": "Not a Teams activity"}), body


def _status_of_declared(url: str, length: int) -> int:
    """The status a body of `length` bytes gets from its headers alone. (Sending the body
    too races the server's answer: it refuses without reading, then closes.)"""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=15) as conn:
        conn.sendall(f"POST /api/messages HTTP/1.1\r\nHost: {host}\r\nContent-Type: "
                     f"application/json\r\nContent-Length: {length}\r\n\r\n".encode())
        return int(conn.recv(4096).split(b" ", 2)[1])


def test_odd_activities_change_nothing(teams: TeamsChat) -> None:
    dana = teams.user("Dana Reyes")
    no_tenant = dana.message("commit visit Sunrise Pediatrics friday")
    no_tenant["conversation"].pop("tenantId")
    no_tenant.pop("channelData")
    assert teams.send(no_tenant)[0] == 200
    assert "Microsoft 365 organisation" in teams.connector.to(dana.chat)[-1].text()
    typing = dana.message("")
    typing["type"] = "typing"
    assert teams.send(typing)[0] == 200
    stranger_click = dana.click("forget me confirm")
    stranger_click["value"]["action"]["data"] = {"action": "showup", "command": 42}
    status, answer = teams.send(stranger_click)
    assert status == 200 and "older version" in json.dumps(answer)
    huge = json.dumps(dana.message("x" * 1_100_000)).encode()
    assert _status_of_declared(teams.bot.url, len(huge)) == 413   # refused before it is read
    for tenant, person in (("12345", None), ("x" * 200, None), (None, "has spaces in it"),
                           (None, "29:\u202eevil")):
        odd = dana.message("commit visit Sunrise Pediatrics friday")
        if tenant is not None:
            odd["conversation"]["tenantId"] = odd["channelData"]["tenant"]["id"] = tenant
        if person is not None:
            odd["from"]["id"] = odd["from"]["aadObjectId"] = person
        assert teams.send(odd)[0] == 200
        assert "Microsoft 365 organisation" in teams.connector.to(dana.chat)[-1].text()
    with sqlite3.connect(teams.bot.database) as db:
        assert db.execute("SELECT count(*) FROM commitments").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM members").fetchone() == (0,)
    assert "Sunrise" not in teams.bot.logs()


def test_one_process_serves_slack_and_teams_side_by_side(
        tmp_path: Path, connector: FakeBotConnector, fake_slack: FakeSlack) -> None:
    both = start_app(tmp_path, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="secret",
                     SLACK_API_URL=fake_slack.api_url,
                     DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS="true")
    try:
        slack = SlackSimulator(both.url, "secret", fake_slack.url + "/")
        assert slack.command("U0ALEX", "commit visit Sunrise Pediatrics friday").status == 200
        fake_slack.wait_for(slack.last_response)
        dana = TeamsUser(connector.url, "Dana Reyes")
        assert post_activity(both.url, dana.message("commit talk at Rotary Club friday"))[0] \
            == 200
        assert "📌 Committed #1" in connector.to(dana.chat)[-1].text()  # her first
        with sqlite3.connect(both.database) as db:
            assert sorted(db.execute("SELECT platform FROM workspaces").fetchall()) == [
                ("slack",), ("teams",)]
    finally:
        stop_bot(both)


def test_kinds_of_activity_ShowUp_does_not_use_are_acknowledged(teams: TeamsChat) -> None:
    dana = teams.user("Dana Reyes")
    for kind, extra in [("installationUpdate", {"action": "add-upgrade"}),
                        ("event", {"name": "application/vnd.microsoft.meetingStart"}),
                        ("messageReaction", {"reactionsAdded": [{"type": "like"}]}),
                        ("somethingNew", {})]:
        activity = dana.message("")
        activity.update(type=kind, **extra)
        assert teams.send(activity)[0] == 200, kind
    assert teams.connector.posted == []
