"""A cookie-keeping HTTP client for the dashboard's tests, which follows no redirect on its
own: a test sees each 303 and where it leads, the cookies set on the way, and every header."""

from __future__ import annotations

import html
import http.cookiejar
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlencode, urljoin, urlsplit

# The sign-in page's one form carries the signed link in a hidden field.
SIGN_IN_TOKEN = re.compile(r'<input type="hidden" name="token" value="([^"]*)">')


@dataclass
class Page:
    url: str
    status: int
    headers: Message
    body: str

    def header(self, name: str) -> str:
        return self.headers.get(name) or ""

    @property
    def cookies_set(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """One browser: its cookie jar, sent to the server it came from."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                   _Stay)

    def get(self, url: str, headers: dict[str, str] | None = None) -> Page:
        return self.send("GET", url, None, headers)

    def post(self, url: str, form: str = "", headers: dict[str, str] | None = None) -> Page:
        return self.send("POST", url, form.encode(), {
            "Content-Type": "application/x-www-form-urlencoded", **(headers or {})})

    def send(self, method: str, url: str, body: bytes | None,
             headers: dict[str, str] | None = None) -> Page:
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with self._opener.open(request, timeout=15) as response:
                return Page(url, response.status, response.headers,
                            response.read().decode("utf-8", errors="replace"))
        except urllib.error.HTTPError as error:
            return Page(url, error.code, error.headers,
                        error.read().decode("utf-8", errors="replace"))

    def follow(self, url: str, headers: dict[str, str] | None = None) -> list[Page]:
        """GET `url` and each redirect after it, as a browser would: every page on the way."""
        pages = [self.get(url, headers)]
        while pages[-1].status in (301, 302, 303, 307, 308) and len(pages) < 5:
            pages.append(self.get(urljoin(pages[-1].url, pages[-1].header("Location")),
                                  headers))
        return pages

    def sign_in(self, link: str, headers: dict[str, str] | None = None) -> list[Page]:
        """Open a one-time sign-in link as a person does: its page (a GET spends nothing),
        then its button, a form posted from that page, and each redirect after. The pages
        from the button on; the link's own page alone when it has no button (a link used,
        expired or broken)."""
        opened = self.get(link, headers)
        token = SIGN_IN_TOKEN.search(opened.body)
        if opened.status != 200 or token is None:
            return [opened]
        form = urlencode({"token": html.unescape(token.group(1))})
        pages = [self.post(urljoin(link, "/dashboard/sign-in"), form, {
            "Origin": "null", "Sec-Fetch-Site": "same-origin", **(headers or {})})]
        while pages[-1].status in (301, 302, 303, 307, 308) and len(pages) < 5:
            pages.append(self.get(urljoin(pages[-1].url, pages[-1].header("Location")),
                                  headers))
        return pages

    def cookie(self, name: str) -> http.cookiejar.Cookie | None:
        return next((c for c in self.jar if c.name == name), None)

    def forget_cookies(self) -> None:
        self.jar.clear()


def on_server(url: str, server: str) -> str:
    """`url` with its scheme and host replaced by `server`'s (a link made for PUBLIC_URL,
    opened on the test's own server)."""
    parts = urlsplit(url)
    return server.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")
