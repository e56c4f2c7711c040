"""Buttons that lead to the dashboard, over served Slack (`python app.py serve`, the fake
Slack): the owner's report carries "Practice dashboard", App Home a Dashboard section, and
Friday's team post "My dashboard". Each carries the command `dashboard`: a click sends the
clicker their own one-time link by DM (an admin's opens the practice's page, a clinician's
their own) and leaves the message it came from as it was — the report stays the report, and
the channel's post is never replaced for everyone by one person's answer."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from handlers.slack.links import SENT_BY_DM
from tests.fakes.slack_api import Call, FakeSlack
from tests.http_client import Browser
from tests.process import run_tick
from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET, SlackServer, Visit

AT = "2026-12-02T10:00:00-05:00"        # a Wednesday morning; the bot's clock runs from here
FRIDAY_POST = "2026-12-04T16:05:00-05:00"
CHANNEL = "C0TEAM123"


@pytest.fixture(scope="module")
def buttons_server(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path
                   ) -> Iterator[SlackServer]:
    server = SlackServer(tmp_path_factory.mktemp("buttons"), template=migrated_sqlite, at=AT)
    yield server
    server.stop()


@pytest.fixture
def visit(buttons_server: SlackServer) -> Visit:
    return buttons_server.visit()


def said(visit: Visit, user: str, text: str, escape: bool = True) -> dict[str, Any]:
    """A slash command and what came back on its response_url."""
    assert visit.slack.command(user, text, escape=escape).status == 200
    return visit.fake.wait_for(visit.slack.last_response)[-1].args


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["text"]["text"], e.get("value", "")) for b in message.get("blocks", [])
            if b.get("type") == "actions" for e in b["elements"]]


def dms_to(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    return [c.args for c in fake.calls_to("chat.postMessage")
            if c.args.get("channel") in ("D" + user[1:], user)]


def link_dm(visit: Visit, user: str, before: int) -> dict[str, Any]:
    """The DM that carries `user`'s sign-in link, once it has come."""
    deadline = time.monotonic() + 10
    while len(dms_to(visit.fake, user)) <= before and time.monotonic() < deadline:
        time.sleep(0.02)
    found = dms_to(visit.fake, user)[before:]
    assert len(found) == 1, found
    return found[0]


def link_in(dm: dict[str, Any]) -> str:
    [button] = dm["blocks"][-1]["elements"]
    assert button["text"]["text"] == "Open the dashboard"
    assert "token=" not in dm["text"] and dm["unfurl_links"] is False
    return str(button["url"])


def channel_click(visit: Visit, user: str, command: str, message_ts: str) -> dict[str, Any]:
    """A click on a button of a message in #outreach, as Slack sends it."""
    payload = visit.slack.click_payload(user, command)
    payload["container"] = {"type": "message", "message_ts": message_ts,
                            "channel_id": CHANNEL, "is_ephemeral": False}
    payload["channel"] = {"id": CHANNEL, "name": "outreach"}
    return payload


def answered(visit: Visit) -> Call:
    return visit.fake.wait_for(visit.slack.last_response)[-1]


def test_the_reports_button_sends_the_owner_a_link_and_the_report_stays(visit: Visit
                                                                         ) -> None:
    said(visit, "U0OWNER", "admin goal 60")
    said(visit, "U0ALEX", "log visit Sunrise Pediatrics today")
    report = said(visit, "U0OWNER", "report")
    assert report["text"].startswith("📋 Report — this week")
    assert ("Practice dashboard", "dashboard") in buttons(report)

    before = len(dms_to(visit.fake, "U0OWNER"))
    assert visit.slack.click("U0OWNER", "dashboard").status == 200
    answer = answered(visit).args
    # The report isn't replaced by "sent you a link": the answer is the clicker's alone.
    assert answer["replace_original"] is False and answer["response_type"] == "ephemeral"
    assert answer["text"] == SENT_BY_DM and "token=" not in json.dumps(answer)
    dm = link_dm(visit, "U0OWNER", before)
    assert "practice's dashboard" in dm["text"]
    browser = Browser()
    arrived, page = browser.sign_in(link_in(dm))
    assert (arrived.status, page.status) == (303, 200)
    assert "outreach this quarter" in page.body and "Alex" in page.body

    # A clinician's report? There is none: the command is the owner's, so is its button.
    refused = said(visit, "U0ALEX", "report")
    assert ("Practice dashboard", "dashboard") not in buttons(refused)


def test_app_home_has_a_dashboard_button_for_everyone(visit: Visit) -> None:
    said(visit, "U0OWNER", "admin goal 60")
    said(visit, "U0ALEX", "streak")
    for user, label in (("U0ALEX", "My dashboard"), ("U0OWNER", "Practice dashboard")):
        published = len(visit.fake.calls_to("views.publish"))
        visit.slack.event({"type": "app_home_opened", "user": user, "channel": "D" + user[1:],
                           "tab": "home"})
        home = visit.fake.wait_for("views.publish", published + 1)[-1].args["view"]
        headers = [b["text"]["text"] for b in home["blocks"] if b["type"] == "header"]
        assert "Dashboard" in headers, headers
        assert (label, "dashboard") in buttons(home)

    # A click on App Home: the link's DM is the whole answer, and Home is refreshed.
    before = len(dms_to(visit.fake, "U0ALEX"))
    published = len(visit.fake.calls_to("views.publish"))
    assert visit.slack.click("U0ALEX", "dashboard", container="view").status == 200
    dm = link_dm(visit, "U0ALEX", before)
    assert "your dashboard (your streak, commitments, plan and sources)" in dm["text"]
    # The link's DM is the last thing a click sends: no DM before it said where it went.
    assert len(dms_to(visit.fake, "U0ALEX")) == before + 1
    visit.fake.wait_for("views.publish", published + 1)
    theirs = Browser()
    assert [p.status for p in theirs.sign_in(link_in(dm))] == [303, 200]


def test_the_friday_posts_button_sends_whoever_clicks_their_own_link(
        visit: Visit, buttons_server: SlackServer, tmp_path: Path) -> None:
    assert "goes to #C0TEAM123" in said(visit, "U0OWNER", f"admin channel <#{CHANNEL}|outreach>",
                                        escape=False)["text"]
    said(visit, "U0ALEX", "log visit Sunrise Pediatrics today")
    said(visit, "U0SAM", "commit visit Lincoln Middle School thu")
    said(visit, "U0SAM", "commit talk at Grace Church thu")
    said(visit, "U0SAM", "missed #2")   # a miss, never posted

    run_tick(tmp_path, FRIDAY_POST, DATABASE_URL=buttons_server.database_url,
             SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
             SLACK_API_URL=visit.fake.api_url)
    [post] = [c.args for c in visit.fake.calls_to("chat.postMessage")
              if c.args.get("channel") == CHANNEL]
    words = json.dumps(post, ensure_ascii=False)
    assert "visit Sunrise Pediatrics" in words and "Team goal Q4 2026" in words
    # The never-shame rule holds with the button: no one named for what they did or didn't.
    assert "Alex" not in words and "Sam" not in words and "Grace Church" not in words
    assert buttons(post) == [("My dashboard", "dashboard")]
    assert all(b["text"]["type"] == "plain_text" for b in post["blocks"]
               if b["type"] == "section")
    post_ts = visit.fake.messages[CHANNEL][0]["ts"]

    # Sam clicks it in the channel: his own link, by DM; the post stays for everyone.
    before = len(dms_to(visit.fake, "U0SAM"))
    assert visit.slack.interaction(channel_click(visit, "U0SAM", "dashboard", post_ts)
                                   ).status == 200
    answer = answered(visit).args
    assert answer["replace_original"] is False and answer["response_type"] == "ephemeral"
    assert answer["text"] == SENT_BY_DM
    dm = link_dm(visit, "U0SAM", before)
    assert dm["channel"] == "D0SAM"
    sam = Browser()
    arrived, page = sam.sign_in(link_in(dm))
    assert (arrived.status, page.status) == (303, 200)
    assert "Your outreach, Sam" in page.body and "Alex" not in page.body
    assert "visit Lincoln Middle School" in page.body   # his own commitment, his page only

    # The owner's click on the same post opens the practice's page.
    before = len(dms_to(visit.fake, "U0OWNER"))
    assert visit.slack.interaction(channel_click(visit, "U0OWNER", "dashboard", post_ts)
                                   ).status == 200
    assert answered(visit).args["replace_original"] is False
    owner = link_dm(visit, "U0OWNER", before)
    assert "practice's dashboard" in owner["text"]
    _, practice = Browser().sign_in(link_in(owner))
    assert "outreach this quarter" in practice.body and "Sam" in practice.body
    # Nothing was posted to the channel but the post itself.
    assert [c.args["channel"] for c in visit.fake.calls_to("chat.postMessage")
            if c.args.get("channel") == CHANNEL] == [CHANNEL]
    assert "Traceback" not in visit.bot.logs()


def test_a_click_on_a_private_answer_in_a_channel_still_replaces_it(visit: Visit) -> None:
    """An ephemeral answer in a channel is the clicker's alone: a click replaces it, as in a
    DM (only a message others read is left as it was)."""
    said(visit, "U0ALEX", "commit visit Sunrise Pediatrics thu")
    payload = channel_click(visit, "U0ALEX", "done #1", "1700000000.000200")
    payload["container"]["is_ephemeral"] = True
    assert visit.slack.interaction(payload).status == 200
    answer = answered(visit).args
    assert answer["replace_original"] is True and answer["text"].startswith("✅ Done")
