"""The crash drill itself, small enough for every run (quality.md row 26; `make crash` is the
full one): the real server on the test database is killed twice with SIGKILL while clients file
through the API and the web form; the drill must find every acknowledged case, and its
reconciliation must report a loss when there is one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from lianxi.cases.models import Case

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or "5432"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


def reconcile(env_url: str, var_dir: Path, ledger: list[dict[str, Any]]) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from bench import drill

    env = drill.scratch_env(var_dir, env_url)
    return drill.reconcile(env, ledger, var_dir / "again.json")


@pytest.mark.sweep
@pytest.mark.django_db(transaction=True)
def test_two_kills_lose_no_acknowledged_case(
    world: Any, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The server reads what the tests wrote: the same keys (the drill passes its environment on).
    monkeypatch.setenv("SECRET_KEY", settings.SECRET_KEY)
    monkeypatch.setenv("FIELD_ENCRYPTION_KEY", settings.FIELD_ENCRYPTION_KEY)
    url = database_url()
    out = tmp_path / "crash.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "crash.py"),
            "--db",
            "sqlite" if connection.vendor == "sqlite" else "pg",
            "--kills",
            "2",
            "--clients",
            "3",
            "--workers",
            "1",
            "--gap",
            "1",
            "2",
            "--database-url",
            url,
            "--var-dir",
            str(tmp_path),
            "--no-collectstatic",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=170,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["kills"] == 2
    assert result["acknowledged"] > 0
    assert result["acknowledged_but_missing"] == 0
    assert result["hash_mismatches"] == 0
    assert result["half_written_cases"] == 0
    assert result["problems"] == []
    if connection.vendor == "sqlite":
        assert result["integrity_check"] == "ok"

    # The reconciliation sees a loss: one acknowledged case gone, another one altered.
    ledger = json.loads((tmp_path / "ledger.json").read_text())
    by_key = {e["key"]: e for e in ledger}
    cases = Case.objects.filter(idempotencykey__key__in=list(by_key)).order_by("pk")
    lost = cases.first()
    assert lost is not None
    lost.delete()
    altered = cases.exclude(pk=lost.pk).first()
    if altered is not None:
        Case.objects.filter(pk=altered.pk).update(title="被改过的标题")
    again = reconcile(url, tmp_path, ledger)
    assert again["acknowledged_but_missing"] == 1
    assert again["hash_mismatches"] == (1 if altered is not None else 0)
