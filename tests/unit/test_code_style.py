"""The project's own checks: ruff lint and format, as configured in pyproject.toml, and how tests run coroutines."""

import subprocess
import sys
from pathlib import Path

from allpetplus.core.settings import PROJECT_ROOT


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=PROJECT_ROOT, capture_output=True, text=True)


def test_lint_is_clean():
    result = ruff("check", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted():
    result = ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_tests_run_coroutines_through_the_support_helper():
    """Playwright's sync API leaves an event loop running in the main thread for the rest of a session, so a
    bare ``asyncio.run`` in a test passes alone and fails after the browser tests: use tests.support.aio.run."""
    bare = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}"
        for path in (PROJECT_ROOT / "tests").rglob("*.py")
        if path.parent.name != "support" and path != Path(__file__)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "asyncio.run(" in line
    ]
    assert bare == []
