"""Running a coroutine from a synchronous test, wherever it runs."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from typing import Any


def run(coroutine: Coroutine) -> Any:
    """Run ``coroutine`` to completion on a fresh event loop in its own thread (callable even where a
    loop is already running, such as beside Playwright's sync API in the same test session)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
