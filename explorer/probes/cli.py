"""`python app.py probe ...` (interface contract)."""

from __future__ import annotations

import argparse
from typing import Any

from glasshouse.cli_kit import LazyText as _LazyHelp
from glasshouse.cli_kit import emit_json


def _names() -> str:
    from explorer.probes import registry

    return f"run a bias probe on a model (probes: {', '.join(registry.names())})"


def _name_help() -> str:
    from explorer.probes import registry

    return "; ".join(f"{x.name}: {x.statistic} (no effect = {x.null:g}; default model "
                     f"{x.default_model})" for x in registry.all_probes())


def register(sub: Any) -> None:
    p = sub.add_parser("probe", help=_LazyHelp(_names),
                       description="run a bias probe on a model; each probe's statistic and "
                                   "no-effect value are listed under 'name'")
    p.set_defaults(handler=_probe)
    p.add_argument("name", help=_LazyHelp(_name_help))
    p.add_argument("--model", help="model name (default: the probe's default model)")
    p.add_argument("--config", help="probe configuration file (JSON): the probe's parameters; "
                   "missing ones take the built-in defaults. Or a standard data file: for "
                   "pairs a CrowS-Pairs CSV, a StereoSet JSON or a stereotypical/"
                   "anti_stereotypical CSV; for weat a SEAT-style JSON/JSONL word-list file")
    p.add_argument("--language", default="en", help="language of the built-in probe set "
                   "(en, es, fr where the probe has one)")
    p.add_argument("--save", action="store_true",
                   help="store the run as evidence (single-user mode only)")
    p.add_argument("--json", action="store_true")


def _probe(args: argparse.Namespace) -> int:
    import sys

    from explorer.probes import registry, service

    probe = registry.get(args.name)
    args.model = args.model or probe.default_model
    params = None
    if args.config:
        from explorer.probes.formats import read_config

        raw = read_config(args.name, args.config)
        defaults = probe.default_params(raw.get("language", args.language)).model_dump()
        params = probe.parse_params({**defaults, **raw}, file=args.config)
    result = service.run_probe(args.name, args.model, params, language=args.language,
                               file=args.config,
                               probe_set_version=None if params is None else
                               f"file:{args.config}")
    if args.save:
        from glasshouse.db import get_database
        from glasshouse.errors import PermissionDenied
        from glasshouse.users import LOCAL_ADMIN, count_users

        db = get_database()
        if count_users(db):
            raise PermissionDenied("users are configured: save runs from the web app, "
                                   "signed in as a curator")
        result["run_id"] = service.save_run(db, result, actor=LOCAL_ADMIN)
    if args.json:
        emit_json(result)
        return 0
    from explorer.probes.base import ProbePayload, verdict

    lo, hi = result["ci"]
    fmt = lambda x: "n/a" if x is None else f"{x:.3f}"  # noqa: E731
    print(f"{probe.title} on {result['model']}: n={result['n']}, effect={fmt(result['effect'])} "
          f"(95% {'interval, descriptive' if result['ci_kind'] == 'descriptive' else 'CI'} "
          f"{fmt(lo)} to {fmt(hi)}; no effect = {result['null']:g})")
    print(f"  effect = {result['effect_label']}")
    print(f"  {verdict(ProbePayload.model_validate(result))}")
    for g in result.get("groups", []):
        print("  " + ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}"
                               for k, v in g.items() if not isinstance(v, list)))
    print(f"Caveat: {result['caveat']}", file=sys.stdout)
    return 0
