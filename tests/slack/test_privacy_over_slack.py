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
