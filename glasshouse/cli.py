"""The command-line dispatcher: `python app.py <command> ...`.

Each area (glasshouse/areas.py) registers its commands from its own light `cli.py` (argparse and
glasshouse/cli_kit.py only at import time; the work is imported when a command runs), so `python app.py --help` stays fast. Contract:
reporting commands take --json and print one JSON object on stdout; exit 0 on success, 2 on bad
input with a one-line error on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from glasshouse.areas import cli_modules
from glasshouse.cli_kit import (  # noqa: F401 - the kit's names, for callers of the dispatcher
    EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, Handler, OneLineParser, command, emit_json, not_built)

def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="python app.py",
        description="Glasshouse: look into language data and models before they reach people. "
                    "With no command, serves the web app on 127.0.0.1:7860.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for module in cli_modules():
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
