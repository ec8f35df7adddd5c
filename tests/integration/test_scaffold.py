"""The scaffold, run into a copy of the project: what it makes passes its own tests, the project's lint and
format checks, the models-vs-migrations check on SQLite and PostgreSQL, and the main app still compiles
(with the new page, or the new app's dashboard tab)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from allpetplus.core.settings import PROJECT_ROOT

SKIP = {".git", ".web", ".states", ".venv", "var", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache"}


def copy_project(target: Path) -> Path:
    shutil.copytree(PROJECT_ROOT, target, ignore=lambda _dir, names: [n for n in names if n in SKIP])
    return target


def run(copy: Path, *command: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *command], cwd=copy, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "VAR_DIR": str(copy / "var"), **env})  # fmt: skip


def test_a_new_module_passes_its_tests_and_the_project_checks(tmp_path):
    copy = copy_project(tmp_path / "project")
    made = run(copy, "-m", "allpetplus.scaffold", "module", "grooming")
    assert made.returncode == 0, made.stderr
    assert "alembic/versions/0012_grooming_module.py" in made.stdout or "_grooming_module.py" in made.stdout
    assert run(copy, "-m", "allpetplus.scaffold", "module", "grooming").returncode == 2  # it exists now

    checks = run(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/unit/test_grooming.py",
                 "tests/unit/test_code_style.py", "tests/integration/test_migrations.py")  # fmt: skip
    assert checks.returncode == 0, checks.stdout[-3000:] + checks.stderr[-2000:]
    compiled = run(copy, "-c", "from reflex.utils import prerequisites; "
                   "app = prerequisites.get_and_validate_app().app; app._compile(prerender_routes=False); "
                   "print(sorted(r for r in app._pages if 'grooming' in r))", ALLPETPLUS_APP="allpetplus")  # fmt: skip
    assert compiled.returncode == 0 and "grooming" in compiled.stdout, compiled.stderr[-3000:]


def test_a_new_app_compiles_is_registered_and_gets_a_dashboard_tab(tmp_path):
    copy = copy_project(tmp_path / "project")
    made = run(copy, "-m", "allpetplus.scaffold", "app", "adoption", "--port", "3003")
    assert made.returncode == 0, made.stderr
    taken = run(copy, "-m", "allpetplus.scaffold", "app", "fostering", "--port", "3001")
    assert taken.returncode == 2 and "already used by the licensing app" in taken.stderr

    checks = run(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/unit/test_adoption_app.py",
                 "tests/unit/test_code_style.py", "tests/unit/test_http.py")  # fmt: skip
    assert checks.returncode == 0, checks.stdout[-3000:] + checks.stderr[-2000:]
    main = run(copy, "-c", "from reflex.utils import prerequisites; "
               "app = prerequisites.get_and_validate_app().app; app._compile(prerender_routes=False); "
               "print(sorted(app._pages))", ALLPETPLUS_APP="allpetplus")  # fmt: skip
    assert main.returncode == 0 and "'dashboard/adoption'" in main.stdout, main.stderr[-3000:]


def test_bad_names_are_refused_with_a_reason(tmp_path):
    copy = copy_project(tmp_path / "project")
    for name in ("Grooming", "class", "cart", "x"):
        refused = run(copy, "-m", "allpetplus.scaffold", "module", name)
        assert refused.returncode == 2 and refused.stderr.startswith("scaffold:"), (name, refused.stderr)


def test_a_new_product_type_is_registered_and_passes_its_tests_and_the_project_checks(tmp_path):
    copy = copy_project(tmp_path / "project")
    made = run(copy, "-m", "allpetplus.scaffold", "product-type", "bandana")
    assert made.returncode == 0, made.stderr
    assert "allpetplus/builder/types/bandana/model.py" in made.stdout
    again = run(copy, "-m", "allpetplus.scaffold", "product-type", "bandana")
    assert again.returncode == 2 and "already exists" in again.stderr
    assert run(copy, "-m", "allpetplus.scaffold", "product-type", "Bow-Tie").returncode == 2

    registered = run(copy, "-c", "from allpetplus.builder import types; print(list(types.registry()))")
    assert "'bandana'" in registered.stdout, registered.stderr
    checks = run(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/unit/test_bandana_type.py",
                 "tests/unit/test_product_types.py", "tests/unit/test_code_style.py")  # fmt: skip
    assert checks.returncode == 0, checks.stdout[-3000:] + checks.stderr[-2000:]
    assert "bandana" in checks.stdout or "passed" in checks.stdout
    contracts = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], cwd=copy, capture_output=True,
                               text=True, timeout=600)  # fmt: skip
    assert contracts.returncode == 0, contracts.stdout[-3000:]
