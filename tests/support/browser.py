"""Browser helpers for the end-to-end tests."""

from __future__ import annotations

import time

from playwright.sync_api import Locator, Page, expect


def reopen_until(page: Page, url: str, locator: Locator, text: str, *, timeout: float = 30) -> None:
    """Open ``url`` again and again until ``locator`` reads ``text``: for a change a job makes after the page
    was drawn (each look waits up to 2 s for it, so the page is not hammered)."""
    deadline = time.monotonic() + timeout
    while True:
        page.goto(url)
        expect(locator).to_be_visible()
        try:
            expect(locator).to_have_text(text, timeout=2_000)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
