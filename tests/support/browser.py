"""Browser helpers for the end-to-end tests."""

from __future__ import annotations

import time

from playwright.sync_api import Locator, Page, expect


def reopen_until(
    page: Page, url: str, locator: Locator, text: str | None = None, *, count: int | None = None, timeout: float = 30
) -> None:
    """Open ``url`` again and again until ``locator`` reads ``text`` (or matches ``count`` elements): for a change
    a job makes after the page was drawn (each look waits up to 2 s for it, so the page is not hammered)."""
    deadline = time.monotonic() + timeout
    while True:
        page.goto(url)
        try:
            if count is None:
                expect(locator).to_be_visible()
                expect(locator).to_have_text(text or "", timeout=2_000)
            else:
                expect(locator).to_have_count(count, timeout=2_000)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
