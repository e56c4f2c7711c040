"""Adaptive Cards for Teams: the same replies and buttons as Slack, with user text escaped."""

from __future__ import annotations

from bot.messages import Button, Page, Reply, Section
from handlers.teams.cards import as_json, card, command_of, escape, page_card


def test_buttons_become_execute_actions_carrying_their_command() -> None:
    rendered = as_json(card(Reply("📌 Committed #1\nWhen Thursday, I will visit Sunrise.",
                                  (Button("Done", "done 1"), Button("Move", "move 1")))))
    assert rendered["type"] == "AdaptiveCard"
    texts = [b["text"] for b in rendered["body"] if b["type"] == "TextBlock"]
    assert texts == ["📌 Committed #1", "When Thursday, I will visit Sunrise."]
    actions = rendered["body"][-1]["actions"]
    assert [(a["type"], a["title"], a["verb"], a["data"]["command"]) for a in actions] == [
        ("Action.Execute", "Done", "showup", "done 1"),
        ("Action.Execute", "Move", "showup", "move 1")]


def test_typed_markdown_and_mentions_render_as_typed() -> None:
    typed = "[click](http://evil.example) *bold* <at>Sam</at> _x_"
    assert escape(typed) == ("\\[click\\](http://evil.example) \\*bold\\* "
                             "\\<at\\>Sam\\</at\\> \\_x\\_")
    assert [escape(line) for line in ("- a", "12. b", "# c", " + d")] == [
        "\\- a", "12\\. b", "\\# c", " \\+ d"]
    text = as_json(card(Reply(typed)))["body"][0]["text"]
    assert "](" not in text.replace("\\](", "") and "<at>" not in text


def test_a_click_payload_yields_its_command_only_when_well_formed() -> None:
    assert command_of({"action": {"type": "Action.Execute", "verb": "showup",
                                  "data": {"command": "done 1", "action": "showup"}}}) == "done 1"
    assert command_of({"command": "streak"}) == "streak"
    assert command_of({"action": {"data": {"command": 7}}}) is None
    assert command_of({"command": "x" * 3000}) is None


def test_a_page_has_a_heading_per_section() -> None:
    rendered = as_json(page_card(Page((Section("My week", "#1 visit — Thursday",
                                               (Button("Done #1", "done 1"),)),
                                       Section("Team", "Team goal: 3/150")))))
    headings = [b["text"] for b in rendered["body"] if b.get("weight") == "Bolder"]
    assert headings == ["My week", "Team"]
