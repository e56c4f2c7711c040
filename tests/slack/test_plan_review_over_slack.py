"""The owner reviews plans over Slack: `python app.py serve` and `tick` processes against the
fake Slack. Two clinicians submit plans by modal; the owner's DM (sent by a tick) carries
Approve and Comment; Approve is a block_actions click, Comment opens a modal (views.open)
whose view_submission sends the comment; the next tick DMs each clinician. Stale clicks and
a colleague's click change nothing. Every assertion is on what the fake Slack received."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.practice_calendar import quarter_label, quarter_start
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.process import PINNED_AT, pinned_day, run_tick
from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET, Visit, the_modules_bot
from tests.slack.test_http_conversation import buttons, responded, section_texts

_fake, _bot, _slack = the_modules_bot()   # every test here uses the module's bot

TEXT = {"type": "plain_text_input"}
QUARTER = quarter_label(quarter_start(pinned_day()))


def submit_plan_by_modal(slack: SlackSimulator, fake: FakeSlack, user: str) -> str:
    posted = len(fake.calls_to("chat.postMessage"))
    slack.command(user, "plan")
    assert fake.wait_for("views.open")[-1].args["view"]["callback_id"] == "showup_plan"
    saved = slack.submit_view(user, {
        "niche": {**TEXT, "value": "anxious teens"},
        "referrers": {**TEXT, "value": "pediatricians, school counselors"},
        "activities": {**TEXT, "value": "talk at Lincoln PTA\nvisit Sunrise Pediatrics\n"
                                        "lunch-and-learn at Valley Family\npodcast on KXLU"},
    }, callback_id="showup_plan")
    assert saved.status == 200 and saved.body == ""
    fake.wait_for("chat.postMessage", posted + 1)
    return str(dms(fake, user)[-1]["text"])


def dms(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    """Every chat.postMessage the fake received for `user`'s DM, in order."""
    return [call.args for call in fake.calls_to("chat.postMessage")
            if fake.conversation_of(str(call.args.get("channel"))) == "D" + user[1:]]


def tick(visit: Visit, tmp: Any, minutes: int) -> None:
    at = datetime.fromisoformat(PINNED_AT) + timedelta(minutes=minutes)
    run_tick(tmp, at.isoformat(), DATABASE_URL=visit.server.database_url,
             SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
             SLACK_API_URL=visit.fake.api_url)


def test_approve_and_comment_from_the_owners_dm(visit: Visit, slack: SlackSimulator,
                                                fake_slack: FakeSlack, tmp_path: Any) -> None:
    slack.command("U0OWNER", "streak")   # the practice's first person: its owner
    responded(fake_slack, slack)
    saved = submit_plan_by_modal(slack, fake_slack, "U0ALEX")
    assert f"Saved your plan for {QUARTER}" in saved
    assert "The practice owner will review it." in saved
    submit_plan_by_modal(slack, fake_slack, "U0SAM")

    tick(visit, tmp_path, 20)
    alex_request, sam_request = dms(fake_slack, "U0OWNER")
    assert alex_request["text"].startswith(
        f"📝 Alex submitted their plan for {QUARTER} — please review it:")
    assert "2. visit Sunrise Pediatrics" in section_texts(alex_request)
    (approve_label, approve), (comment_label, comment) = buttons(alex_request)
    assert (approve_label, comment_label) == ("Approve", "Comment")
    assert approve.endswith(" v1 approve") and comment.endswith(" v1 comment")

    slack.click("U0SAM", approve)           # a colleague's click: refused, nothing changes
    assert "Only the practice owner or an admin" in responded(fake_slack, slack).args["text"]
    slack.click("U0OWNER", approve)
    approved = responded(fake_slack, slack).args
    assert approved["replace_original"] is True
    assert approved["text"] == f"✅ Approved Alex's plan for {QUARTER}. I'll let them know."
    slack.click("U0OWNER", approve)         # the same button again: stale
    assert "Already reviewed: Olivia approved Alex's plan" in responded(
        fake_slack, slack).args["text"]
    opened_before = len(fake_slack.calls_to("views.open"))
    posted = len(fake_slack.calls_to("chat.postMessage"))
    slack.click("U0OWNER", comment)         # Comment on a plan approved already: no modal
    stale = fake_slack.wait_for("chat.postMessage", posted + 1)[-1].args
    assert stale["channel"] == "U0OWNER" and "Already reviewed" in stale["text"]
    assert len(fake_slack.calls_to("views.open")) == opened_before

    sam_comment = buttons(sam_request)[1][1]
    slack.click("U0OWNER", sam_comment)
    modal = fake_slack.wait_for("views.open", opened_before + 1)[-1].args["view"]
    assert modal["callback_id"] == "showup_comment"
    assert modal["private_metadata"] == sam_comment
    assert modal["title"]["text"] == "Comment on Sam's plan"
    assert "Niche: anxious teens" in modal["blocks"][0]["text"]["text"]

    def send_comment(words: str) -> Any:
        payload = slack.view_payload("U0OWNER", {"comment": {**TEXT, "value": words}},
                                     callback_id="showup_comment")
        payload["view"]["private_metadata"] = sam_comment
        return slack.interaction(payload)

    refused = send_comment("ask my client Jane Doe's mom to refer her friends").json()
    assert refused["response_action"] == "errors"
    assert "🔒" in refused["errors"]["comment"] and "Jane" not in refused["errors"]["comment"]
    posted = len(fake_slack.calls_to("chat.postMessage"))
    sent = send_comment("Add one school counselor visit before spring break")
    assert sent.status == 200 and sent.body == ""
    fake_slack.wait_for("chat.postMessage", posted + 1)
    assert dms(fake_slack, "U0OWNER")[-1]["text"].startswith(
        f"💬 Sent your comment on Sam's plan for {QUARTER}.")

    tick(visit, tmp_path, 21)
    assert dms(fake_slack, "U0ALEX")[-1]["text"].startswith(
        f"✅ Olivia approved your {QUARTER} plan.")
    told_sam = dms(fake_slack, "U0SAM")[-1]
    assert told_sam["text"].startswith(f"💬 Olivia commented on your {QUARTER} plan: “Add one "
                                       "school counselor visit before spring break”")
    assert buttons(told_sam) == [("My plan", "plan")]
    assert b"Jane" not in visit.bot.database.read_bytes()
