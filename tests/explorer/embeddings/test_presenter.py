"""What the Embeddings tab shows, without a browser: the presenter functions its callbacks call
(form -> request, draw, selection, neighbours, colour by language detected once per text)."""

from __future__ import annotations

import json
import threading
from types import SimpleNamespace

import pandas as pd
import pytest

from explorer.embeddings import maps as M
from explorer.embeddings import presenter as P
from glasshouse.errors import BadInput

PETS = ["cat sleeps on sofa", "cat chases mouse", "kitten and cat play", "cat purrs softly"]
MONEY = ["bank raised interest rates", "rates rise at bank", "bank interest rates fall",
         "central bank rates"]
FRENCH = ["le chat dort sur le canapé", "la banque a monté ses taux"]


def form(**changes) -> P.DrawForm:
    values = dict(column="text", model="minilm-en", method_label=next(iter(P.METHODS)), dims=2,
                  umap_neighbours=15, umap_min_dist=0.1, umap_metric="cosine",
                  clusters_label=next(iter(P.CLUSTERS)), n_clusters=2,
                  backend_label=next(iter(P.BACKENDS)))
    values.update(changes)
    return P.DrawForm(**values)


class CountingDetector:
    """Stands in for lingua: 'fr' for texts with French words, else 'en'; counts its calls."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def detect_language_of(self, text: str):
        self.asked.append(text)
        code = "FR" if any(w in text.split() for w in ("le", "la")) else "EN"
        return SimpleNamespace(iso_code_639_1=SimpleNamespace(name=code))


@pytest.fixture
def detector(monkeypatch):
    det = CountingDetector()
    monkeypatch.setattr("glasshouse.models.load", lambda name, kind=None: det)
    monkeypatch.setattr(M, "_languages_seen", {})
    monkeypatch.setattr(M, "_detector_warm", threading.Event())
    monkeypatch.setattr("glasshouse.models.is_loaded", lambda name, kind=None: False)
    return det


@pytest.mark.parametrize("changes, expected", [
    ({}, {"method": "pca", "clusters": "kmeans", "n_clusters": 2, "backend": "torch"}),
    ({"n_clusters": 0}, {"n_clusters": None}),  # 0 = choose automatically
    ({"n_clusters": 1}, {"n_clusters": None}),
    ({"method_label": "UMAP: keeps close neighbours together (slower)", "dims": 3,
      "umap_neighbours": 30.0}, {"method": "umap", "dims": 3}),
    ({"clusters_label": "no clusters", "backend_label": "ONNX Runtime (same results)",
      "model": "  use-multilingual "}, {"clusters": "none", "backend": "onnx",
                                         "model": "use-multilingual"}),
])
def test_the_form_becomes_the_request_it_names(changes, expected) -> None:
    req = form(**changes).request("text")
    for key, value in expected.items():
        assert getattr(req, key) == value, key
    assert req.umap.n_components == req.dims


def test_text_columns_are_offered_first() -> None:
    frame = pd.DataFrame({"id": [1, 2], "text": ["a", "b"], "score": [0.1, 0.2],
                          "note": ["x", "y"]})
    assert P.text_columns_first(frame) == ["text", "note", "id", "score"]


def test_draw_pasted_texts_gives_map_summary_and_colour_choices(fake_model, detector) -> None:
    drawn = P.draw(None, "\n".join(PETS + ["", "  "] + MONEY), form(column=None),
                   username="ada", keep_with_dataset=False)
    assert drawn.map.n == 8 and drawn.map.column.rows == list(range(1, 9))
    assert drawn.summary.startswith("**8 texts** mapped with `minilm-en`")
    assert drawn.colour_by == "cluster" and "detected_language" in drawn.colour_options
    assert len(drawn.figure.data) == 2  # one trace per cluster


def test_selection_lists_the_rows_sent_by_the_browser(fake_model, detector) -> None:
    frame = pd.DataFrame({"text": PETS + [""] + MONEY, "topic": ["pets"] * 5 + ["money"] * 4})
    m = P.draw(frame, "", form(), username="ada", keep_with_dataset=False).map
    s = P.selection(m, json.dumps([9, 2, 5, 77]))  # row 5 is empty (not on the map), 77 absent
    assert s.note == "**2 of 8 texts selected.**"
    assert s.table["row"].tolist() == [2, 9]
    assert s.table["text"].tolist() == [PETS[1], MONEY[3]]
    assert s.table["topic"].tolist() == ["pets", "money"]
    empty = P.selection(m, "[]")
    assert empty.table is None and empty.note == "No points selected."


def test_neighbours_table_then_the_map_marks_them(fake_model, detector) -> None:
    m = P.draw(None, "\n".join(PETS + MONEY), form(column=None), username="ada",
               keep_with_dataset=False).map
    n = P.neighbours(m, "bank interest rates fall", 3)
    assert n.table["row"].tolist()[0] == 7  # the same text, first
    assert set(n.table["row"]) <= {5, 6, 7, 8}
    sims = n.table["similarity"].tolist()
    assert sims == sorted(sims, reverse=True) and sims[0] == pytest.approx(1.0, abs=1e-3)
    fig = P.recolour(m, "cluster", n.query)
    names = [t.name for t in fig.data]
    assert "nearest neighbours" in names and "your sentence" in names
    assert len(fig.data[names.index("nearest neighbours")].x) == 3
    with pytest.raises(BadInput):
        P.neighbours(None, "anything", 3)
    with pytest.raises(BadInput):
        P.neighbours(m, "   ", 3)


def test_languages_are_detected_in_the_background_once_per_text(fake_model, detector) -> None:
    M.detect_languages(["a first text loads the detector"])
    texts = PETS + FRENCH
    m = P.draw(None, "\n".join(texts), form(column=None), username="ada",
               keep_with_dataset=False).map
    assert m.wait_for_languages() == ["en"] * 4 + ["fr"] * 2
    assert sorted(detector.asked[1:]) == sorted(texts)  # each text once, in the background
    fig = P.recolour(m, m.language_name)
    assert sorted(t.name for t in fig.data) == ["en · English (4)", "fr · French (2)"]
    assert "detected_language" in M.rows_table(m, [0]).columns
    # the same texts on a new map (drawn again, or another session): nothing asked again
    again = P.draw(None, "\n".join(texts + ["a new cat text"]), form(column=None),
                   username="ada", keep_with_dataset=False).map
    assert again.wait_for_languages()[-1] == "en"
    assert sorted(detector.asked[1:]) == sorted(texts + ["a new cat text"])


def test_a_cold_detector_is_not_loaded_in_the_background(fake_model, detector) -> None:
    """lingua holds the GIL while it loads its models: loading them in a background thread
    froze the server (a 5,000-text map drawn next waited minutes)."""
    m = P.draw(None, "\n".join(PETS + FRENCH), form(column=None), username="ada",
               keep_with_dataset=False).map
    assert m._language_thread is None and detector.asked == []
    assert m.wait_for_languages() == ["en"] * 4 + ["fr"] * 2  # when she asks for it


def test_a_map_without_background_detection_detects_when_asked(fake_model, detector) -> None:
    import pandas as pd

    m = M.build_map(pd.DataFrame({"text": FRENCH + PETS[:2]}),
                    M.MapRequest(text_column="text", clusters="none"))
    seen = []
    assert m.wait_for_languages(lambda d, t: seen.append((d, t))) == ["fr", "fr", "en", "en"]
    assert seen[-1] == (4, 4)


def test_a_map_can_be_copied_while_its_languages_are_detected(fake_model, detector) -> None:
    import copy
    import pickle

    m = P.draw(None, "\n".join(PETS), form(column=None), username="ada",
               keep_with_dataset=False).map
    for twin in (copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
        assert twin.wait_for_languages() == ["en"] * 4


def test_compare_and_export_need_a_map_first(fake_model) -> None:
    with pytest.raises(BadInput, match="draw a map first"):
        P.comparison(None, "use-multilingual", 10)
    with pytest.raises(BadInput, match="draw a map first"):
        P.export_files(None, "cluster")
    with pytest.raises(BadInput, match="parallel sentences"):
        P.cross_lingual_view(None, ["en", "fr"], "use-multilingual")


SURVEY = ["cat sleeps on sofa", "write to ada.lovelace@example.org about the cat",
          "bank raised interest rates", "call 020 7946 0958 about bank rates",
          "cat chases mouse", "rates rise at bank"]
# as the Datasets tab keeps a scan's findings: [frame position, column, start, end, type]
SPANS = [[1, "text", 9, 33, "EMAIL_ADDRESS"], [3, "text", 5, 18, "PHONE_NUMBER"],
         [1, "contact", 0, 8, "PERSON"]]


def _survey() -> pd.DataFrame:
    return pd.DataFrame({"text": SURVEY, "contact": ["-", "Ada King", "-", "-", "-", "-"]})


def test_personal_information_found_by_the_scan_is_masked_everywhere_the_map_shows(
        fake_model, detector, tmp_path) -> None:
    m = M.build_map(_survey(), M.MapRequest(text_column="text", n_clusters=2), pii_spans=SPANS)
    shown = " ".join(m.display_texts)
    assert "ada.lovelace@example.org" not in shown and "7946" not in shown
    assert m.display_texts[1] == "write to <EMAIL_ADDRESS> about the cat"
    assert m.display_texts[3] == "call <PHONE_NUMBER> about bank rates"
    assert m.texts[1] == SURVEY[1]  # the model still read the text as written
    hovers = " ".join(h for t in M.figure(m).data for h in t.hovertext)
    assert "&lt;EMAIL_ADDRESS&gt;" in hovers and "ada.lovelace" not in hovers  # as HTML text
    table = M.rows_table(m, [1, 3])
    assert table["text"].tolist() == [m.display_texts[1], m.display_texts[3]]
    assert table["contact"].tolist() == ["<PERSON>", "-"]
    labels = " ".join(m.clustering.names.values())
    assert "lovelace" not in labels and "7946" not in labels
    assert "email" not in labels.lower() and "phone" not in labels.lower()
    csv = M.export_coordinates(m, tmp_path / "map.csv").read_text(encoding="utf-8")
    assert "ada.lovelace" not in csv and "<EMAIL_ADDRESS>" in csv


def test_a_map_of_the_loaded_dataset_is_masked_with_its_profile(fake_model, detector) -> None:
    from explorer.datasets.loading import LoadedTable
    from explorer.datasets.workspace import store

    store().save_table("ada", LoadedTable(_survey(), "survey.csv", "csv", "utf-8"),
                       text_column="text")
    store().save_results("ada", "profile", {"summary": "…", "spans": SPANS})
    data = P.loaded_dataset("ada")
    assert data.text_column == "text" and "masked" in data.note
    drawn = P.draw(data.frame, "", form(), username="ada", keep_with_dataset=True)
    assert "ada.lovelace" not in " ".join(drawn.map.display_texts)
    hovers = " ".join(h for t in drawn.figure.data for h in t.hovertext)
    assert "ada.lovelace" not in hovers and "&lt;EMAIL_ADDRESS&gt;" in hovers
    # a separate upload of the same file is not the scanned dataset: shown as uploaded
    other = P.draw(_survey(), "", form(), username="ada", keep_with_dataset=False)
    assert other.map.display_texts == SURVEY
