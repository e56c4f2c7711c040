"""Files that come with a reply (CSV exports) go to the person's DM with the app, with a
progress line that is updated as each file lands."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.messages import Reply


def send_attachments(client: WebClient, user_id: str, reply: Reply) -> None:
    if not reply.attachments:
        return
    channel = str((client.conversations_open(users=user_id).get("channel") or {}).get("id"))
    total = len(reply.attachments)
    note = client.chat_postMessage(channel=channel, text=f"⏳ Preparing {total} file(s)…")
    for done, attachment in enumerate(reply.attachments, start=1):
        client.files_upload_v2(channel=channel, content=attachment.content,
                               filename=attachment.filename, title=attachment.filename)
        status = "✅ All files are here." if done == total else f"⏳ {done} of {total} files sent…"
        client.chat_update(channel=channel, ts=str(note.get("ts")), text=status)
