"""`python app.py map ...` (interface contract)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from glasshouse.cli_kit import command, emit_json


def register(sub: Any) -> None:
    p = command(sub, "map", "draw an embedding map of a text column as a standalone HTML file",
                run_map)
    p.add_argument("file")
    p.add_argument("--text-column", required=True)
    p.add_argument("--model", default="minilm-en",
                   help="registry name (minilm-en, use-multilingual, e5-small-multilingual) or a "
                        "sentence-transformers Hugging Face id (online)")
    p.add_argument("--out", required=True, help="the HTML file to write")
    p.add_argument("--backend", choices=("torch", "onnx", "onnx-int8"), default="torch",
                   help="how to run a sentence-transformers model: torch (default), onnx (same "
                        "vectors) or onnx-int8 (8-bit weights, faster; exported on first use)")
    p.add_argument("--method", choices=("umap", "pca"), default="umap",
                   help="umap (default; keeps neighbourhoods) or pca (instant)")
    p.add_argument("--dims", type=int, choices=(2, 3), default=2)
    p.add_argument("--neighbors", type=int, default=15, help="UMAP neighbours (2-200)")
    p.add_argument("--min-dist", type=float, default=0.1, help="UMAP minimum distance (0-0.99)")
    p.add_argument("--metric", default="cosine",
                   choices=("cosine", "euclidean", "manhattan", "correlation"))
    p.add_argument("--clusters", choices=("kmeans", "hdbscan", "none"), default="kmeans")
    p.add_argument("--n-clusters", type=int, default=None)
    p.add_argument("--color-by", default="cluster",
                   help="cluster, detected_language, (none) or a column of the file (a column "
                        "of the file wins over a derived colouring of the same name)")
    p.add_argument("--coords", default=None, help="also write coordinates (.csv or .parquet)")
    p.add_argument("--engine", help="embed on a batch engine: local, processes or ray")
    p.add_argument("--workers", type=int, help="worker processes or Ray actors (default 2)")
    p.add_argument("--ray-address", help="HOST:PORT of an existing Ray cluster (--engine ray)")
    p.add_argument("--json", action="store_true", help="print a JSON summary on stdout")


def run_map(args: argparse.Namespace) -> int:
    from pathlib import Path

    from pydantic import ValidationError

    from explorer.embeddings.maps import (
        MapRequest, build_map, export_coordinates, export_html,
    )
    from explorer.embeddings.project import UmapParams
    from explorer.embeddings.table import read_table
    from glasshouse.errors import BadInput

    out = Path(args.out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise BadInput("the map is written as an .html file", field="--out")
    try:
        request = MapRequest(
            text_column=args.text_column, model=args.model, method=args.method, dims=args.dims,
            umap=UmapParams(n_neighbors=args.neighbors, min_dist=args.min_dist,
                            metric=args.metric, n_components=args.dims),
            clusters=args.clusters, n_clusters=args.n_clusters, backend=args.backend)
    except ValidationError as exc:
        from glasshouse.validation import bad_input

        raise bad_input(exc, rename={"n_neighbors": "--neighbors", "min_dist": "--min-dist",
                                     "n_clusters": "--n-clusters"}) from None
    engine = getattr(args, "engine", None)
    if Path(args.file).is_dir():  # a Parquet/JSONL folder (issue 9): read it in units
        import pandas as pd

        from explorer.batch.sources import plan_source

        frame = pd.concat([f for _, f in plan_source(args.file).frames()], ignore_index=True)
    else:
        frame = read_table(args.file)
    name = Path(args.file).name
    pre = None
    if engine:  # embed on a batch engine first; build_map then reads every vector from cache
        from explorer.batch.embed import embed_with_engine
        from explorer.embeddings.table import text_column

        col = text_column(frame, args.text_column, file=name)
        pre = embed_with_engine(col.texts, args.model, engine, workers=args.workers,
                                address=args.ray_address)

    def progress(done: int, total: int) -> None:
        sys.stderr.write(f"\rembedding {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")

    m = build_map(frame, request, source=name, progress=progress,
                  status=lambda msg: sys.stderr.write(msg + "\n"))
    colour = args.color_by
    if colour == "cluster" and m.clustering is None and "cluster" not in m.frame.columns:
        colour = "(none)"
    export_html(m, out, colour)
    summary = m.summary()
    if pre is not None:
        summary.update(embedded=pre.n_computed, from_cache=pre.n_from_cache,
                       embed_seconds=round(pre.seconds, 3), engine=engine)
    summary["out"] = str(out)
    if args.coords:
        summary["coords"] = str(export_coordinates(m, args.coords))
    if args.json:
        emit_json(summary)
    else:
        sys.stderr.write(f"wrote {out} ({m.n} texts, {m.projection.method})\n")
    return 0
