"""``python -m allpetplus.scaffold app NAME --port N``: a new embeddable Reflex app.

It writes ``NAME/`` (the app, a landing page at ``/``, ``/embed`` with the dashboard's identity handoff)
and ``tests/unit/test_NAME_app.py``, and registers the app in ``allpetplus/core/apps.json``: from then on
``rxconfig.py`` and the launcher run it, the dashboard shows its tab, the handoff accepts it as an
audience, and its CSP lets only the main app frame it. Its URL comes from ``NAME_URL``.
"""

from __future__ import annotations

import json
from pathlib import Path

from allpetplus.core import apps
from allpetplus.scaffold.module import ScaffoldError, _format, check_name
from allpetplus.scaffold.templates import APP_FILES


def create_app(root: Path, name: str, port: int, label: str = "", icon: str = "sparkles") -> list[Path]:
    """Write the app and register it; returns the files written or changed."""
    check_name(root, name)
    if name in apps.registry():
        raise ScaffoldError(f"{name!r} is already an app")
    if not 1024 <= port <= 65535:
        raise ScaffoldError(f"--port {port}: choose a port from 1024 to 65535")
    taken = {apps.port_of(app): app for app in apps.names()}
    if port in taken:
        raise ScaffoldError(f"port {port} is already used by the {taken[port]} app")
    label = label or name.replace("_", " ").title()
    values = {"name": name, "label": label, "port": port, "icon": icon}
    written = []
    for relative, template in APP_FILES.items():
        path = root / relative.format(**values)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**values))
        written.append(path)
    registry = root / "allpetplus" / "core" / "apps.json"
    entries = json.loads(registry.read_text()) if registry.exists() else []
    entries.append({"name": name, "label": label, "port": port, "url_setting": f"{name.upper()}_URL",
                    "accent": "violet", "tab_icon": icon})  # fmt: skip
    registry.write_text(json.dumps(entries, indent=2) + "\n")
    _format(written, root)
    return [*written, registry]
