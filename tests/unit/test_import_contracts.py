"""The import contracts in ``pyproject.toml`` (``[tool.importlinter]``, docs/architecture.md "Layers") hold for
the code, and each one catches the import it forbids: one deliberate violation, added to a copy of the code,
breaks that contract by name."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from allpetplus.core.settings import PROJECT_ROOT

PYPROJECT = PROJECT_ROOT / "pyproject.toml"
CONFIG = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]
CONTRACTS = {contract["id"]: contract["name"] for contract in CONFIG["contracts"]}
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

#: contract id -> (file of the copy, the import appended to it, a line of the report naming the violation)
VIOLATIONS = {
    "layers": (
        "allpetplus/core/clock.py",
        "import allpetplus.user.models",
        "allpetplus.core.clock -> allpetplus.user.models",
    ),
    "no-reflex-below-ui": (
        "allpetplus/pet/service.py",
        "import reflex",
        "allpetplus.pet.service -> reflex",
    ),
    "no-ui-below-ui": (
        "allpetplus/order/models.py",
        "from allpetplus.ui import theme",
        "allpetplus.order.models -> allpetplus.ui.theme",
    ),
    "sub-apps-independent": (
        "products/state/__init__.py",
        "import licensing.state",
        "products.state -> licensing.state",
    ),
    "sub-apps-apart-from-main-app": (
        "licensing/pages/__init__.py",
        "import allpetplus.state.auth",
        "licensing.pages -> allpetplus.state.auth",
    ),
    "acyclic": (
        "allpetplus/user/models.py",
        "import allpetplus.order.models",
        ".user -> .order",
    ),
}


def lint_imports(root: Path, *contract_ids: str) -> tuple[dict[str, str], str]:
    """Run ``lint-imports`` on the packages under ``root``: each contract's outcome by id, and the report."""
    only = [option for contract_id in contract_ids for option in ("--contract", contract_id)]
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", *only, str(root / "pyproject.toml")],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root), "COLUMNS": "1000"},  # one report line per contract
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = result.stdout + result.stderr
    outcomes = {}
    for contract_id, name in CONTRACTS.items():
        found = re.search(rf"^{re.escape(name)} (KEPT|BROKEN)", report, re.MULTILINE)
        if found:
            outcomes[contract_id] = found.group(1)
    return outcomes, report


def test_every_contract_is_tested():
    assert set(VIOLATIONS) == set(CONTRACTS)


def test_the_code_keeps_every_contract():
    outcomes, report = lint_imports(PROJECT_ROOT)
    assert outcomes == dict.fromkeys(CONTRACTS, "KEPT"), report


@pytest.mark.parametrize("contract_id", sorted(VIOLATIONS))
def test_a_deliberate_violation_breaks_its_contract(contract_id, tmp_path):
    path, line, reported = VIOLATIONS[contract_id]
    for package in CONFIG["root_packages"]:
        shutil.copytree(PROJECT_ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")
    with (tmp_path / path).open("a") as module:
        module.write(f"\n{line}  # the deliberate violation\n")
    outcomes, report = lint_imports(tmp_path, contract_id)
    assert outcomes == {contract_id: "BROKEN"}, report
    assert reported in report, report
