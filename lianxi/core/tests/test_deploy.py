"""`check --deploy` is clean with production settings (quality.md test 21)."""

import os
import subprocess
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parents[3]


PROVIDER = {
    "SMS_TRANSPORT": "lianxi.notifications.channels.sms.tencent.TencentSmsTransport",
    "SMS_TENCENT_SECRET_ID": "AKIDexample",
    "SMS_TENCENT_SECRET_KEY": "example-key",
    "SMS_TENCENT_APP_ID": "1400000000",
    "SMS_TENCENT_SIGN_NAME": "示范市人大",
    "SMS_TENCENT_TEMPLATE_ID": "100001",
    "SMS_TENCENT_CODE_TEMPLATE_ID": "100002",
    "EMAIL_HOST": "smtp.example.cn",
}


def production(tmp_path: Path, **extra: str) -> dict[str, str]:
    return (
        {
            k: v
            for k, v in os.environ.items()
            # The database too: the check looks into it, and the suite's PostgreSQL URL names a
            # database that only exists as its test copy; an empty SQLite file in tmp_path is used.
            if k
            not in {
                "LIANXI_TESTING",
                "PYTEST_CURRENT_TEST",
                "DJANGO_ALLOW_ASYNC_UNSAFE",
                "DATABASE_URL",
            }
            and not k.startswith(("SMS_", "EMAIL_"))
        }
        | {
            "LIANXI_ENV": "production",
            "SECRET_KEY": "x9!" + "k" * 30 + "Zq$" + "m" * 20,
            "FIELD_ENCRYPTION_KEY": "A" * 43 + "=",
            "ALLOWED_HOSTS": "lianxi.example.cn",
            "LIANXI_VAR_DIR": str(tmp_path),
        }
        | extra
    )


def test_check_deploy_is_clean(tmp_path: Path) -> None:
    env = production(tmp_path, **PROVIDER)
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


def test_production_refuses_the_console_sms_transport(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=BASE,
        env=production(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "lianxi.E202" in result.stderr


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


# The environment of deploy/lianxi.env.example and `make cluster` (docs/deploy.md): Redis for
# the queue, the cache and the sessions, one trusted proxy, media on disk. Nothing connects to
# Redis during the check, so the address need not answer.
CLUSTER = {
    "TRUSTED_PROXY_COUNT": "1",
    "HUEY_REDIS_URL": "redis://127.0.0.1:1/0",
    "CACHE_REDIS_URL": "redis://127.0.0.1:1/1",
    "SESSION_BACKEND": "cache",
    "MEDIA_STORAGE": "disk",
    "CSRF_TRUSTED_ORIGINS": "https://lianxi.example.cn",
    "SITE_URL": "https://lianxi.example.cn",
}


def check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_the_deployment_environment(tmp_path: Path) -> None:
    result = check(
        production(tmp_path, **PROVIDER, **CLUSTER), "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_sessions_in_the_cache_need_redis(tmp_path: Path) -> None:
    env = production(tmp_path, **PROVIDER, SESSION_BACKEND="cache")
    env.pop("CACHE_REDIS_URL", None)
    result = check(env)
    assert result.returncode != 0
    assert "SESSION_BACKEND=cache or cached_db needs CACHE_REDIS_URL" in result.stderr


def test_s3_media_needs_a_bucket_and_credentials(tmp_path: Path) -> None:
    result = check(
        production(tmp_path, **PROVIDER, **(CLUSTER | {"MEDIA_STORAGE": "s3"})), "--deploy"
    )
    assert result.returncode != 0
    assert "lianxi.E302" in result.stderr
    assert "S3_BUCKET" in result.stderr and "S3_SECRET_ACCESS_KEY" in result.stderr
