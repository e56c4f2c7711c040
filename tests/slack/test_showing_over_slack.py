"""What did that show? over real HTTP: `python app.py serve` against the fake Slack. The done
reply carries the question's buttons, a block_actions click on one stores the tag, a stale or
foreign click changes nothing and says so. Every assertion is on what the fake Slack received
(or on the database the bot wrote)."""

from __future__ import annotations

from sqlalchemy import text

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.slack.conftest import Visit, the_modules_bot
from tests.slack.test_http_conversation import buttons, responded

_fake, _bot, _slack = the_modules_bot()   # every test here uses the module's bot


def showings(visit: Visit) -> list[tuple[object, ...]]:
    with visit.server.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT c.number, s.tags, s.shared FROM showings s JOIN commitments c "
            "ON c.id = s.commitment_id ORDER BY c.number"))]


def test_the_done_button_asks_and_a_click_stores_the_tag(slack: SlackSimulator,
                                                         fake_slack: FakeSlack,
                                                         visit: Visit) -> None:
    slack.command("U0ALEX", "commit visit Sunrise Pediatrics tomorrow")
    responded(fake_slack, slack)
    slack.click("U0ALEX", "done #1")
    done = responded(fake_slack, slack).args
    assert done["text"].startswith("✅ Done: visit Sunrise Pediatrics (+3 pts)")
    assert "💬 What did that show? Tap any that fit — optional." in done["text"]
    assert buttons(done) == [("Empathy", "showed #1 empathy"),
                             ("Relationship", "showed #1 relationship"),
                             ("Problem-solving", "showed #1 problem-solving"),
                             ("Skip", "showed #1 skip")]
    slack.click("U0ALEX", "showed #1 relationship", index=1)
    noted = responded(fake_slack, slack).args
    assert noted["replace_original"] is True
    assert noted["text"] == "🏷️ Noted: #1 showed relationship."
    assert buttons(noted) == [("Empathy", "showed #1 empathy"),
                              ("Problem-solving", "showed #1 problem-solving")]
    slack.click("U0ALEX", "showed #1 empathy")
    added = responded(fake_slack, slack).args["text"]
    assert added == "🏷️ Added empathy: #1 now shows empathy · relationship."
    assert showings(visit) == [(1, "empathy,relationship", False)]


def test_a_log_with_words_can_be_tagged_and_shared_by_buttons(slack: SlackSimulator,
                                                              fake_slack: FakeSlack,
                                                              visit: Visit) -> None:
    slack.command("U0ALEX", "log talk on anxious kids at the Jefferson PTA")
    logged = responded(fake_slack, slack).args
    assert logged["text"].startswith("🙌 Logged #1")
    assert ("Problem-solving", "showed #1 problem-solving") in buttons(logged)
    slack.command("U0ALEX", "showed #1 empathy problem solving")
    noted = responded(fake_slack, slack).args
    assert noted["text"] == "🏷️ Noted: #1 showed empathy · problem-solving."
    assert buttons(noted)[-1] == ("Share in Friday's post", "share #1")
    slack.click("U0ALEX", "share #1", index=1)
    shared = responded(fake_slack, slack).args["text"]
    assert shared.startswith("🌟 Friday's team post may carry #1")
    assert showings(visit) == [(1, "empathy,problem-solving", True)]


def test_a_click_on_someone_elses_item_is_answered_like_a_stale_command(
        slack: SlackSimulator, fake_slack: FakeSlack, visit: Visit) -> None:
    slack.command("U0ALEX", "log talk at the Rotary Club")
    responded(fake_slack, slack)
    for click in ("showed #1 empathy", "share #1"):
        slack.click("U0SAM", click)
        answer = responded(fake_slack, slack).args
        assert answer["text"] == ("I can't find #1 among your commitments. /outreach list "
                                  "shows their numbers."), click
        assert buttons(answer) == []
    slack.click("U0ALEX", "showed #7 empathy")
    assert responded(fake_slack, slack).args["text"].startswith("I can't find #7")
    assert showings(visit) == []


def test_showing_off_leaves_the_question_out(slack: SlackSimulator, fake_slack: FakeSlack,
                                             visit: Visit) -> None:
    slack.command("U0ALEX", "showing off")
    assert responded(fake_slack, slack).args["text"].startswith("🔕 I won't ask")
    slack.command("U0ALEX", "log talk at the Rotary Club")
    logged = responded(fake_slack, slack).args
    assert "What did that show?" not in logged["text"] and buttons(logged) == []
    slack.command("U0ALEX", "showed #1 empathy")
    assert responded(fake_slack, slack).args["text"] == "🏷️ Noted: #1 showed empathy."
    slack.command("U0ALEX", "streak")
    assert responded(fake_slack, slack).args["text"].endswith(
        "This quarter you showed: empathy 1 · relationship 0 · problem-solving 0")


def test_a_retried_click_and_a_double_tap_tag_once(slack: SlackSimulator,
                                                   fake_slack: FakeSlack,
                                                   visit: Visit) -> None:
    """Slack retries a click it thinks timed out (same trigger_id and action_ts, with
    X-Slack-Retry-Num); a busy clinician taps twice (a new trigger): one tag, one log line."""
    slack.command("U0ALEX", "log talk at the Rotary Club")
    responded(fake_slack, slack)
    payload = slack.click_payload("U0ALEX", "showed #1 empathy")
    assert slack.interaction(payload).status == 200
    assert responded(fake_slack, slack).args["text"] == "🏷️ Noted: #1 showed empathy."
    for retry in ("1", "2"):
        answer = slack.interaction(payload, headers={"X-Slack-Retry-Num": retry,
                                                     "X-Slack-Retry-Reason": "http_timeout"})
        assert answer.status == 200
    slack.click("U0ALEX", "showed #1 empathy")   # the double tap: said, nothing changed
    assert responded(fake_slack, slack).args["text"] == (
        "#1 already shows empathy — nothing changed.")
    assert showings(visit) == [(1, "empathy", False)]
    with visit.server.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM accountability_log "
                                 "WHERE action = 'showed'")).scalar() == 1


def test_a_button_naming_a_number_tags_the_clickers_own_item(slack: SlackSimulator,
                                                             fake_slack: FakeSlack,
                                                             visit: Visit) -> None:
    """Numbers are per member: Sam's #1 button value (forged or forwarded) tags Sam's #1,
    never Alex's."""
    slack.command("U0ALEX", "log talk at the Rotary Club")
    responded(fake_slack, slack)
    slack.command("U0SAM", "log coffee with Pastor Dan")
    responded(fake_slack, slack)
    slack.click("U0SAM", "showed #1 relationship")
    assert responded(fake_slack, slack).args["text"] == "🏷️ Noted: #1 showed relationship."
    with visit.server.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT m.platform_user_id, c.number, s.tags FROM showings s JOIN commitments c "
            "ON c.id = s.commitment_id JOIN members m ON m.id = c.member_id")).all()
    assert [tuple(r) for r in rows] == [("U0SAM", 1, "relationship")]
