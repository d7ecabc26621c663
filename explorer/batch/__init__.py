"""Batch engines for corpus-sized scans and embedding maps.

The same batch-in/batch-out step functions (language ID, PII, statistics partials, duplicate
keys, embeddings; `steps.py`) run in-process, in a local process pool or as Ray Data
`map_batches` with actor pools (`engines.py`, `ray_engine.py`). Inputs are read in units of
rows from Parquet/JSONL files or folders (`sources.py`), and partial results merge into the
same `Profile` a local scan gives (`scan.py`).
"""
