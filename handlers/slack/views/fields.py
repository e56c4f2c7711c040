"""What a modal submitted, read the same way for every field: whatever shape the payload
has, a value or nothing, and text cleaned once here, at the edge — control characters, NUL,
bidirectional overrides and zero-width characters gone (bot/grammar.py clean), as on the
slash-command path."""

from __future__ import annotations

from typing import Any

from bot.grammar import clean


def state_of(view: Any) -> dict[str, Any]:
    state = view.get("state") if isinstance(view, dict) else None
    values = state.get("values") if isinstance(state, dict) else None
    return values if isinstance(values, dict) else {}


def value(state: dict[str, Any], block: str) -> str | None:
    """The block's value as submitted (a typed text, a picked option or date), or None."""
    entry = state.get(block)
    element = entry.get("value") if isinstance(entry, dict) else None
    if not isinstance(element, dict):
        return None
    if element.get("type") == "datepicker":
        found = element.get("selected_date")
    elif element.get("type") == "static_select":
        option = element.get("selected_option")
        found = option.get("value") if isinstance(option, dict) else None
    else:
        found = element.get("value")
    return found if isinstance(found, str) else None


def text(state: dict[str, Any], block: str, *, lines: bool = False) -> str:
    """A typed field, cleaned; with `lines`, each line cleaned and empty ones dropped."""
    raw = value(state, block) or ""
    if lines:
        return "\n".join(line for line in (clean(part) for part in raw.splitlines()) if line)
    return clean(raw)
