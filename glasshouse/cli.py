"""The command-line dispatcher: `python app.py <command> ...`.

Each area registers its commands from its own light `cli.py` (argparse only at import time; the
work is imported when a command runs), so `python app.py --help` stays fast. Contract:
reporting commands take --json and print one JSON object on stdout; exit 0 on success, 2 on bad
input with a one-line error on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

AREA_CLI_MODULES = (
    "glasshouse.cli_core", "catalog.cli", "explorer.datasets.cli", "explorer.embeddings.cli",
    "explorer.probes.cli", "cards.cli", "demos.cli",
)
EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


class OneLineParser(argparse.ArgumentParser):
    """argparse, but usage errors are one line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"error: {message} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_BAD_INPUT)


Handler = Callable[[argparse.Namespace], int | None]


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


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="python app.py",
        description="Glasshouse: look into language data and models before they reach people. "
                    "With no command, serves the web app on 127.0.0.1:7860.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for module in AREA_CLI_MODULES:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from glasshouse.errors import GlasshouseError

    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.command is None:
        args = parser.parse_args(["serve"])
    handler = getattr(args, "handler", None)
    if handler is None:  # a command group such as `catalog` without its action
        sys.stderr.write(f"error: '{args.command}' needs an action "
                         f"(see 'python app.py {args.command} --help')\n")
        return EXIT_BAD_INPUT
    try:
        return int(handler(args) or EXIT_OK)
    except GlasshouseError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - last resort: one line, never a traceback page
        import logging
        import traceback

        logging.getLogger("glasshouse").debug("".join(traceback.format_exc()))
        sys.stderr.write(f"error: internal error ({type(exc).__name__}: {exc})\n")
        return EXIT_INTERNAL
