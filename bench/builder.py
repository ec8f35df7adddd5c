"""Builder benchmarks: pricing throughput, preview render and cache hit, price on screen in Chromium."""

from __future__ import annotations

import json
import random
import tempfile
import time

from bench.report import Result, percentile, timed_ms

SEED = 20261126


def _palette():
    from allpetplus.builder.config import Colour
    from allpetplus.seed import DATA_DIR

    data = json.loads((DATA_DIR / "catalog.json").read_text())["palette"]
    return {c["slug"]: Colour(c["slug"], c["name"], c["hex"], tuple(c["uses"])) for c in data}


def random_configs(count: int, palette) -> list:
    """Valid configurations drawn at random (fixed seed)."""
    from allpetplus.builder.config import SIZES, HarnessConfig, options, rule_errors

    rng = random.Random(SEED)
    opts = options()
    by_use = {use: [s for s, c in palette.items() if use in c.uses] for use in ("webbing", "padding", "trim", "thread")}
    configs = []
    while len(configs) < count:
        config = HarnessConfig(
            style=rng.choice(list(opts["styles"])),
            size=rng.choice(SIZES),
            webbing_colour=rng.choice(by_use["webbing"]),
            padding_colour=rng.choice(by_use["padding"]),
            trim_colour=rng.choice(by_use["trim"]),
            thread_colour=rng.choice(by_use["thread"]),
            hardware=rng.choice(list(opts["hardware"])),
            reflective_trim=rng.random() < 0.5,
            front_d_ring=rng.random() < 0.5,
            grab_handle=rng.random() < 0.5,
            id_patch=rng.random() < 0.3,
            text="".join(rng.choice("ABCDEFGH") for _ in range(rng.randint(0, 10))),
            font=rng.choice(list(opts["fonts"])),
            quantity=rng.randint(1, 3),
        )
        if not rule_errors(config):
            configs.append(config)
    return configs


def random_designs(slug: str, count: int, palette) -> list:
    """Valid, distinct designs of a registered type drawn at random from what its builder offers (fixed seed)."""
    from allpetplus.builder import types
    from allpetplus.core.errors import ValidationFailed

    rng, kind, designs, seen = random.Random(SEED), types.product_type(slug), [], set()
    while len(designs) < count:
        data = {field: rng.choice(values) for field, values in kind.choices.items()}
        data |= {field: rng.choice([s for s, c in palette.items() if use in c.uses])
                 for field, use in kind.colour_fields.items()}  # fmt: skip
        data["text"] = "".join(rng.choice("ABCDEFGH") for _ in range(rng.randint(0, 8)))
        try:
            design = types.validate(data, palette, slug)
        except ValidationFailed:
            continue
        if design not in seen:
            seen.add(design)
            designs.append(design)
    return designs


def pricing() -> list[Result]:
    """Configurations priced per second by ``quote_harness`` (budget ≥ 20,000/s)."""
    from allpetplus.builder.pricing import quote_harness

    configs = random_configs(5000, _palette())
    for config in configs[:200]:
        quote_harness(config)
    rounds = []
    for _ in range(5):
        started = time.perf_counter()
        for config in configs:
            quote_harness(config)
        rounds.append(len(configs) / (time.perf_counter() - started))
    median = sorted(rounds)[len(rounds) // 2]
    return [
        Result("Pricing: configurations priced per second", median, "/s", 20_000, True, "median of 5 rounds × 5,000")
    ]


def preview() -> list[Result]:
    """New configuration → GLB on disk (p95 ≤ 50 ms) and cache hit (p95 ≤ 5 ms)."""
    import shutil
    from pathlib import Path

    from allpetplus.builder import types
    from allpetplus.builder.preview import render_preview
    from allpetplus.core.settings import settings

    palette = _palette()
    configs = random_configs(200, palette)
    others = {slug: random_designs(slug, 200, palette) for slug in types.registry() if slug != "harness"}
    kept, settings.VAR_DIR = settings.VAR_DIR, Path(tempfile.mkdtemp(prefix="allpetplus-bench-"))  # an empty cache
    try:
        render_preview(configs[0], palette)
        fresh = [timed_ms(lambda c=c: render_preview(c, palette)) for c in configs[1:]]
        hits = [timed_ms(lambda c=c: render_preview(c, palette)) for c in configs[1:]]
        per_type = {slug: [timed_ms(lambda c=c: render_preview(c, palette)) for c in designs]
                    for slug, designs in others.items()}  # fmt: skip
    finally:
        shutil.rmtree(settings.VAR_DIR, ignore_errors=True)
        settings.VAR_DIR = kept
    rows = [
        Result(
            f"Preview: new {types.product_type(slug).name.lower()} design to GLB ready, p95",
            percentile(times, 95),
            "ms",
            50,
            detail=f"p50 {percentile(times, 50):.1f} ms over {len(times)} designs",
        )  # fmt: skip
        for slug, times in per_type.items()
    ]
    return rows + [
        Result(
            "Preview: new configuration to GLB ready, p95",
            percentile(fresh, 95),
            "ms",
            50,
            detail=f"p50 {percentile(fresh, 50):.1f} ms over {len(fresh)} configurations",
        ),
        Result("Preview: cache hit, p95", percentile(hits, 95), "ms", 5, detail=f"p50 {percentile(hits, 50):.3f} ms"),
    ]


def price_on_screen() -> list[Result]:
    """Option click → updated price in Chromium, p95 over 50 changes (budget ≤ 100 ms)."""
    from playwright.sync_api import sync_playwright

    from bench.stack import running_stack

    with running_stack(apps=("allpetplus",)) as stack, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page()
        page.goto(stack.url("allpetplus") + "/builder")
        page.wait_for_selector("#price-total")
        page.wait_for_function("document.querySelector('#price-total').textContent.startsWith('$')")
        samples = []
        choices = ["hardware:aluminium", "hardware:brass", "hardware:plastic"]
        for i in range(53):
            key = choices[i % 3]
            elapsed = page.evaluate(
                """key => new Promise(resolve => {
                    const total = document.querySelector('#price-total');
                    const before = total.textContent;
                    const started = performance.now();
                    const observer = new MutationObserver(() => {
                        if (total.textContent !== before) { observer.disconnect();
                            requestAnimationFrame(() => resolve(performance.now() - started)); }
                    });
                    observer.observe(total, {childList: true, characterData: true, subtree: true});
                    document.querySelector(`[data-option='${key}']`).click();
                })""",
                key,
            )
            if i >= 3:
                samples.append(elapsed)
        browser.close()
    return [
        Result(
            "Builder: option change to price on screen (Chromium), p95",
            percentile(samples, 95),
            "ms",
            100,
            detail=f"p50 {percentile(samples, 50):.1f} ms over {len(samples)} changes",
        )
    ]


ALL = (pricing, preview, price_on_screen)
