"""Log lines carry the request id and never a secret or an e-mail address."""

import json
import logging
import os
import stat

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


EVENT_REPR = (
    "Error processing event queue entry for Event(name='no_such_handler', router_data={'pathname': '/licences', "
    "'headers': {'host': 'localhost:3001', 'cookie': '__session=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1XzEifQ.c2ln; "
    "app_session=Z3Jhbml0ZS1jb29raWUtdmFsdWU', 'authorization': 'Bearer b3BlbnNlc2FtZQ', 'user-agent': 'Firefox'}, "
    "'query': {'token': 'aGFuZG9mZi10b2tlbg'}}, payload={'next': '/auth/session?ticket=bG9naW4tdGlja2V0&next=/'})"
)
LEAKS = ("eyJhbGciOiJSUzI1NiJ9", "Z3Jhbml0ZS1jb29raWUtdmFsdWU", "b3BlbnNlc2FtZQ", "aGFuZG9mZi10b2tlbg",
         "bG9naW4tdGlja2V0", "c2ln")  # fmt: skip


@pytest.mark.parametrize("fmt", ["json", "console"])
def test_cookies_and_tokens_in_the_text_of_a_framework_record_are_redacted(capsys, root_handlers, fmt):
    """Reflex logs a failing event with its headers, from its own loggers, as text (no keys to redact)."""
    configure_logging("INFO", fmt)
    logging.getLogger("reflex_base.event.processor.event_processor").error(EVENT_REPR)
    logging.getLogger("_granian").warning("GET /_event?token=aGFuZG9mZi10b2tlbg Authorization: Bearer b3BlbnNlc2FtZQ")
    try:
        raise KeyError(f"No registered handler: {EVENT_REPR}")
    except KeyError:
        logging.getLogger("reflex_base.event.processor.base_state_processor").exception("handler failed")
    err = capsys.readouterr().err
    assert "no_such_handler" in err and "Firefox" in err and "handler failed" in err
    for leak in LEAKS:
        assert leak not in err


def test_log_files_of_the_launched_processes_are_private(tmp_path):
    """The launcher's log files are created readable by their owner only, whatever the umask."""
    from allpetplus.stack import Stack

    env = {"VAR_DIR": str(tmp_path / "var"), "REDIS_URL": "redis://127.0.0.1:1/0"}
    stack = Stack(apps=(), ports={}, env=env, log_dir=tmp_path / "log", worker=True)
    previous = os.umask(0o022)
    try:
        stack.start()
        stack.processes["worker"].wait(timeout=60)  # it cannot reach Redis and says so
    finally:
        os.umask(previous)
        stack.stop()
    logs = sorted(path.name for path in (tmp_path / "log").iterdir())
    assert logs == ["scheduler.log", "worker.log"]
    for name in logs:
        assert stat.S_IMODE((tmp_path / "log" / name).stat().st_mode) == 0o600, name
    assert "cannot reach Redis" in (tmp_path / "log" / "worker.log").read_text()
