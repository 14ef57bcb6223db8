"""SQLite configured for concurrent use, and the demo served with DEBUG off."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.utils import load_backend

REPO = Path(__file__).resolve().parents[2]
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite behaviour (the suite runs on SQLite by default)"
)


@sqlite_only
def test_the_json_probe_does_not_read_a_busy_database_as_missing_json_support(  # type: ignore[no-untyped-def]
    tmp_path, django_db_blocker
):
    """A worker booting while another process writes used to fail with fields.E180."""
    from django.conf import settings

    path = tmp_path / "busy.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE t (x)")
    writer.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    writer.execute("INSERT INTO t VALUES (1)")
    configured = settings.DATABASES["default"]
    backend = load_backend(configured["ENGINE"])
    params = {
        **connection.settings_dict,
        "ENGINE": configured["ENGINE"],
        "NAME": str(path),
        "OPTIONS": {**configured["OPTIONS"], "timeout": 0.2},
    }
    worker = backend.DatabaseWrapper(params, alias="busy")
    connections["busy"] = worker  # transaction.atomic("busy") finds it
    try:
        with django_db_blocker.unblock():
            supports_json = worker.features.supports_json_field
        assert supports_json is True
    finally:
        worker.close()
        del connections["busy"]
        writer.execute("ROLLBACK")
        writer.close()


def test_sqlite_is_opened_for_concurrent_writers() -> None:
    from django.conf import settings

    configured = settings.DATABASES["default"]
    if "sqlite" not in configured["ENGINE"]:
        pytest.skip("PostgreSQL run")
    assert configured["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert configured["OPTIONS"]["timeout"] >= 20
    assert "journal_mode=WAL" in configured["OPTIONS"]["init_command"]
    assert configured["CONN_HEALTH_CHECKS"] is True


def _settings_in(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        cwd=REPO,
    )


def test_the_served_demo_runs_with_debug_off_and_a_generated_secret_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import anpo.settings as s; "
        "print(s.DEBUG, s.ANPO_DEMO, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, len(s.SECRET_KEY))"
    )
    env = {"DEBUG": "false", "ANPO_DEMO": "true", "ANPO_VAR_DIR": str(tmp_path)}
    first = _settings_in(env, code)
    assert first.returncode == 0, first.stderr
    assert first.stdout.split()[:4] == ["False", "True", "False", "False"]
    assert int(first.stdout.split()[4]) >= 40
    key_file = tmp_path / "demo-secret-key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    again = _settings_in(env, "import anpo.settings as s; print(s.SECRET_KEY)")
    assert again.stdout.strip() == key_file.read_text().strip()


def test_the_served_demo_refuses_to_answer_other_hosts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _settings_in(
        {
            "DEBUG": "false",
            "ANPO_DEMO": "true",
            "ANPO_VAR_DIR": str(tmp_path),
            "ALLOWED_HOSTS": "anpo.example.ac.jp",
        },
        "import anpo.settings",
    )
    assert result.returncode != 0
    assert "loopback" in result.stderr


def test_production_keeps_https_cookies_and_the_redirect(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _settings_in(
        {"DEBUG": "false", "SECRET_KEY": "k" * 50, "ANPO_VAR_DIR": str(tmp_path)},
        "import anpo.settings as s; print(s.ANPO_DEMO, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "31536000"]
    assert not (tmp_path / "demo-secret-key").exists()
