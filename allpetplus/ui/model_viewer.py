"""``<model-viewer>`` (Google's web component for glTF) as a Reflex component, bundled from npm.

The element is imported dynamically in the browser only (a static import breaks prerendering, as
model-viewer touches ``HTMLElement`` at load), from an effect of the component that shows it: page
modules share a chunk of Reflex's memoised components, and a module-level import there made every
page download three.js (~290 KB compressed). It is never auto-memoised (its hyphenated tag would make
an invalid JavaScript name).

The viewer must never hold up the controls around it. Two things in ``VIEWER_PACING`` see to that:

- A new model is handed to the viewer (``src``) only after the frame that shows what the click changed
  (the price) and when the browser is idle; React writes the wanted file to ``data-src``.
- Where WebGL runs in software (SwiftShader, llvmpipe: no GPU acceleration, as on many office PCs and
  virtual desktops) the first frame alone keeps the page's main thread busy for seconds (shader
  compiles and the environment map, on the CPU), and every click waits behind it. There the viewer
  starts with a note and a "Turn 3D on" button instead (``reveal="manual"``); once turned on (remembered
  in this browser) it draws without soft shadows, at a lower resolution when frames are slow, and
  swaps models only once input has been quiet for a moment.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.constants.compiler import MemoizationDisposition, MemoizationMode
from reflex_components_core.el.elements.base import BaseHTML

# Module-level JavaScript of every page that shows a viewer; it runs once per page load however many
# pages include it. Browser only (the prerender runs it in Node).
VIEWER_PACING = """
if (typeof window !== "undefined" && !window.__viewerPacing) {
  window.__viewerPacing = true;
  const THREE_D_ON_KEY = "allpetplus:3d-on";
  // "gpu", "software" (WebGL drawn on the CPU) or "none" (no WebGL at all). Never while the page loads, and
  // remembered for this browser: a page's first WebGL context costs up to a second where WebGL runs in
  // software, which must not hold up the page's first paint or its connection to the backend.
  const MODE_KEY = "allpetplus:webgl-mode";
  let knownMode = "";
  const detectMode = () => {
    try {
      const gl = document.createElement("canvas").getContext("webgl");
      if (!gl) return "none";
      const info = gl.getExtension("WEBGL_debug_renderer_info");
      const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      gl.getExtension("WEBGL_lose_context")?.loseContext();
      return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer) ? "software" : "gpu";
    } catch (error) {
      return "none";
    }
  };
  const currentMode = () => {
    if (knownMode) return knownMode;
    const browser = navigator.userAgent;
    try {
      const [mode, seenBy] = JSON.parse(localStorage.getItem(MODE_KEY) || "[]");
      if (seenBy === browser) knownMode = mode;
    } catch (e) { /* nothing remembered */ }
    if (!knownMode) {
      knownMode = detectMode();
      // "none" may be a passing state (too many contexts open, a lost GPU): asked again on the next page.
      if (knownMode !== "none") {
        try { localStorage.setItem(MODE_KEY, JSON.stringify([knownMode, browser])); } catch (e) { /* private mode */ }
      }
    }
    if (knownMode === "software") {
      customElements.whenDefined("model-viewer").then(ModelViewer => { ModelViewer.minimumRenderScale = 0.25; });
    }
    return knownMode;
  };
  // Asked ahead, once the page is idle (after its first paint and its hydration), so that a viewer the state
  // turns on finds the answer ready.
  (window.requestIdleCallback || (run => setTimeout(run, 200)))(() => currentMode(), {timeout: 4000});
  const remembered = () => { try { return localStorage.getItem(THREE_D_ON_KEY) === "1"; } catch (e) { return false; } };
  const quietMs = () => (currentMode() === "gpu" ? 0 : 400);
  let lastInput = -Infinity;
  for (const type of ["pointerdown", "keydown"]) {
    window.addEventListener(type, () => { lastInput = performance.now(); }, true);
  }
  const whenIdle = window.requestIdleCallback || (run => setTimeout(run, 1));

  // Hand the viewer its new model after the next frame (the one with the new price), once input has
  // been quiet for QUIET_MS and the browser is idle.
  const swapSource = viewer => {
    if (viewer.__swapQueued) return;
    viewer.__swapQueued = true;
    const attempt = () => requestAnimationFrame(() => setTimeout(() => {
      const wait = lastInput + quietMs() - performance.now();
      if (wait > 0) { setTimeout(attempt, wait); return; }
      whenIdle(() => {
        viewer.__swapQueued = false;
        const wanted = viewer.getAttribute("data-src") || "";
        if (wanted && viewer.getAttribute("src") !== wanted) viewer.setAttribute("src", wanted);
      }, {timeout: 1000});
    }, 0));
    attempt();
  };

  // Set up a viewer the first time it is seen, before model-viewer upgrades it.
  const prepare = viewer => {
    if (!viewer.__paced) {
      viewer.__paced = true;
      const mode = currentMode();
      viewer.setAttribute("data-viewer-mode", mode);
      for (const note of viewer.querySelectorAll("[data-viewer-note]")) {
        note.hidden = note.getAttribute("data-viewer-note") !== mode;
      }
      if (mode !== "gpu") {
        viewer.setAttribute("shadow-intensity", "0");
        if (mode === "none" || !remembered()) {
          viewer.setAttribute("reveal", "manual");
          viewer.querySelector("[slot=poster]")?.removeAttribute("hidden");
        }
      }
    }
    swapSource(viewer);
  };
  const prepareAll = () => document.querySelectorAll("model-viewer").forEach(prepare);
  new MutationObserver(records => {
    for (const record of records) {
      if (record.type === "attributes") swapSource(record.target);
    }
    prepareAll();
  }).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-src"]});
  prepareAll();

  document.addEventListener("click", event => {
    if (!event.target.closest?.("[data-viewer-3d-on]")) return;
    try { localStorage.setItem(THREE_D_ON_KEY, "1"); } catch (e) { /* private mode: for this page only */ }
    // back to reveal "auto": with "manual", model-viewer would load no later model until asked again
    document.querySelectorAll("model-viewer[reveal=manual]").forEach(viewer => {
      viewer.setAttribute("reveal", "auto");  // removing it would leave the property null, not "auto"
      viewer.dismissPoster?.();
    });
  });
}
"""


class ModelViewer(BaseHTML):
    """A rotatable, zoomable 3D view of a GLB file."""

    tag = "model-viewer"
    _memoization_mode = MemoizationMode(disposition=MemoizationDisposition.NEVER)
    lib_dependencies: list[str] = ["@google/model-viewer@4.4.0", "three@0.183.2"]

    alt: rx.Var[str]

    def add_imports(self) -> dict[str, list[str]]:
        """React's ``useEffect`` for the loading hook."""
        return {"react": ["useEffect"]}

    def add_hooks(self) -> list[str]:
        """Load the web component once something that shows it is on screen (effects run in the browser only)."""
        return ['useEffect(() => { import("@google/model-viewer"); }, []);']

    def add_custom_code(self) -> list[str]:
        """When models are handed over, and the cheaper mode for software WebGL."""
        return [VIEWER_PACING]


def three_d_off_note() -> rx.Component:
    """What the viewer shows where 3D would slow the page down, or cannot be drawn (model-viewer's poster)."""
    return rx.center(
        rx.vstack(
            rx.text(
                "The 3D preview is paused: this browser draws 3D without graphics acceleration, "
                "which would slow down your choices.",
                size="2",
                data_viewer_note="software",
            ),
            rx.button("Turn 3D on", data_viewer_3d_on=True, data_viewer_note="software", variant="soft"),
            rx.text("This browser cannot draw the 3D preview (WebGL is off).", size="2", data_viewer_note="none"),
            align="center",
            spacing="3",
            text_align="center",
            max_width="22rem",
        ),
        custom_attrs={"slot": "poster"},
        hidden=True,  # shown by VIEWER_PACING where it applies
        position="absolute",
        inset="0",
        padding="1rem",
        display="flex",
        align_items="center",
        justify_content="center",
        class_name="viewer-poster",
        # Radix sets display on its classes, which beats the browser's own rule for ``hidden``
        style={"&[hidden], & [hidden]": {"display": "none !important"}},
    )


def model_viewer(src: rx.Var[str] | str, alt: str, **props) -> rx.Component:
    """A model viewer with camera controls (drag to rotate, scroll to zoom) and no hand prompt."""
    return ModelViewer.create(
        three_d_off_note(),
        alt=alt,
        custom_attrs={
            "data-src": src,
            "camera-controls": True,
            "interaction-prompt": "none",
            "shadow-intensity": "1",
            "exposure": "1.1",
            "camera-orbit": "-35deg 70deg auto",
        },
        **props,
    )
