"""Teams members talk to ShowUp as Slack members do: the same words without the slash, cards
with buttons, answers kept private in channels. Every reply is read off the fake Bot
Connector, as Teams would receive it."""

from __future__ import annotations

import sqlite3

import pytest

from tests.fakes.bot_connector import Channel, card_commands, card_texts
from tests.teams.conftest import TeamsChat


def rows(teams: TeamsChat, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(teams.bot.database) as db:
        return db.execute(sql).fetchall()


def test_install_welcomes_the_clinician_and_remembers_their_chat(teams: TeamsChat) -> None:
    dana = teams.user("Dana Reyes", timezone="America/Denver")
    status, _ = teams.send(dana.install())
    assert status == 200
    welcome = teams.connector.wait_for(dana.chat)[0]
    assert "Hi Dana Reyes, I'm ShowUp" in welcome.text()
    assert "/outreach" not in welcome.text() and "commit <what>" in welcome.text()
    assert rows(teams, "SELECT platform, external_id FROM workspaces") == [
        ("teams", dana.tenant)]
    assert rows(teams, "SELECT platform_user_id, display_name, role, timezone FROM members") \
        == [(dana.aad_object_id, "Dana Reyes", "owner", "America/Denver")]
    assert rows(teams, "SELECT address, conversation_id, service_url FROM teams_conversations") \
        == [(f"user:{dana.aad_object_id}", dana.chat, teams.connector.url)]


@pytest.mark.clock_sensitive
def test_the_main_conversation_works_without_the_slash(teams: TeamsChat) -> None:
    sam = teams.user("Sam Ortiz")
    committed = teams.say(sam, "commit visit Sunrise Pediatrics friday")
    assert "📌 Committed #1" in committed.text()
    assert committed.commands() == ["done #1", "missed #1", "move #1"]
    assert "Sunrise Pediatrics" in teams.say(sam, "list").text()
    assert "🙌 Logged #2: talk at Rotary Club" in teams.say(
        sam, "/outreach log talk at Rotary Club").text()
    done = teams.click(sam, "done #1")
    assert "✅ Done" in " ".join(card_texts(done))
    assert "🔥 Your streak: 1 week" in teams.say(sam, "streak").text()
    assert "Your part: 8 pts (2 activities)" in teams.say(sam, "board").text()
    usage = teams.say(sam, "quiet banana")
    assert "Usage: quiet 19:00-08:00" in usage.text() and "/outreach" not in usage.text()
    assert "commit <what>" in teams.say(sam, "help").text()
    assert "commit <what>" in teams.say(sam, "hi!").text()   # a greeting gets the help
    answered = len(teams.connector.to(sam.chat))
    assert teams.send(sam.message("thanks!"))[0] == 200   # a thank-you gets no answer:
    assert "🔥 Your streak" in teams.say(sam, "streak").text()   # the next card is streak's
    assert len(teams.connector.to(sam.chat)) == answered + 1


def test_a_stale_click_changes_nothing_and_says_so(teams: TeamsChat) -> None:
    sam = teams.user("Sam Ortiz")
    teams.say(sam, "commit visit Sunrise Pediatrics friday")
    teams.click(sam, "done #1")
    again = teams.click(sam, "done #1")
    assert "already done" in " ".join(card_texts(again))
    assert card_commands(again) == []
    assert rows(teams, "SELECT status FROM commitments") == [("done",)]


def test_a_retried_message_has_one_effect(teams: TeamsChat) -> None:
    sam = teams.user("Sam Ortiz")
    message = sam.message("commit visit Sunrise Pediatrics friday")
    assert teams.send(message)[0] == 200
    assert teams.send(message)[0] == 200
    assert rows(teams, "SELECT count(*) FROM commitments") == [(1,)]
    assert len(teams.connector.to(sam.chat)) == 1


def test_an_install_delivered_twice_welcomes_once(teams: TeamsChat) -> None:
    dana = teams.user("Dana Reyes")
    install = dana.install()
    assert teams.send(install)[0] == teams.send(install)[0] == 200
    teams.connector.wait_for(dana.chat)
    assert teams.say(dana, "help").text()   # the chat goes on; only one welcome before it
    assert sum("I'm ShowUp" in p.text() for p in teams.connector.to(dana.chat)) == 1


def test_a_repeated_click_has_one_effect(teams: TeamsChat) -> None:
    """The same invoke activity delivered twice (a retry or a replay): one effect, and the
    second delivery is told it was done."""
    sam = teams.user("Sam Ortiz")
    click = sam.click("commit visit Sunrise Pediatrics friday")
    first, again = teams.send(click), teams.send(click)
    assert first[0] == again[0] == 200
    assert "📌 Committed #1" in " ".join(card_texts(first[1]["value"]))
    assert again[1]["value"] == "✅ Already done."
    assert rows(teams, "SELECT count(*) FROM commitments") == [(1,)]
    # A new click on the same button is a new activity: the core answers it.
    assert "📌 Committed #2" in " ".join(card_texts(teams.click(
        sam, "commit visit Sunrise Pediatrics friday")))


def test_in_a_channel_the_answer_goes_to_the_personal_chat(teams: TeamsChat) -> None:
    sam = teams.user("Sam Ortiz")
    teams.say(sam, "help")
    channel = Channel("Outreach")
    status, _ = teams.send(sam.channel_message("commit visit Sunrise Pediatrics friday",
                                               channel))
    assert status == 200
    public = [p for p in teams.connector.posted if p.conversation_id.startswith("19:")]
    assert [p.text() for p in public] == ["📬 Answered you in our chat, Sam Ortiz."]
    assert "📌 Committed #1" in teams.connector.to(sam.chat)[-1].text()
    assert "Sunrise" not in public[0].text()


def test_in_a_channel_a_stranger_is_pointed_to_a_private_chat(teams: TeamsChat) -> None:
    kim = teams.user("Kim Lee")
    teams.send(kim.channel_message("streak", Channel("Outreach")))
    public = [p for p in teams.connector.posted if p.conversation_id.startswith("19:")]
    assert len(public) == 1 and "open a chat with ShowUp" in public[0].text()


def test_admin_channel_here_picks_the_channel_for_the_team_post(teams: TeamsChat) -> None:
    owner = teams.user("Olivia Park")
    teams.say(owner, "help")
    assert "in the channel" in teams.say(owner, "admin channel here").text()
    channel = Channel("Outreach Wins")
    teams.send(owner.channel_message("admin channel here", channel))
    confirmation = [p for p in teams.connector.posted if p.conversation_id.startswith("19:")]
    assert "The weekly team post goes to #Outreach-Wins-" in confirmation[-1].text()
    stored = rows(teams, "SELECT leaderboard_channel FROM workspaces")[0][0]
    assert rows(teams, "SELECT address, conversation_id FROM teams_conversations "
                       "WHERE address LIKE 'channel:%'") == [
        (f"channel:{stored}", channel.channel_id)]
    member = teams.user("Mo Diaz")
    teams.say(member, "help")
    teams.send(member.channel_message("admin channel here", Channel("Random")))
    assert rows(teams, "SELECT leaderboard_channel FROM workspaces")[0][0] == stored


def test_uninstalling_stops_the_nudges(teams: TeamsChat) -> None:
    sam = teams.user("Sam Ortiz")
    teams.send(sam.install())
    assert teams.send(sam.uninstall())[0] == 200
    assert rows(teams, "SELECT active FROM members") == [(0,)]
    assert rows(teams, "SELECT count(*) FROM teams_conversations") == [(0,)]


def test_odd_and_hostile_text_is_answered_and_stored_as_plain_text(teams: TeamsChat) -> None:
    sam = teams.user("Sam Ortiz")
    reply = teams.say(sam, "commit [see](http://evil.example) *now* <at>Everyone</at> fri")
    card = reply.card()
    texts = " ".join(block["text"] for block in card["body"] if block["type"] == "TextBlock")
    assert "\\[see\\]" in texts and "\\<at\\>" in texts
    assert "That's 20,000 characters" in teams.say(sam, "x" * 20000).text()
    assert "ShowUp keeps your outreach going" in teams.say(sam, "\u0000\u202e").text()
    refused = teams.say(sam, "commit see client Jane Doe about her depression friday")
    assert "I didn't save that" in refused.text()
    assert rows(teams, "SELECT count(*) FROM commitments") == [(1,)]
    assert "Jane" not in teams.bot.logs() and "evil.example" not in teams.bot.logs()


def test_a_click_on_a_channel_card_answers_the_clicker_privately(teams: TeamsChat) -> None:
    sam = teams.user("Sam Ortiz")
    teams.say(sam, "commit visit Sunrise Pediatrics friday")
    channel = Channel("Outreach")
    status, answer = teams.send(sam.click("streak", channel.conversation()))
    assert status == 200
    assert answer["type"] == "application/vnd.microsoft.activity.message"
    assert answer["value"] == "📬 Answered you in our chat."
    assert "Your streak" in teams.connector.to(sam.chat)[-1].text()
    kim = teams.user("Kim Lee")
    status, answer = teams.send(kim.click("streak", channel.conversation()))
    assert "open a chat with ShowUp" in answer["value"]
    assert not [p for p in teams.connector.posted if p.conversation_id.startswith("19:")]


def test_a_colleague_mentioned_before_they_arrive_is_set_up(teams: TeamsChat) -> None:
    dana = teams.user("Dana Reyes")
    teams.send(dana.install())
    teams.connector.wait_for(dana.chat)
    omar = teams.user("Omar Haddad")
    before = len(teams.connector.to(dana.chat))
    status, _ = teams.send(dana.mentioning("admin role {who} admin", omar))
    assert status == 200
    answer = teams.connector.wait_for(dana.chat, before + 1)[before]
    assert "👤 Omar Haddad is now an admin." in answer.text()
    assert rows(teams, "SELECT platform_user_id, role, active FROM members ORDER BY id") == [
        (dana.aad_object_id, "owner", 1), (omar.aad_object_id, "admin", 0)]
    assert "🎯 Team goal set to 120" in teams.say(omar, "admin goal 120").text()


def test_a_goal_answer_in_a_channel_goes_to_the_personal_chat_even_with_none_to_clear(
        teams: TeamsChat) -> None:
    """A personal goal is private: `goal off` typed in a channel, with no goal to clear, is
    answered in the personal chat too, not in front of the team."""
    sam = teams.user("Sam Ortiz")
    teams.say(sam, "help")
    channel = Channel("Outreach")
    for said in ("goal 30 pts", "goal off", "goal off"):
        status, _ = teams.send(sam.channel_message(said, channel))
        assert status == 200
    public = [p.text() for p in teams.connector.posted if p.conversation_id.startswith("19:")]
    assert public == ["📬 Answered you in our chat, Sam Ortiz."] * 3
    assert "nothing to clear" in teams.connector.to(sam.chat)[-1].text()
