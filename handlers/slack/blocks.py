"""Core replies as Block Kit. All user-visible text is escaped here, and only here."""

from __future__ import annotations

import json
from typing import Any

from bot.messages import Button, Page, Reply

ACTION_ID = "showup_command"
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


def blocks(reply: Reply) -> list[dict[str, Any]]:
    """Sections of escaped mrkdwn (no markup of ours to keep), then the buttons."""
    rendered: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": escape(chunk), "verbatim": True}}
        for chunk in _chunks(reply.text)
    ]
    if reply.buttons:
        rendered.append(actions(reply.buttons))
    return rendered


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
    return rendered[:100]


def fallback_text(reply: Reply) -> str:
    """The notification and screen-reader text that travels with the blocks."""
    return escape(reply.text)[:3000]


def message(reply: Reply) -> dict[str, Any]:
    return {"text": fallback_text(reply), "blocks": blocks(reply)}


def as_json(reply: Reply) -> str:
    return json.dumps(message(reply), ensure_ascii=False)
