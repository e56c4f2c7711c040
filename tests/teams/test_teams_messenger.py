"""The outbox's Teams messenger against the fake Bot Connector: cards to stored chats and
channels, 429 / 412 / 502 / 504 retried with backoff, unreachable people recorded."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from microsoft_teams.apps import App
from sqlalchemy import Engine

from bot.delivery import DeliveryError, Outgoing, Recipient
from bot.messages import Reply, commitment_buttons
from bot.model import Platform, Role
from handlers.teams.messenger import TeamsMessenger
from storage.teams import ConversationRef, TeamsConversations, channel_address, user_address
from storage.uow import uow_factory
from tests.fakes.bot_connector import TENANT, ConnectorFault, FakeBotConnector
from tests.process import ROOT, app_env

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
CHAT = "a:personal-dana"
CHANNEL = "19:outreach@thread.tacv2"


@pytest.fixture
def messenger(engine: Engine, connector: FakeBotConnector) -> Iterator[TeamsMessenger]:
    with uow_factory(engine)() as uow:
        workspace = uow.workspaces.get_or_create(Platform.TEAMS, TENANT, "Sunrise", "UTC")
        uow.members.get_or_create(workspace.id, "dana-aad", "Dana", None, Role.OWNER, NOW)
        uow.commit()
    book = TeamsConversations(engine)
    assert book.save(ConversationRef(TENANT, user_address("dana-aad"), CHAT, connector.url,
                                     "dana-aad"), NOW)
    assert book.save(ConversationRef(TENANT, channel_address("Outreach-1a2b3c"), CHANNEL,
                                     connector.url), NOW)
    yield TeamsMessenger(lambda: App(dangerously_allow_unauthenticated_requests=True), book,
                         timeout=5, backoff=0.01)


def to_dana(reply: Reply) -> Outgoing:
    return Outgoing(Recipient(Platform.TEAMS, TENANT, user_id="dana-aad"), reply)


def test_a_nudge_arrives_as_a_card_with_its_buttons(messenger: TeamsMessenger,
                                                    connector: FakeBotConnector) -> None:
    sent = messenger.send(to_dana(Reply("Friday wrap-up, Dana: how did #4 go?",
                                        commitment_buttons(4))), "wrapup:1:2026-12-04")
    [posted] = connector.to(CHAT)
    assert sent.startswith("1:")
    assert posted.text() == "Friday wrap-up, Dana: how did #4 go?"
    assert posted.commands() == ["done #4", "missed #4", "move #4"]
    assert messenger.find_sent(to_dana(Reply("x")).to, "wrapup:1:2026-12-04", NOW) is None


def test_the_team_post_goes_to_the_stored_channel(messenger: TeamsMessenger,
                                                   connector: FakeBotConnector) -> None:
    messenger.send(Outgoing(Recipient(Platform.TEAMS, TENANT, channel="Outreach-1a2b3c"),
                            Reply("🏁 This week: 12 pts")), "teampost:w1:2026-12-04")
    assert [p.text() for p in connector.to(CHANNEL)] == ["🏁 This week: 12 pts"]


@pytest.mark.parametrize("status", [429, 412, 502, 504])
def test_throttling_and_gateway_errors_are_retried_with_backoff(
        messenger: TeamsMessenger, connector: FakeBotConnector, status: int) -> None:
    connector.faults = [ConnectorFault(status, retry_after=0), ConnectorFault(status)]
    messenger.send(to_dana(Reply("Monday kickoff")), "kickoff:1:2026-11-30")
    assert connector.refused == 2
    assert [p.text() for p in connector.to(CHAT)] == ["Monday kickoff"]


def test_persistent_throttling_goes_back_to_the_outbox_with_retry_after(
        messenger: TeamsMessenger, connector: FakeBotConnector) -> None:
    connector.faults = [ConnectorFault(429, retry_after=0)] * 2 + [
        ConnectorFault(429, retry_after=1)]
    with pytest.raises(DeliveryError) as raised:
        messenger.send(to_dana(Reply("Monday kickoff")), "kickoff:1:2026-11-30")
    assert (raised.value.code, raised.value.transient, raised.value.retry_after) == (
        "ratelimited", True, 1.0)
    assert connector.to(CHAT) == []


def test_people_and_channels_ShowUp_cannot_reach_are_permanent_failures(
        messenger: TeamsMessenger, connector: FakeBotConnector) -> None:
    connector.faults = [ConnectorFault(403)]
    with pytest.raises(DeliveryError) as removed:
        messenger.send(to_dana(Reply("hi")), "k1")
    assert (removed.value.code, removed.value.transient) == ("not_installed", False)
    with pytest.raises(DeliveryError) as stranger:
        messenger.send(Outgoing(Recipient(Platform.TEAMS, TENANT, user_id="nobody"),
                                Reply("hi")), "k2")
    assert (stranger.value.code, stranger.value.transient) == ("not_installed", False)
    with pytest.raises(DeliveryError) as channel:
        messenger.send(Outgoing(Recipient(Platform.TEAMS, TENANT, channel="general"),
                                Reply("hi")), "k3")
    assert (channel.value.code, channel.value.transient) == ("channel_not_found", False)
    assert connector.posted == []


def test_an_unreachable_connector_is_transient(engine: Engine) -> None:
    book = TeamsConversations(engine)
    with uow_factory(engine)() as uow:
        workspace = uow.workspaces.get_or_create(Platform.TEAMS, TENANT, "Sunrise", "UTC")
        uow.members.get_or_create(workspace.id, "dana-aad", "Dana", None, Role.OWNER, NOW)
        uow.commit()
    book.save(ConversationRef(TENANT, user_address("dana-aad"), CHAT, "http://127.0.0.1:9"),
              NOW)
    messenger = TeamsMessenger(lambda: App(dangerously_allow_unauthenticated_requests=True),
                               book, timeout=2, backoff=0.01)
    with pytest.raises(DeliveryError) as raised:
        messenger.send(to_dana(Reply("hi")), "k")
    assert raised.value.transient and raised.value.code.startswith("unknown:")


def test_references_follow_the_member_and_the_workspace(messenger: TeamsMessenger,
                                                        engine: Engine) -> None:
    book = TeamsConversations(engine)
    moved = ConversationRef(TENANT, user_address("dana-aad"), "a:new-chat", "http://x")
    assert book.save(moved, NOW)
    assert book.find(TENANT, user_address("dana-aad")) == ConversationRef(
        TENANT, user_address("dana-aad"), "a:new-chat", "http://x", None)
    assert not book.save(ConversationRef("other-tenant", user_address("x"), "a:1", "u"), NOW)
    with uow_factory(engine)() as uow:
        workspace = uow.workspaces.find(Platform.TEAMS, TENANT)
        assert workspace is not None
        dana = uow.members.by_platform_id(workspace.id, "dana-aad")
        assert dana is not None
        uow.members.delete(workspace.id, dana.id)
        uow.commit()
    assert book.find(TENANT, user_address("dana-aad")) is None
    assert book.find(TENANT, channel_address("Outreach-1a2b3c")) is not None
    with uow_factory(engine)() as uow:
        uow.workspaces.delete(Platform.TEAMS, TENANT)
        uow.commit()
    assert book.find(TENANT, channel_address("Outreach-1a2b3c")) is None


def test_a_chat_remembered_before_its_member_follows_the_member_once_known(
        messenger: TeamsMessenger, engine: Engine) -> None:
    book = TeamsConversations(engine)
    early = ConversationRef(TENANT, user_address("sam-aad"), "a:sam", "http://x")
    assert book.save(early, NOW)
    with uow_factory(engine)() as uow:
        workspace = uow.workspaces.find(Platform.TEAMS, TENANT)
        assert workspace is not None
        sam = uow.members.get_or_create(workspace.id, "sam-aad", "Sam", None, Role.MEMBER, NOW)
        uow.commit()
    assert book.save(early, NOW)
    with uow_factory(engine)() as uow:
        uow.members.delete(workspace.id, sam.id)
        uow.commit()
    assert book.find(TENANT, user_address("sam-aad")) is None



def test_the_teams_sdk_is_loaded_by_the_first_send_not_before(tmp_path: Path) -> None:
    """A tick (cron runs one a minute) with nothing for Teams never imports the Teams SDK,
    which takes most of a second; the messenger is there all the same."""
    code = ("import sys; from scheduling import messengers; from settings import Settings; "
            "from storage.db import make_engine; "
            "found = messengers(Settings(), make_engine('sqlite://')); "
            "print(sorted(platform.value for platform in found), "
            "'microsoft_teams' in sys.modules)")
    env = app_env(tmp_path, CLIENT_ID="8f2c1a9e-0b4d-4c1e-9f3a-2d6b7e8c9a01",
                  CLIENT_SECRET="secret")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["['teams']", "False"]

