"""Log lines carry the request id and never a secret or an e-mail address."""

import json
import logging

import pytest

from allpetplus.core.logging import bind_request_id, configure_logging, get_logger


@pytest.fixture
def root_handlers():
    root = logging.getLogger()
    kept = (root.handlers[:], root.level)
    yield
    root.handlers, root.level = kept[0], kept[1]


def test_secrets_and_emails_stay_out_of_log_lines(capsys, root_handlers):
    configure_logging("INFO", "json")
    bind_request_id("req-123")
    get_logger("test").info("signed in", email="dana@example.com", password="hunter22", session_token="abc",
                            note="contact dana@example.com or call", count=3)  # fmt: skip
    logging.getLogger("stdlib").warning("user bob@example.org failed")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    first, second = lines[-2], lines[-1]
    assert first["request_id"] == "req-123" and first["count"] == 3
    assert first["email"] == "[email]" and first["password"] == "[redacted]" and first["session_token"] == "[redacted]"
    assert first["note"] == "contact [email] or call"
    assert second["event"] == "user [email] failed"
    assert "example.com" not in json.dumps(lines) and "hunter22" not in json.dumps(lines)


def test_request_ids_are_unique_within_and_across_processes():
    import os

    from allpetplus.core.logging import new_request_id

    ids = {new_request_id() for _ in range(1000)}
    assert len(ids) == 1000
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # a forked worker must not repeat its parent's ids
        os.write(write, new_request_id().encode())
        os._exit(0)
    os.waitpid(pid, 0)
    child = os.read(read, 64).decode()
    assert child not in ids and child[:12] != next(iter(ids))[:12]
