"""Settings: offline defaults, accepted spellings, and one clear line for a bad value."""

import contextlib
import stat
import threading

import pytest

from allpetplus.core import apps
from allpetplus.core.settings import Settings, SettingsError, load_settings, normalise_database_url


def test_defaults_need_no_accounts_anywhere(monkeypatch, tmp_path):
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    s = Settings()
    assert s.database_url == f"sqlite:///{tmp_path / 'allpetplus.db'}"
    assert s.uses_embedded_redis
    assert (s.MAIN_URL, s.LICENSING_URL, s.PRODUCTS_URL) == (
        "http://localhost:3000",
        "http://localhost:3001",
        "http://localhost:3002",
    )
    assert [apps.port_of(app, s) for app in ("allpetplus", "licensing", "products")] == [3000, 3001, 3002]


def test_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    first = Settings().secret_key
    assert len(first) >= 32
    assert Settings().secret_key == first
    monkeypatch.setenv("APP_SECRET_KEY", "from-the-environment")
    assert Settings().secret_key == "from-the-environment"


def test_the_generated_secret_key_is_never_readable_by_others(monkeypatch, tmp_path):
    """Created owner-only from its first byte: a process stopped right after writing it (here: a chmod that
    never happens) leaves no key that other local users can read."""
    import os
    import pathlib
    import stat

    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setattr(pathlib.Path, "chmod", lambda *_a, **_k: (_ for _ in ()).throw(OSError("stopped here")))
    previous = os.umask(0o022)
    try:
        with contextlib.suppress(OSError):
            assert Settings().secret_key
    finally:
        os.umask(previous)
    key = tmp_path / "secret_key"
    assert not key.exists() or stat.S_IMODE(key.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db/app", "postgresql+psycopg://u:p@db/app"),
        ("postgresql://u:p@db/app", "postgresql+psycopg://u:p@db/app"),
        ("postgresql+psycopg://u@db/app", "postgresql+psycopg://u@db/app"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_url_spellings(given, expected):
    assert normalise_database_url(given) == expected


def test_bad_public_url_names_the_setting(monkeypatch):
    monkeypatch.setenv("LICENSING_URL", "localhost:3001")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith("LICENSING_URL: ")
    assert "http://localhost:3000" in message
    assert "\n" not in message


def test_ports_follow_public_urls(monkeypatch):
    monkeypatch.setenv("PRODUCTS_URL", "https://shop.example.com/")
    s = Settings()
    assert s.PRODUCTS_URL == "https://shop.example.com"
    assert apps.port_of("products", s) == 443


def test_apps_starting_together_share_one_non_empty_secret_key(tmp_path):
    """Processes starting at once (threads here, racing on the same file) all end up with the same key."""
    for round_ in range(50):
        var_dir = tmp_path / str(round_)
        start = threading.Barrier(8)
        keys: list[str] = []

        def start_app(var_dir=var_dir, start=start, keys=keys):
            start.wait()
            keys.append(Settings(VAR_DIR=var_dir).secret_key)

        apps = [threading.Thread(target=start_app) for _ in range(8)]
        for app in apps:
            app.start()
        for app in apps:
            app.join()
        assert len(keys) == 8 and len(set(keys)) == 1 and len(keys[0]) >= 32, keys
        assert stat.S_IMODE((var_dir / "secret_key").stat().st_mode) == 0o600
        assert [p.name for p in var_dir.iterdir()] == ["secret_key"]  # no temporary files left behind


def test_an_empty_secret_key_file_is_refused(tmp_path):
    (tmp_path / "secret_key").write_text("")
    with pytest.raises(SettingsError) as caught:
        _ = Settings(VAR_DIR=tmp_path).secret_key
    assert "secret_key" in str(caught.value) and "APP_SECRET_KEY" in str(caught.value)
