"""Core replies as Block Kit. All user-visible text is escaped here, and only here."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.messages import Button, ChannelPicker, Link, Page, Reply

ACTION_ID = "showup_command"
LINK_ID = "showup_link"   # a URL button: Slack opens the page and tells us of the click
PICK_CHANNEL_ID = "showup_pick_channel"
MAX_SECTION_CHARS = 2900
MAX_BUTTON_VALUE = 2000


def escape(text: str) -> str:
    """Slack's three control characters, so typed `<!channel>` or `<@U1>` never pings anyone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _chunks(text: str) -> list[str]:
    chunks: list[str] = []
    while text:
        if len(text) <= MAX_SECTION_CHARS:
            chunks.append(text)
            break
        cut = text.rfind("\n", 0, MAX_SECTION_CHARS)
        cut = cut if cut > 0 else MAX_SECTION_CHARS
        chunks.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return chunks


def _text(chunk: str, plain: bool) -> dict[str, Any]:
    if plain:   # Slack has no escape for * _ ~ `: plain text shows them as typed
        return {"type": "plain_text", "text": escape(chunk), "emoji": True}
    return {"type": "mrkdwn", "text": escape(chunk), "verbatim": True}


def blocks(reply: Reply, plain: bool = False) -> list[dict[str, Any]]:
    """Sections of escaped mrkdwn (no markup of ours to keep), then the buttons. `plain`: as
    plain text — a channel post, where one member's words are shown to everyone and must read
    as typed, never bold, struck or as code."""
    rendered: list[dict[str, Any]] = [
        {"type": "section", "text": _text(chunk, plain)} for chunk in _chunks(reply.text)
    ]
    if reply.buttons:
        rendered.append(actions(reply.buttons))
    if reply.links:
        rendered.append(link_buttons(reply.links))
    return rendered


def link_buttons(links: tuple[Link, ...]) -> dict[str, Any]:
    return {"type": "actions", "elements": [
        {"type": "button", "action_id": f"{LINK_ID}_{index}", "url": link.url[:3000],
         "text": {"type": "plain_text", "text": link.label[:75], "emoji": True},
         "style": "primary"}
        for index, link in enumerate(links[:25])]}


def actions(buttons: tuple[Button, ...]) -> dict[str, Any]:
    elements = []
    for index, button in enumerate(buttons[:25]):
        element: dict[str, Any] = {
            "type": "button",
            "action_id": f"{ACTION_ID}_{index}",
            "text": {"type": "plain_text", "text": button.label[:75], "emoji": True},
            "value": button.command[:MAX_BUTTON_VALUE],
        }
        if button.primary:
            element["style"] = "primary"
        elements.append(element)
    return {"type": "actions", "elements": elements}


def page_blocks(page: Page) -> list[dict[str, Any]]:
    """An App Home: a header, the text and the buttons of each section, dividers between."""
    rendered: list[dict[str, Any]] = []
    for section in page.sections:
        if rendered:
            rendered.append({"type": "divider"})
        rendered.append({"type": "header",
                         "text": {"type": "plain_text", "text": section.title[:150]}})
        rendered.extend(
            {"type": "section", "text": {"type": "mrkdwn", "text": escape(chunk),
                                         "verbatim": True}}
            for chunk in _chunks(section.text))
        if section.buttons:
            rendered.append(actions(section.buttons))
        if section.picker:
            rendered.append(channel_picker(section.picker))
    return rendered[:100]


def channel_picker(picker: ChannelPicker) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "conversations_select", "action_id": PICK_CHANNEL_ID,
        "placeholder": {"type": "plain_text", "text": "Choose a channel"},
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if picker.current and re.fullmatch(r"[CG][A-Z0-9]{6,}", picker.current):
        element["initial_conversation"] = picker.current
    return {"type": "section", "block_id": f"pick:{picker.command}"[:255],
            "text": {"type": "mrkdwn", "text": escape(picker.label)}, "accessory": element}


def fallback_text(reply: Reply) -> str:
    """The notification and screen-reader text that travels with the blocks."""
    return escape(reply.text)[:3000]


def message(reply: Reply, plain: bool = False) -> dict[str, Any]:
    if plain:   # the notification's text without Slack's markup too
        return {"text": fallback_text(reply), "blocks": blocks(reply, plain), "mrkdwn": False}
    return {"text": fallback_text(reply), "blocks": blocks(reply)}


def as_json(reply: Reply) -> str:
    return json.dumps(message(reply), ensure_ascii=False)
