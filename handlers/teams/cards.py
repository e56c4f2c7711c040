"""Core replies as Adaptive Cards. User text is escaped here, and only here.

A button becomes an `Action.Execute` whose data carries the `/outreach` command it stands
for, so a Teams click runs through the same use case as a Slack click or a typed command.
"""

from __future__ import annotations

import re
from typing import Any

from microsoft_teams.cards import (
    ActionSet,
    AdaptiveCard,
    ExecuteAction,
    OpenUrlAction,
    SubmitData,
    TextBlock,
    TextInput,
)

from bot.messages import Button, Link, Page, Reply
from bot.usecases.reviews import MAX_COMMENT, CommentForm

VERB = "showup"
MAX_ACTIONS = 6
# Only what Teams' Markdown subset acts on: emphasis, links (no `[` means no link), code,
# mentions and HTML; and at the start of a block, headings, quotes and lists.
_MARKDOWN = re.compile(r"([\\`*_\[\]~<>])")
_BLOCK_START = re.compile(r"^(\s*)([-+#>])")
_NUMBERED = re.compile(r"^(\s*\d+)\.")


def escape(text: str) -> str:
    """Backslash-escape Markdown, so typed links, emphasis or lists render as typed."""
    escaped = _BLOCK_START.sub(r"\1\\\2", _MARKDOWN.sub(r"\\\1", text))
    return _NUMBERED.sub(r"\1\\.", escaped)


def _actions(buttons: tuple[Button, ...]) -> ActionSet:
    return ActionSet(actions=[
        ExecuteAction(title=button.label[:75], verb=VERB).with_data(
            SubmitData(VERB, {"command": button.command[:2000]}))
        for button in buttons[:MAX_ACTIONS]])


def _links(links: tuple[Link, ...]) -> ActionSet:
    """A link opens in the browser (Action.OpenUrl); Teams sends ShowUp nothing."""
    return ActionSet(actions=[OpenUrlAction(title=link.label[:75], url=link.url)
                              for link in links[:MAX_ACTIONS]])


def card(reply: Reply) -> AdaptiveCard:
    body: list[Any] = [TextBlock(text=escape(paragraph), wrap=True)
                       for paragraph in reply.text.split("\n") if paragraph.strip()]
    if reply.buttons:
        body.append(_actions(reply.buttons))
    if reply.links:
        body.append(_links(reply.links))
    return AdaptiveCard(body=body)


def page_card(page: Page) -> AdaptiveCard:
    body: list[Any] = []
    for section in page.sections:
        body.append(TextBlock(text=escape(section.title), weight="Bolder", size="Medium",
                              wrap=True, separator=bool(body)))
        body.extend(TextBlock(text=escape(line), wrap=True)
                    for line in section.text.split("\n") if line.strip())
        if section.buttons:
            body.append(_actions(section.buttons))
    return AdaptiveCard(body=body)


COMMENT_INPUT = "comment"


def comment_card(form: CommentForm) -> AdaptiveCard:
    """A reviewer's comment on a plan: the plan, a text input, and Send, whose data carries
    the command the comment completes (Teams adds the input's value beside it)."""
    body: list[Any] = [TextBlock(text=escape(form.title), weight="Bolder", wrap=True)]
    body.extend(TextBlock(text=escape(line), wrap=True)
                for line in form.plan_text.split("\n") if line.strip())
    body.append(TextInput(id=COMMENT_INPUT, label="Your comment for them", is_multiline=True,
                          is_required=True, max_length=MAX_COMMENT,
                          placeholder="What would make this plan stronger?"))
    body.append(TextBlock(text=escape("Never include client details — name the organisation "
                                      "or role."), wrap=True, is_subtle=True))
    body.append(ActionSet(actions=[ExecuteAction(title="Send comment", verb=VERB).with_data(
        SubmitData(VERB, {"command": form.command[:2000]}))]))
    return AdaptiveCard(body=body)


def typed_comment(value: dict[str, Any]) -> str:
    """What a reviewer typed into the comment card's input, if this action came from it."""
    data = value.get("action", {}).get("data") if isinstance(value.get("action"), dict) \
        else value
    typed = (data or {}).get(COMMENT_INPUT)
    return typed if isinstance(typed, str) else ""


def as_json(adaptive: AdaptiveCard) -> dict[str, Any]:
    dumped: dict[str, Any] = adaptive.model_dump(by_alias=True, exclude_none=True)
    return dumped


def command_of(value: dict[str, Any]) -> str | None:
    """The command a clicked card action carries, whatever shape Teams wraps it in."""
    data = value.get("action", {}).get("data") if isinstance(value.get("action"), dict) \
        else value
    command = (data or {}).get("command")
    return command if isinstance(command, str) and len(command) <= 2000 else None
