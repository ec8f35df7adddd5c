"""The repository's operational files point at things that exist (the image cannot be built here)."""

import re

import yaml

from allpetplus.core.settings import PROJECT_ROOT


def _python_modules(command: list[str]) -> list[str]:
    return [command[i + 1] for i, part in enumerate(command) if part == "-m"]


def _module_exists(module: str) -> bool:
    path = PROJECT_ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__main__.py").exists()


def test_dockerfile_copies_and_runs_what_exists():
    text = (PROJECT_ROOT / "Dockerfile").read_text()
    for source in re.findall(r"^COPY (\S+) ", text, flags=re.M):
        assert source == "." or (PROJECT_ROOT / source).exists(), source
    cmd = re.search(r"^CMD (\[.*\])", text, flags=re.M).group(1)
    for module in _python_modules(yaml.safe_load(cmd)):
        assert _module_exists(module), module
    for app in re.search(r"for app in ([\w ]+);", text).group(1).split():
        assert (PROJECT_ROOT / app / f"{app}.py").exists(), app


def test_compose_services_run_existing_modules():
    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    commands = [s["command"] for s in compose["services"].values() if isinstance(s.get("command"), list)]
    modules = {m for command in commands for m in _python_modules(command)}
    assert modules == {"allpetplus.stack", "allpetplus.jobs.worker", "allpetplus.jobs.scheduler"}
    assert all(_module_exists(m) for m in modules)


def test_ci_runs_exactly_the_readme_test_command():
    readme = (PROJECT_ROOT / "README.md").read_text()
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    test_command = re.search(r"^\s*(bash scripts/test\.sh)\s*$", readme, flags=re.M).group(1)
    ci_commands = [
        line.strip() for line in ci.splitlines() if line.strip() and not line.startswith(("#", "set ", "cd "))
    ]
    assert ci_commands == [test_command]
    assert re.search(r"^\s*bash scripts/run\.sh\s*$", readme, flags=re.M)


def test_readme_documents_every_setting():
    readme = (PROJECT_ROOT / "README.md").read_text()
    from allpetplus.core.settings import Settings

    for name in Settings.model_fields:
        assert f"`{name}`" in readme, name
