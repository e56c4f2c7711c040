"""Multi-workspace install over OAuth, admin channel choice, and failures that must not hurt.

Two bots serve the module, one installed over OAuth and one with a single workspace's token;
each test has workspaces and an empty database of its own (tests/slack/conftest.py:
SlackServer)."""

from __future__ import annotations

import json
import re
import sqlite3
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.slack_api import FakeSlack, Fault
from tests.fakes.slack_simulator import SlackSimulator
from tests.slack.conftest import SIGNING_SECRET, RunningBot, SlackServer, Visit
from tests.slack.test_http_conversation import responded


@pytest.fixture(scope="module")
def oauth_server(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path
                 ) -> Iterator[SlackServer]:
    server = SlackServer(tmp_path_factory.mktemp("oauth"), template=migrated_sqlite,
                         SLACK_BOT_TOKEN="", SLACK_CLIENT_ID="111.222",
                         SLACK_CLIENT_SECRET="client-secret")
    yield server
    server.stop()


@pytest.fixture
def oauth_visit(oauth_server: SlackServer) -> Visit:
    return oauth_server.visit()


@pytest.fixture
def oauth_bot(oauth_visit: Visit) -> RunningBot:
    return oauth_visit.bot


@pytest.fixture
def fake_slack(request: pytest.FixtureRequest) -> FakeSlack:
    """The fake Slack of whichever bot the test uses."""
    visit = "oauth_visit" if "oauth_bot" in request.fixturenames else "visit"
    return request.getfixturevalue(visit).fake  # type: ignore[no-any-return]


@pytest.fixture
def bot(visit: Visit) -> RunningBot:
    return visit.bot


@pytest.fixture
def slack(visit: Visit) -> SlackSimulator:
    return visit.slack


def install(bot: RunningBot, fake: FakeSlack, team: str, token: str) -> str:
    """Walk the install flow as the installer's browser would; return the final page.

    The state cookie is marked Secure (production runs behind https), so it is carried by
    hand over the loopback http here."""
    with urllib.request.urlopen(bot.url + "/slack/install") as page:
        html = page.read().decode()
        cookie = page.headers["Set-Cookie"].split(";")[0]
    authorize = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', html)
    assert authorize, html
    query = urllib.parse.parse_qs(urllib.parse.urlparse(
        authorize.group(1).replace("&amp;", "&")).query)
    assert query["client_id"] == ["111.222"]
    assert "commands" in query["scope"][0]
    code = f"code-{team}"
    fake.installs[code] = {"access_token": token, "team": {"id": team, "name": team},
                           "authed_user": {"id": "U0OWNER"}}
    redirect = (f"{bot.url}/slack/oauth_redirect?code={code}&state="
                f"{urllib.parse.quote(query['state'][0])}")
    with urllib.request.urlopen(urllib.request.Request(redirect, headers={"Cookie": cookie})
                                ) as page:
        return page.read().decode()


def test_two_workspaces_install_and_stay_apart(oauth_bot: RunningBot, fake_slack: FakeSlack,
                                                oauth_visit: Visit) -> None:
    first, second = oauth_visit.new_team(), oauth_visit.new_team()
    assert "Thank you" in install(oauth_bot, fake_slack, first, "xoxb-one")
    install(oauth_bot, fake_slack, second, "xoxb-two")
    one = SlackSimulator(oauth_bot.url, SIGNING_SECRET, fake_slack.url + "/", team_id=first)
    two = SlackSimulator(oauth_bot.url, SIGNING_SECRET, fake_slack.url + "/", team_id=second)
    one.command("U0ALEX", "commit visit Sunrise Pediatrics tomorrow")
    assert "📌 Committed #1" in fake_slack.wait_for(one.last_response)[-1].args["text"]
    two.command("U0ALEX", "done 1")
    answer = fake_slack.wait_for(two.last_response)[-1].args["text"]
    assert "I can't find #1 among your commitments" in answer
    tokens = {c.token for c in fake_slack.calls_to("users.info")}
    assert tokens == {"xoxb-one", "xoxb-two"}


def test_a_workspace_that_never_installed_is_turned_away(oauth_bot: RunningBot,
                                                         fake_slack: FakeSlack) -> None:
    stranger = SlackSimulator(oauth_bot.url, SIGNING_SECRET, fake_slack.url + "/",
                              team_id="T0999")
    answer = stranger.command("U0ALEX", "commit visit Sunrise Pediatrics tomorrow")
    assert answer.status == 200
    told = fake_slack.wait_for(stranger.last_response)[-1].args["text"]
    assert told == "ShowUp isn't installed in this workspace yet — ask your practice owner."
    with sqlite3.connect(oauth_bot.database) as db:
        assert db.execute("SELECT count(*) FROM commitments").fetchone() == (0,)


def test_uninstall_removes_the_tokens_too(oauth_bot: RunningBot, fake_slack: FakeSlack,
                                          oauth_visit: Visit) -> None:
    team = oauth_visit.new_team()
    install(oauth_bot, fake_slack, team, "xoxb-one")
    sim = SlackSimulator(oauth_bot.url, SIGNING_SECRET, fake_slack.url + "/", team_id=team)
    sim.command("U0ALEX", "commit visit Sunrise Pediatrics tomorrow")
    fake_slack.wait_for(sim.last_response)
    assert sim.event({"type": "app_uninstalled"}).status == 200

    def left() -> tuple[int, int]:
        with sqlite3.connect(oauth_bot.database) as db:
            bots = db.execute("SELECT count(*) FROM slack_bots WHERE team_id = ?", (team,))
            workspaces = db.execute("SELECT count(*) FROM workspaces")
            return bots.fetchone()[0], workspaces.fetchone()[0]

    deadline = time.monotonic() + 5
    while left() != (0, 0) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert left() == (0, 0)


def test_admin_picks_the_leaderboard_channel(slack: SlackSimulator, fake_slack: FakeSlack,
                                             bot: RunningBot) -> None:
    slack.command("U0OWNER", "admin channel <#C0TEAM123|outreach>", escape=False)
    assert "goes to #C0TEAM123" in responded(fake_slack, slack).args["text"]
    picked = {
        "type": "block_actions", "user": {"id": "U0OWNER", "team_id": slack.team_id},
        "team": {"id": slack.team_id, "domain": "clinic"}, "api_app_id": "A0001",
        "container": {"type": "view", "view_id": "V1"}, "trigger_id": "t.1",
        "actions": [{"action_id": "showup_pick_channel", "block_id": "pick:admin channel",
                     "type": "conversations_select", "selected_conversation": "C0OTHER12",
                     "action_ts": "1"}],
    }
    assert slack.interaction(picked).status == 200
    home = fake_slack.wait_for("views.publish")[-1].args["view"]
    assert "Leaderboard channel: #C0OTHER12" in json.dumps(home)
    picked["user"] = {"id": "U0ALEX", "team_id": slack.team_id}
    picked["actions"][0]["selected_conversation"] = "C0SNEAKY1"
    slack.interaction(picked)
    refused = fake_slack.wait_for("chat.postMessage")[-1].args
    assert "Only the practice owner or an admin" in refused["text"]
    with sqlite3.connect(bot.database) as db:
        assert db.execute("SELECT leaderboard_channel FROM workspaces").fetchone() == (
            "C0OTHER12",)


def test_a_slack_failure_gets_an_apology_with_a_reference(slack: SlackSimulator,
                                                          fake_slack: FakeSlack,
                                                          bot: RunningBot) -> None:
    fake_slack.faults.append(Fault("views.open", status=200, error="expired_trigger_id"))
    slack.command("U0ALEX", "commit")
    apology = responded(fake_slack, slack).args["text"]
    reference = re.search(r"reference: ([0-9a-f]{8})", apology)
    assert reference, apology
    assert f"ref {reference.group(1)}" in bot.logs()


def test_a_command_that_fails_after_its_ack_gets_an_apology_with_a_reference(
        slack: SlackSimulator, fake_slack: FakeSlack, bot: RunningBot) -> None:
    """Commands run after the ack on threads of their own; a failure there still ends in the
    apology, on the command's response_url."""
    fake_slack.faults.append(Fault("conversations.open", status=200, error="not_authed"))
    assert slack.command("U0ALEX", "export").status == 200
    apology = fake_slack.wait_for(slack.last_response, 2)[-1].args["text"]
    reference = re.search(r"reference: ([0-9a-f]{8})", apology)
    assert reference, apology
    assert f"ref {reference.group(1)}" in bot.logs()


def test_a_command_that_cannot_be_stored_is_answered_at_once_and_kept_nowhere(
        slack: SlackSimulator, fake_slack: FakeSlack, bot: RunningBot) -> None:
    """A command is stored before it is acknowledged; when storing fails (here: the inbox's
    table gone from under the running server), the ack itself is the apology with a
    reference, nothing of the command is kept, and the next command, once the database is
    whole again, is carried out as usual."""
    assert slack.command("U0ALEX", "list").status == 200   # Alex is known
    responded(fake_slack, slack)
    with sqlite3.connect(bot.database) as db:
        db.execute("ALTER TABLE inbox RENAME TO inbox_away")
    try:
        answer = slack.command("U0ALEX", "commit visit Sunrise Pediatrics thu")
    finally:
        with sqlite3.connect(bot.database) as db:
            db.execute("ALTER TABLE inbox_away RENAME TO inbox")
    assert answer.status == 200
    reference = re.search(r"reference: ([0-9a-f]{8})", answer.body)
    assert reference and "went wrong" in answer.body, answer.body
    assert f"ref {reference.group(1)}" in bot.logs()
    assert "Sunrise" not in bot.logs()
    with sqlite3.connect(bot.database) as db:
        assert db.execute("SELECT count(*) FROM commitments").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM inbox WHERE words LIKE '%Sunrise%'"
                          ).fetchone() == (0,)
    assert slack.command("U0ALEX", "commit visit Sunrise Pediatrics thu").status == 200
    assert "Sunrise Pediatrics" in responded(fake_slack, slack).args["text"]


def test_a_click_that_cannot_be_stored_is_acknowledged_and_apologised_for(
        slack: SlackSimulator, fake_slack: FakeSlack, bot: RunningBot) -> None:
    assert slack.command("U0ALEX", "commit visit Sunrise Pediatrics thu").status == 200
    responded(fake_slack, slack)
    with sqlite3.connect(bot.database) as db:
        db.execute("ALTER TABLE inbox RENAME TO inbox_away")
    try:
        answer = slack.click("U0ALEX", "done 1")
        apology = responded(fake_slack, slack).args["text"]
    finally:
        with sqlite3.connect(bot.database) as db:
            db.execute("ALTER TABLE inbox_away RENAME TO inbox")
    assert answer.status == 200   # acked: not left to Slack's 3 s timeout (a 404)
    reference = re.search(r"reference: ([0-9a-f]{8})", apology)
    assert reference, apology
    assert f"ref {reference.group(1)}" in bot.logs()
    with sqlite3.connect(bot.database) as db:
        assert db.execute("SELECT status, done_on FROM commitments").fetchall() == [
            ("open", None)]


def test_rate_limited_replies_are_retried(slack: SlackSimulator, fake_slack: FakeSlack) -> None:
    fake_slack.faults.append(Fault("users.info", status=429, retry_after=1))
    fake_slack.faults.append(Fault("views.publish", status=503))
    slack.event({"type": "app_home_opened", "user": "U0ALEX", "tab": "home"})
    published = fake_slack.wait_for("views.publish", 2)
    assert len(published) == 2
    infos = fake_slack.calls_to("users.info")
    assert len(infos) == 2 and infos[1].at - infos[0].at >= 0.9
