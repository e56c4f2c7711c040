"""A Monday-morning burst of App Home opens over real HTTP: every open is acknowledged, the
pages are published off the acking path (a slow views.publish holds up no ack), and every
person who opened the tab gets their page. How fast the acks come back under the burst is
measured in bench/app_home.py, not here."""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tests.fakes.slack_api import FakeSlack, Fault
from tests.fakes.slack_simulator import SlackSimulator

PEOPLE = 30
OPENS = 300
STUCK = 8.0


def test_every_open_is_acked_and_every_person_gets_their_page(
        slack: SlackSimulator, fake_slack: FakeSlack) -> None:
    for n in range(PEOPLE):
        fake_slack.add_user(f"U{n:04d}", f"Clinician {n}")
    # The first two publishes hang for a while: every page waits behind them (two publish
    # at a time), yet every open is answered meanwhile.
    fake_slack.faults.extend(Fault("views.publish", status=200, delay=STUCK) for _ in range(2))

    def open_home(number: int) -> int:
        return slack.event({"type": "app_home_opened", "user": f"U{number % PEOPLE:04d}",
                            "channel": "D1", "tab": "home"}).status

    started = time.monotonic()
    with ThreadPoolExecutor(20) as openers:
        statuses = list(openers.map(open_home, range(OPENS)))
    assert statuses == [200] * OPENS
    if time.monotonic() - started < STUCK:   # the two slow publishes still hang
        assert len(fake_slack.calls_to("views.publish")) == 2
    deadline = time.monotonic() + 60
    published: Counter[str] = Counter()
    while time.monotonic() < deadline and len(published) < PEOPLE:
        published = Counter(str(c.args["user_id"]) for c in fake_slack.calls_to("views.publish"))
        time.sleep(0.1)
    assert sorted(published) == [f"U{n:04d}" for n in range(PEOPLE)]
    # Opens by one person while their page waits share one publish.
    assert sum(published.values()) <= OPENS
