"""Scale-out: two backend processes of the main app on real Redis and PostgreSQL serve one user's tab.

With ``REDIS_URL`` set the apps use Reflex's Redis state manager, so a tab whose websocket lands on
another backend (a reconnect through a load balancer) carries on where it was. The tab's option
changes go alternately to the two processes, each on a new websocket opened once the previous one is
closed and released (as a browser reconnects); every answer must show the harness with every earlier
change applied and the price the one pricing function gives for it.
"""

import asyncio

import pytest
from redis import asyncio as aioredis
from sqlmodel import Session

from allpetplus.builder.config import HarnessConfig
from allpetplus.builder.pricing import quote_harness
from allpetplus.seed import load_seed
from allpetplus.state.builder import BuilderState
from tests.conftest import migrated_engine
from tests.support.aio import run
from tests.support.reflex_client import ReflexClient
from tests.support.servers import ReflexBackend

BUILDER = BuilderState.get_full_name()

CHANGES = [
    ("hardware", "brass"),
    ("size", "L"),
    ("reflective_trim", True),
    ("grab_handle", True),
    ("quantity", 3),
    ("front_d_ring", True),
    ("hardware", "aluminium"),
    ("size", "XL"),
]


@pytest.fixture
def two_backends(postgres_url, redis_url, tmp_path):
    """Two backend processes of the main app sharing PostgreSQL and Redis."""
    engine = migrated_engine(postgres_url)
    with Session(engine) as session:
        load_seed(session)
        session.commit()
    engine.dispose()
    env = {"ALLPETPLUS_APP": "allpetplus", "DATABASE_URL": postgres_url, "REDIS_URL": redis_url,
           "VAR_DIR": str(tmp_path / "var"), "LOG_LEVEL": "WARNING"}  # fmt: skip
    backends = [ReflexBackend(tmp_path, env, name=f"backend-{n}").start() for n in (1, 2)]
    try:
        yield [backend.wait_ready() for backend in backends]
    finally:
        for backend in backends:
            backend.stop()


async def _released(redis_url: str, token: str, timeout: float = 20) -> None:
    """Wait until no backend holds the tab's websocket (Reflex drops the record once the socket closed);
    a backend seeing the token still held would give the tab a new token, that is a fresh state."""
    client = aioredis.Redis.from_url(redis_url)
    try:
        deadline = asyncio.get_running_loop().time() + timeout
        while await client.exists(f"token_manager_socket_record_{token}"):
            assert asyncio.get_running_loop().time() < deadline, "the closed websocket was never released"
            await asyncio.sleep(0.02)
    finally:
        await client.aclose()


async def _change_on(backend: ReflexBackend, token: str, field: str, value, first: bool) -> dict:
    """Open the tab's websocket on ``backend``, change one option, return the builder state it shows."""
    tab = ReflexClient(backend.url, "/builder", token=token)
    await tab.connect(hydrate=first)
    try:
        if field == "quantity":
            await tab.send(f"{BUILDER}.set_quantity", value=str(value))
        else:
            await tab.send(f"{BUILDER}.set_option", field=field, value=value)
        await tab.wait_for(lambda state: state.get(BUILDER, {}).get("config", {}).get(field) == value, 20)
        assert tab.new_tokens == [], f"{backend.name} treated the reconnecting tab as a second tab"
        return tab.state[BUILDER]
    finally:
        await tab.close()
        await _released(backend.env["REDIS_URL"], token)


def test_one_tab_alternating_between_two_backends_sees_one_state(two_backends):
    token = "scale-out-tab"
    expected = HarnessConfig().model_dump()

    async def changes() -> list[tuple[str, dict]]:
        seen = []
        for n, (field, value) in enumerate(CHANGES):
            backend = two_backends[n % 2]
            seen.append((backend.name, await _change_on(backend, token, field, value, first=n == 0)))
        return seen

    seen = run(changes())
    assert {name for name, _ in seen} == {"backend-1", "backend-2"}
    for (name, state), (field, value) in zip(seen, CHANGES, strict=True):
        expected[field] = value
        assert state["config"] == expected, f"{name} lost an earlier change when applying {field}={value}"
        assert state["total"] == quote_harness(HarnessConfig(**expected)).total
    assert seen[-1][1]["total"] != seen[0][1]["total"]


def test_a_new_tab_on_the_other_backend_starts_its_own_state(two_backends):
    first, second = two_backends

    async def tabs() -> tuple[dict, dict]:
        changed = await _change_on(first, "tab-a", "hardware", "brass", first=True)
        other = ReflexClient(second.url, "/builder", token="tab-b")
        await other.connect()
        await other.close()
        return changed, other.state[BUILDER]

    changed, other = run(tabs())
    assert changed["config"]["hardware"] == "brass"
    assert other["config"]["hardware"] == HarnessConfig().hardware
