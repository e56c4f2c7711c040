"""`python app.py teams-package`: the zip an admin uploads to Teams."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

from tests import zygote
from tests.process import ROOT, app_env

APP_ID = "00000000-0000-4000-8000-0000000000c1"


def png_header(data: bytes) -> tuple[int, int, int]:
    """Width, height and colour type from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, _, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, colour


def package(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return zygote.run([sys.executable, "app.py", "teams-package", *args], cwd=ROOT,
                          env=app_env(tmp_path, **env), capture_output=True, text=True,
                          timeout=60)


def test_the_package_holds_a_manifest_for_this_bot_and_two_icons(tmp_path: Path) -> None:
    out = tmp_path / "showup-teams.zip"
    done = package(tmp_path, "--out", str(out), "--website", "https://sunrise.example",
                   CLIENT_ID=APP_ID)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as zipped:
        assert sorted(zipped.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(zipped.read("manifest.json"))
        assert png_header(zipped.read("color.png")) == (192, 192, 6)
        assert png_header(zipped.read("outline.png")) == (32, 32, 6)
    assert manifest["id"] == manifest["bots"][0]["botId"] == APP_ID
    assert manifest["developer"]["websiteUrl"] == "https://sunrise.example"
    assert manifest["bots"][0]["scopes"] == ["personal", "team"]
    for command_list in manifest["bots"][0]["commandLists"]:
        assert len(command_list["commands"]) <= 10
        assert all(len(c["title"]) <= 32 and len(c["description"]) <= 128
                   for c in command_list["commands"])
    assert not (tmp_path / "showup.db").exists(), "building a package touches no database"


def test_the_package_needs_the_bot_id_and_a_secure_website(tmp_path: Path) -> None:
    missing = package(tmp_path, "--out", str(tmp_path / "x.zip"))
    assert missing.returncode == 2 and "CLIENT_ID" in missing.stderr
    insecure = package(tmp_path, "--website", "http://x", CLIENT_ID=APP_ID)
    assert insecure.returncode == 2 and "https://" in insecure.stderr


def test_with_an_https_public_url_the_package_has_a_dashboard_tab(tmp_path: Path) -> None:
    out = tmp_path / "showup-teams.zip"
    done = package(tmp_path, "--out", str(out), CLIENT_ID=APP_ID,
                   PUBLIC_URL="https://showup.example.org/")
    assert done.returncode == 0, done.stderr
    assert "Dashboard tab opens https://showup.example.org/dashboard/tab" in done.stdout
    with zipfile.ZipFile(out) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
    assert manifest["staticTabs"] == [{
        "entityId": "dashboard", "name": "Dashboard",
        "contentUrl": "https://showup.example.org/dashboard/tab",
        "websiteUrl": "https://showup.example.org/dashboard", "scopes": ["personal"]}]
    assert manifest["validDomains"] == ["showup.example.org"]
    commands = [c["title"] for c in manifest["bots"][0]["commandLists"][0]["commands"]]
    assert "dashboard" in commands

    plain = package(tmp_path, "--out", str(tmp_path / "plain.zip"), CLIENT_ID=APP_ID,
                    PUBLIC_URL="http://office-pc:3000")
    assert plain.returncode == 0 and "Set PUBLIC_URL" in plain.stdout
    with zipfile.ZipFile(tmp_path / "plain.zip") as zipped:
        assert "staticTabs" not in json.loads(zipped.read("manifest.json"))
