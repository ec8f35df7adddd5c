"""``<model-viewer>`` (Google's web component for glTF) as a Reflex component, bundled from npm.

The element is imported dynamically in the browser only (a static import breaks prerendering, as
model-viewer touches ``HTMLElement`` at load), from an effect of the component that shows it: page
modules share a chunk of Reflex's memoised components, and a module-level import there made every
page download three.js (~290 KB compressed). It is never auto-memoised (its hyphenated tag would make
an invalid JavaScript name).
"""

from __future__ import annotations

import reflex as rx
from reflex_base.constants.compiler import MemoizationDisposition, MemoizationMode
from reflex_components_core.el.elements.base import BaseHTML


class ModelViewer(BaseHTML):
    """A rotatable, zoomable 3D view of a GLB file."""

    tag = "model-viewer"
    _memoization_mode = MemoizationMode(disposition=MemoizationDisposition.NEVER)
    lib_dependencies: list[str] = ["@google/model-viewer@4.4.0", "three@0.183.2"]

    src: rx.Var[str]
    alt: rx.Var[str]

    def add_imports(self) -> dict[str, list[str]]:
        """React's ``useEffect`` for the loading hook."""
        return {"react": ["useEffect"]}

    def add_hooks(self) -> list[str]:
        """Load the web component once something that shows it is on screen (effects run in the browser only)."""
        return ['useEffect(() => { import("@google/model-viewer"); }, []);']


def model_viewer(src: rx.Var[str] | str, alt: str, **props) -> rx.Component:
    """A model viewer with camera controls (drag to rotate, scroll to zoom) and no hand prompt."""
    return ModelViewer.create(
        src=src,
        alt=alt,
        custom_attrs={
            "camera-controls": True,
            "interaction-prompt": "none",
            "shadow-intensity": "1",
            "exposure": "1.1",
            "camera-orbit": "-35deg 70deg auto",
        },
        **props,
    )
