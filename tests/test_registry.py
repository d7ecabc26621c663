"""The one registry shape every plug-in kind uses."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from glasshouse.errors import NotFound
from glasshouse.registry import KINDS, DuplicatePlugin, Registry


@dataclass(frozen=True)
class Thing:
    name: str


def test_register_get_names_all_keep_registration_order() -> None:
    reg: Registry[Thing] = Registry("test-thing-a")
    a, b = reg.register(Thing("a")), reg.register(Thing("b"))
    assert reg.get("a") is a and reg.get("b") is b
    assert reg.names() == ["a", "b"] and reg.all() == [a, b]
    assert "a" in reg and "zzz" not in reg and len(reg) == 2
    assert KINDS["test-thing-a"] is reg


def test_duplicate_name_is_refused_unless_replaced() -> None:
    reg: Registry[Thing] = Registry("test-thing-b")
    reg.register(Thing("x"))
    with pytest.raises(DuplicatePlugin, match="test-thing-b named 'x'"):
        reg.register(Thing("x"))
    other = Thing("x")
    assert reg.register(other, replace=True) is reg.get("x")


def test_unknown_name_lists_the_valid_names() -> None:
    reg: Registry[Thing] = Registry("test-thing-c")
    reg.register(Thing("beta"))
    reg.register(Thing("alpha"))
    with pytest.raises(NotFound, match=r"no test-thing-c named 'gamma'; .*: alpha, beta"):
        reg.get("gamma")


def test_builtin_modules_are_imported_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    reg: Registry[Thing] = Registry("test-thing-d", modules=("tests._registry_plugin_tmp",))
    module = types.ModuleType("tests._registry_plugin_tmp")
    imported: list[str] = []

    def fake_import(name: str) -> types.ModuleType:
        imported.append(name)
        reg.register(Thing("from-module"))
        return module

    monkeypatch.setattr("importlib.import_module", fake_import)
    assert imported == []
    assert reg.names() == ["from-module"]
    reg.names()
    assert imported == ["tests._registry_plugin_tmp"]
    assert "tests._registry_plugin_tmp" not in sys.modules


def test_plugin_modules_finds_every_module_that_registers(tmp_path, monkeypatch) -> None:
    """A new plug-in is one new module in its package (found by its marker, not listed)."""
    import sys

    from glasshouse.registry import plugin_modules

    pkg = tmp_path / "myplugins"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "alpha.py").write_text("from x import register\n\n@register\nclass A: ...\n")
    (pkg / "beta.py").write_text("from x import register\n\n@register\nclass B: ...\n")
    (pkg / "helpers.py").write_text("def register(c): return c\n")
    (pkg / "_private.py").write_text("\n@register\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("myplugins", None)
    assert plugin_modules("myplugins", "\n@register\n") == ("myplugins.alpha", "myplugins.beta")
    assert plugin_modules("myplugins", "\n@register\n", first=("beta",)) == (
        "myplugins.beta", "myplugins.alpha")


def test_every_probe_module_in_the_package_is_registered() -> None:
    from pathlib import Path

    from explorer.probes import registry

    folder = Path(registry.__file__).parent
    with_marker = {p.stem for p in folder.glob("*.py") if "\n@register\n" in p.read_text()}
    assert {m.rsplit(".", 1)[1] for m in registry.PROBE_MODULES} == with_marker
    assert len(registry.names()) == len(with_marker)
