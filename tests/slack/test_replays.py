"""A signed request replayed within its five-minute window — the same body, timestamp and
signature — has no second effect: not for a slash command, a button click or a form.
Slack never sends these twice itself (its event retries carry new signatures and are
de-duplicated by event id); an attacker who captured one request, or a proxy that resends,
does. Each replay is answered 200 and leaves the database as the first delivery left it."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.parse

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.slack.conftest import RunningBot, the_modules_bot, wait_until

_fake, _bot, _slack = the_modules_bot()   # every test here uses the module's bot


def _count(bot: RunningBot, table: str, where: str = "1") -> int:
    with sqlite3.connect(bot.database) as db:
        return int(db.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}").fetchone()[0])


def _carried_out(bot: RunningBot) -> None:
    """Wait until every stored command and click has been carried out and answered. (Each
    replay was decided before its 200: turned away, or stored and so waited for here.)"""
    wait_until(lambda: _count(bot, "inbox", "answered_at IS NULL") == 0)


def _replayed(slack: SlackSimulator, body: str, times: int = 5) -> list[int]:
    """The same signed request sent `times` times: the statuses."""
    stamp = int(time.time())
    signature = slack.verifier.generate_signature(timestamp=str(stamp), body=body)
    return [slack.post(body, "application/x-www-form-urlencoded", timestamp=stamp,
                       signature=signature).status for _ in range(times)]


def test_a_replayed_slash_command_commits_once(slack: SlackSimulator, fake_slack: FakeSlack,
                                               bot: RunningBot) -> None:
    form = slack.command_payload("U0ALEX", "commit visit Sunrise Pediatrics fri")
    assert _replayed(slack, urllib.parse.urlencode(form)) == [200] * 5
    fake_slack.wait_for(slack.last_response)
    _carried_out(bot)   # any second effect would have been answered by now
    assert len(fake_slack.calls_to(slack.last_response)) == 1
    assert _count(bot, "commitments") == 1


def test_a_replayed_button_click_acts_once(slack: SlackSimulator, fake_slack: FakeSlack,
                                           bot: RunningBot) -> None:
    payload = slack.click_payload("U0ALEX", "commit visit Lakeside Peds fri")
    body = "payload=" + urllib.parse.quote(json.dumps(payload))
    assert _replayed(slack, body) == [200] * 5
    fake_slack.wait_for(slack.last_response)
    _carried_out(bot)
    assert len(fake_slack.calls_to(slack.last_response)) == 1
    assert _count(bot, "commitments") == 1


def test_a_replayed_form_submission_saves_once(slack: SlackSimulator, fake_slack: FakeSlack,
                                               bot: RunningBot) -> None:
    values = {"what": {"type": "plain_text_input", "value": "Visit Sunrise Pediatrics"},
              "activity": {"type": "static_select", "selected_option": {"value": "visit"}}}
    body = "payload=" + urllib.parse.quote(json.dumps(slack.view_payload("U0ALEX", values)))
    assert _replayed(slack, body) == [200] * 5
    # A form is saved before its 200 (replays were turned away before theirs); the message
    # confirming it follows.
    wait_until(lambda: fake_slack.calls_to("chat.postMessage"))
    assert _count(bot, "commitments") == 1
    # A new submission of the same form (a person fixing a field and sending again) is not
    # a replay: it is signed anew and counts.
    assert slack.submit_view("U0ALEX", values).status == 200
    wait_until(lambda: len(fake_slack.calls_to("chat.postMessage")) >= 2)
    assert _count(bot, "commitments") == 2
