"""Gradio rewrites its own type stubs at every import; the app's process skips that step.

Every time `gradio` is imported, each of its ~80 component classes re-reads its own source file,
parses it with `ast`, renders a Jinja template and compares the result with the `.pyi` stub beside
it (writing the stub if it differs). That is an aid for editors, not for serving; it was about a
third of `import gradio` here. `skip_stub_regeneration()` (called before the first import, by
glasshouse.ui) turns that step into a no-op for this process: component classes are built exactly
as before. This module imports nothing of Gradio (only the UI layer does: tests/test_architecture.py);
it hooks the import of gradio.component_meta. Measured by `python bench/bench_startup.py`, tested in
tests/test_startup.py.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from typing import Any

_STUB_MODULE = "gradio.component_meta"


def _no_stub(*_args: Any, **_kwargs: Any) -> None:
    """Stands in for gradio.component_meta.create_or_modify_pyi: no stub is read or written."""
    return None


class _SkipStubs(importlib.abc.MetaPathFinder):
    """Finds gradio.component_meta like the normal finders do, and replaces its stub step once
    the module has run (before any component class is created: gradio imports this module first
    of all its components)."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != _STUB_MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module: Any) -> None:
            run(module)
            module.create_or_modify_pyi = _no_stub

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def skip_stub_regeneration() -> None:
    """Make Gradio's import skip the stub step in this process (if gradio's component classes
    were already created, later ones skip it)."""
    module = sys.modules.get(_STUB_MODULE)
    if module is not None:
        module.create_or_modify_pyi = _no_stub
        return
    if not any(isinstance(f, _SkipStubs) for f in sys.meta_path):
        sys.meta_path.insert(0, _SkipStubs())
