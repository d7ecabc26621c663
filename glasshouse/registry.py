"""One registry shape for every plug-in kind (probes, importers, exporters, demo tasks, batch
engines, models, PII recognizer sets).

A plug-in kind creates one `Registry`; each plug-in module registers itself at import time. The
registry can import its built-in modules lazily (`modules=`) so that listing names stays cheap
and heavy libraries load only when a plug-in is used.

    PROBES: Registry[Probe] = Registry("probe", modules=("explorer.probes.template", ...))
    PROBES.register(TemplateProbe())          # refuses a second plug-in of the same name
    PROBES.get("template")                    # NotFound naming the valid names
    PROBES.names(); PROBES.all()

Every registry is itself listed in `KINDS`, so conformance tests, the CLI and the UI can find
all plug-in kinds without a separate list.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

from glasshouse.errors import BadInput, GlasshouseError, NotFound

T = TypeVar("T")


class DuplicatePlugin(GlasshouseError):
    """A second plug-in was registered under a name that is already taken."""


def _default_name(item: object) -> str:
    name = getattr(item, "name", None)
    if not isinstance(name, str) or not name:
        raise TypeError(f"{item!r} has no 'name' to register it under")
    return name


class Registry(Generic[T]):
    """Named plug-ins of one kind. Thread-safe; built-in modules are imported on first use."""

    def __init__(self, kind: str, *, modules: Iterable[str] = (),
                 key: Callable[[T], str] = _default_name) -> None:
        self.kind = kind
        self._modules = tuple(modules)
        self._key = key
        self._items: dict[str, T] = {}
        self._lock = threading.RLock()
        self._loaded = not self._modules
        KINDS[kind] = self

    # -- registering -------------------------------------------------------------------------
    def register(self, item: T, *, replace: bool = False) -> T:
        """Add `item` under its name. A name already taken raises DuplicatePlugin unless
        `replace` (used by tests that swap a plug-in for a throwaway one)."""
        name = self._key(item)
        with self._lock:
            if name in self._items and not replace and self._items[name] is not item:
                raise DuplicatePlugin(f"a {self.kind} named '{name}' is already registered")
            self._items[name] = item
        return item

    def unregister(self, name: str) -> None:
        with self._lock:
            self._items.pop(name, None)

    # -- reading -----------------------------------------------------------------------------
    def _load(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if self._loaded:
                return
            self._loaded = True
            for module in self._modules:
                importlib.import_module(module)

    def get(self, name: str, *, field: str | None = None) -> T:
        """The plug-in called `name`. Unknown: NotFound listing the valid names, or, when the
        name came from a field of the user's input (`field`), BadInput naming that field."""
        self._load()
        try:
            return self._items[name]
        except KeyError:
            message = (f"no {self.kind} named '{name}'; the {self.kind}s are: "
                       f"{', '.join(sorted(self._items)) or '(none)'}")
            if field is not None:
                raise BadInput(message, field=field) from None
            raise NotFound(message) from None

    def names(self) -> list[str]:
        self._load()
        return list(self._items)

    def all(self) -> list[T]:
        self._load()
        return list(self._items.values())

    def __contains__(self, name: object) -> bool:
        self._load()
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        """Names, like a mapping's keys (values: `all()`)."""
        return iter(self.names())

    def __len__(self) -> int:
        self._load()
        return len(self._items)

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, {len(self._items)} registered)"


KINDS: dict[str, Registry[object]] = {}


def plugin_modules(package: str, marker: str, *, first: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The modules of `package` whose source contains `marker` (e.g. "@register"), found
    without importing them: a new plug-in module is picked up by being there. `first` lists
    module names to keep at the front, in that order (the rest follow alphabetically)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return ()
    found = []
    for folder in spec.submodule_search_locations:
        for path in sorted(Path(folder).glob("*.py")):
            if path.stem.startswith("_"):
                continue
            try:
                if marker in path.read_text(encoding="utf-8"):
                    found.append(path.stem)
            except OSError:
                continue
    rank = {name: i for i, name in enumerate(first)}
    found.sort(key=lambda name: (rank.get(name, len(rank)), name))
    return tuple(f"{package}.{name}" for name in found)
