"""Planning and reading sources in units, bad input, and partial results that merge exactly
(no models: fast)."""

from __future__ import annotations

import json
import random
from collections import Counter

import pandas as pd
import pytest

from explorer.batch import steps
from explorer.batch.engines import get_engine, reorder
from explorer.batch.ray_engine import check_address
from explorer.batch.scan import find_duplicates
from explorer.batch.sources import plan_source, read_unit
from explorer.datasets import duplicates as dup
from explorer.datasets import column_stats as stats
from glasshouse.cli import main
from glasshouse.errors import BadInput


@pytest.mark.parametrize("kind", ["jsonl", "parquet", "file"])
@pytest.mark.parametrize("unit_rows", [7, 20, 1000])
def test_units_cover_every_row_once_in_order(corpus, kind, unit_rows) -> None:
    plan = plan_source(corpus[kind], unit_rows=unit_rows)
    assert plan.total_rows == corpus["rows"]
    assert sum(u.n_rows for u in plan.units) == corpus["rows"]
    expected_first = 0
    texts = []
    for unit in plan.units:
        assert unit.first_row == expected_first and unit.n_rows <= unit_rows
        frame = read_unit(unit)
        assert len(frame) == unit.n_rows
        texts += steps.texts_of(frame, "text")
        expected_first += unit.n_rows
    whole = [json.loads(line)["text"] for line in corpus["file"].read_text().splitlines()]
    assert texts == whole


def test_max_rows_cuts_the_plan_and_says_so(corpus) -> None:
    plan = plan_source(corpus["parquet"], unit_rows=20, max_rows=50)
    assert plan.total_rows == 50 and plan.truncated
    full = plan_source(corpus["jsonl"], unit_rows=20, max_rows=corpus["rows"])
    assert full.total_rows == corpus["rows"] and not full.truncated


def _bad_sources(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("hello")
    (tmp_path / "broken").mkdir()
    pd.DataFrame({"text": ["a b c"]}).to_parquet(tmp_path / "broken" / "good.parquet")
    (tmp_path / "broken" / "bad.parquet").write_bytes(b"PAR1 this is not parquet at all")
    (tmp_path / "mixed").mkdir()
    pd.DataFrame({"text": ["x"]}).to_parquet(tmp_path / "mixed" / "a.parquet")
    (tmp_path / "mixed" / "b.jsonl").write_text('{"text": "y"}\n')
    (tmp_path / "blank.jsonl").write_text("\n\n")
    return tmp_path


@pytest.mark.parametrize("name, message", [
    ("missing", "no such file or folder"),
    ("empty", "holds no .parquet or .jsonl files"),
    ("texts", "holds no .parquet or .jsonl files"),
    ("broken", "file bad.parquet: not a readable Parquet file"),
    ("mixed", "mixes Parquet and JSONL"),
    ("blank.jsonl", "no rows found"),
])
def test_bad_sources_give_one_clear_error(tmp_path, name, message) -> None:
    root = _bad_sources(tmp_path)
    with pytest.raises(BadInput) as err:
        plan_source(root / name)
    assert message in str(err.value)


def test_bad_json_line_names_file_and_line(tmp_path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text('{"text": "fine"}\n{"text": "broken\n{"text": "fine"}\n')
    plan = plan_source(path, unit_rows=10)
    with pytest.raises(BadInput, match=r"file rows.jsonl, row 2: invalid JSON on line 2"):
        read_unit(plan.units[0])


@pytest.mark.parametrize("name, workers, address, message", [
    ("spark", None, None, "unknown engine 'spark'"),
    ("processes", 0, None, "--workers must be at least 1"),
    ("local", None, "127.0.0.1:6379", "only used with --engine ray"),
])
def test_engine_choice_errors(name, workers, address, message) -> None:
    with pytest.raises(BadInput, match=message):
        get_engine(name, workers=workers, address=address)


@pytest.mark.parametrize("address, message", [
    ("127.0.0.1:1", "cannot reach a Ray cluster at 127.0.0.1:1"),
    ("not-an-address", "is not a Ray address"),
    ("host:99999", "is not a Ray address"),
])
def test_bad_ray_address_fails_fast_in_one_line(address, message) -> None:
    with pytest.raises(BadInput, match=message):
        check_address(address)


@pytest.mark.parametrize("argv, message", [
    (["--engine", "spark"], "unknown engine 'spark'"),
    (["--engine", "ray", "--ray-address", "127.0.0.1:1"], "cannot reach a Ray cluster"),
])
def test_scan_cli_bad_engine_exits_2_with_one_line(corpus, capsys, argv, message) -> None:
    code = main(["scan", str(corpus["jsonl"]), "--text-column", "text", "--json", *argv])
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_reorder_yields_in_unit_order() -> None:
    pairs = [(2, "c"), (0, "a"), (3, "d"), (1, "b")]
    assert list(reorder(pairs, [0, 1, 2, 3])) == ["a", "b", "c", "d"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_distribution_from_counts_equals_the_full_distribution(seed) -> None:
    rng = random.Random(seed)
    values = [rng.randint(0, 300) for _ in range(rng.randint(1, 500))]
    ours = steps.distribution_from_counts(Counter(values))
    ref = stats.distribution(values)
    assert ours.to_json() == pytest.approx(ref.to_json())
    assert [x for b in ours.histogram for x in b] == pytest.approx(
        [x for b in ref.histogram for x in b])


@pytest.mark.parametrize("size", [1, 9, 50])
def test_stats_partials_merged_in_order_equal_stats_of_the_whole(corpus, size) -> None:
    frame = pd.read_json(corpus["file"], lines=True)
    frame["n"] = frame["n"].astype("float")
    whole = steps.StatsPartial.of(frame, "text", "label")
    merged = steps.StatsPartial.of(frame.iloc[:size].reset_index(drop=True), "text", "label")
    for s in range(size, len(frame), size):
        merged.merge(steps.StatsPartial.of(frame.iloc[s:s + size].reset_index(drop=True),
                                           "text", "label"))
    ref_cols = {c: s.to_json() for c, s in stats.column_stats(frame).items()}
    assert {c: s.to_json() for c, s in merged.column_stats().items()} == ref_cols
    assert merged.vocabulary_report() == whole.vocabulary_report()
    texts = steps.texts_of(frame, "text")
    assert merged.vocabulary_report() == stats.vocabulary(texts)
    assert merged.label_report() == stats.label_distribution(frame["label"])


def test_duplicates_from_keys_equal_the_in_memory_finder(corpus) -> None:
    plan = plan_source(corpus["jsonl"], unit_rows=13)
    rows, keys, bands = [], [], []
    for unit in plan.units:
        r, k, b = steps.duplicate_keys(steps.texts_of(read_unit(unit), "text"), unit.first_row)
        rows.append(r), keys.append(k), bands.append(b)
    ours = find_duplicates(plan, "text", rows, keys, bands)
    texts = [json.loads(line)["text"] for line in corpus["file"].read_text().splitlines()]
    ref = dup.find_duplicates(texts)
    assert ours.exact_groups == ref.exact_groups and ours.exact_rows >= 1
    assert ours.near_groups == ref.near_groups and ours.near_rows >= 1
