"""Work Gradio does at start-up that a served app never uses, and how we skip it.

Three things, each measured by `python bench/bench_startup.py` and each with a test in
tests/test_startup.py:

- **Type-stub regeneration at import.** Every time `gradio` is imported, each of its ~80
  component classes re-reads its own source file, parses it with `ast`, renders a Jinja template
  and compares the result with the `.pyi` stub beside it (writing the stub if it differs). That is
  an aid for editors, not for serving; it was about a third of `import gradio` here.
  `skip_stub_regeneration()` (called before the first import) turns it into a no-op for this
  process. Component classes are built exactly as before; only the stub step is skipped.
- **Throw-away server apps and configs while our Blocks are built.** Closing a Blocks builds a
  whole server app (about 80 routes) and the page's config for all its components; queue() builds
  another app; mount_gradio_app then builds the config and the app that are really served.
  Inside `building_blocks()`, closing a Blocks builds neither (`blocks.app` stays None and
  `blocks.config` stays empty until the mount computes the served ones).
- **A first config per mount that is thrown away.** mount_gradio_app computes the config, sets
  the page's css, head and theme, and create_app computes it again; only the second is served.
  `mount()` skips the first.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Iterator
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


def skip_stub_regeneration() -> bool:
    """Make Gradio's import skip the stub step in this process. Returns True if it will be (or
    is) skipped; if gradio's component classes were already created, later ones skip it."""
    module = sys.modules.get(_STUB_MODULE)
    if module is not None:
        module.create_or_modify_pyi = _no_stub
        return True
    if not any(isinstance(f, _SkipStubs) for f in sys.meta_path):
        sys.meta_path.insert(0, _SkipStubs())
    return True


def stubs_skipped() -> bool:
    module = sys.modules.get(_STUB_MODULE)
    return module is not None and module.create_or_modify_pyi is _no_stub


class _NoServerAppYet:
    """Stands in for gradio.routes.App inside gradio.blocks while our Blocks are built."""

    @staticmethod
    def create_app(blocks: Any, *args: Any, **kwargs: Any) -> None:
        return None


@contextlib.contextmanager
def building_blocks() -> Iterator[None]:
    """Closing or queueing a Blocks inside this block builds no server app and no config (see
    the module docstring); mount_gradio_app builds both for the Blocks it serves."""
    import gradio.blocks

    real_app = gradio.blocks.App
    real_exit = gradio.blocks.Blocks.__exit__

    def exit_without_config(self: Any, exc_type: Any = None, *args: Any) -> None:
        self.get_config_file = dict  # an empty config until the mount computes the real one
        try:
            real_exit(self, exc_type, *args)
        finally:
            del self.get_config_file

    gradio.blocks.App = _NoServerAppYet  # type: ignore[misc,assignment]
    gradio.blocks.Blocks.__exit__ = exit_without_config  # type: ignore[method-assign]
    try:
        yield
    finally:
        gradio.blocks.App = real_app  # type: ignore[misc]
        gradio.blocks.Blocks.__exit__ = real_exit  # type: ignore[method-assign]


def mount(server: Any, blocks: Any, **kwargs: Any) -> Any:
    """gr.mount_gradio_app computing the served config once instead of twice (see the module
    docstring). Gradio computes it at the top of the mount, sets css, head, theme and the rest,
    then computes it again in create_app's MCP step; the first is used only to count pages for
    a server-side-rendering warning. Here the first is an empty dict and the real one is
    computed at the same point as Gradio's last, so the served config is the same."""
    import gradio as gr
    from gradio.routes import App

    real_setup = App.__dict__["setup_mcp_server"]

    def setup_mcp_server(b: Any, app_kwargs: dict[str, Any], mcp_server: bool | None = None) -> Any:
        b.__dict__.pop("get_config_file", None)  # from here on, the real config
        return real_setup.__func__(b, app_kwargs, mcp_server)

    blocks.get_config_file = dict
    App.setup_mcp_server = staticmethod(setup_mcp_server)  # type: ignore[method-assign]
    try:
        return gr.mount_gradio_app(server, blocks, **kwargs)
    finally:
        blocks.__dict__.pop("get_config_file", None)
        App.setup_mcp_server = real_setup  # type: ignore[method-assign]
