"""The owner reviews plans over Teams: `python app.py serve` and `tick` processes against the
fake Bot Connector. The review request card carries Approve and Comment; Comment answers
with a card holding a text input, whose submit (the input's value beside the command, as
Teams sends it) sends the comment; the clinician revises and resubmits; the older card's
Approve is stale, the newer one approves. Every assertion is on what the fake received."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.practice_calendar import quarter_label, quarter_start
from tests.fakes.bot_connector import Posted, TeamsUser, card_commands, card_texts
from tests.process import PINNED_AT, pinned_day, run_tick
from tests.teams.conftest import LOCAL_TEST, TeamsChat

pytestmark = pytest.mark.long

QUARTER = quarter_label(quarter_start(pinned_day()))
A_PLAN = ["plan niche anxious teens", "plan referrers pediatricians, school counselors",
          "plan add lunch-and-learn at Valley Family Medicine", "plan add talk at Lincoln PTA",
          "plan add visit Sunrise Pediatrics", "plan add consult with Lincoln Middle counselors"]


def tick(teams: TeamsChat, tmp_path: Path, minutes: int) -> None:
    at = datetime.fromisoformat(PINNED_AT) + timedelta(minutes=minutes)
    run_tick(tmp_path, at.isoformat(), DATABASE_URL=f"sqlite:///{teams.bot.database}",
             **LOCAL_TEST)


def newest(teams: TeamsChat, user: TeamsUser, seen: int) -> Posted:
    """The one card sent to `user`'s chat after the first `seen`."""
    [card] = teams.connector.to(user.chat)[seen:]
    return card


def text_of(card: dict[str, Any]) -> str:
    return "\n".join(card_texts(card))


def test_comment_by_card_then_approve_the_revision(teams: TeamsChat, tmp_path: Path) -> None:
    olivia, dana, sam = (teams.user(name) for name in ("Olivia Park", "Dana Reyes", "Sam Ortiz"))
    teams.say(olivia, "streak")             # the practice's first person: its owner
    teams.say(sam, "streak")
    for line in A_PLAN:
        teams.say(dana, line)
    assert "The practice owner will review it." in teams.say(dana, "plan submit").text()

    seen = len(teams.connector.to(olivia.chat))
    tick(teams, tmp_path, 20)
    request = newest(teams, olivia, seen)
    assert request.text().startswith(
        f"📝 Dana Reyes submitted their plan for {QUARTER} — please review it:")
    assert "3. visit Sunrise Pediatrics" in request.text()
    approve, comment = request.commands()
    assert approve.endswith(" v1 approve") and comment.endswith(" v1 comment")

    assert "Only the practice owner or an admin" in text_of(teams.click(sam, approve))
    form = teams.click(olivia, comment)
    assert text_of(form).startswith("Comment on Dana Reyes's plan")
    [field] = [block for block in form["body"] if block.get("type") == "Input.Text"]
    assert (field["id"], field["isMultiline"], field["maxLength"]) == ("comment", True, 500)
    assert card_commands(form) == [comment]
    typed = teams.say(olivia, "review dana reyes comment").card()   # typed, the same card
    assert card_commands(typed) == [comment]
    assert [b["id"] for b in typed["body"] if b.get("type") == "Input.Text"] == ["comment"]

    def send_comment(words: str) -> dict[str, Any]:
        activity = olivia.click(comment)
        activity["value"]["action"]["data"]["comment"] = words
        status, body = teams.send(activity)
        assert status == 200
        return dict(body["value"])

    assert "🔒" in text_of(send_comment("ask my client Jane Doe's mom to refer friends"))
    assert text_of(send_comment("Add one school counselor visit")).startswith(
        f"💬 Sent your comment on Dana Reyes's plan for {QUARTER}.")

    seen = len(teams.connector.to(dana.chat))
    tick(teams, tmp_path, 21)
    told = newest(teams, dana, seen)
    assert told.text().startswith(
        f"💬 Olivia Park commented on your {QUARTER} plan: “Add one school counselor visit”")
    assert told.commands() == ["plan"]

    assert "changed since you submitted it" in teams.say(
        dana, "plan add visit Lincoln Middle counselor office").text()
    assert "Sent your revised plan" in teams.say(dana, "plan submit").text()
    seen = len(teams.connector.to(olivia.chat))
    tick(teams, tmp_path, 22)
    again = newest(teams, olivia, seen)
    assert again.text().startswith(f"📝 Dana Reyes revised their plan for {QUARTER} and sent "
                                   "it again:")
    assert "has revised that plan since" in text_of(teams.click(olivia, approve))
    assert text_of(teams.click(olivia, again.commands()[0])).startswith(
        "✅ Approved Dana Reyes's plan")

    seen = len(teams.connector.to(dana.chat))
    tick(teams, tmp_path, 23)
    assert newest(teams, dana, seen).text().startswith(
        f"✅ Olivia Park approved your {QUARTER} plan.")
    assert "Status: reviewed ✓ — Olivia Park approved it." in teams.say(dana, "plan").text()
    assert b"Jane" not in teams.bot.database.read_bytes()
