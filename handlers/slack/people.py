"""Who a Slack user is: name, time zone and admin flag from `users.info`, cached per process."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.messages import Actor
from bot.model import Platform

log = logging.getLogger("showup.slack.people")
CACHE_SECONDS = 6 * 3600


@dataclass(frozen=True)
class Profile:
    display_name: str
    timezone: str | None
    is_admin: bool


def profile_from_user(user: dict[str, Any]) -> Profile:
    profile = user.get("profile") or {}
    name = (profile.get("display_name") or profile.get("real_name") or user.get("real_name")
            or user.get("name") or user.get("id") or "someone")
    tz = user.get("tz") if isinstance(user.get("tz"), str) else None
    return Profile(str(name)[:120], tz, bool(user.get("is_admin") or user.get("is_owner")))


def who_interacted(body: dict[str, Any]) -> tuple[str, str, str, str]:
    """Team id, team domain, user id and user name of a click or modal submission."""
    user, team = body.get("user") or {}, body.get("team") or {}
    team_id = str(team.get("id") or user.get("team_id") or "")
    return (team_id, str(team.get("domain") or team_id), str(user.get("id") or ""),
            str(user.get("name") or user.get("username") or ""))


class People:
    """Looks people up once and remembers them; `user_change` events refresh the entry."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], tuple[float, Profile]] = {}
        self._lock = threading.Lock()

    def remember(self, team_id: str, user: dict[str, Any]) -> Profile:
        found = profile_from_user(user)
        with self._lock:
            self._cache[(team_id, str(user.get("id")))] = (time.monotonic(), found)
        return found

    def profile(self, client: WebClient, team_id: str, user_id: str, fallback_name: str
                ) -> Profile:
        key = (team_id, user_id)
        with self._lock:
            cached = self._cache.get(key)
        if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
        try:
            user = client.users_info(user=user_id).get("user") or {}
        except SlackApiError as error:
            log.warning("users.info failed: %s", error.response.get("error"))
            return Profile(fallback_name or user_id, None, False)
        return self.remember(team_id, user)

    def actor_of_interaction(self, client: WebClient, body: dict[str, Any]) -> Actor:
        """The person behind a button click or modal submission."""
        return self.actor(client, *who_interacted(body))

    def actor(self, client: WebClient, team_id: str, team_name: str, user_id: str,
              fallback_name: str = "") -> Actor:
        found = self.profile(client, team_id, user_id, fallback_name)
        return Actor(Platform.SLACK, team_id, user_id, found.display_name, team_name=team_name,
                     timezone=found.timezone, is_platform_admin=found.is_admin)
