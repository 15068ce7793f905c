"""`check --deploy` is clean with production settings (quality.md test 21)."""

import os
import subprocess
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parents[3]


def test_check_deploy_is_clean(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"LIANXI_TESTING", "PYTEST_CURRENT_TEST", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    } | {
        "LIANXI_ENV": "production",
        "SECRET_KEY": "x9!" + "k" * 30 + "Zq$" + "m" * 20,
        "FIELD_ENCRYPTION_KEY": "A" * 43 + "=",
        "ALLOWED_HOSTS": "lianxi.example.cn",
        "LIANXI_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secrets(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"LIANXI_TESTING", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    } | {
        "LIANXI_ENV": "production",
        "LIANXI_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
