"""Replies as plain terminal text; buttons become the commands you would type."""

from __future__ import annotations

from bot.messages import Reply


def render(reply: Reply) -> str:
    lines = [reply.text]
    if reply.buttons:
        lines.append("  " + "   ".join(f"[{b.label}: {b.command}]" for b in reply.buttons))
    return "\n".join(lines)
