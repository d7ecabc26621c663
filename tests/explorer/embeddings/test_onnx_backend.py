"""ONNX Runtime backends: same vectors as PyTorch (fp32) or close to them (int8), exported once,
cached apart from PyTorch's vectors, clear errors for models they cannot run."""

from __future__ import annotations

import os
import re

import numpy as np
import pytest

from explorer.embeddings import embed as E
from explorer.embeddings import onnx_backend as O
from glasshouse.errors import BadInput, ModelUnavailable

# the same few statements in eight languages and scripts, plus a long one (truncation/padding)
MULTILINGUAL = [
    "The central bank raised interest rates again this spring.",
    "La banque centrale a encore relevé ses taux d'intérêt ce printemps.",
    "El banco central volvió a subir los tipos de interés esta primavera.",
    "Die Zentralbank hat in diesem Frühjahr die Zinsen erneut erhöht.",
    "Центральный банк снова повысил процентные ставки этой весной.",
    "中央银行今年春天再次提高了利率。",
    "رفع البنك المركزي أسعار الفائدة مرة أخرى هذا الربيع.",
    "中央銀行はこの春、再び金利を引き上げた。",
    "My grandmother grows tomatoes and beans in her small garden by the river.",
    "Ma grand-mère cultive des tomates et des haricots dans son petit jardin.",
    "Short.",
    " ".join(["A very long text that goes on and on to pass the model's length limit."] * 40),
]
# texts of 1-3 words, where int8 errors weigh most (the [CLS]/[SEP] tokens are half the mean)
SHORT = [
    "Short.", "cat", "Yes", "no", "ok", "Thanks!", "hello world", "New York", "bank",
    "river bank", "interest rates", "machine learning", "42", "COVID-19", ":)", "#climate",
    "I agree.", "Why?", "le chat", "merci beaucoup", "der Hund", "gato negro", "obrigado",
    "Спасибо", "привет мир", "猫", "你好", "ありがとう", "مرحبا", "شكرا جزيلا", "नमस्ते",
    "안녕하세요", "asante sana", "Γεια σου", "שלום", "dziękuję", "kiitos", "not good",
    "terrible food", "stock market",
]


@pytest.fixture(scope="module")
def shared_export(tmp_path_factory):
    """One export for the whole module (exporting takes several seconds)."""
    old = os.environ.get("GLASSHOUSE_CACHE_DIR")
    os.environ["GLASSHOUSE_CACHE_DIR"] = str(tmp_path_factory.mktemp("onnx-cache"))
    O._loaded.clear()
    yield
    O._loaded.clear()
    if old is None:
        os.environ.pop("GLASSHOUSE_CACHE_DIR", None)
    else:
        os.environ["GLASSHOUSE_CACHE_DIR"] = old


@pytest.mark.slow
@pytest.mark.parametrize("backend,min_cos,mean_cos", [("onnx", 0.9999, 0.9999),
                                                       ("onnx-int8", 0.99, 0.995)])
@pytest.mark.parametrize("texts", [MULTILINGUAL, SHORT], ids=["sentences", "short-texts"])
def test_onnx_vectors_match_pytorch_per_text(shared_export, backend, min_cos, mean_cos,
                                             texts) -> None:
    # int8 (smoothed; feed-forward outputs and attention values float32), measured here:
    # sentences min 0.999, short texts min 0.995 ("Thanks!"); plain per-channel int8: 0.96
    ref = E.embed_texts(texts, "minilm-en", use_cache=False).vectors
    got = E.embed_texts(texts, "minilm-en", use_cache=False, backend=backend)
    assert got.backend == backend and got.vectors.shape == ref.shape
    np.testing.assert_allclose(np.linalg.norm(got.vectors, axis=1), 1.0, atol=1e-5)
    cos = (got.vectors * ref).sum(axis=1)
    assert cos.min() >= min_cos, (backend, dict(zip(texts, cos.round(4).tolist())))
    assert cos.mean() >= mean_cos, (backend, cos.round(4).tolist())


@pytest.mark.slow
def test_smoothing_leaves_the_float32_model_unchanged(shared_export, tmp_path) -> None:
    import onnxruntime as ort

    E.embed_texts(["warm"], "minilm-en", use_cache=False, backend="onnx")  # exports
    folder = O.export_dir(E.model_fingerprint("minilm-en"))
    emb = O.load("minilm-en", "onnx", E.model_fingerprint("minilm-en"))

    def tokenize(text):
        return emb.tokenizer([text], return_tensors="np")

    kept = O.smooth(folder / O.FP32_FILE, tmp_path / "s.onnx", tokenize,
                    O.INT8_RECIPE["calibration"], 0.6)
    assert len(kept) == 6 and all(re.search(r"layer\.\d/output/dense", n) for n in kept)
    enc = emb.tokenizer(SHORT[:8] + MULTILINGUAL[:4], padding=True, return_tensors="np")
    feeds = {k: enc[k].astype(np.int64) for k in ("input_ids", "attention_mask")}
    before = ort.InferenceSession(str(folder / O.FP32_FILE)).run(None, feeds)[0]
    after = ort.InferenceSession(str(tmp_path / "s.onnx")).run(None, feeds)[0]
    np.testing.assert_allclose(after, before, rtol=1e-3, atol=1e-3)


def test_exports_of_an_older_recipe_are_removed_others_kept(isolated_cache, monkeypatch) -> None:
    def fake_export(fingerprint, model_fp):
        folder = O.export_dir(fingerprint)
        folder.mkdir(parents=True)
        (folder / O.META_FILE).write_text(f'{{"fingerprint": "{model_fp}"}}')
        return folder

    with monkeypatch.context() as m:
        m.setattr(O, "INT8_RECIPE_ID", "oldrecipe")
        old = fake_export("minilm-en@1", "minilm-en@1")
        other_model = fake_export("minilm-en@1-custom", "minilm-en@1-custom")
    current = fake_export("minilm-en@1", "minilm-en@1")
    unreadable = current.with_name(current.name.rsplit("-", 1)[0] + "-deadbeef")
    unreadable.mkdir()
    assert O.remove_stale_exports(current, "minilm-en@1") == [old]
    assert not old.exists()
    assert current.exists() and other_model.exists() and unreadable.exists()


def test_a_new_int8_recipe_never_reuses_old_exports_or_vectors(monkeypatch) -> None:
    other = O.recipe_id({**O.INT8_RECIPE, "smooth_alpha": 0.5})
    assert other != O.INT8_RECIPE_ID
    folder = O.export_dir("m@1")
    int8_key, fp32_key = E.cache_fingerprint("m", "onnx-int8"), E.cache_fingerprint("m", "onnx")
    monkeypatch.setattr(O, "INT8_RECIPE_ID", other)
    assert O.export_dir("m@1") != folder
    assert E.cache_fingerprint("m", "onnx-int8") != int8_key
    assert E.cache_fingerprint("m", "onnx") == fp32_key  # float32 vectors do not depend on it


@pytest.mark.slow
def test_export_is_written_once_and_reused(shared_export) -> None:
    E.embed_texts(MULTILINGUAL[:2], "minilm-en", use_cache=False, backend="onnx")
    folder = O.export_dir(E.model_fingerprint("minilm-en"))
    files = {p.name for p in folder.iterdir()}
    assert {O.FP32_FILE, O.INT8_FILE, O.META_FILE, "tokenizer"} <= files
    assert os.path.getsize(folder / O.INT8_FILE) < 0.85 * os.path.getsize(folder / O.FP32_FILE)
    stamp = (folder / O.FP32_FILE).stat().st_mtime_ns
    O._loaded.clear()  # as in a new process: loads the files, does not export again
    E.embed_texts(MULTILINGUAL[2:4], "minilm-en", use_cache=False, backend="onnx-int8")
    assert (folder / O.FP32_FILE).stat().st_mtime_ns == stamp


def test_a_damaged_export_is_reported_and_removed(isolated_cache) -> None:
    folder = O.export_dir("minilm-en@damaged")
    folder.mkdir(parents=True)
    (folder / O.META_FILE).write_text('{"dim": 384, "max_seq_length": 256, "normalize": true}')
    (folder / O.FP32_FILE).write_bytes(b"not a model")
    with pytest.raises(ModelUnavailable, match="could not be read"):
        O.load("minilm-en", "onnx", "minilm-en@damaged")
    assert not folder.exists()  # the next call exports afresh


def test_backends_have_separate_caches(fake_model, monkeypatch) -> None:
    monkeypatch.setattr(E, "load_backend_embedder", lambda model, backend: fake_model)
    texts = ["alpha", "beta", "gamma"]
    assert E.embed_texts(texts, "m").n_computed == 3
    assert E.embed_texts(texts, "m", backend="onnx-int8").n_computed == 3
    assert E.embed_texts(texts, "m", backend="onnx").n_computed == 3
    for backend in ("torch", "onnx", "onnx-int8"):
        assert E.embed_texts(texts, "m", backend=backend).n_from_cache == 3
    keys = {E.cache_fingerprint("m", b) for b in O.BACKENDS}
    assert len(keys) == 3


@pytest.mark.parametrize("backend", ["tensorrt", "int4", "ONNX-fp16"])
def test_unknown_backend_is_bad_input(fake_model, backend) -> None:
    with pytest.raises(BadInput, match="unknown backend.*torch, onnx, onnx-int8"):
        E.embed_texts(["a"], "m", backend=backend)


@pytest.mark.parametrize("model", ["use-multilingual", "e5-small-multilingual"])
def test_models_on_their_own_runtime_are_refused_clearly(isolated_cache, monkeypatch,
                                                         model) -> None:
    from glasshouse import models

    class NotSentenceTransformers:  # what the registry returns for these: no .model/.tokenizer
        def encode(self, texts, batch_size=64):
            raise AssertionError("must not be called")

    monkeypatch.setattr(models, "load", lambda name, kind=None: NotSentenceTransformers())
    with pytest.raises(ModelUnavailable, match="own runtime.*backend torch"):
        E.embed_texts(["a text"], model, backend="onnx")


def test_cli_map_accepts_backend_and_rejects_unknown(capsys) -> None:
    from glasshouse.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["map", "x.csv", "--text-column", "t", "--out", "m.html", "--backend", "tpu"])
    assert exc.value.code == 2
    assert "--backend" in capsys.readouterr().err
