"""Files that come with a reply (CSV exports) go to the person's DM with the app."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.messages import Reply


def send_attachments(client: WebClient, user_id: str, reply: Reply) -> None:
    if not reply.attachments:
        return
    channel = str((client.conversations_open(users=user_id).get("channel") or {}).get("id"))
    for attachment in reply.attachments:
        client.files_upload_v2(channel=channel, content=attachment.content,
                               filename=attachment.filename, title=attachment.filename)
