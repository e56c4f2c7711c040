"""The comment card over Teams attacked: `python app.py serve` against the fake Bot
Connector, with card submits whose data was tampered with — a comment longer than the card
allows, one that isn't text, none at all, a command that isn't the card's, or no command."""

from __future__ import annotations

from typing import Any

from tests.teams.conftest import TeamsChat
from tests.teams.test_plan_review_over_teams import A_PLAN, text_of


def test_tampered_comment_card_submits(teams: TeamsChat) -> None:
    olivia, dana, sam = (teams.user(name) for name in ("Olivia Park", "Dana Reyes", "Sam Ortiz"))
    teams.say(olivia, "streak")
    teams.say(sam, "streak")
    for line in A_PLAN:
        teams.say(dana, line)
    teams.say(dana, "plan submit")
    comment = teams.say(olivia, "review dana reyes comment").card()
    command = comment["body"][-1]["actions"][0]["data"]["command"]

    def submit(who: Any, data: dict[str, Any]) -> dict[str, Any]:
        activity = who.click(command)
        activity["value"]["action"]["data"] = {"action": "showup", **data}
        status, body = teams.send(activity)
        assert status == 200
        return dict(body["value"])

    assert text_of(submit(olivia, {"command": command, "comment": "x" * 5000})) == (
        "Please keep a comment under 500 characters.")
    for odd in ({"command": command}, {"command": command, "comment": ["a", "list"]},
                {"command": command, "comment": " \u200b\u200f "}):
        again = submit(olivia, odd)            # no comment: the card again, nothing sent
        assert text_of(again).startswith("Comment on Dana Reyes's plan"), odd
    assert "That button is from an older version" in text_of(submit(olivia, {"comment": "hi"}))
    assert "Only the practice owner or an admin" in text_of(
        submit(sam, {"command": command, "comment": "Looks great"}))
    assert "Only the practice owner or an admin" in text_of(
        submit(sam, {"command": command.replace("comment", "approve"), "comment": "x"}))
    assert "Approve takes no words" in text_of(
        submit(olivia, {"command": command.replace("comment", "approve comment"),
                        "comment": "x"}))
    assert "Status: submitted — waiting" in teams.say(dana, "plan").text()
