"""``python -m bench``: run every benchmark and write docs/benchmarks.md."""

import sys

from allpetplus.core.settings import PROJECT_ROOT
from bench import builder, pages, rest, webhooks, websocket
from bench.report import write_report

BENCHMARKS = [*builder.ALL, *webhooks.ALL, *rest.ALL, *websocket.ALL, *pages.ALL]

if __name__ == "__main__":
    results = []
    for bench in BENCHMARKS:
        print(f"• {bench.__doc__.splitlines()[0]}", flush=True)
        for result in bench():
            print("  " + result.row(), flush=True)
            results.append(result)
    write_report(results, PROJECT_ROOT / "docs" / "benchmarks.md")
    print("wrote docs/benchmarks.md")
    sys.exit(0 if all(r.passed for r in results) else 1)
