"""manifest.yml asks Slack for what the code uses, and the code listens to what it asks for."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

from handlers.slack.app import BOT_SCOPES

ROOT = Path(__file__).resolve().parents[2]


def _manifest() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def _listened_events() -> set[str]:
    tree = ast.parse((ROOT / "handlers/slack/events/__init__.py").read_text())
    return {node.args[0].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "event" and node.args
            and isinstance(node.args[0], ast.Constant)}


def test_the_manifest_asks_for_the_scopes_an_oauth_install_asks_for() -> None:
    assert sorted(_manifest()["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)


def test_every_subscribed_event_has_a_listener_and_the_messages_tab_is_read() -> None:
    manifest = _manifest()
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    # message.im arrives as a `message` event with channel_type "im"
    assert {event.split(".")[0] for event in events} <= _listened_events()
    assert "message.im" in events and "im:history" in BOT_SCOPES
    home = manifest["features"]["app_home"]
    assert home["messages_tab_enabled"] and not home["messages_tab_read_only_enabled"]
