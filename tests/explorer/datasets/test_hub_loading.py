"""Hugging Face datasets through the `datasets` package: `hf:<id>[:config][:split]` references,
the offline error, and the real loading code on local datasets (no network: a folder of
Parquet files read by `datasets.load_dataset` in streaming mode, and a `save_to_disk` folder)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from explorer.datasets.loading import HubRef, load_hub, load_table, parse_hub_ref
from glasshouse.cli import main
from glasshouse.errors import BadInput, ModelUnavailable


@pytest.fixture(scope="module")
def parquet_dir(tmp_path_factory):
    """A dataset folder as the Hub lays it out: data/<split>-*.parquet."""
    root = tmp_path_factory.mktemp("hub-parquet")
    (root / "data").mkdir()
    train = pd.DataFrame({"text": [f"review number {i}, write to user{i}@example.org"
                                   for i in range(40)], "label": [i % 2 for i in range(40)]})
    train.to_parquet(root / "data" / "train-00000-of-00001.parquet")
    pd.DataFrame({"text": ["only one test row"], "label": [1]}).to_parquet(
        root / "data" / "test-00000-of-00001.parquet")
    return root


@pytest.fixture(scope="module")
def saved_dir(tmp_path_factory):
    import datasets

    root = tmp_path_factory.mktemp("hub-saved") / "reviews"
    datasets.DatasetDict({
        "train": datasets.Dataset.from_dict({"text": ["bonjour à tous", "hola"],
                                             "tags": [["fr", "greeting"], []]}),
        "validation": datasets.Dataset.from_dict({"text": ["guten Tag"], "tags": [["de"]]}),
    }).save_to_disk(str(root))
    return root


@pytest.mark.parametrize("ref,expected", [
    ("hf:stanfordnlp/imdb", HubRef("stanfordnlp/imdb")),
    ("hf:stanfordnlp/imdb:plain_text", HubRef("stanfordnlp/imdb", "plain_text")),
    ("hf:stanfordnlp/imdb:plain_text:test", HubRef("stanfordnlp/imdb", "plain_text", "test")),
    ("hf:glue::validation", HubRef("glue", None, "validation")),
    ("hf: owner/name : cfg : train ", HubRef("owner/name", "cfg", "train")),
])
def test_hub_references_are_parsed(ref, expected) -> None:
    assert parse_hub_ref(ref) == expected


@pytest.mark.parametrize("ref", ["hf:", "hf::cfg", "hf:a:b:c:d"])
def test_malformed_hub_references_say_how_to_write_them(ref) -> None:
    with pytest.raises(BadInput, match=r"hf:<dataset id>\[:config\]\[:split\]"):
        parse_hub_ref(ref)


def test_offline_hub_id_is_one_clear_error_naming_the_dataset() -> None:
    with pytest.raises(ModelUnavailable) as err:
        load_table("hf:stanfordnlp/imdb:plain_text:train", max_rows=10)
    message = str(err.value)
    assert "'stanfordnlp/imdb'" in message and "offline" in message
    assert "Traceback" not in message and len(message.splitlines()) == 1


def test_offline_scan_cli_exits_2_with_a_one_line_error(capsys) -> None:
    assert main(["scan", "hf:owner/some-dataset", "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "owner/some-dataset" in captured.err and "offline" in captured.err
    assert len(captured.err.strip().splitlines()) == 1


@pytest.mark.parametrize("split,max_rows,n,truncated,first", [
    (None, 10, 10, True, "review number 0, write to user0@example.org"),  # 'train' by default
    ("train", 100, 40, False, "review number 0, write to user0@example.org"),
    ("test", 5, 1, False, "only one test row"),
])
def test_streams_a_sample_of_a_parquet_dataset_folder(parquet_dir, split, max_rows, n,
                                                      truncated, first) -> None:
    table = load_hub(str(parquet_dir), split=split, max_rows=max_rows, allow_local=True)
    assert table.n_rows == n and table.truncated is truncated
    assert list(table.frame.columns) == ["text", "label"]
    assert table.frame["text"].iloc[0] == first
    assert table.format == "hub" and table.file.endswith(f"::{split or 'train'}")


def test_save_to_disk_folder_with_splits_and_list_columns(saved_dir) -> None:
    table = load_table(f"hf:{saved_dir}")
    assert table.file.endswith("::train") and table.n_rows == 2 and not table.truncated
    assert json.loads(table.frame["tags"].iloc[0]) == ["fr", "greeting"]
    val = load_table(f"hf:{saved_dir}::validation")
    assert val.frame["text"].tolist() == ["guten Tag"]


@pytest.mark.parametrize("split,field,phrase", [
    ("validation", "split", "validation"),
    ("dev", "split", "dev"),
])
def test_unknown_split_names_the_split(parquet_dir, saved_dir, split, field, phrase) -> None:
    folder = parquet_dir if split == "validation" else saved_dir
    with pytest.raises(BadInput) as err:
        load_hub(str(folder), split=split, allow_local=True)
    assert err.value.field == field and phrase in str(err.value)


def test_unknown_config_is_a_config_error(parquet_dir) -> None:
    with pytest.raises(BadInput) as err:
        load_hub(str(parquet_dir), config="no-such-config", allow_local=True)
    assert err.value.field == "config" and "no-such-config" in str(err.value)


def test_the_web_form_cannot_read_server_folders(parquet_dir) -> None:
    """Nor tell whether one exists (issue 14): the same answer as for a missing folder."""
    with pytest.raises(BadInput, match="not a Hugging Face dataset id") as there:
        load_hub(str(parquet_dir))
    with pytest.raises(BadInput) as missing:
        load_hub(str(parquet_dir) + "-missing")
    assert str(there.value).replace(str(parquet_dir), "<id>") == \
        str(missing.value).replace(str(parquet_dir) + "-missing", "<id>")


@pytest.mark.slow
def test_scan_cli_profiles_a_dataset_sample(parquet_dir, capsys) -> None:
    code = main(["scan", f"hf:{parquet_dir}::train", "--max-rows", "12", "--languages", "en",
                 "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["rows"] == 12 and out["truncated"] is True and out["format"] == "hub"
    assert out["pii"]["entities"]["EMAIL_ADDRESS"] == 12
