"""Every text field of the commitment and plan modals is cleaned at the edge, as the slash
command is: a NUL, other control characters, a right-to-left override or a zero-width space
never reach storage (on PostgreSQL a NUL would fail the insert), and a payload whose fields
have the wrong shape gets an answer, not a crash. One bot per database serves the module;
each test has a workspace and an empty database of its own (tests/slack/conftest.py:
SlackServer)."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text

from storage.migrate import upgrade
from tests.conftest import postgres_schema
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.slack.conftest import SlackServer, Visit, wait_until

ODD = "\x00\x07\u202e\u200b\u2066\x1b"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[SlackServer]:
    tmp_path = tmp_path_factory.mktemp(f"forms-{request.param}")
    if request.param == "sqlite":
        server = SlackServer(tmp_path, template=request.getfixturevalue("migrated_sqlite"))
        yield server
        server.stop()
        return
    with postgres_schema("showup_forms") as engine:
        upgrade(engine)
        server = SlackServer(tmp_path,
                             database_url=engine.url.render_as_string(hide_password=False))
        yield server
        server.stop()


@pytest.fixture
def visit(server: SlackServer) -> Visit:
    return server.visit()


@pytest.fixture
def fake_slack(visit: Visit) -> FakeSlack:
    return visit.fake


@pytest.fixture
def served(visit: Visit) -> tuple[SlackSimulator, Engine]:
    return visit.slack, visit.server.engine


def _typed(value: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def _rows(engine: Engine, sql: str) -> list[str]:
    with engine.connect() as conn:
        return [str(v) for row in conn.execute(text(sql)) for v in row]


def test_odd_characters_in_every_form_field_are_cleaned_before_storage(
        served: tuple[SlackSimulator, Engine], fake_slack: FakeSlack) -> None:
    slack, engine = served
    answer = slack.submit_view("U0ALEX", {
        "what": _typed(f"Visit{ODD} Sunrise Pediatrics"),
        "when_where": _typed(f"front{ODD} desk"),
        "referral_source": _typed(f"Sunrise{ODD} Pediatrics"),
        "activity": {"type": "static_select", "selected_option": {"value": "visit"}}})
    assert answer.status == 200 and "errors" not in answer.body, answer
    answer = slack.submit_view("U0ALEX", {
        "niche": _typed(f"anxious{ODD} teens"), "referrers": _typed(f"pediatricians{ODD}"),
        "activities": _typed(f"talk at{ODD} Rotary\nvisit{ODD} Lincoln Middle\n"
                             f"lunch at Valley{ODD} Family Medicine\npodcast on{ODD} KXLU"),
        "update_note": _typed(f"on{ODD} track")}, callback_id="showup_plan")
    assert answer.status == 200 and "errors" not in answer.body, answer
    # Each form is saved before its 200; the message confirming it follows.
    wait_until(lambda: len(fake_slack.calls_to("chat.postMessage")) >= 2)
    stored = _rows(engine, "SELECT what, when_where FROM commitments") + \
        _rows(engine, "SELECT niche, referrers FROM plans") + \
        _rows(engine, "SELECT text FROM plan_items")
    assert "Visit Sunrise Pediatrics — Sunrise Pediatrics" in stored, stored
    assert "talk at Rotary" in stored and "anxious teens" in stored, stored
    assert not any(ch in value for value in stored for ch in ODD), stored


@pytest.mark.parametrize("state", [
    "notadict", {"what": "x"}, {"what": {"value": ["a"]}},
    {"what": {"value": {"type": "plain_text_input", "value": 7}}},
    {"activity": {"value": {"type": "static_select", "selected_option": "visit"}}},
])
def test_a_form_of_the_wrong_shape_is_answered_not_crashed(
        served: tuple[SlackSimulator, Engine], state: Any) -> None:
    slack, engine = served
    payload = slack.view_payload("U0ALEX", {})
    payload["view"]["state"] = {"values": state}
    answer = slack.post("payload=" + urllib.parse.quote(json.dumps(payload)),
                        "application/x-www-form-urlencoded")
    assert answer.status == 200, answer
    assert json.loads(answer.body or "{}").get("response_action") == "errors"
    assert _rows(engine, "SELECT what FROM commitments") == []


def test_a_profile_name_is_cleaned_like_typed_text(served: tuple[SlackSimulator, Engine],
                                                   fake_slack: FakeSlack) -> None:
    """A display name from Slack's profile is stored and shown cleaned, as typed text is."""
    slack, engine = served
    fake_slack.add_user("U0EVE", f"Eve{ODD} Adams\u202e" + "x" * 300)
    slack.command("U0EVE", "commit visit Sunrise Pediatrics fri")
    fake_slack.wait_for(slack.last_response)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT display_name FROM members")).scalar()
        workspace = conn.execute(text("SELECT name FROM workspaces")).scalar()
    assert str(stored).startswith("Eve Adams x") and len(str(stored)) <= 120
    assert not any(ch in str(stored) for ch in ODD)
    assert workspace == "clinic"
