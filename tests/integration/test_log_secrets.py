"""A real backend of the licensing app is sent events that fail, over a websocket carrying a session cookie,
Clerk's cookie and a bearer token: Reflex logs a failing event whole, with the connection's headers. None of
those values may reach any log file, and every log file is readable by its owner only. Reflex also saves
each tab's state, request headers included, to disk: only the owner may read it."""

import asyncio
import secrets
import stat
from pathlib import Path

from licensing.state.licences import LicensingState
from tests.support.aio import run
from tests.support.reflex_client import ReflexClient
from tests.support.servers import _wait

LICENSING = LicensingState.get_full_name()


def _logs(directory: Path) -> list[Path]:
    return [path for path in directory.rglob("*.log") if path.is_file()]


def test_a_failing_event_leaves_no_cookie_or_token_in_any_log(licensing_backend, tmp_path):
    session_cookie = secrets.token_urlsafe(32)
    clerk_cookie = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEyMyJ9." + secrets.token_urlsafe(16)
    bearer = secrets.token_urlsafe(24)
    headers = {
        "Cookie": f"__session={clerk_cookie}; app_session={session_cookie}; theme=dark",
        "Authorization": f"Bearer {bearer}",
    }

    log = licensing_backend.log

    async def attack() -> None:
        tab = ReflexClient(licensing_backend.url, "/licences", headers=headers)
        await tab.connect(hydrate=False)
        try:
            await tab.send(f"{LICENSING}.open_draft", licence_id="not a number")
            await tab.send(f"{LICENSING}.go_to", step={"crafted": ["payload"]})
            await tab.send(f"{LICENSING}.save", form={})  # raises: no step is open
            await tab.send(f"{LICENSING}.no_such_handler", licence_id=1)  # Reflex logs the whole event
            await asyncio.to_thread(
                _wait, lambda: "no_such_handler" in log.read_text(errors="replace"), 30, "the failing event in the log"
            )
        finally:
            await tab.close()

    run(attack())
    logs = _logs(tmp_path)
    assert log in logs
    for path in logs:
        text = path.read_text(errors="replace")
        for secret in (session_cookie, clerk_cookie, clerk_cookie.split(".")[-1], bearer):
            assert secret not in text, f"{path.name} holds a secret from the request"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, f"{path.name} is readable by others"


def readable_by_others(path: Path, root: Path) -> bool:
    """Whether another local user could read ``path``: the file is world-readable and every directory
    between ``root`` and it lets others through."""
    directories = [parent for parent in path.parents if parent.is_relative_to(root) and parent != root]
    return bool(path.stat().st_mode & stat.S_IROTH) and all(d.stat().st_mode & stat.S_IXOTH for d in directories)


def test_the_saved_state_of_a_tab_holding_its_cookie_is_owner_only(licensing_backend, tmp_path):
    """Reflex keeps each tab's state (its request headers too) in files of the states directory."""
    session_cookie = secrets.token_urlsafe(32)

    async def visit() -> None:
        tab = ReflexClient(licensing_backend.url, "/licences", headers={"Cookie": f"app_session={session_cookie}"})
        await tab.connect()
        try:
            await tab.send(f"{LICENSING}.load_public")
            await tab.wait_for(lambda state: state.get(LICENSING, {}).get("identity") == "signed_out")
        finally:
            await tab.close()

    run(visit())

    def holding() -> list[Path]:
        return [p for p in tmp_path.rglob("*") if p.is_file() and session_cookie.encode() in p.read_bytes()]

    _wait(holding, 30, "the tab's state on disk")
    for path in holding():
        assert not readable_by_others(path, tmp_path), f"{path.relative_to(tmp_path)} is readable by others"
