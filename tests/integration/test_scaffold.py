"""The scaffold, run into a copy of the project: what it makes passes its own tests, the project's lint and
format checks, the models-vs-migrations check on SQLite and PostgreSQL, and the main app still compiles
(with the new page, or the new app's dashboard tab)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from allpetplus.core.redis import stop_embedded_redis
from allpetplus.core.settings import PROJECT_ROOT
from allpetplus.state.builder import BuilderState
from tests.support.aio import run as run_async
from tests.support.reflex_client import ReflexClient
from tests.support.servers import ReflexBackend

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
    builder_smoke(copy, "bandana")


def builder_smoke(copy: Path, slug: str) -> None:
    """The copy's builder, served with its worker, over Reflex's websocket as the page drives it: the new type is
    offered, opens priced, takes a change of each of its options and draws its 3D preview."""
    env = {"VAR_DIR": str(copy / "var"), "DATABASE_URL": "", "REDIS_URL": "", "LOG_LEVEL": "WARNING",
           "ALLPETPLUS_APP": "allpetplus"}  # fmt: skip
    assert run(copy, "-m", "allpetplus.stack", "migrate", **env).returncode == 0
    worker_log = copy / "worker.log"
    with worker_log.open("w") as log:
        worker = subprocess.Popen([sys.executable, "-m", "allpetplus.jobs.worker"], cwd=copy, stdout=log,
                                  stderr=subprocess.STDOUT, env={**os.environ, **env})  # fmt: skip
    backend = ReflexBackend(copy / "run", env, cwd=copy, name="builder")
    state = BuilderState.get_full_name()  # the copy's state has the same name: the same module in the same place

    async def design() -> None:
        tab = ReflexClient(backend.url, "/builder")
        await tab.connect(timeout=60)
        try:
            assert slug in {t["slug"] for t in tab.state[state]["types_offered"]}
            await tab.send(f"{state}.choose_type", slug=slug)
            opened = await tab.wait_for(lambda s: s[state]["product_type"] == slug and bool(s[state]["controls"]) and s,
                                        30)  # fmt: skip
            assert opened[state]["total"].startswith("$"), opened[state]
            for control in opened[state]["controls"]:
                field, value = control["field"], control["options"][-1]["value"]
                if f"{field}:{value}" in tab.state[state]["blocked"]:
                    continue
                await tab.send(f"{state}.set_option", field=field, value=value)
                await tab.wait_for(lambda s, f=field, v=value: s[state]["config"][f] == v, 30)
            drawn = await tab.wait_for(lambda s: s[state]["preview_state"] in {"ready", "failed"} and s, 60)
            assert drawn[state]["preview_state"] == "ready" and drawn[state]["preview_url"].endswith(".glb")
        finally:
            await tab.close()

    try:
        backend.start().wait_ready(600)
        run_async(design())
    except BaseException:
        print(backend.log.read_text()[-3000:], worker_log.read_text()[-3000:], sep="\n--- worker ---\n")
        raise
    finally:
        backend.stop()
        worker.terminate()
        worker.wait(30)
        stop_embedded_redis(copy / "var" / "redis" / "allpetplus.rdb")
