"""What every area's `cli.py` uses to declare its commands: one-line argparse errors, `command`,
`emit_json` (the one JSON object on stdout), the exit codes. The dispatcher (glasshouse/cli.py)
imports the areas; the areas import only this kit, so there is no import circle."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


class OneLineParser(argparse.ArgumentParser):
    """argparse, but usage errors are one line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"error: {message} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_BAD_INPUT)


Handler = Callable[[argparse.Namespace], int | None]


class LazyText:
    """Help text read from a plug-in registry only when help is printed, so that other commands
    do not pay for importing the plug-in modules."""

    def __init__(self, render: Callable[[], str]) -> None:
        self._render = render

    def __str__(self) -> str:
        return str(self._render())

    def __mod__(self, _params: Any) -> str:  # argparse fills %(...)s; the text has none
        return str(self)

    def strip(self) -> str:
        return str(self).strip()


class LazyChoices:
    """argparse `choices` read from a plug-in registry only when argparse checks a value, so
    listing commands does not import every plug-in module. Give the argument a `metavar` (and a
    LazyText help naming the choices): argparse reads choices for a metavar when the argument
    is added."""

    def __init__(self, names: Callable[[], list[str]]) -> None:
        self._names = names

    def __contains__(self, value: object) -> bool:
        return value in self._names()

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


def command(sub: Any, name: str, help: str, handler: Handler, **kw: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=help, description=help, **kw)
    p.set_defaults(handler=handler)
    return p


def not_built(issue: int) -> Handler:
    """Handler for a contract command whose area is not built yet."""

    def handler(args: argparse.Namespace) -> int:
        name = " ".join(getattr(args, "_command_path", [])) or args.command
        sys.stderr.write(f"error: '{name}' is not built yet (tracked in issue #{issue})\n")
        return EXIT_BAD_INPUT

    return handler


def emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
