"""The builder's controls beside its 3D viewer: option click → new price on screen in Chromium with
software WebGL, beside the same figure with WebGL off.

Software WebGL is what headless Chromium gives on this GPU-less machine (SwiftShader through ANGLE, the
renderer a browser without GPU acceleration uses: office PCs, virtual desktops); the renderer string is
read from ``WEBGL_debug_renderer_info`` and reported, and the run stops if it is not a software one.
There the viewer waits for "Turn 3D on"; a second run has it turned on (as remembered from an earlier
visit), so the viewer draws while the clicks are timed.

Each round opens the builder in a fresh browser context and starts clicking as soon as the price is on
screen, without waiting for the viewer, so clicks land while it loads, compiles its shaders and draws
the first model, and then while it swaps to the model of each new choice. The clicks cycle through the
three hardware finishes (each changes the price and the model) with pauses of 150, 400 and 800 ms.

A click is a real mouse press and release at the option's place on screen. It is timed from its
``pointerdown`` (the event's own time stamp: when the browser received the press, however long it then
waited for the page's main thread) to the frame after the new total is in ``#price-total`` (a
``requestAnimationFrame`` callback, then a task after it: the frame was produced).
"""

from __future__ import annotations

import re

from bench.report import Result, percentile

ROUNDS = 3
CLICKS_PER_ROUND = 12
WARM_UP_CLICKS = 2  # the first round's first clicks render new GLBs on the worker; not timed
PAUSES_S = (0.15, 0.4, 0.8)
CHOICES = ("hardware:aluminium", "hardware:brass", "hardware:plastic")
BUDGET_MS = 200
VIEWPORT = {"width": 1366, "height": 900}
BASE_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
NO_WEBGL_ARGS = ["--disable-webgl", "--disable-3d-apis"]
THREE_D_ON_KEY = "allpetplus:3d-on"  # where the viewer remembers "Turn 3D on"
SOFTWARE_RENDERERS = re.compile(r"swiftshader|llvmpipe|softpipe|software", re.IGNORECASE)

# Installed before the page's own scripts: presses, every new total (and when the frame showing it was
# produced), viewer loads and long tasks. Nothing runs in the page between a pause and the next press, so
# a press made while the main thread is busy waits for it, as a person's would.
INIT_SCRIPT = """
(() => {
  if (window.top !== window) return;
  const marks = (window.__bench = {pressed: 0, pressedOption: "", totals: [], shown: [],
                                   viewerLoads: 0, firstDrawn: 0, longest: 0});
  document.addEventListener("pointerdown", e => {
    const option = e.target.closest?.("[data-option]");
    marks.pressed = e.timeStamp;
    marks.pressedOption = option ? option.getAttribute("data-option") : e.target.outerHTML?.slice(0, 120);
  }, true);
  document.addEventListener("load", e => {
    if (e.target?.tagName === "MODEL-VIEWER") {
      marks.viewerLoads += 1;
      marks.firstDrawn ||= performance.now();
    }
  }, true);
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) marks.longest = Math.max(marks.longest, entry.duration);
  }).observe({type: "longtask", buffered: true});
  let last = null;
  const watch = () => {
    const total = document.querySelector("#price-total")?.textContent ?? null;
    if (total === null || total === last) return;
    last = total;
    const at = marks.totals.push(total) - 1;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { marks.shown[at] = performance.now(); };
      channel.port2.postMessage(null);
    });
  };
  document.addEventListener("DOMContentLoaded", () => {
    new MutationObserver(watch).observe(document.body, {childList: true, characterData: true, subtree: true});
    watch();
  });
})();
"""

RENDERER = """() => {
  const gl = document.createElement("canvas").getContext("webgl");
  if (!gl) return "no WebGL";
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  return info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
}"""


def _option_centres(browser, builder_url: str) -> dict[str, tuple[float, float]]:
    """Where each option is on screen, found in a load of its own: asking the page during a timed round
    would wait for its main thread and delay the press it is meant to time."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(builder_url)
        page.wait_for_load_state("networkidle")
        centres = {}
        for choice in CHOICES:
            box = page.locator(f"[data-option='{choice}']").bounding_box(timeout=120_000)
            centres[choice] = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        if any(y > VIEWPORT["height"] for _, y in centres.values()):
            raise RuntimeError(f"the options are below the fold of a {VIEWPORT} window: {centres}")
        return centres
    finally:
        context.close()


def click_to_price(
    browser, builder_url: str, rounds: int = ROUNDS, warm_up: int = WARM_UP_CLICKS, three_d_on: bool = False
) -> dict:
    """Time option clicks to the new price on screen over ``rounds`` fresh loads of the builder."""
    samples: list[float] = []
    first_drawn: list[float] = []
    viewer_loads = clicks = 0
    longest = 0.0
    renderer = ""
    centres = _option_centres(browser, builder_url)
    for round_ in range(rounds):
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            page.add_init_script(INIT_SCRIPT)
            if three_d_on:  # as if "Turn 3D on" had been pressed in an earlier visit
                page.add_init_script(f"localStorage.setItem({THREE_D_ON_KEY!r}, '1')")
            page.goto(builder_url)
            renderer = page.evaluate(RENDERER)
            page.wait_for_function(
                "(m => m.shown.length === m.totals.length && m.totals.at(-1)?.startsWith('$'))(window.__bench)"
            )
            # the controls settle after the first state arrives; wait until they are where the probe found them
            page.wait_for_function(
                """centres => Object.entries(centres).every(([option, [x, y]]) => {
                    const box = document.querySelector(`[data-option='${option}']`)?.getBoundingClientRect();
                    return box && Math.abs(box.x + box.width / 2 - x) < 1 && Math.abs(box.y + box.height / 2 - y) < 1;
                })""",
                arg=centres,
                timeout=120_000,
            )
            seen = len(page.evaluate("window.__bench.totals"))
            for i in range(CLICKS_PER_ROUND):
                choice = CHOICES[i % len(CHOICES)]
                page.mouse.click(*centres[choice])
                try:
                    page.wait_for_function(f"window.__bench.shown.length > {seen}", timeout=120_000)
                except Exception:
                    state = page.evaluate(
                        "() => [window.__bench, [...document.querySelectorAll('[data-option^=hardware]')]"
                        ".map(b => [b.dataset.option, b.ariaPressed, b.disabled])]"
                    )
                    raise RuntimeError(f"click {i} on {choice} of round {round_} changed no price: {state}") from None
                marks = page.evaluate("window.__bench")
                if marks["pressedOption"] != choice:
                    raise RuntimeError(f"pressed {marks['pressedOption']!r} instead of {choice!r}: the page moved")
                seen = len(marks["shown"])
                if round_ > 0 or i >= warm_up:
                    samples.append(marks["shown"][-1] - marks["pressed"])
                page.wait_for_timeout(PAUSES_S[i % len(PAUSES_S)] * 1000)
            clicks += CLICKS_PER_ROUND
            marks = page.evaluate("window.__bench")
            viewer_loads += marks["viewerLoads"]
            longest = max(longest, marks["longest"])
            if marks["firstDrawn"]:
                first_drawn.append(marks["firstDrawn"])
        finally:
            context.close()
    return {
        "samples": samples,
        "rounds": rounds,
        "renderer": renderer,
        "viewer_loads": viewer_loads,
        "clicks": clicks,
        "first_drawn": first_drawn,
        "longest_task": longest,
    }


def _detail(run: dict) -> str:
    samples = run["samples"]
    drawn = run["first_drawn"]
    return (
        f"p50 {percentile(samples, 50):.0f} ms, max {max(samples):,.0f} ms over {len(samples)} clicks in "
        f"{run['rounds']} fresh loads; renderer {run['renderer']!r}; viewer loaded {run['viewer_loads']} models for "
        f"{run['clicks']} clicks"
        + (f", first drawn at {percentile(drawn, 50):,.0f} ms (median)" if drawn else "")
        + f"; longest main-thread task {run['longest_task']:,.0f} ms"
    )


def price_beside_viewer() -> list[Result]:
    """Option click → price on screen beside the 3D viewer: software WebGL (p95 ≤ 200 ms), 3D turned on, WebGL off."""
    from playwright.sync_api import sync_playwright

    from bench.stack import running_stack

    runs = {}
    modes = (
        ("software WebGL", BASE_ARGS, False),
        ("software WebGL, 3D turned on", BASE_ARGS, True),
        ("WebGL off", BASE_ARGS + NO_WEBGL_ARGS, False),
    )
    with running_stack(apps=("allpetplus",)) as stack, sync_playwright() as playwright:
        for mode, args, three_d_on in modes:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
            try:
                runs[mode] = click_to_price(browser, stack.url("allpetplus") + "/builder", three_d_on=three_d_on)
            finally:
                browser.close()
    for mode in ("software WebGL", "software WebGL, 3D turned on"):
        if not SOFTWARE_RENDERERS.search(runs[mode]["renderer"]):
            raise RuntimeError(f"expected a software WebGL renderer, got {runs[mode]['renderer']!r}")
    if runs["WebGL off"]["renderer"] != "no WebGL":
        raise RuntimeError(f"WebGL was meant to be off, got {runs['WebGL off']['renderer']!r}")
    return [
        Result(
            "Builder: option click to price on screen beside the 3D viewer (software WebGL), p95",
            percentile(runs["software WebGL"]["samples"], 95),
            "ms",
            BUDGET_MS,
            detail=_detail(runs["software WebGL"]) + '; the viewer waits for "Turn 3D on" on software WebGL',
        ),
        Result(
            "Builder: option click to price on screen while the 3D viewer draws (software WebGL, 3D turned on), p95",
            percentile(runs["software WebGL, 3D turned on"]["samples"], 95),
            "ms",
            None,
            detail=_detail(runs["software WebGL, 3D turned on"]),
        ),
        Result(
            "Builder: option click to price on screen with WebGL off, p95",
            percentile(runs["WebGL off"]["samples"], 95),
            "ms",
            None,
            detail=_detail(runs["WebGL off"]) + "; the figure the viewer is compared with",
        ),
    ]


ALL = (price_beside_viewer,)
