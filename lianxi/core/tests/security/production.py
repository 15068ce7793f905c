"""Settings as production has them: read in a fresh process started with LIANXI_ENV=production
(settings.py decides them at import, so the test process cannot switch)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from lianxi.core.tests.test_deploy import BASE, PROVIDER, production


def production_settings(tmp_path: Path, names: list[str]) -> dict[str, Any]:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}, default=list))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE,
        env=production(tmp_path, **PROVIDER) | {"DJANGO_SETTINGS_MODULE": "lianxi.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))
