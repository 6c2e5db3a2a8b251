"""A real browser for the page tests: Debian's Chromium driven by Playwright (no browser
download), headless, with the flags this machine's closed network needs."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = Path("test-artifacts/screenshots")
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def launch():
    """(playwright, browser); the caller stops both."""
    playwright = sync_playwright().start()
    return playwright, playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def fits_width(page: Page) -> bool:
    """Nothing makes the page scroll sideways (tables scroll inside their own box)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
