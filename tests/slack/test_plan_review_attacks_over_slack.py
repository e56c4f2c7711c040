"""Plan review over Slack attacked from outside: `python app.py serve` and `tick` against the
fake Slack. Signed-but-forged block_actions and view_submission payloads from another
workspace or from a colleague who isn't an admin, a comment modal whose private_metadata was
tampered with, empty, over-long and pinging comments, and a double click on Approve. Every
assertion is on what the fake Slack received (or the modal's errors)."""

from __future__ import annotations

from typing import Any

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.slack.conftest import SIGNING_SECRET, Visit, the_modules_bot
from tests.slack.test_http_conversation import buttons, responded
from tests.slack.test_plan_review_over_slack import QUARTER, dms, submit_plan_by_modal, tick

_fake, _bot, _slack = the_modules_bot()   # every test here uses the module's bot

TEXT = {"type": "plain_text_input"}


def comment_from(slack: SlackSimulator, user: str, metadata: str, words: str) -> Any:
    payload = slack.view_payload(user, {"comment": {**TEXT, "value": words}},
                                 callback_id="showup_comment")
    payload["view"]["private_metadata"] = metadata
    return slack.interaction(payload)


def test_nothing_crosses_workspaces_or_reaches_a_non_admin(
        visit: Visit, slack: SlackSimulator, fake_slack: FakeSlack, tmp_path: Any) -> None:
    slack.command("U0OWNER", "streak")
    responded(fake_slack, slack)
    submit_plan_by_modal(slack, fake_slack, "U0ALEX")
    tick(visit, tmp_path, 20)
    [request] = dms(fake_slack, "U0OWNER")
    (_, approve), (_, comment) = buttons(request)

    # Another practice's owner, signed correctly, names this practice's plan.
    other = SlackSimulator(visit.bot.url, SIGNING_SECRET, fake_slack.url + "/",
                           team_id=visit.new_team())
    other.command("U0SAM", "streak")
    responded(fake_slack, other)
    other.click("U0SAM", approve)
    assert "That plan isn't there any more" in responded(fake_slack, other).args["text"]
    opened = len(fake_slack.calls_to("views.open"))
    posted = len(fake_slack.calls_to("chat.postMessage"))
    other.click("U0SAM", comment)                          # no modal for it either
    assert "isn't there any more" in fake_slack.wait_for(
        "chat.postMessage", posted + 1)[-1].args["text"]
    assert len(fake_slack.calls_to("views.open")) == opened
    tampered = comment_from(other, "U0SAM", comment, "Looks great").json()
    assert tampered["response_action"] == "errors"
    assert "isn't there any more" in tampered["errors"]["comment"]

    # A colleague here who isn't an admin: the click, and a modal submitted with its metadata.
    slack.command("U0SAM", "streak")
    responded(fake_slack, slack)
    slack.click("U0SAM", approve)
    assert "Only the practice owner or an admin" in responded(fake_slack, slack).args["text"]
    refused = comment_from(slack, "U0SAM", comment, "Looks great").json()
    assert "Only the practice owner or an admin" in refused["errors"]["comment"]
    for metadata in ("plan submit", "forget me confirm review #1 comment", ""):
        stale = comment_from(slack, "U0OWNER", metadata, "Looks great").json()
        assert stale["errors"]["comment"] == "This form is out of date.", metadata

    # The owner's own comments that must not go through.
    for words, error in (("\u200b \u200f\u202e", "Please write your comment."),
                         ("x" * 5000, "Please keep a comment under 500 characters.")):
        answer = comment_from(slack, "U0OWNER", comment, words).json()
        assert answer["errors"]["comment"] == error
    tick(visit, tmp_path, 21)                               # nothing was reviewed
    assert dms(fake_slack, "U0ALEX")[-1]["text"].startswith(f"🗺 Saved your plan for {QUARTER}")


def test_a_pinging_comment_and_a_double_click(visit: Visit, slack: SlackSimulator,
                                              fake_slack: FakeSlack, tmp_path: Any) -> None:
    slack.command("U0OWNER", "streak")
    responded(fake_slack, slack)
    submit_plan_by_modal(slack, fake_slack, "U0ALEX")
    submit_plan_by_modal(slack, fake_slack, "U0SAM")
    tick(visit, tmp_path, 20)
    alex_request, sam_request = dms(fake_slack, "U0OWNER")
    approve = buttons(alex_request)[0][1]
    first, second = slack.click("U0OWNER", approve), slack.click("U0OWNER", approve)
    assert (first.status, second.status) == (200, 200)
    sent = comment_from(slack, "U0OWNER", buttons(sam_request)[1][1],
                        "<!channel> ask <@U0ALEX> and **see** <https://x.example|this>")
    assert sent.status == 200 and sent.body == ""
    tick(visit, tmp_path, 21)
    [approved] = dms(fake_slack, "U0ALEX")[-1:]
    assert approved["text"].startswith(f"✅ Olivia approved your {QUARTER} plan.")
    assert len([m for m in dms(fake_slack, "U0ALEX") if "approved your" in m["text"]]) == 1
    told = dms(fake_slack, "U0SAM")[-1]
    assert "&lt;!channel&gt; ask &lt;@U0ALEX&gt;" in told["text"]
    assert "<!channel>" not in str(told) and "<@U0ALEX>" not in str(told)
