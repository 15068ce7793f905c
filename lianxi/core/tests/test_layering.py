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


def module_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports (at the top or inside a function)."""
    names = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT.parent).with_suffix("")
        if "migrations" in rel.parts or "tests" in rel.parts:
            continue
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        names[".".join(parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        targets = set()
        for imp in imported(path):
            while imp and imp not in names:
                imp = imp.rpartition(".")[0]
            if imp and imp != name and not name.startswith(imp + "."):
                targets.add(imp)
        graph[name] = targets
    return graph


def test_no_two_modules_import_each_other() -> None:
    """A circle between two modules (even through a lazy import inside a function) means one
    of them should subscribe to the other's actions or the shared part should move out."""
    graph = module_graph()
    assert len(graph) > 100
    circles = sorted(
        f"{a} <-> {b}" for a, targets in graph.items() for b in targets if a < b and a in graph[b]
    )
    assert not circles, circles


def test_the_ledger_does_not_import_its_readers() -> None:
    """cases and committee announce their steps; search, insight and topics subscribe
    (core/events.py). Pages may show what readers know (forms, views); the ledger may not
    call them."""
    graph = module_graph()
    readers = ("lianxi.search", "lianxi.insight", "lianxi.topics", "lianxi.stats")
    faces = {"forms", "views", "templatetags", "urls_staff", "urls_public", "demo"}
    found = sorted(
        f"{a} -> {b}"
        for a, targets in graph.items()
        if a.startswith(("lianxi.cases.", "lianxi.committee.")) and not faces & set(a.split("."))
        for b in targets
        if b.startswith(readers)
    )
    assert not found, found


def test_circle_check_sees_lazy_imports(tmp_path: Path) -> None:
    lazy = tmp_path / "lazy.py"
    lazy.write_text("def f():\n    from lianxi.search.cases import KIND\n")
    assert "lianxi.search.cases" in imported(lazy)
