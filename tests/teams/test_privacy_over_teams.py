"""The privacy guard on Teams: the reported slips are refused in the personal chat and leave
nothing in the database, the log or any card; an ordinary line it used to refuse passes."""

from __future__ import annotations

from tests.conversation.test_privacy import SLIPS
from tests.slack.test_privacy_over_slack import NAMES
from tests.teams.conftest import TeamsChat


def test_slips_are_refused_and_nothing_of_them_is_kept(teams: TeamsChat) -> None:
    sam = teams.user("Sam Ortiz")
    for line in SLIPS:
        assert teams.say(sam, line).text().startswith("🔒 I didn't save that"), line
    # A sentence that is no command at all is still refused as client details.
    assert teams.say(sam, "send session notes for Grace Kelly to her psychiatrist").text(
    ).startswith("🔒 I didn't save that")
    accepted = teams.say(sam, "commit call Dr. Patel's front desk at 555-201-4400 to book "
                              "the lunch")
    assert "📌 Committed #1" in accepted.text()
    stored = teams.bot.database.read_bytes()
    sent = " ".join(str(p.activity) for p in teams.connector.to(sam.chat))
    for name in NAMES:
        assert name.encode() not in stored and name not in teams.bot.logs(), name
        assert name not in sent, name
