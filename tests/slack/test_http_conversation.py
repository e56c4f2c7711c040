"""A week on Slack over real HTTP: the bot runs as `python app.py serve`, Slack is a fake.

Every assertion is on what the fake Slack received, or on the bot's HTTP answer. One bot
serves the module; each test has a workspace and an empty database of its own
(tests/slack/conftest.py: SlackServer)."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import timedelta
from typing import Any

import pytest

from tests.fakes.slack_api import Call, FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.process import pinned_day
from tests.slack.conftest import BOT_TOKEN, RunningBot, the_modules_bot

_fake, _bot, _slack = the_modules_bot()   # every test here uses the module's bot


def responded(fake: FakeSlack, slack: SlackSimulator) -> Call:
    """What the bot sent to the response_url of the latest command or click."""
    return fake.wait_for(slack.last_response)[-1]


def section_texts(message: dict[str, Any]) -> str:
    return "\n".join(b["text"]["text"] for b in message.get("blocks", [])
                     if b.get("type") == "section")


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["text"]["text"], e["value"]) for b in message.get("blocks", [])
            if b.get("type") == "actions" for e in b["elements"]]


def test_help_when_called_bare(slack: SlackSimulator, fake_slack: FakeSlack) -> None:
    answer = slack.command("U0ALEX", "")
    assert answer.status == 200
    reply = responded(fake_slack, slack).args
    assert reply["response_type"] == "ephemeral"
    assert "ShowUp keeps your outreach going" in reply["text"]


@pytest.mark.clock_sensitive
def test_commit_by_command_then_done_by_button(slack: SlackSimulator, fake_slack: FakeSlack
                                                ) -> None:
    slack.command("U0ALEX", "commit visit Sunrise Pediatrics tomorrow")
    reply = responded(fake_slack, slack).args
    assert reply["text"].startswith("📌 Committed #1: Tomorrow, I will visit Sunrise "
                                    "Pediatrics.")
    assert buttons(reply) == [("Done", "done #1"), ("Didn't happen", "missed #1"),
                              ("Move to next week", "move #1")]
    slack.click("U0ALEX", "done #1")
    clicked = responded(fake_slack, slack).args
    assert clicked["replace_original"] is True
    assert clicked["text"].startswith("✅ Done: visit Sunrise Pediatrics (+3 pts)")
    slack.click("U0ALEX", "done #1")
    again = responded(fake_slack, slack).args
    assert "already done — nothing changed" in again["text"]
    # Sam is in London: on a Sunday night in New York his week has already turned, so he
    # looks at the quarter.
    slack.command("U0SAM", "board quarter")
    board = responded(fake_slack, slack).args["text"]
    assert "This quarter: 1 piece of outreach, 3 pts, from 1 person." in board
    assert "Your part: nothing yet" in board and "Alex" not in board


@pytest.mark.clock_sensitive
def test_commit_by_modal(slack: SlackSimulator, fake_slack: FakeSlack, pinned_at: str) -> None:
    slack.command("U0ALEX", "commit")
    opened = fake_slack.wait_for("views.open")[-1].args
    assert opened["trigger_id"].startswith("trigger.")
    view = opened["view"]
    assert view["callback_id"] == "showup_commit"
    kinds = [o["value"] for o in view["blocks"][1]["element"]["options"]]
    assert kinds[:2] == ["guess", "lunch"] and "visit" in kinds
    day = (pinned_day(pinned_at) + timedelta(days=1)).isoformat()
    answer = slack.submit_view("U0ALEX", {
        "what": {"type": "plain_text_input", "value": "Lunch-and-learn for the nurses"},
        "activity": {"type": "static_select", "selected_option": {"value": "lunch"}},
        "due": {"type": "datepicker", "selected_date": day},
        "when_where": {"type": "plain_text_input", "value": "at Valley Family Medicine"},
        "referral_source": {"type": "plain_text_input", "value": None},
    })
    assert answer.status == 200 and answer.body == ""
    posted = fake_slack.wait_for("chat.postMessage")[-1]
    assert posted.args["channel"] == "U0ALEX"
    assert posted.token == BOT_TOKEN
    assert ("Tomorrow, at Valley Family Medicine, I will do a lunch-and-learn for the "
            "nurses.") in posted.args["text"]
    assert "Lunch-and-learn · 4 pts" in posted.args["text"]


def test_modal_errors_are_shown_on_their_fields(slack: SlackSimulator,
                                                fake_slack: FakeSlack, bot: RunningBot) -> None:
    answer = slack.submit_view("U0ALEX", {
        "what": {"type": "plain_text_input", "value": "my client Jane Doe"},
        "activity": {"type": "static_select", "selected_option": {"value": "guess"}},
        "due": {"type": "datepicker", "selected_date": "2020-01-01"},
    })
    assert answer.status == 200
    errors = answer.json()
    assert errors["response_action"] == "errors"
    assert "client details" in errors["errors"]["what"]
    past = slack.submit_view("U0ALEX", {
        "what": {"type": "plain_text_input", "value": "Visit Sunrise Pediatrics"},
        "due": {"type": "datepicker", "selected_date": "2020-01-01"},
    }).json()
    assert past == {"response_action": "errors",
                    "errors": {"due": "That day has passed — pick today or later."}}
    assert fake_slack.calls_to("chat.postMessage") == []
    assert b"Jane" not in bot.database.read_bytes()


def test_app_home_shows_my_week_and_admin_settings(slack: SlackSimulator,
                                                   fake_slack: FakeSlack) -> None:
    slack.command("U0OWNER", "admin goal 200")
    assert "Team goal set to 200" in responded(fake_slack, slack).args["text"]
    slack.command("U0ALEX", "commit visit Sunrise Pediatrics tomorrow")
    responded(fake_slack, slack)
    slack.event({"type": "app_home_opened", "user": "U0ALEX", "channel": "D0ALEX",
                 "tab": "home"})
    home = fake_slack.wait_for("views.publish")[-1].args
    assert home["user_id"] == "U0ALEX"
    text = section_texts(home["view"])
    assert "#1 visit Sunrise Pediatrics — tomorrow" in text
    assert "0/200 pts" in text
    assert "Practice settings" not in json.dumps(home["view"])
    slack.event({"type": "app_home_opened", "user": "U0OWNER", "channel": "D0OWNER",
                 "tab": "home"})
    owner_home = fake_slack.wait_for("views.publish", 2)[-1].args
    assert "Practice settings (admins)" in json.dumps(owner_home["view"])
    assert "Team goal: 200 pts a quarter" in section_texts(owner_home["view"])


def test_home_button_runs_the_command_and_refreshes_home(slack: SlackSimulator,
                                                         fake_slack: FakeSlack) -> None:
    slack.command("U0ALEX", "commit visit Sunrise Pediatrics tomorrow")
    responded(fake_slack, slack)
    slack.click("U0ALEX", "done #1", container="view")
    dm = fake_slack.wait_for("chat.postMessage")[-1].args
    assert dm["channel"] == "U0ALEX" and dm["text"].startswith("✅ Done")
    home = fake_slack.wait_for("views.publish")[-1].args
    assert "Nothing planned yet" in section_texts(home["view"])


def test_typed_mentions_never_ping(slack: SlackSimulator, fake_slack: FakeSlack) -> None:
    slack.command("U0ALEX", "commit <!channel> <@U0SAM> <https://evil.example|click> & "
                            "visit Sunrise tomorrow")
    reply = responded(fake_slack, slack).args
    wire = json.dumps(reply)
    assert "<!channel>" not in wire and "<@U0SAM>" not in wire and "<https://" not in wire
    assert "&lt;!channel&gt; &lt;@U0SAM&gt; &lt;https://evil.example|click&gt; &amp; visit" \
        in reply["text"]


def test_odd_text_reaches_the_handler_intact(slack: SlackSimulator, fake_slack: FakeSlack
                                             ) -> None:
    text = "commit “Talk” about grief — 日本語 & العربية 🙂 at St. Mark's tomorrow type:talk"
    slack.command("U0ALEX", text)
    reply = responded(fake_slack, slack).args["text"]
    assert "I will “Talk” about grief — 日本語 &amp; العربية 🙂 at St. Mark's." in reply
    assert "Community talk or workshop · 5 pts" in reply
    slack.command("U0ALEX", "commit " + "very long words " * 400)
    assert "characters" in responded(fake_slack, slack).args["text"]


def test_forged_and_stale_requests_get_401_and_change_nothing(
        slack: SlackSimulator, fake_slack: FakeSlack, bot: RunningBot) -> None:
    forged = slack.command("U0ALEX", "commit visit Sunrise tomorrow", signature="v0=deadbeef")
    stale = slack.command("U0ALEX", "commit visit Sunrise tomorrow",
                          timestamp=int(time.time()) - 6 * 60)
    assert (forged.status, stale.status) == (401, 401)
    with sqlite3.connect(bot.database) as db:   # nothing stored before the 401s
        assert db.execute("SELECT count(*) FROM inbox").fetchone() == (0,)
    slack.command("U0ALEX", "streak")   # a signed command, answered: the server was working
    responded(fake_slack, slack)
    assert len([c for c in fake_slack.calls if c.method.startswith("respond/")]) == 1
    with sqlite3.connect(bot.database) as db:
        assert db.execute("SELECT count(*) FROM commitments").fetchone() == (0,)


def test_event_retries_have_one_effect(slack: SlackSimulator, fake_slack: FakeSlack,
                                       bot: RunningBot) -> None:
    event = {"type": "app_home_opened", "user": "U0ALEX", "channel": "D0ALEX", "tab": "home"}
    assert slack.event(event, event_id="Ev123").status == 200
    fake_slack.wait_for("views.publish")
    assert slack.event(event, event_id="Ev123", retry=1).status == 200
    assert slack.event(event, event_id="Ev123", retry=2).status == 200
    # Decided before each 200: both retries were turned away before any listener ran.
    assert bot.logs().count("ignored a repeated delivery of an event") == 2
    assert len(fake_slack.calls_to("views.publish")) == 1


def test_uninstall_purges_the_workspace(slack: SlackSimulator, fake_slack: FakeSlack,
                                        bot: RunningBot) -> None:
    slack.command("U0ALEX", "commit visit Sunrise Pediatrics tomorrow")
    responded(fake_slack, slack)
    slack.event({"type": "app_uninstalled"})
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with sqlite3.connect(bot.database) as db:
            left = db.execute("SELECT count(*) FROM workspaces").fetchone()[0]
        if left == 0:
            break
        time.sleep(0.02)
    with sqlite3.connect(bot.database) as db:
        for table in ("workspaces", "members", "commitments", "accountability_log"):
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table


def test_words_from_slacks_wire_format_arrive_intact(slack: SlackSimulator,
                                                     fake_slack: FakeSlack) -> None:
    slack.command("U0ALEX", "commit visit payload=x&token=y+z %20 100% office tomorrow")
    reply = responded(fake_slack, slack).args["text"]
    assert "I will visit payload=x&amp;token=y+z %20 100% office." in reply


def test_revoked_bot_token_purges_the_workspace(slack: SlackSimulator, fake_slack: FakeSlack,
                                                bot: RunningBot) -> None:
    slack.command("U0ALEX", "commit visit Sunrise Pediatrics tomorrow")
    responded(fake_slack, slack)
    slack.event({"type": "tokens_revoked", "tokens": {"oauth": ["U0ALEX"], "bot": []}})
    deadline = time.monotonic() + 5
    while "a person's own token was revoked" not in bot.logs():   # the listener has run
        assert time.monotonic() < deadline, "the revocation was never handled"
        time.sleep(0.05)
    with sqlite3.connect(bot.database) as db:
        assert db.execute("SELECT count(*) FROM commitments").fetchone() == (1,)
    slack.event({"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}})
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with sqlite3.connect(bot.database) as db:
            if db.execute("SELECT count(*) FROM workspaces").fetchone() == (0,):
                return
        time.sleep(0.02)
    raise AssertionError("the workspace was not purged")


def test_profile_changes_refresh_known_members_only(slack: SlackSimulator,
                                                    fake_slack: FakeSlack,
                                                    bot: RunningBot) -> None:
    slack.command("U0ALEX", "streak")
    responded(fake_slack, slack)
    slack.event({"type": "user_change", "user": {
        "id": "U0ALEX", "tz": "America/Los_Angeles", "profile": {"display_name": "Alex R."}}})
    slack.event({"type": "user_change", "user": {
        "id": "U0STRANGER", "tz": "Asia/Tokyo", "profile": {"display_name": "Stranger"}}})
    deadline = time.monotonic() + 5
    rows: list[tuple[str, str]] = []
    while time.monotonic() < deadline:
        with sqlite3.connect(bot.database) as db:
            rows = db.execute("SELECT platform_user_id, timezone FROM members "
                              "ORDER BY platform_user_id").fetchall()
        if ("U0ALEX", "America/Los_Angeles") in rows:
            break
        time.sleep(0.02)
    assert rows == [("U0ALEX", "America/Los_Angeles")]


def test_export_arrives_as_files_in_the_dm(slack: SlackSimulator, fake_slack: FakeSlack) -> None:
    slack.command("U0ALEX", "commit visit Sunrise Pediatrics tomorrow")
    responded(fake_slack, slack)
    slack.command("U0ALEX", "export")
    reply = responded(fake_slack, slack).args["text"]
    assert "📦 Your data: 1 commitment and 1 log entry" in reply
    fake_slack.wait_for("files.completeUploadExternal", 2)
    assert len(fake_slack.shared_files["D0ALEX"]) == 2
    progress = [c.args["text"] for c in fake_slack.wait_for("chat.update", 2)]
    assert progress == ["⏳ 1 of 2 files sent…", "✅ All files are here."]
    uploads = b"".join(fake_slack.uploads.values())
    assert b"visit Sunrise Pediatrics" in uploads and b"id,number,member,what" in uploads


def test_buttons_sent_before_numbers_were_per_member_still_work(
        slack: SlackSimulator, fake_slack: FakeSlack) -> None:
    """Before this release a button carried the database id ("done 3"); a click on one in an
    old message still marks that commitment, while anything typed means the person's own
    number."""
    for user, line in (("U0ALEX", "commit visit Sunrise Pediatrics tomorrow"),
                       ("U0SAM", "commit talk at the Rotary Club friday"),
                       ("U0SAM", "commit coffee with Pastor Dan friday")):
        slack.command(user, line)
        responded(fake_slack, slack)
    slack.click("U0SAM", "done 3")  # the database id of Sam's second commitment
    assert responded(fake_slack, slack).args["text"].startswith(
        "✅ Done: coffee with Pastor Dan")
    slack.click("U0SAM", "done 1")  # an old button for Alex's: not Sam's to mark, so his #1
    assert responded(fake_slack, slack).args["text"].startswith(
        "✅ Done: talk at the Rotary Club")
    slack.command("U0ALEX", "done 1")
    assert responded(fake_slack, slack).args["text"].startswith(
        "✅ Done: visit Sunrise Pediatrics")


def test_someone_can_be_made_an_admin_before_they_use_showup(
        slack: SlackSimulator, fake_slack: FakeSlack) -> None:
    """Slack sends a mention as <@U…|name> (the manifest escapes users)."""
    slack.command("U0OWNER", "streak")
    responded(fake_slack, slack)
    slack.command("U0OWNER", "admin role <@U0NINA|nina> admin")
    assert responded(fake_slack, slack).args["text"] == (
        "👤 nina is now an admin. They'll find it set when they first use ShowUp.")
    slack.command("U0NINA", "admin goal 120")
    assert "🎯 Team goal set to 120" in responded(fake_slack, slack).args["text"]
