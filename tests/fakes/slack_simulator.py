"""Plays Slack's side of the conversation: signs and POSTs what Slack would send to the bot."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from slack_sdk.signature import SignatureVerifier


@dataclass
class Answer:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def slack_escape(text: str) -> str:
    """Slack sends these three characters as entities in slash-command text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SlackSimulator:
    def __init__(self, bot_url: str, signing_secret: str, response_base: str,
                 team_id: str = "T0001") -> None:
        self.bot_url = bot_url.rstrip("/")
        self.verifier = SignatureVerifier(signing_secret)
        self.response_base = response_base
        self.team_id = team_id
        self._responses = 0

    def post(self, body: str, content_type: str, *, timestamp: int | None = None,
             signature: str | None = None, headers: dict[str, str] | None = None,
             path: str = "/slack/events") -> Answer:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sent: dict[str, str] = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature or self.verifier.generate_signature(
                timestamp=ts, body=body) or "",
            **(headers or {}),
        }
        request = urllib.request.Request(self.bot_url + path, data=body.encode("utf-8"),
                                         headers=sent, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return Answer(response.status, response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode("utf-8"))

    def response_url(self) -> str:
        self._responses += 1
        return f"{self.response_base}{self.last_response}"

    @property
    def last_response(self) -> str:
        """The fake's method name for the latest response_url (unique per simulator)."""
        return f"respond/{self.team_id}-{id(self)}-{self._responses}"

    def command(self, user: str, text: str, *, team: str | None = None, escape: bool = True,
                **kwargs: Any) -> Answer:
        """`escape=False` sends Slack's own markup, such as a channel picked by autocomplete."""
        form = self.command_payload(user, text, team=team)
        if not escape:
            form["text"] = text
        return self.post(urllib.parse.urlencode(form), "application/x-www-form-urlencoded",
                         **kwargs)

    def command_payload(self, user: str, text: str, *, team: str | None = None
                        ) -> dict[str, str]:
        team = team or self.team_id
        return {
            "token": "legacy", "team_id": team, "team_domain": "clinic",
            "channel_id": "D" + user[1:], "channel_name": "directmessage", "user_id": user,
            "user_name": user.lower(), "command": "/outreach", "text": slack_escape(text),
            "api_app_id": "A0001", "is_enterprise_install": "false",
            "response_url": self.response_url(), "trigger_id": f"trigger.{time.time_ns()}",
        }

    def interaction(self, payload: dict[str, Any], **kwargs: Any) -> Answer:
        body = "payload=" + urllib.parse.quote(json.dumps(payload))
        return self.post(body, "application/x-www-form-urlencoded", **kwargs)

    def click(self, user: str, value: str, *, index: int = 0, container: str = "message",
              team: str | None = None) -> Answer:
        return self.interaction(self.click_payload(user, value, index=index,
                                                   container=container, team=team))

    def click_payload(self, user: str, value: str, *, index: int = 0,
                      container: str = "message", team: str | None = None) -> dict[str, Any]:
        team = team or self.team_id
        where: dict[str, Any] = (
            {"type": "message", "message_ts": "1700000000.000100", "channel_id": "D" + user[1:],
             "is_ephemeral": False} if container == "message" else
            {"type": "view", "view_id": "V1"})
        payload: dict[str, Any] = {
            "type": "block_actions", "user": {"id": user, "username": user.lower(),
                                              "team_id": team},
            "api_app_id": "A0001", "container": where, "trigger_id": f"trigger.{time.time_ns()}",
            "team": {"id": team, "domain": "clinic"},
            "actions": [{"action_id": f"showup_command_{index}", "block_id": "b1",
                         "type": "button", "value": value, "action_ts": str(time.time())}],
        }
        if container == "message":
            payload["channel"] = {"id": "D" + user[1:], "name": "directmessage"}
            payload["response_url"] = self.response_url()
            payload["message"] = {"ts": "1700000000.000100", "text": "nudge"}
        return payload

    def submit_view(self, user: str, values: dict[str, dict[str, Any]],
                    callback_id: str = "showup_commit") -> Answer:
        return self.interaction(self.view_payload(user, values, callback_id))

    def view_payload(self, user: str, values: dict[str, dict[str, Any]],
                     callback_id: str = "showup_commit") -> dict[str, Any]:
        return {
            "type": "view_submission", "team": {"id": self.team_id, "domain": "clinic"},
            "user": {"id": user, "username": user.lower(), "team_id": self.team_id},
            "api_app_id": "A0001", "trigger_id": f"trigger.{time.time_ns()}",
            "view": {"id": "V1", "type": "modal", "callback_id": callback_id,
                     "state": {"values": {block: {"value": element}
                                          for block, element in values.items()}}},
        }

    def event(self, event: dict[str, Any], *, event_id: str | None = None,
              team: str | None = None, retry: int | None = None) -> Answer:
        envelope = self.event_payload(event, event_id=event_id, team=team)
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} \
            if retry else None
        return self.post(json.dumps(envelope), "application/json", headers=headers)

    def event_payload(self, event: dict[str, Any], *, event_id: str | None = None,
                      team: str | None = None) -> dict[str, Any]:
        team = team or self.team_id
        return {
            "token": "legacy", "team_id": team, "api_app_id": "A0001", "event": event,
            "type": "event_callback", "event_id": event_id or f"Ev{time.time_ns()}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}],
        }
