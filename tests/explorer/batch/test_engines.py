"""Every engine gives the in-memory scan's report on the same real multilingual corpus: counts
per entity and language, language shares, duplicates, statistics, PII findings. The Ray path
runs on a local Ray instance with 2 workers (one per module)."""

from __future__ import annotations

import json

import pytest

from explorer.batch.engines import ENGINES
from explorer.batch.scan import scan_source
from glasshouse.cli import main

LANGS = "en,es,fr,de"
SOURCE_KEYS = {"format", "encoding"}  # differ by file type only


@pytest.fixture(scope="module")
def reference(corpus) -> dict:
    from explorer.datasets.profile import scan_file

    return scan_file(corpus["file"], text_column="text", languages=LANGS).to_json()


def _same_report(ours: dict, ref: dict) -> None:
    assert set(ours) == set(ref)
    for key in set(ref) - SOURCE_KEYS:
        assert ours[key] == ref[key], key
    assert ref["pii"]["entities"].get("EMAIL_ADDRESS", 0) >= 1
    assert ref["duplicates"]["exact"] >= 1 and ref["duplicates"]["near"] >= 1
    assert {"en", "es", "fr", "de"} <= set(ref["languages"])


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["jsonl", "parquet"])
def test_local_engine_gives_the_in_memory_report(corpus, reference, kind) -> None:
    ours = scan_source(corpus[kind], engine="local", text_column="text", languages=LANGS,
                       unit_rows=16).to_json()
    _same_report(ours, reference)


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=150 * 1024 ** 2,
             log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES.names())
def test_every_registered_engine_gives_the_in_memory_report(corpus, reference, engine,
                                                            request) -> None:
    """Conformance over the engine registry: every engine, with 2 workers where it has them
    (Ray on a local instance), gives the in-memory scan's report."""
    if engine == "ray":
        request.getfixturevalue("local_ray")
    ours = scan_source(corpus["parquet" if engine != "ray" else "jsonl"], engine=engine,
                       workers=2 if engine != "local" else None, text_column="text",
                       languages=LANGS, unit_rows=16).to_json()
    _same_report(ours, reference)


@pytest.mark.slow
def test_ray_engine_reports_a_broken_unit_as_one_error(tmp_path, local_ray) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text('{"text": "fine words here"}\n{"text": oops}\n')
    from glasshouse.errors import BadInput

    with pytest.raises(BadInput, match="invalid JSON on line 2"):
        scan_source(path, engine="ray", workers=2, text_column="text", languages="en,es",
                    unit_rows=1, pii=False)


@pytest.mark.slow
def test_scan_cli_on_a_folder_prints_the_contract_json(corpus, reference, capsys) -> None:
    code = main(["scan", str(corpus["jsonl"]), "--engine", "local", "--text-column", "text",
                 "--languages", LANGS, "--json"])
    out = capsys.readouterr().out
    assert code == 0
    _same_report(json.loads(out), reference)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["local", "processes"])
def test_embeddings_on_an_engine_are_allclose_to_local(corpus, engine) -> None:
    import numpy as np

    from explorer.batch.embed import embed_with_engine
    from explorer.embeddings.embed import embed_texts

    texts = [json.loads(line)["text"] for line in corpus["file"].read_text().splitlines()]
    texts = [t for t in texts if t][:40]
    ref = embed_texts(texts, "use-multilingual", use_cache=False)
    ours = embed_with_engine(texts, "use-multilingual", engine, workers=2, unit_texts=16,
                             use_cache=False)
    assert ours.vectors.shape == ref.vectors.shape and ours.n_computed == ref.n_unique
    assert np.allclose(ours.vectors, ref.vectors, atol=1e-5)
