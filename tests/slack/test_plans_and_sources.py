"""Issue 5 on Slack, as a new user would try it: a plan by modal, sources, a touch, outcomes,
and the exports — over real HTTP against the fake Slack."""

from __future__ import annotations

import pytest

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.slack.test_http_conversation import responded


def say(slack: SlackSimulator, fake: FakeSlack, user: str, text: str) -> str:
    slack.command(user, text)
    return str(responded(fake, slack).args["text"])


@pytest.mark.clock_sensitive
def test_plan_sources_touch_outcomes_and_export(slack: SlackSimulator,
                                                fake_slack: FakeSlack) -> None:
    slack.command("U0OWNER", "admin channel <#C0TEAM123|outreach>", escape=False)
    assert "goes to #C0TEAM123" in responded(fake_slack, slack).args["text"]
    slack.command("U0ALEX", "plan")
    view = fake_slack.wait_for("views.open")[-1].args["view"]
    assert view["callback_id"] == "showup_plan"
    text = {"type": "plain_text_input"}
    too_few = slack.submit_view("U0ALEX", {
        "niche": {**text, "value": "anxious teens"},
        "referrers": {**text, "value": "pediatricians"},
        "activities": {**text, "value": "talk at Lincoln PTA\nvisit Sunrise Pediatrics"},
    }, callback_id="showup_plan").json()
    assert too_few == {"response_action": "errors",
                       "errors": {"activities": "List 4–6 activities, one per line."}}
    saved = slack.submit_view("U0ALEX", {
        "niche": {**text, "value": "anxious teens"},
        "referrers": {**text, "value": "pediatricians, school counselors"},
        "activities": {**text, "value": "talk at Lincoln PTA\nvisit Sunrise Pediatrics\n"
                                        "lunch-and-learn at Valley Family\npodcast on KXLU"},
    }, callback_id="showup_plan")
    assert saved.status == 200 and saved.body == ""
    dm = fake_slack.wait_for("chat.postMessage")[-1].args
    assert "Saved your plan for" in dm["text"] and "shared it with the team" in dm["text"]

    for name in ("Sunrise Pediatrics tier:A", "Lincoln Middle School", "Valley Family Medicine"):
        assert "📇 Added" in say(slack, fake_slack, "U0ALEX", f"sources add {name}")
    say(slack, fake_slack, "U0ALEX", "commit visit Sunrise Pediatrics tomorrow")
    slack.click("U0ALEX", "done 1")
    assert "✅ Done" in responded(fake_slack, slack).args["text"]
    listing = say(slack, fake_slack, "U0ALEX", "sources")
    assert "#1 Sunrise Pediatrics — pediatrician · tier A · every 30 days · last touch today" \
        in listing

    assert "📈 Sunrise Pediatrics: 2 referrals" in say(slack, fake_slack, "U0OWNER",
                                                     "admin referrals #1 2")
    outcomes = say(slack, fake_slack, "U0OWNER", "admin outcomes")
    assert "• #1 Sunrise Pediatrics: 1 touch · 2 referrals" in outcomes
    report = say(slack, fake_slack, "U0OWNER", "admin report quarter")
    assert "plan 1/4 activities done" in report  # the visit to Sunrise carried out item 2
    assert "📦 Export ready" in say(slack, fake_slack, "U0OWNER", "admin export")
    fake_slack.wait_for("files.completeUploadExternal", 3)
    uploads = b"".join(fake_slack.uploads.values())
    assert b"month,source_id,source,referrals" in uploads
    assert b"visit Sunrise Pediatrics" in uploads
