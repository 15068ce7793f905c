"""The deployment files (deploy/, docs/deploy.md) agree with the settings they feed: nginx
passes the client address the way TRUSTED_PROXY_COUNT=1 reads it, lets through every body
Django accepts and no much larger one, and serves the static files where collectstatic puts
them; the systemd units run one scheduler and workers without periodic tasks; S3 media is
private with short-lived links."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


def read(name: str) -> str:
    return (DEPLOY / name).read_text()


def test_nginx_passes_the_client_address_for_one_trusted_proxy() -> None:
    site = read("nginx/lianxi.conf")
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    env = read("lianxi.env.example")
    assert re.search(r"^TRUSTED_PROXY_COUNT=1$", env, re.M)


def test_nginx_body_limit_is_just_above_djangos() -> None:
    limit = re.search(r"client_max_body_size (\d+)m;", read("nginx/lianxi.conf"))
    assert limit is not None
    nginx_bytes = int(limit.group(1)) * 1024 * 1024
    assert (
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        < nginx_bytes
        <= 2 * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )


def test_nginx_tls_and_static_files() -> None:
    site = read("nginx/lianxi.conf")
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in site
    assert "return 301 https://" in site
    assert re.search(r"location /static/ \{\s*alias /srv/lianxi/var/static/;", site)
    assert "location /media/ {\n        return 404;" in site  # uploads only through the views
    assert "proxy_next_upstream error timeout" in site


def test_one_scheduler_and_workers_without_periodic_tasks() -> None:
    scheduler = read("systemd/lianxi-scheduler.service")
    worker = read("systemd/lianxi-worker@.service")
    assert "run_huey" in scheduler and "--no-periodic" not in scheduler
    assert "run_huey" in worker and "--no-periodic" in worker
    web = read("systemd/lianxi-web@.service")
    assert "--port %i" in web and "Restart=always" in web
    for unit in (scheduler, worker, web):
        assert "EnvironmentFile=/etc/lianxi/lianxi.env" in unit


def test_s3_media_is_private_with_short_links(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}} | {
        "LIANXI_VAR_DIR": str(tmp_path),
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": "lianxi-media",
        "S3_ENDPOINT_URL": "https://s3.example.cn",
    }
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from lianxi import settings as s; "
            "print(json.dumps(s.STORAGES['default']))",
        ],
        cwd=DEPLOY.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    media = json.loads(shown.stdout)
    options = media["OPTIONS"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["bucket_name"] == "lianxi-media"
    assert options["endpoint_url"] == "https://s3.example.cn"
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert options["querystring_expire"] <= 300
    assert options["file_overwrite"] is False
