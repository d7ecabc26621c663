"""`python app.py probe ...` (interface contract)."""

from __future__ import annotations

import argparse
from typing import Any

from glasshouse.cli import command, emit_json


def register(sub: Any) -> None:
    p = command(sub, "probe", "run a bias probe on a model (probes: template, pairs, weat, "
                "counterfactual, generation)", _probe)
    p.add_argument("name")
    p.add_argument("--model", required=True)
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
    lo, hi = result["ci"]
    p = result["p_value"]
    print(f"{probe.title} on {result['model']}: n={result['n']}, effect={result['effect']:.3f} "
          f"(95% CI {lo:.3f} to {hi:.3f})" + (f", p={p:.3g}" if p is not None else ""))
    print(f"  effect = {result['effect_label']}")
    for g in result.get("groups", []):
        print("  " + ", ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}"
                               for k, v in g.items() if not isinstance(v, list)))
    print(f"Caveat: {result['caveat']}", file=sys.stdout)
    return 0
