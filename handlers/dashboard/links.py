"""The dashboard's signed values (itsdangerous): the one-time sign-in link the bot hands out,
the session cookie, and the CSRF token derived from a session.

Ages are measured with the app's clock, not the machine's, so `serve --at` and the console's
`:clock` expire links as the bot sees time. A link's token is also checked in the database
(once, within 15 minutes: bot/usecases/sign_in.py); the signature only keeps forged and
tampered links away from it. A value signed "in the future" was signed by another process
on the same database whose clock runs ahead of this one's (a few milliseconds are enough
when a second turns over): its signature holds, and the database's own expiry decides.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from bot.usecases.sign_in import GRANT_LIFETIME, SESSION_LIFETIME

SIGN_IN_PATH = "/dashboard/sign-in"
LINK_SALT = "showup.dashboard.sign-in"
COOKIE_SALT = "showup.dashboard.session"
LONGEST_SIGNED = 400   # a signed link token is about 100 characters, a cookie about 90


class LinkExpired(Exception):
    """The link's signature holds, but it is older than 15 minutes."""


class LinkInvalid(Exception):
    """Not a link ShowUp signed with this secret: cut short, changed or forged."""


def _clocked(now: Callable[[], datetime]) -> type[TimestampSigner]:
    class ClockSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(now().timestamp())

    return ClockSigner


def _loads(serializer: URLSafeTimedSerializer, signed: str, max_age: int,
           now: Callable[[], datetime]) -> object:
    """The signed value, if no older than `max_age`; signed ahead of this clock, still it."""
    try:
        return serializer.loads(signed, max_age=max_age)
    except SignatureExpired as expired:
        if expired.date_signed is None or expired.date_signed <= now():
            raise
        return serializer.loads(signed)


class Signing:
    """What the dashboard signs with one secret, for the server at `public_url`."""

    def __init__(self, secret: str, public_url: str, now: Callable[[], datetime]) -> None:
        self._now = now
        signer = _clocked(now)
        self._links = URLSafeTimedSerializer(secret, salt=LINK_SALT, signer=signer)
        self._cookies = URLSafeTimedSerializer(secret, salt=COOKIE_SALT, signer=signer)
        self._csrf_key = hashlib.sha256(f"showup.dashboard.csrf:{secret}".encode()).digest()
        self.public_url = public_url.rstrip("/")
        parts = urlsplit(self.public_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.secure = parts.scheme == "https"

    def sign_in_url(self, token: str) -> str:
        """The link for a one-time token (what `dashboard` sends)."""
        return f"{self.public_url}{SIGN_IN_PATH}?token={self._links.dumps(token)}"

    def link_token(self, signed: str) -> str:
        """The token a link carries; LinkExpired or LinkInvalid when it cannot be used."""
        if not signed or len(signed) > LONGEST_SIGNED:
            raise LinkInvalid
        try:
            token = _loads(self._links, signed, int(GRANT_LIFETIME.total_seconds()),
                           self._now)
        except SignatureExpired:
            raise LinkExpired from None
        except (BadData, ValueError, UnicodeError):
            raise LinkInvalid from None
        if not isinstance(token, str):
            raise LinkInvalid
        return token

    def cookie(self, session_token: str) -> str:
        return self._cookies.dumps(session_token)

    def cookie_token(self, value: str) -> str | None:
        """The session token a cookie holds; None for a cookie not ours, or too old."""
        if not value or len(value) > LONGEST_SIGNED:
            return None
        try:
            token = _loads(self._cookies, value, int(SESSION_LIFETIME.total_seconds()),
                           self._now)
        except (BadData, ValueError, UnicodeError):
            return None
        return token if isinstance(token, str) else None

    def csrf(self, session_token: str) -> str:
        """The token every form of this session carries (derived, never stored)."""
        return hmac.new(self._csrf_key, session_token.encode(), hashlib.sha256).hexdigest()

    def csrf_holds(self, session_token: str, offered: str) -> bool:
        return hmac.compare_digest(self.csrf(session_token).encode(),
                                   offered.encode(errors="replace"))
