"""The Teams app package: `manifest.json` and two icons in a zip, ready to upload in Teams
(Apps → Manage your apps → Upload an app) or in the Teams admin center."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

MANIFEST_VERSION = "1.19"
ACCENT = "#2E7D6B"
PERSONAL_COMMANDS = (
    ("commit", "Plan an outreach visit: commit visit Sunrise Pediatrics thu"),
    ("done", "Mark a commitment done: done 2 great meeting"),
    ("log", "Record outreach you didn't plan: log talk at Rotary Club"),
    ("list", "Your open commitments"),
    ("streak", "Your weekly streak"),
    ("board", "The team board this week"),
    ("plan", "Your quarterly Community Connection Plan"),
    ("sources", "The referral sources you keep in touch with"),
    ("dashboard", "A sign-in link to your dashboard on the web"),
    ("help", "Everything ShowUp understands"),
)
TEAM_COMMANDS = (
    ("admin channel here", "Post the weekly team update in this channel"),
    ("help", "What ShowUp does"),
)


def dashboard_tab(public_url: str) -> dict[str, Any]:
    """The personal tab: the dashboard's tab page, which opens the person's page in a
    browser window (where the link from their chat signed them in: Teams' frame can't see
    that sign-in) and says to type `dashboard` in the chat for a link (handlers/dashboard)."""
    base = public_url.rstrip("/")
    return {"staticTabs": [{"entityId": "dashboard", "name": "Dashboard",
                            "contentUrl": f"{base}/dashboard/tab",
                            "websiteUrl": f"{base}/dashboard", "scopes": ["personal"]}],
            "validDomains": [urlsplit(base).netloc]}


def manifest(app_id: str, version: str, developer: str, website: str,
             public_url: str = "") -> dict[str, Any]:
    """`public_url` (https only, as Teams requires): a personal Dashboard tab."""
    def commands(pairs: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
        return [{"title": title[:32], "description": text[:128]} for title, text in pairs]

    return {
        "$schema": "https://developer.microsoft.com/en-us/json-schemas/teams/"
                   f"v{MANIFEST_VERSION}/MicrosoftTeams.schema.json",
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        "id": app_id,
        "developer": {"name": developer[:32], "websiteUrl": website,
                      "privacyUrl": website, "termsOfUseUrl": website},
        "name": {"short": "ShowUp", "full": "ShowUp: outreach coach for therapy practices"},
        "description": {
            "short": "Keeps your clinicians doing their own outreach, week after week.",
            "full": ("Clinicians commit to outreach (visits to referral sources, talks, "
                     "consultations), get a weekly rhythm of nudges and streak updates in a "
                     "personal chat, and the team sees a weekly post and board. Never "
                     "include client details."),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "bots": [{
            "botId": app_id,
            "scopes": ["personal", "team"],
            "supportsFiles": False,
            "isNotificationOnly": False,
            "commandLists": [{"scopes": ["personal"], "commands": commands(PERSONAL_COMMANDS)},
                             {"scopes": ["team"], "commands": commands(TEAM_COMMANDS)}],
        }],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
        **(dashboard_tab(public_url) if public_url.startswith("https://") else {}),
    }


def icon(size: int, background: str | None, foreground: str) -> bytes:
    """A square PNG with a bold "S"; a transparent background for the outline icon."""
    from PIL import Image, ImageDraw, ImageFont

    scale = 4   # drawn larger, then scaled down: smooth edges even at 32 pixels
    image = Image.new("RGBA", (size * scale, size * scale), background or (0, 0, 0, 0))
    letter = ImageFont.load_default(size=size * scale * 0.62)
    ImageDraw.Draw(image).text((size * scale / 2, size * scale * 0.5), "S", fill=foreground,
                               font=letter, anchor="mm", stroke_width=size * scale // 40,
                               stroke_fill=foreground)   # the stroke makes it bold
    out = io.BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(out, format="PNG")
    return out.getvalue()


def build_package(out: Path, app_id: str, version: str = "1.0.0",
                  developer: str = "ShowUp", website: str = "https://www.example.com",
                  public_url: str = "") -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(
            manifest(app_id, version, developer, website, public_url), indent=2))
        package.writestr("color.png", icon(192, ACCENT, "white"))
        package.writestr("outline.png", icon(32, None, "white"))
    return out
