"""The dashboard reached from Teams, over real HTTP: `dashboard` in the personal chat (the
fake Bot Connector records the card) answers with an Adaptive Card whose Action.OpenUrl is a
one-time sign-in link; opening it signs in to the tenant's page. Said in a channel, the link
goes to the personal chat only. The personal tab's page sends a signed-in person on to it.
The report's "Practice dashboard" and the Friday post's "My dashboard" buttons send the
clicker's own link to their chat and leave the card they are on as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handlers.teams.actions import SENT_TO_CHAT
from tests.fakes.bot_connector import Channel, Posted, TeamsUser
from tests.http_client import Browser
from tests.process import run_tick
from tests.teams.conftest import LOCAL_TEST, TeamsChat

FRIDAY_POST = "2026-12-04T16:05:00-05:00"


def open_urls(posted: Posted) -> list[dict[str, Any]]:
    return [action for block in posted.card().get("body") or []
            if block.get("type") == "ActionSet" for action in block.get("actions") or []
            if action.get("type") == "Action.OpenUrl"]


def execute_actions(posted: Posted) -> list[tuple[str, str]]:
    return [(action["title"], action["data"]["command"])
            for block in posted.card().get("body") or [] if block.get("type") == "ActionSet"
            for action in block.get("actions") or [] if action.get("type") == "Action.Execute"]


def link_in_chat(teams: TeamsChat, user: TeamsUser) -> str:
    answer = teams.say(user, "dashboard")
    [action] = open_urls(answer)
    assert action["title"] == "Open the dashboard"
    assert "sign-in link" in answer.text() and "token=" not in answer.text()
    return str(action["url"])


def test_dashboard_in_the_personal_chat_is_a_card_whose_link_signs_in(teams: TeamsChat
                                                                       ) -> None:
    owner, dana = teams.user("Olivia Park"), teams.user("Dana Reyes")
    teams.say(owner, "help")   # the first person is the practice's owner
    link = link_in_chat(teams, owner)
    assert link.startswith(f"{teams.bot.url}/dashboard/sign-in?token=")
    browser = Browser()
    arrived, page = browser.sign_in(link)
    assert arrived.status == 303
    assert arrived.header("Location") == f"/dashboard/teams-{owner.tenant}"
    assert page.status == 200 and "Olivia Park" in page.body
    assert "frame-ancestors 'none'" in page.header("Content-Security-Policy")
    assert Browser().get(link).status == 410   # once

    # A clinician's own link opens the same practice's address, signed in as them.
    theirs = Browser()
    assert [p.status for p in theirs.sign_in(link_in_chat(teams, dana))] == [303, 200]
    assert "Dana Reyes" in theirs.get(f"{teams.bot.url}/dashboard/teams-{dana.tenant}").body

    # The personal tab: a signed-in person goes on to the page, framed by Teams only.
    tab = browser.get(f"{teams.bot.url}/dashboard/tab", {"Sec-Fetch-Dest": "iframe"})
    assert tab.status == 303 and tab.header("Location") == f"/dashboard/teams-{owner.tenant}"
    assert "frame-ancestors https://teams.microsoft.com" in tab.header(
        "Content-Security-Policy")
    nobody = Browser().get(f"{teams.bot.url}/dashboard/tab")
    assert nobody.status == 200 and "Type dashboard in your chat with ShowUp" in nobody.body


def test_asked_in_a_channel_the_link_goes_to_the_personal_chat_only(teams: TeamsChat
                                                                     ) -> None:
    sam = teams.user("Sam Ortiz")
    teams.say(sam, "help")
    before = len(teams.connector.to(sam.chat))
    status, _ = teams.send(sam.channel_message("dashboard", Channel("Outreach")))
    assert status == 200
    public = [p for p in teams.connector.posted if p.conversation_id.startswith("19:")]
    assert [p.text() for p in public] == ["📬 Answered you in our chat, Sam Ortiz."]
    assert not any(open_urls(p) for p in public) and "token=" not in str(public[0].activity)
    private = teams.connector.wait_for(sam.chat, before + 1)[before]
    [action] = open_urls(private)
    assert [p.status for p in Browser().sign_in(action["url"])] == [303, 200]


def test_the_reports_button_sends_a_link_to_the_chat_and_the_report_stays(teams: TeamsChat
                                                                         ) -> None:
    owner = teams.user("Olivia Park")
    teams.say(owner, "help")
    report = teams.say(owner, "report")
    assert report.text().startswith("📋 Report — this week")
    assert ("Practice dashboard", "dashboard") in execute_actions(report)
    before = len(teams.connector.to(owner.chat))
    status, body = teams.send(owner.click("dashboard"))
    # Not a card in the report's place: the report stays, the link comes in the chat.
    assert status == 200 and body["type"] == "application/vnd.microsoft.activity.message"
    assert body["value"] == SENT_TO_CHAT
    posted = teams.connector.wait_for(owner.chat, before + 1)[before]
    [action] = open_urls(posted)
    assert "practice's dashboard" in posted.text()
    arrived, page = Browser().sign_in(action["url"])
    assert (arrived.status, page.status) == (303, 200) and "Olivia Park" in page.body


def test_the_friday_posts_button_in_a_channel_sends_the_clicker_their_own_link(
        teams: TeamsChat, tmp_path: Path) -> None:
    owner, dana = teams.user("Olivia Park"), teams.user("Dana Reyes")
    teams.say(owner, "help")
    teams.say(dana, "log visit Sunrise Pediatrics today")
    outreach = Channel("Outreach")
    status, _ = teams.send(owner.channel_message("admin channel here", outreach))
    assert status == 200
    run_tick(tmp_path, FRIDAY_POST, DATABASE_URL=f"sqlite:///{teams.bot.database}",
             **LOCAL_TEST)
    [post] = teams.connector.to(outreach.channel_id)
    assert post.text().startswith("📣") and "Dana" not in post.text()
    assert execute_actions(post) == [("My dashboard", "dashboard")]

    before = len(teams.connector.to(dana.chat))
    status, body = teams.send(dana.click("dashboard", outreach.conversation()))
    assert status == 200 and body["value"] == SENT_TO_CHAT
    assert len(teams.connector.to(outreach.channel_id)) == 1   # nothing more in the channel
    posted = teams.connector.wait_for(dana.chat, before + 1)[before]
    assert "your dashboard (your streak, commitments, plan and sources)" in posted.text()
    [action] = open_urls(posted)
    theirs = Browser()
    arrived, page = theirs.sign_in(action["url"])
    assert (arrived.status, page.status) == (303, 200)
    assert "Your outreach, Dana Reyes" in page.body and "Olivia" not in page.body
