"""The privacy guard over real HTTP, as issue 13 reported it: the slips that were saved as
typed are refused and leave nothing in the database, the bot's log or any message; the
ordinary sentences it refused are accepted."""

from __future__ import annotations

from tests.conversation.test_privacy import SLIPS
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.slack.conftest import RunningBot
from tests.slack.test_http_conversation import responded

NAMES = ("K.L.", "Noah", "Concerta", "Lopez", "Grace Kelly", "Jayden", "Elm Street")


def test_slips_are_refused_and_nothing_of_them_is_kept(slack: SlackSimulator,
                                                       fake_slack: FakeSlack,
                                                       bot: RunningBot) -> None:
    for line in SLIPS:
        slack.command("U0ALEX", line)
        reply = responded(fake_slack, slack).args["text"]
        assert reply.startswith("🔒 I didn't save that"), line
    stored = bot.database.read_bytes()
    logs = bot.logs()
    received = " ".join(str(call.args) for call in fake_slack.calls)   # every reply and post
    for name in NAMES:
        assert name.encode() not in stored and name not in logs, name
        assert name not in received, name


def test_ordinary_lines_it_used_to_refuse_are_accepted(slack: SlackSimulator,
                                                       fake_slack: FakeSlack) -> None:
    for line in ("commit call Dr. Patel's front desk at 555-201-4400 to book the lunch",
                 "commit send the practice newsletter to Pastor Dan, "
                 "pastordan@gracechurch.org"):
        slack.command("U0ALEX", line)
        assert responded(fake_slack, slack).args["text"].startswith("📌 Committed #"), line


def test_slips_in_the_app_home_modals_are_refused_on_their_fields(slack: SlackSimulator,
                                                                  fake_slack: FakeSlack,
                                                                  bot: RunningBot) -> None:
    """The commitment and plan modals (opened from App Home or the command) check every
    field: a slip is shown as an error on its own field and nothing of it is kept."""
    text = {"type": "plain_text_input"}
    for field, slip in (("what", SLIPS[0]), ("when_where", "at 42 Elm Street Apt 3"),
                        ("referral_source", "Dr. Lee re: my 3pm, the teen with the eating "
                                            "disorder")):
        values = {"what": {**text, "value": "Visit Sunrise Pediatrics"},
                  "activity": {"type": "static_select", "selected_option": {"value": "visit"}}}
        values[field] = {**text, "value": slip}
        answer = slack.submit_view("U0ALEX", values).json()
        assert answer["response_action"] == "errors", field
        assert "client details" in " ".join(answer["errors"].values()), field
    for field, slip in (("niche", "teens like Jayden, 15, who are cutting"),
                        ("referrers", "Noah's psychiatrist and his pediatrician"),
                        ("activities", "talk at Lincoln PTA\nvisit Sunrise Pediatrics\n"
                                       "podcast on KXLU\nsend session notes for Grace Kelly to "
                                       "her psychiatrist")):
        values = {"niche": {**text, "value": "anxious teens"},
                  "referrers": {**text, "value": "pediatricians"},
                  "activities": {**text, "value": "talk at Lincoln PTA\nvisit Sunrise Pediatrics"
                                                  "\nlunch at Valley Family\npodcast on KXLU"}}
        values[field] = {**text, "value": slip}
        answer = slack.submit_view("U0ALEX", values, callback_id="showup_plan").json()
        assert answer["response_action"] == "errors", field
        assert field in answer["errors"], field
    assert fake_slack.calls_to("chat.postMessage") == []
    stored = bot.database.read_bytes()
    for name in ("Elm Street", "eating disorder", "Jayden", "Noah", "Grace Kelly", "K.L."):
        assert name.encode() not in stored and name not in bot.logs(), name
