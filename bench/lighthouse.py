"""Lighthouse 13's mobile run (a mid-range phone on simulated slow 4G, its default) against the landing page, the
shop and a product page, beside the bare counter app, in one run.

Lighthouse comes from npm (installed once under ``var/tools/lighthouse``) and drives Debian's Chromium. Each
page is measured ``RUNS`` times; the median LCP and CLS are reported. Web Vitals "good": LCP ≤ 2.5 s and
CLS ≤ 0.1.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from allpetplus.core.settings import PROJECT_ROOT
from bench.report import Result

VERSION = "13.0.1"
RUNS = 3
GOOD_LCP_MS = 2500
GOOD_CLS = 0.1
TOOLS = PROJECT_ROOT / "var" / "tools" / "lighthouse"


def _lighthouse() -> Path:
    """The Lighthouse command line, installed from npm on first use."""
    cli = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        npm = shutil.which("npm", path=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
        subprocess.run([npm, "install", "--no-audit", "--no-fund", f"lighthouse@{VERSION}"], cwd=TOOLS, check=True,
                       capture_output=True)  # fmt: skip
    return cli


def audit(url: str) -> tuple[float, float, str]:
    """One mobile Lighthouse run of ``url``: (LCP in ms, CLS, the LCP element's selector)."""
    node = shutil.which("node", path=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    with tempfile.TemporaryDirectory(prefix="allpetplus-lighthouse-") as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [node, str(_lighthouse()), url, "--only-categories=performance", "--output=json",
             f"--output-path={report}", "--quiet", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            check=True,
            capture_output=True,
            env={**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"},
            timeout=300,
        )  # fmt: skip
        audits = json.loads(report.read_text())["audits"]
    items = audits.get("lcp-breakdown-insight", {}).get("details", {}).get("items", [])
    element = next((item.get("selector", "") for item in items if item.get("type") == "node"), "")
    return (audits["largest-contentful-paint"]["numericValue"], audits["cumulative-layout-shift"]["numericValue"],
            element)  # fmt: skip


def mobile_vitals() -> list[Result]:
    """Lighthouse mobile: LCP ≤ 2.5 s and CLS ≤ 0.1 on /, /shop and a product page (counter app beside)."""
    from bench.pages import _product_handle
    from bench.stack import running_counter, running_stack

    with running_stack(apps=("allpetplus",)) as stack, running_counter() as (counter_url, _):
        main = stack.url("allpetplus")
        pages = {
            "Counter app /": counter_url + "/",
            "Landing /": main + "/",
            "Shop /shop": main + "/shop",
            f"Product /product/{_product_handle(main)}": f"{main}/product/{_product_handle(main)}",
        }
        for url in pages.values():  # warm the pictures and the caches
            audit(url)
        runs = {label: [audit(url) for _ in range(RUNS)] for label, url in pages.items()}
    results = []
    for label, measured in runs.items():
        lcp = statistics.median(m[0] for m in measured)
        cls = statistics.median(m[1] for m in measured)
        elements = sorted({m[2] for m in measured if m[2]})
        detail = (f"median of {RUNS} runs (LCP / CLS): " + ", ".join(f"{m[0]:,.0f} ms / {m[1]:.3f}" for m in measured)
                  + (f"; LCP element {', '.join(elements)}" if elements else ""))  # fmt: skip
        budget = None if label.startswith("Counter") else GOOD_LCP_MS
        results.append(Result(f"Lighthouse mobile: {label} LCP", lcp, "ms", budget, detail=detail))
        results.append(Result(f"Lighthouse mobile: {label} CLS", cls, "", None if budget is None else GOOD_CLS,
                              detail=detail))  # fmt: skip
    return results


ALL = (mobile_vitals,)
