"""The import rule of architecture.md, enforced on the source tree."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the lianxi package
UPPER_LAYERS = {"views", "api", "urls", "admin", "forms"}


def modules() -> list[tuple[str, str, Path]]:
    found = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if "migrations" in rel.parts or "tests" in rel.parts or len(rel.parts) < 2:
            continue
        app, module = rel.parts[0], rel.parts[1].removesuffix(".py")
        found.append((app, module, path))
    return found


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n.startswith("lianxi.")}


def layer_of(name: str) -> tuple[str, str]:
    parts = name.split(".")
    return (parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else "")


MODULES = modules()


def test_tree_is_scanned() -> None:
    assert len(MODULES) > 20


@pytest.mark.parametrize(("app", "module", "path"), MODULES, ids=lambda v: str(v))
def test_import_rule(app: str, module: str, path: Path) -> None:
    problems = []
    for name in imported(path):
        other_app, other_module = layer_of(name)
        if app == "lib" and other_app != "lib":
            problems.append(f"lib imports an app: {name}")
        if other_app != app and other_module == "views":
            problems.append(f"imports another app's views: {name}")
        if module in {"models", "querysets", "choices"} and other_module in (
            UPPER_LAYERS | {"actions", "access", "policies"}
        ):
            problems.append(f"{module} reaches up to {name}")
        if module in {"actions", "policies", "access"} and other_module in UPPER_LAYERS:
            problems.append(f"{module} reaches up to {name}")
    assert not problems, f"{path}: {problems}"


def test_rule_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from lianxi.portal.views import home\n")
    assert "lianxi.portal.views" in imported(bad)
