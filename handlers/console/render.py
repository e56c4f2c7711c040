"""Replies as plain terminal text; buttons become the commands you would type, a link's URL
stands on a line of its own (to copy or click), and files are saved under `exports/` in the
current folder."""

from __future__ import annotations

from pathlib import Path

from bot.messages import Reply


def render(reply: Reply, exports: Path | None = None) -> str:
    lines = [reply.text]
    if reply.buttons:
        lines.append("  " + "   ".join(f"[{b.label}: {b.command}]" for b in reply.buttons))
    for link in reply.links:
        lines += [f"  {link.label}:", link.url]
    if exports is None:
        return "\n".join(lines)
    for attachment in reply.attachments:
        exports.mkdir(parents=True, exist_ok=True)
        path = exports / Path(attachment.filename).name
        path.write_bytes(attachment.content)
        lines.append(f"  📎 saved {path} ({attachment.rows} rows)")
    return "\n".join(lines)
