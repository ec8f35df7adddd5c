"""``python -m bench``: run every benchmark and write docs/benchmarks.md.

``python -m bench webhooks`` (a module) or ``python -m bench webhooks_on_sqlite`` (one benchmark) runs only
those and replaces (or adds) just their rows in docs/benchmarks.md, keeping the others. A name that is both
(``websocket``, ``pictures``) means the one benchmark.
"""

import sys

from allpetplus.core.settings import PROJECT_ROOT
from bench import builder, catalog, lighthouse, pages, pictures, rest, viewer, webhooks, websocket
from bench.report import update_report, write_report

MODULES = {
    "builder": builder,
    "viewer": viewer,
    "pictures": pictures,
    "webhooks": webhooks,
    "rest": rest,
    "websocket": websocket,
    "pages": pages,
    "catalog": catalog,
    "lighthouse": lighthouse,
}

if __name__ == "__main__":
    chosen = sys.argv[1:]
    every = [(name, bench) for name, module in MODULES.items() for bench in module.ALL]
    known = {name for name, _ in every} | {bench.__name__ for _, bench in every}
    if unknown := [name for name in chosen if name not in known]:
        sys.exit(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(sorted(known))}")
    functions = {bench.__name__ for _, bench in every}
    results = []
    for name, bench in every:
        if chosen and bench.__name__ not in chosen and (name not in chosen or name in functions):
            continue
        print(f"• {bench.__doc__.splitlines()[0]}", flush=True)
        for result in bench():
            print("  " + result.row(), flush=True)
            results.append(result)
    report = PROJECT_ROOT / "docs" / "benchmarks.md"
    if chosen:
        update_report(results, report, " ".join(chosen))
    else:
        write_report(results, report)
    print(f"wrote {report.relative_to(PROJECT_ROOT)}")
    sys.exit(0 if all(r.passed for r in results) else 1)
