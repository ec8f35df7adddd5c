"""A draft kept in the browser: the page writes what it shows to ``localStorage`` whenever it changes.

The state reads the draft back (an ``rx.LocalStorage`` var under the same key) when the page loads, so
the server does not have to send a copy of the draft with every change.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx
from reflex_base.components.component import field
from reflex_base.vars.base import Var, VarData
from reflex_components_core.base.fragment import Fragment


class DraftKeeper(Fragment):
    """Writes ``parts`` (name → var) as one JSON object under ``storage_key`` once the page is loaded,
    whenever one of them changes, unless ``paused`` is true."""

    storage_key: str = field(default="", is_javascript_property=False)
    parts: dict[str, Any] = field(default_factory=dict, is_javascript_property=False)
    paused: Any = field(default=False, is_javascript_property=False)

    def add_imports(self) -> dict[str, list[str]]:
        """React's ``useEffect``."""
        return {"react": ["useEffect"]}

    def add_hooks(self) -> list[Var]:
        """The effect that writes the draft."""
        hydrated = rx.State.is_hydrated
        paused = Var.create(self.paused)
        watched = (hydrated, paused, *(Var.create(part) for part in self.parts.values()))
        draft = "JSON.stringify({" + ", ".join(f"{json.dumps(name)}: {Var.create(part)!s}" for name, part in
                                                self.parts.items()) + "})"  # fmt: skip
        code = (
            f"useEffect(() => {{ if ({hydrated!s} && !{paused!s}) "
            f"{{ localStorage.setItem({json.dumps(self.storage_key)}, {draft}); }} }}, "
            f"[{', '.join(str(v) for v in watched)}]);"
        )
        return [Var(code, _var_type=str, _var_data=VarData.merge(*(v._get_all_var_data() for v in watched)))]


def draft_keeper(storage_key: str, parts: dict[str, Var], paused: Var[bool] | bool = False) -> rx.Component:
    """Keep ``parts`` in the browser under ``storage_key`` (not while ``paused``)."""
    return DraftKeeper.create(storage_key=storage_key, parts=parts, paused=paused)
