"""Every plug-in kind uses the one Registry shape and has a conformance test that runs over
everything registered (as Datasette fails a test when a hook is undocumented). A new
`Registry("...")` anywhere in the code fails here until its conformance test is named below."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("glasshouse", "catalog", "explorer", "demos", "cards")

# kind -> (module that defines the registry, conformance test "file::function")
CONFORMANCE = {
    "probe": ("explorer.probes.registry",
              "tests/explorer/probes/test_registry_conformance.py"),
    "importer": ("catalog.importers",
                 "tests/catalog/test_importers_real.py::"
                 "test_every_importer_reads_its_own_example_and_recognises_it"),
    "export format": ("catalog.exporters",
                      "tests/catalog/test_exporter_conformance.py::"
                      "test_every_lossless_exporter_round_trips_with_its_importer"),
    "demo task": ("demos.tasks",
                  "tests/demos/test_tasks.py::test_every_registered_task_has_a_conformance_case"),
    "batch engine": ("explorer.batch.engines",
                     "tests/explorer/batch/test_engines.py::"
                     "test_every_registered_engine_gives_the_in_memory_report"),
    "model": ("glasshouse.models",
              "tests/test_models.py::test_registry_specs_carry_licence_and_languages"),
    "pii recognizer set": ("explorer.datasets.pii_recognizers",
                           "tests/explorer/datasets/test_pii.py::"
                           "test_every_recognizer_set_finds_its_example"),
}


def registry_kinds_in_code() -> dict[str, str]:
    """kind -> module, for every `Registry("kind", ...)` call in the project's code."""
    found = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id == "Registry" and node.args
                        and isinstance(node.args[0], ast.Constant)):
                    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                    found[node.args[0].value] = module
    return found


def test_every_registry_kind_has_a_named_conformance_test() -> None:
    in_code = registry_kinds_in_code()
    assert set(in_code) == set(CONFORMANCE), (
        "kinds without a conformance test (or tests naming no kind): "
        f"{sorted(set(in_code) ^ set(CONFORMANCE))}")
    for kind, (module, _test) in CONFORMANCE.items():
        assert in_code[kind] == module


@pytest.mark.parametrize("kind", sorted(CONFORMANCE))
def test_the_named_conformance_test_exists_and_reads_the_registry(kind: str) -> None:
    module, test = CONFORMANCE[kind]
    file, _, func = test.partition("::")
    source = (ROOT / file).read_text(encoding="utf-8")
    tree = ast.parse(source)
    if func:
        names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert func in names, f"{file} has no {func}"
    # it reads what is registered rather than a hand-written list
    registry = importlib.import_module(module)
    assert any(word in source for word in ("names()", ".all()", "all_probes()", "available()",
                                           "set(tasks.TASKS)", "registered()")), test
    assert registry is not None


@pytest.mark.parametrize("kind", sorted(CONFORMANCE))
def test_every_kind_is_a_registry_with_the_one_shape(kind: str) -> None:
    from glasshouse.errors import NotFound
    from glasshouse.registry import KINDS, Registry

    importlib.import_module(CONFORMANCE[kind][0])
    reg = KINDS[kind]
    assert isinstance(reg, Registry) and reg.names()
    assert reg.get(reg.names()[0]) is reg.all()[0]
    with pytest.raises(NotFound, match=f"no {kind} named 'no-such-plugin'"):
        reg.get("no-such-plugin")
