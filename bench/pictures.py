"""Product picture benchmarks: a new picture set rendered offscreen on the CPU, and a cache hit."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bench.builder import _palette, random_configs
from bench.report import Result, percentile, timed_ms


def pictures() -> list[Result]:
    """New harness → every picture size on disk (p95 ≤ 2 s) and cache hit (p95 ≤ 5 ms)."""
    from allpetplus.builder.preview import build_scene, preview_key
    from allpetplus.core.settings import settings
    from allpetplus.picture import render
    from allpetplus.picture.store import AVIF, WIDTHS, ensure_pictures

    palette = _palette()
    configs = random_configs(16, palette)
    kept, settings.VAR_DIR = settings.VAR_DIR, Path(tempfile.mkdtemp(prefix="allpetplus-bench-"))  # an empty cache
    try:
        ensure_pictures(preview_key(configs[0], palette), lambda: build_scene(configs[0], palette))  # the GL context
        keys = [(preview_key(c, palette), c) for c in configs[1:]]
        fresh = [timed_ms(lambda k=k, c=c: ensure_pictures(k, lambda: build_scene(c, palette))) for k, c in keys]
        hits = [timed_ms(lambda k=k: ensure_pictures(k, lambda: None)) for k, _ in keys * 20]
    finally:
        shutil.rmtree(settings.VAR_DIR, ignore_errors=True)
        settings.VAR_DIR = kept
    sizes = ", ".join(str(w) for w in WIDTHS)
    formats = "WebP and AVIF" if AVIF else "WebP"
    return [
        Result(
            "Pictures: new harness to every picture size on disk, p95",
            percentile(fresh, 95),
            "ms",
            2000,
            detail=f"p50 {percentile(fresh, 50):.0f} ms over {len(fresh)} configurations; one {max(WIDTHS)}² render "
            f"({render.MSAA}× MSAA on llvmpipe), {formats} at {sizes} and a 1200×630 JPEG",
        ),
        Result(
            "Pictures: cache hit, p95",
            percentile(hits, 95),
            "ms",
            5,
            detail=f"p50 {percentile(hits, 50):.3f} ms over {len(hits)} look-ups",
        ),
    ]


ALL = (pictures,)
