"""The seams between areas: no import circle between project modules (imports at any depth,
including ones inside functions), and the area manifest names every tab, table module and
migration folder that exists in the tree."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from glasshouse import areas

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("glasshouse", "catalog", "explorer", "demos", "cards")


def _project_modules() -> dict[str, Path]:
    mods: dict[str, Path] = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            mods[name] = path
    return mods


def _resolve(name: str, mods: dict[str, Path]) -> str | None:
    """The project module that `import name` loads (a package's __init__, or the longest
    existing prefix for `from pkg.mod import attr`)."""
    while name:
        if name in mods:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph() -> dict[str, set[str]]:
    mods = _project_modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for target in targets:
                dep = _resolve(target, mods)
                # importing a package's submodule also runs the package __init__, which is not
                # an edge back to the importer; a module's own package is not a dependency
                if dep and dep != mod and not mod.startswith(dep + "."):
                    graph[mod].add(dep)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep]
            if dep not in state:
                found = visit(dep)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_circle_between_project_modules() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_planted_circle() -> None:
    graph = import_graph()
    assert "glasshouse.config" in graph["glasshouse.db"]
    graph["glasshouse.config"] = graph["glasshouse.config"] | {"glasshouse.db"}
    assert find_cycle(graph) is not None


def test_only_ui_modules_and_app_import_gradio() -> None:
    offenders = []
    for mod, path in _project_modules().items():
        if mod.endswith(".ui") or mod == "glasshouse.ui":
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "gradio" or n.startswith("gradio.") for n in names):
                offenders.append(mod)
    assert offenders == []


def _existing(pattern: str) -> set[Path]:
    return {p for pkg in PACKAGES for p in (ROOT / pkg).rglob(pattern) if ".venv" not in p.parts}


def test_manifest_lists_every_table_module_and_migration_folder() -> None:
    tables = {ROOT / Path(*m.split(".")).with_suffix(".py") for m in areas.table_modules()}
    assert _existing("tables.py") <= tables
    listed = {Path(p) for p in areas.migration_locations()}
    found = {p for p in _existing("migrations") if p.is_dir()}
    found = {p / "versions" if (p / "versions").is_dir() else p for p in found}
    assert found == listed


def test_manifest_lists_every_area_ui_cli_and_api_module() -> None:
    for pattern, listed in (("ui.py", {m for _, m in areas.tabs()} | {"glasshouse.ui"}),
                            ("cli.py", set(areas.cli_modules()) - {"glasshouse.cli_core"} | {"glasshouse.cli"}),
                            ("api.py", set(areas.api_modules()) | {"glasshouse.api"})):
        found = {".".join(p.relative_to(ROOT).with_suffix("").parts) for p in _existing(pattern)}
        assert found == listed, pattern


@pytest.mark.parametrize("module", sorted({m for a in areas.AREAS for m in (
    a.ui, a.pages, a.cli, a.api, *a.tables) if m}))
def test_every_module_in_the_manifest_imports(module: str) -> None:
    importlib.import_module(module)


def test_manifest_module_imports_nothing_of_the_project_at_import_time() -> None:
    tree = ast.parse((ROOT / "glasshouse" / "areas.py").read_text())
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    for node in top:
        name = node.names[0].name if isinstance(node, ast.Import) else node.module or ""
        assert name.split(".")[0] not in PACKAGES, name
