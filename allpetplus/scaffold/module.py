"""``python -m allpetplus.scaffold module NAME``: a new domain module, wired in and tested.

It writes ``allpetplus/NAME/`` (models, service), ``allpetplus/state/NAME.py``, ``allpetplus/pages/NAME.py``
(a signed-in page at ``/NAME``), ``tests/unit/test_NAME.py``, registers the table in ``allpetplus/tables.py``
and the page in ``allpetplus/pages/__init__.py``, and has Alembic write the migration from the model.
"""

from __future__ import annotations

import keyword
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from allpetplus.scaffold.templates import MODULE_FILES

NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}$")


class ScaffoldError(Exception):
    """The scaffold cannot run as asked (the message says why)."""


def check_name(root: Path, name: str) -> None:
    """A new, valid Python package name that does not clash with anything in the project."""
    if not NAME.match(name) or keyword.iskeyword(name):
        raise ScaffoldError(f"{name!r}: use 2-31 lowercase letters, digits and underscores, starting with a letter")
    taken = [root / "allpetplus" / name, root / "allpetplus" / "state" / f"{name}.py",
             root / "allpetplus" / "pages" / f"{name}.py", root / name]  # fmt: skip
    if any(path.exists() for path in taken):
        raise ScaffoldError(f"{name!r} already exists in the project; choose another name")


def _class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _register(path: Path, import_line: str, anchor: str, new_entry: str) -> None:
    """Add ``import_line`` after the imports and ``new_entry`` to ``__all__`` (kept sorted)."""
    text = path.read_text()
    lines = text.splitlines()
    last_import = max(i for i, line in enumerate(lines) if line.startswith(("from ", "import ")))
    lines.insert(last_import + 1, import_line)
    text = "\n".join(lines) + "\n"
    start = text.index(anchor)
    end = text.index("]", start)
    names = re.findall(r'"([^"]+)"', text[start:end]) + [new_entry]
    rendered = anchor + "\n" + "".join(f'    "{n}",\n' for n in sorted(set(names), key=str.lower))
    path.write_text(text[:start] + rendered + text[end:])


def _migration(root: Path, name: str) -> Path:
    """Let Alembic write the migration: upgrade a scratch database to head, then autogenerate."""
    versions = root / "alembic" / "versions"
    numbers = [int(p.name[:4]) for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py")]
    revision = f"{max(numbers, default=0) + 1:04d}"
    with tempfile.TemporaryDirectory() as scratch:
        env = {"DATABASE_URL": f"sqlite:///{scratch}/scaffold.db", "VAR_DIR": scratch}
        run = {"cwd": root, "capture_output": True, "text": True, "env": {**os.environ, **env}}
        for command in (
            ["upgrade", "head"],
            ["revision", "--autogenerate", "--rev-id", revision, "-m", f"{name} module"],
        ):
            done = subprocess.run([sys.executable, "-m", "alembic", *command], **run)
            if done.returncode != 0:
                raise ScaffoldError(f"alembic {' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return next(versions.glob(f"{revision}_*.py"))


def _format(paths: list[Path], root: Path) -> None:
    """Format the new files the way the project checks them (when ruff is installed)."""
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", *map(str, paths)], cwd=root, check=False)
    subprocess.run([sys.executable, "-m", "ruff", "check", "-q", "--fix", *map(str, paths)], cwd=root, check=False)


def create_module(root: Path, name: str) -> list[Path]:
    """Write the module, wire it in, generate its migration; returns the files written or changed."""
    check_name(root, name)
    values = {"name": name, "Name": _class_name(name), "title": name.replace("_", " ").capitalize()}
    written = []
    for relative, template in MODULE_FILES.items():
        path = root / relative.format(**values)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**values))
        written.append(path)
    tables = root / "allpetplus" / "tables.py"
    _register(tables, f"from allpetplus.{name}.models import {values['Name']}Item", "__all__ = [",
              f"{values['Name']}Item")  # fmt: skip
    pages = root / "allpetplus" / "pages" / "__init__.py"
    _register(pages, f"from allpetplus.pages import {name}", "__all__ = [", name)
    _format([*written, tables, pages], root)
    written += [tables, pages, _migration(root, name)]
    return written
