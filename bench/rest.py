"""REST benchmark: requests per second of ``/health`` and the catalog JSON route beside a bare endpoint on
the same granian process (PostgreSQL with the seed data, redis-server), as ratios measured in one run."""

from __future__ import annotations

from bench.report import Result
from bench.webhooks import CONNECTIONS, _request, _workers, send, services
from tests.support.servers import _wait

MEASURED = 3000
BUDGET_RATIO = 0.5


def rest() -> list[Result]:
    """`/health` and `/api/catalog/products` requests/s as a share of a bare endpoint's (budget ≥ 0.5)."""
    with services() as s:
        port = s["port"]
        workers = _workers(s["env"], s["directory"], 1)  # /health includes the queue: it needs a live worker
        try:
            _wait(lambda: send(port, [_request(port, "/health", b"", {}, method="GET")])[1] == [200], 60, "health")
            paths = {"bare": "/bare", "health": "/health", "catalog": "/api/catalog/products"}
            requests = {name: _request(port, path, b"", {}, method="GET") for name, path in paths.items()}
            for request in requests.values():
                send(port, [request] * 200)  # warm-up
            rates, failures = {}, {}
            # The bare reference is measured first and last; the faster of the two is the floor.
            for name in ("bare", "health", "catalog", "bare"):
                seconds, statuses = send(port, [requests[name]] * MEASURED)
                rates[name] = max(rates.get(name, 0.0), MEASURED / seconds)
                failures[name] = failures.get(name, 0) + sum(1 for code in statuses if code != 200)
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(timeout=30)
    bare = rates["bare"]
    return [
        Result(f"REST: {paths[name]} requests/s as a share of a bare endpoint's", rates[name] / bare, "×",
               BUDGET_RATIO, higher_is_better=True,
               detail=f"{rates[name]:,.0f} req/s vs bare {bare:,.0f} req/s; {CONNECTIONS} connections, {MEASURED} "
                      f"requests, {failures[name]} not 200")
        for name in ("health", "catalog")
    ]  # fmt: skip


ALL = (rest,)
