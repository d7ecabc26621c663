"""Standard probe data files: CrowS-Pairs CSV (antistereo rows keep sent_more as the
stereotypical sentence), StereoSet intrasentence items, SEAT-layout word lists, Hub datasets."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from glasshouse.errors import BadInput, ModelUnavailable
from explorer.probes import formats
from explorer.probes.pairs import Pair, load_hub_pairs, parse_pairs_csv, read_pairs_file

EXAMPLES = Path(__file__).resolve().parents[3] / "explorer" / "probes" / "examples"
CROWS = EXAMPLES / "crows_pairs_format.csv"


def crows_rows() -> list[dict[str, str]]:
    with CROWS.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_crows_csv_keeps_sent_more_as_stereotypical_in_every_direction() -> None:
    rows = crows_rows()
    pairs = parse_pairs_csv(CROWS.read_text(encoding="utf-8"), file=CROWS.name)
    assert len(pairs) == len(rows) == 6
    assert {r["stereo_antistereo"] for r in rows} == {"stereo", "antistereo"}
    for row, pair in zip(rows, pairs):
        assert pair.stereotypical == row["sent_more"]
        assert pair.anti_stereotypical == row["sent_less"]
        assert pair.direction == row["stereo_antistereo"]
        assert pair.bias_type == row["bias_type"]
        assert pair.id == row[""]  # the unnamed index column traces the row back


def test_antistereo_row_is_not_inverted() -> None:
    text = (",sent_more,sent_less,stereo_antistereo,bias_type\n"
            "7,The boys solved it first.,The girls solved it first.,antistereo,gender\n")
    (pair,) = parse_pairs_csv(text)
    assert pair == Pair(stereotypical="The boys solved it first.",
                        anti_stereotypical="The girls solved it first.", bias_type="gender",
                        id="7", direction="antistereo")


def _fake_hub(monkeypatch, ds) -> list:
    import datasets

    calls = []

    def load_dataset(name, config=None, split=None, **kw):
        calls.append((name, config, split))
        return ds

    monkeypatch.setattr(datasets, "load_dataset", load_dataset)
    return calls


CROWS_HUB = {"id": [0, 1],
             "sent_more": ["He fixed the boiler himself.", "The boys won the chess match."],
             "sent_less": ["She fixed the boiler herself.", "The girls won the chess match."],
             "stereo_antistereo": ["stereo", "antistereo"], "bias_type": ["gender", "gender"]}


def test_hub_crows_with_text_labels_keeps_sent_more_stereotypical(monkeypatch) -> None:
    import datasets

    calls = _fake_hub(monkeypatch, datasets.Dataset.from_dict(CROWS_HUB))
    pairs = load_hub_pairs("someone/crows-copy", "test")
    assert calls == [("someone/crows-copy", None, "test")]
    assert [p.stereotypical for p in pairs] == CROWS_HUB["sent_more"]
    assert [p.anti_stereotypical for p in pairs] == CROWS_HUB["sent_less"]
    assert [p.direction for p in pairs] == ["stereo", "antistereo"]


def test_hub_crows_class_label_columns_are_read_by_name(monkeypatch) -> None:
    import datasets

    features = datasets.Features({
        "id": datasets.Value("int32"), "sent_more": datasets.Value("string"),
        "sent_less": datasets.Value("string"),
        "stereo_antistereo": datasets.ClassLabel(names=["stereo", "antistereo"]),
        "bias_type": datasets.ClassLabel(names=["race-color", "socioeconomic", "gender"])})
    data = {**CROWS_HUB, "stereo_antistereo": [0, 1], "bias_type": [2, 1]}
    _fake_hub(monkeypatch, datasets.Dataset.from_dict(data, features=features))
    pairs = load_hub_pairs("someone/crows", "test")
    assert [(p.direction, p.bias_type) for p in pairs] == [("stereo", "gender"),
                                                           ("antistereo", "socioeconomic")]
    assert [p.stereotypical for p in pairs] == CROWS_HUB["sent_more"]


def test_hub_stereoset_intrasentence_columns(monkeypatch) -> None:
    import datasets

    label = datasets.ClassLabel(names=["anti-stereotype", "stereotype", "unrelated"])
    features = datasets.Features({
        "id": datasets.Value("string"), "target": datasets.Value("string"),
        "bias_type": datasets.Value("string"), "context": datasets.Value("string"),
        "sentences": datasets.Sequence({"sentence": datasets.Value("string"),
                                        "gold_label": label})})
    ds = datasets.Dataset.from_dict({
        "id": ["x"], "target": ["chef"], "bias_type": ["profession"],
        "context": ["The chef was BLANK."],
        "sentences": [{"sentence": ["The chef was loud.", "The chef was shy.",
                                    "The chef was wet."], "gold_label": [1, 0, 2]}]},
        features=features)
    calls = _fake_hub(monkeypatch, ds)
    (pair,) = load_hub_pairs("someone/stereoset", "validation", "intrasentence")
    assert calls == [("someone/stereoset", "intrasentence", "validation")]
    assert (pair.stereotypical, pair.anti_stereotypical, pair.unrelated) == (
        "The chef was loud.", "The chef was shy.", "The chef was wet.")


def test_hub_dataset_offline_is_a_clear_error() -> None:
    # the test session runs with HF_HUB_OFFLINE=1: the real datasets.load_dataset is called
    with pytest.raises(ModelUnavailable, match="could not be loaded.*as a file"):
        load_hub_pairs("nyu-mll/crows_pairs", "test")


def test_hub_id_is_checked_before_any_download() -> None:
    with pytest.raises(BadInput) as err:
        load_hub_pairs("../../etc/passwd", "test")
    assert err.value.field == "hub_dataset"


def test_stereoset_published_json_reads_intrasentence_by_gold_label() -> None:
    path = EXAMPLES / "stereoset_intrasentence_format.json"
    pairs = read_pairs_file(path)
    data = json.loads(path.read_text(encoding="utf-8"))["data"]["intrasentence"]
    assert len(pairs) == len(data) == 2  # the intersentence item is not read
    for item, pair in zip(data, pairs):
        by_label = {s["gold_label"]: s["sentence"] for s in item["sentences"]}
        assert pair.stereotypical == by_label["stereotype"]
        assert pair.anti_stereotypical == by_label["anti-stereotype"]
        assert pair.unrelated == by_label["unrelated"]
        assert (pair.id, pair.bias_type) == (item["id"], item["bias_type"])


def test_stereoset_style_items_fill_the_blank() -> None:
    pairs = read_pairs_file(EXAMPLES / "stereoset_style_items.jsonl")
    assert [(p.stereotypical, p.anti_stereotypical, p.unrelated) for p in pairs][0] == (
        "The engineer was antisocial.", "The engineer was outgoing.", "The engineer was orange.")
    assert [p.bias_type for p in pairs] == ["profession", "gender", "age"]


@pytest.mark.parametrize("context,option,expected", [
    ("He is a BLANK.", "engineer", "He is an engineer."),
    ("BLANK people are always late.", "young", "Young people are always late."),
    ("He is a BLANK.", "He is a thief.", "He is a thief."),  # already a whole sentence
    ("BLANK are always late.", "Teenagers are always late.", "Teenagers are always late."),
])
def test_fill_context(context, option, expected) -> None:
    assert formats.fill_context(context, option) == expected


@pytest.mark.parametrize("text,row,field", [
    (",sent_more,sent_less,stereo_antistereo\n0,a,b,maybe\n", 2, "stereo_antistereo"),
    ("sent_more,sent_less\na,\n", 2, "sent_less"),
    ("sent_more,sent_less\nsame,same\n", 2, "sent_less"),
    ("sent_more,sent_less\na,b,c\n", 2, None),
    ("context,stereotype,anti_stereotype\nNo blank here.,x,y\n", 2, "context"),
    ("sent_more,sent_less\n" + "x" * 3000 + ",b\n", 2, "sent_more"),
])
def test_bad_pair_rows_name_row_and_field(text, row, field) -> None:
    with pytest.raises(BadInput) as err:
        parse_pairs_csv(text, file="f.csv")
    assert (err.value.file, err.value.row, err.value.field) == ("f.csv", row, field)


def test_unknown_columns_list_every_accepted_layout() -> None:
    with pytest.raises(BadInput, match="sent_more, sent_less.*context, stereotype"):
        parse_pairs_csv("a,b\n1,2\n")


@pytest.mark.parametrize("items,match", [
    ([{"sentences": [{"sentence": "a", "gold_label": 1}], "context": "BLANK"}], "label name"),
    ([{"sentences": [{"sentence": "A x.", "gold_label": "stereotype"}], "context": "A BLANK."}],
     "no 'anti-stereotype'"),
    (["just text"], "JSON object"),
])
def test_bad_stereoset_items(items, match) -> None:
    with pytest.raises(BadInput, match=match) as err:
        formats.pairs_from_records(items, file="s.json")
    assert err.value.row == 1


# ------------------------------------------------------------------ WEAT / SEAT layout


def test_sent_bias_layout_reads_and_writes_back_losslessly() -> None:
    path = EXAMPLES / "seat_format.jsonl"
    raw = json.loads(path.read_text(encoding="utf-8"))
    params = formats.read_config("weat", path)
    assert params["target_x_name"] == "Instruments" and params["target_x"][0] == "violin"
    assert params["attribute_b"] == raw["attr2"]["examples"]
    from explorer.probes.registry import get

    parsed = get("weat").parse_params({**params, "n_boot": 200})
    assert formats.weat_to_sent_bias(parsed) == raw


def test_sent_bias_jsonl_with_one_object_per_line(tmp_path) -> None:
    one = {k: {"category": k.upper(), "examples": [f"{k}1", f"{k}2"]}
           for k in formats.SENT_BIAS_KEYS}
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(one) + "\n")
    assert formats.read_config("weat", path)["attribute_a"] == ["attr11", "attr12"]
    path.write_text(json.dumps(one) + "\n" + json.dumps(one) + "\n")
    with pytest.raises(BadInput, match="holds 2 tests"):
        formats.read_config("weat", path)


@pytest.mark.parametrize("change,field", [
    (lambda d: d.pop("attr2"), "attr2"),
    (lambda d: d["targ1"].update(examples=[]), "targ1.examples"),
    (lambda d: d["targ2"].update(examples="violin"), "targ2.examples"),
])
def test_bad_sent_bias_files_name_the_field(tmp_path, change, field) -> None:
    data = json.loads((EXAMPLES / "seat_format.jsonl").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(BadInput) as err:
        formats.read_config("weat", path)
    assert (err.value.file, err.value.field) == (str(path), field)


def test_plain_json_parameters_still_work(tmp_path) -> None:
    path = tmp_path / "c.json"
    path.write_text('{"target_x": ["a", "b"], "n_boot": 300}')
    assert formats.read_config("weat", path) == {"target_x": ["a", "b"], "n_boot": 300}


def test_oversized_file_is_refused_before_reading(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.csv"
    path.write_text("sent_more,sent_less\n" + "a,b\n" * 100)
    with pytest.raises(BadInput, match="at most"):
        formats.read_config("pairs", path)


# ------------------------------------------------------------------ running on a CrowS file


def test_pairs_probe_scores_the_crows_file_in_its_direction(monkeypatch) -> None:
    """With a scorer that prefers shorter sentences, each row's decision follows sent_more vs
    sent_less, antistereo rows included."""
    from explorer.probes import pairs as pairs_module
    from explorer.probes.registry import get

    class ShortIsLikely:
        def sentences(self, texts, batch_size=32, progress=None):
            return [-float(len(t)) for t in texts]

    monkeypatch.setattr(pairs_module, "scorer_for", lambda model: ShortIsLikely())
    probe = get("pairs")
    raw = formats.read_config("pairs", CROWS)
    result = probe.run(probe.parse_params({**raw, "n_boot": 200}), "fake")
    ties = 0
    for row, detail in zip(crows_rows(), result.details):
        assert detail["stereotypical"] == row["sent_more"]
        assert detail["direction"] == row["stereo_antistereo"]
        more, less = len(row["sent_more"]), len(row["sent_less"])
        # a tie prefers neither sentence and is left out of the share (probe contract)
        assert detail["prefers_stereotypical"] == (None if more == less else more < less)
        ties += more == less
    assert len(result.details) == 6 and result.n == 6 - ties


@pytest.mark.parametrize("name", ["crows_pairs_format.csv", "stereoset_intrasentence_format.json",
                                  "stereoset_style_items.jsonl"])
def test_upload_text_in_any_layout_gives_the_same_pairs_as_the_file(name) -> None:
    path = EXAMPLES / name
    assert parse_pairs_csv(path.read_text(encoding="utf-8"), file=name) == read_pairs_file(path)


def test_upload_tsv_and_pairs_list() -> None:
    tsv = "sent_more\tsent_less\tbias_type\nHe, too, ran.\tShe, too, ran.\tgender\n"
    (pair,) = parse_pairs_csv(tsv)
    assert (pair.stereotypical, pair.anti_stereotypical) == ("He, too, ran.", "She, too, ran.")
    listed = json.dumps([{"stereotypical": "a b", "anti_stereotypical": "a c"}])
    assert parse_pairs_csv(listed)[0].anti_stereotypical == "a c"


def test_pairs_probe_progress_moves_per_batch(monkeypatch) -> None:
    from explorer.probes import pairs as pairs_module
    from explorer.probes.registry import get

    class Batched:
        def sentences(self, texts, batch_size=32, progress=None):
            for done in range(4, len(texts) + 4, 4):
                progress(min(done, len(texts)), len(texts))
            return [-float(len(t)) for t in texts]

    monkeypatch.setattr(pairs_module, "scorer_for", lambda model: Batched())
    seen = []
    probe = get("pairs")
    raw = formats.read_config("pairs", CROWS)  # 6 pairs, 12 sentences, 3 batches
    probe.run(probe.parse_params({**raw, "n_boot": 200}), "fake",
              lambda f, m: seen.append((round(f, 4), m)))
    batch = [(f, m) for f, m in seen if m.startswith("scoring sentences")]
    assert [m for _, m in batch] == [f"scoring sentences: {k} of 12" for k in (4, 8, 12)]
    assert [f for f, _ in batch] == sorted(f for f, _ in batch) and batch[-1][0] == 0.9
