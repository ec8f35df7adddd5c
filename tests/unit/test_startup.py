"""Start-up refuses bad settings with one clear line naming the setting, never a traceback."""

import os
import socket
import subprocess
import sys

import pytest

from allpetplus.core.settings import PROJECT_ROOT
from allpetplus.stack import StartupError, check_ports, free_port


def run_check(**env) -> subprocess.CompletedProcess:
    """``python -m allpetplus.stack check`` on free ports (a developer may be running the apps on 3000-3002)."""
    ports = {name: f"http://localhost:{free_port()}" for name in ("MAIN_URL", "LICENSING_URL", "PRODUCTS_URL")}
    full_env = {**os.environ, **ports, **env}
    return subprocess.run(
        [sys.executable, "-m", "allpetplus.stack", "check"],
        cwd=PROJECT_ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess, setting: str) -> str:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert setting in lines[0]
    return lines[0]


def test_bad_database_url():
    line = assert_one_clear_line(run_check(DATABASE_URL="not a url"), "DATABASE_URL")
    assert "postgresql://" in line


def test_unreachable_database():
    line = assert_one_clear_line(run_check(DATABASE_URL="postgresql://u:secret@127.0.0.1:1/db"), "DATABASE_URL")
    assert "cannot connect" in line
    assert "secret" not in line


def test_unreachable_redis():
    line = assert_one_clear_line(run_check(REDIS_URL="redis://127.0.0.1:1/0"), "REDIS_URL")
    assert "unset REDIS_URL" in line


def test_bad_public_url():
    assert_one_clear_line(run_check(MAIN_URL="localhost"), "MAIN_URL")


def test_port_in_use_names_the_app_and_setting():
    with socket.socket() as busy:
        busy.bind(("0.0.0.0", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(StartupError) as caught:
            check_ports({"licensing": port})
    assert f"port {port}" in str(caught.value) and "LICENSING_URL" in str(caught.value)


def test_port_in_use_stops_the_command():
    with socket.socket() as busy:
        busy.bind(("0.0.0.0", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_check(MAIN_URL=f"http://localhost:{port}")
    assert_one_clear_line(result, "MAIN_URL")
