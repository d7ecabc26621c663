"""Optional ONNX Runtime backends for sentence-transformers models: "onnx" (float32) and
"onnx-int8" (weights quantised to 8 bits).

sentence-transformers' own ``backend="onnx"`` needs ``optimum``, whose releases pin older
transformers/huggingface-hub than this project does, so we export the model ourselves:

1. the transformer of the loaded SentenceTransformer is exported with ``torch.onnx.export``
   (inputs ``input_ids``/``attention_mask`` -> token embeddings, batch and length dynamic);
2. the int8 copy comes from ``onnxruntime.quantization.quantize_dynamic`` after a smoothing
   step (see ``INT8_RECIPE``). Dynamic int8 quantises each activation tensor with one scale,
   and BERT-style models put huge values in a few channels of a few tokens ([CLS] reaches ~30
   in channel 99 of MiniLM where other values stay below ~3), so one scale fits none of them:
   plain per-channel int8 gave a cosine of only ~0.96 to float32 on 1-3-word texts, where the
   outlier token is a quarter of the mean. Before quantising, every dense layer's input is
   divided per channel by s = max|x|^a / max|w|^(1-a) (activation maxima from a few built-in
   calibration texts) and the weight rows are multiplied by s (exact in float32; the "smoothing"
   of Xiao et al., 2023, SmoothQuant). Weights are then 8-bit per output channel (unsigned:
   ONNX Runtime's u8 x s8 kernel can saturate on CPUs without VNNI). The feed-forward output
   layers (the down-projections, after GELU) stay float32: their sparse outliers are not
   helped by smoothing and cost up to 0.02 cosine on short texts; so do the attention value
   projections, the most sensitive of the rest (they lift the worst short text from 0.991 to
   0.994 over many batch mixes, for ~2% of the speed);
3. pooling and normalisation follow the model's own modules (mean over real tokens, then L2),
   computed in numpy, so the result matches ``SentenceTransformer.encode``.

Exports are written once under ``<cache_dir>/onnx/<model fingerprint>-<digest>/`` (never
committed; the digest covers the export format and the int8 recipe, so changing either never
reuses old files) and reused by later processes; within a process each backend model is loaded
once.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from glasshouse.config import settings
from glasshouse.errors import BadInput, ModelUnavailable

BACKENDS = ("torch", "onnx", "onnx-int8")
BACKEND_HELP = {
    "torch": "PyTorch, as sentence-transformers runs it (the reference)",
    "onnx": "ONNX Runtime, same numbers as PyTorch (float32)",
    "onnx-int8": "ONNX Runtime with 8-bit weights: smaller and usually faster, vectors differ "
                 "very slightly (cosine >= 0.99 to PyTorch)",
}
FORMAT_VERSION = 2  # bump when the export recipe changes: old exports are then ignored
# How the int8 copy is made. Measured on MiniLM (60 texts of 1-3 words in 20+ languages, 19
# sentences in 10 languages; min / mean cosine to float32 PyTorch):
#   plain per-channel int8, all dense layers            short 0.959 / 0.988  sentences 0.987
#   same, feed-forward outputs float32 (recipe v1)      short 0.967 / 0.992  sentences 0.993
#   smoothing a=0.6, feed-forward outputs float32      short 0.992 / 0.998  sentences 0.998
#   same, attention values float32 too (recipe v2)     short 0.995 / 0.999  sentences 0.999
# (a=0.4/0.5/0.7/0.85 gave short min 0.991/0.988/0.992/0.990; quantising the feed-forward
# outputs too, smoothed, drops short min to ~0.98.) Dynamic int8 scales each tensor over the
# whole batch, so a text's cosine depends a little on its batch neighbours: over 96 short
# texts shuffled into batches of 1-128 the worst was 0.991 without and 0.994 with the values
# in float32. Speed on an AVX2 CPU without VNNI (1 thread, CPU time vs ONNX float32): 1.05x
# (all dense layers int8, unsmoothed: 1.22x); CPUs with VNNI gain more from int8.
INT8_RECIPE: dict[str, Any] = {
    "weights": "uint8 per output channel",
    "smooth_alpha": 0.6,
    "float32": "feed-forward down-projections, attention value projections",
    # calibration: short and long texts in several languages and scripts (none of them in
    # the tests), run one at a time so padding never counts
    "calibration": [
        "What a lovely day!", "no way", "Hi", "Merci.", "Sure thing", "gracias", "Danke schön",
        "ясно", "谢谢你", "おはよう", "أهلا", "A short note.", "Results", "user123", "N/A",
        "5 stars", "lol",
        "The train was late again because of the snow on the tracks.",
        "Le musée ouvre ses portes gratuitement le premier dimanche du mois.",
        "Das Wetter wird morgen sonnig und warm.", "Мы поедем на дачу в субботу утром.",
        "我们明天早上去公园散步。", "الطقس جميل اليوم في المدينة.",
        "Customer support never answered my emails about the broken charger.",
    ],
}


def recipe_id(recipe: dict[str, Any]) -> str:
    """Short digest of an int8 recipe: part of the export folder's and the vectors' cache keys."""
    return hashlib.sha1(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:8]


INT8_RECIPE_ID = recipe_id(INT8_RECIPE)
FP32_FILE, INT8_FILE, META_FILE = "model.onnx", "model.int8.onnx", "meta.json"

_loaded: dict[tuple[str, str], OnnxEmbedder] = {}
_lock = threading.Lock()


def check_backend(backend: str) -> str:
    backend = (backend or "torch").strip().lower()
    if backend not in BACKENDS:
        raise BadInput(f"unknown backend '{backend}'; use one of {', '.join(BACKENDS)}",
                       field="backend")
    return backend


def export_dir(fingerprint: str, root: Path | None = None) -> Path:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", fingerprint)[:80]
    digest = hashlib.sha1(f"{fingerprint}#{FORMAT_VERSION}#{INT8_RECIPE_ID}".encode()) \
        .hexdigest()[:8]
    return (root or settings().cache_dir / "onnx") / f"{slug}-{digest}"


class OnnxEmbedder:
    """Same interface as the registry's embedders: ``encode(texts, batch_size) -> (n, dim)``
    float32 rows, L2-normalised when the model's pipeline normalises."""

    def __init__(self, folder: Path, quantized: bool, name: str) -> None:
        import os

        import onnxruntime as ort
        from transformers import AutoTokenizer

        meta = json.loads((folder / META_FILE).read_text())
        self.name, self.folder, self.quantized = name, folder, quantized
        self.dim = int(meta["dim"])
        self.max_length = int(meta["max_seq_length"])
        self.lower = bool(meta.get("do_lower_case", False))
        self.normalize = bool(meta["normalize"])
        self.tokenizer = AutoTokenizer.from_pretrained(folder / "tokenizer")
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, os.cpu_count() or 1)
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(folder / (INT8_FILE if quantized else FP32_FILE)),
                                            options, providers=["CPUExecutionProvider"])

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> Any:
        import numpy as np

        texts = [t.lower() if self.lower else t for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # longest first, as sentence-transformers does: batches of similar length pad little
        order = np.argsort([-len(t) for t in texts], kind="stable")
        for s in range(0, len(texts), batch_size):
            idx = order[s:s + batch_size]
            enc = self.tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                                 max_length=self.max_length, return_tensors="np")
            mask = enc["attention_mask"].astype(np.int64)
            tokens = self.session.run(None, {"input_ids": enc["input_ids"].astype(np.int64),
                                             "attention_mask": mask})[0]
            m = mask[..., None].astype(np.float32)
            pooled = (tokens * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
            if self.normalize:
                pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            out[idx] = pooled
        return out


def _pipeline_parts(st: Any, model: str) -> tuple[Any, dict[str, Any]]:
    """The transformer module and what pooling/normalising the pipeline does; refuses
    pipelines this exporter would get wrong (CLS or max pooling, extra dense layers)."""
    names = [type(m).__name__ for m in st]
    if names not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        raise ModelUnavailable(f"the ONNX backend supports Transformer + mean Pooling "
                               f"(+ Normalize) pipelines; '{model}' has {' + '.join(names)}")
    pooling = st[1]
    mode = getattr(pooling, "pooling_mode", None)
    if mode is None:  # older sentence-transformers: one flag per mode
        mode = [k[len("pooling_mode_"):].replace("_tokens", "").replace("_token", "")
                for k, v in vars(pooling).items() if k.startswith("pooling_mode_") and v is True]
    modes = [str(getattr(m, "value", m)) for m in ([mode] if isinstance(mode, str) else mode)]
    if modes != ["mean"]:
        raise ModelUnavailable(f"the ONNX backend supports mean pooling only; '{model}' uses "
                               f"{', '.join(modes) or 'another pooling'}")
    transformer = st[0]
    meta = {"dim": int(st.get_embedding_dimension()),
            "max_seq_length": int(transformer.max_seq_length or 512),
            "do_lower_case": bool(getattr(transformer, "do_lower_case", False)),
            "normalize": names[-1] == "Normalize", "format": FORMAT_VERSION,
            "int8_recipe": INT8_RECIPE_ID}
    return transformer, meta


def export(model: str, fingerprint: str, folder: Path) -> Path:
    """Export `model` (a registry name or Hub id of a sentence-transformers model) to `folder`:
    float32 and int8 ONNX files, its tokenizer and meta.json. Written to a temporary folder and
    renamed, so a concurrent or interrupted export never leaves a half folder that is read."""
    import torch

    from glasshouse import models

    loaded = models.load(model, kind="sentence-embedding")
    st = getattr(loaded, "model", None)
    if st is None or not hasattr(st, "tokenizer"):
        raise ModelUnavailable(f"the ONNX backend needs a sentence-transformers model; "
                               f"'{model}' runs on its own runtime (use backend torch)")
    transformer, meta = _pipeline_parts(st, model)
    meta["model"], meta["fingerprint"] = model, fingerprint

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask)[0]

    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".export-"))
    try:
        sample = st.tokenizer(["a short one", "a somewhat longer example sentence"],
                              padding=True, return_tensors="pt")
        wrapper = TokenEmbeddings(transformer.auto_model).eval()
        dyn = {0: "batch", 1: "tokens"}
        with torch.inference_mode(), _quiet():
            torch.onnx.export(wrapper, (sample["input_ids"], sample["attention_mask"]),
                              str(tmp / FP32_FILE), input_names=["input_ids", "attention_mask"],
                              output_names=["token_embeddings"],
                              dynamic_axes={"input_ids": dyn, "attention_mask": dyn,
                                            "token_embeddings": dyn},
                              opset_version=17, dynamo=False)
        calibration = [t.lower() if meta["do_lower_case"] else t
                       for t in INT8_RECIPE["calibration"]]
        quantize_int8(tmp / FP32_FILE, tmp / INT8_FILE, lambda t: st.tokenizer(
            [t], truncation=True, max_length=meta["max_seq_length"], return_tensors="np"),
            calibration)
        st.tokenizer.save_pretrained(tmp / "tokenizer")
        (tmp / META_FILE).write_text(json.dumps(meta, indent=1))
        try:
            tmp.rename(folder)
        except OSError:  # another process finished first: use its export
            shutil.rmtree(tmp, ignore_errors=True)
        remove_stale_exports(folder, fingerprint)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def remove_stale_exports(current: Path, fingerprint: str) -> list[Path]:
    """Delete exports of the same model made with an older format or int8 recipe (their folder
    digest differs from `current`'s; ~160 MB each) and return them. Exports of other models and
    folders without a readable meta.json are left alone."""
    removed = []
    for other in current.parent.glob(f"{current.name.rsplit('-', 1)[0]}-*"):
        if other == current or not other.is_dir():
            continue
        try:
            meta = json.loads((other / META_FILE).read_text())
        except (OSError, ValueError):
            continue
        if meta.get("fingerprint") == fingerprint:
            shutil.rmtree(other, ignore_errors=True)
            removed.append(other)
    return removed


def quantize_int8(src: Path, dst: Path, tokenize: Any, calibration: Sequence[str]) -> None:
    """Write the int8 copy of the float32 model `src` to `dst` following ``INT8_RECIPE``:
    smooth the inputs of the dense layers (calibrated on `calibration`, each text tokenised by
    `tokenize(text)` -> input_ids/attention_mask arrays), then dynamic 8-bit quantisation of
    every dense layer except the feed-forward down-projections and the attention values."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    smoothed = dst.with_name(dst.name + ".smoothed.onnx")
    try:
        keep_float = smooth(src, smoothed, tokenize, calibration,
                            float(INT8_RECIPE["smooth_alpha"]))
        with _quiet():
            quantize_dynamic(str(smoothed), str(dst), weight_type=QuantType.QUInt8,
                             per_channel=True, op_types_to_quantize=["MatMul"],
                             nodes_to_exclude=keep_float + [
                                 name for name in _dense_names(smoothed)
                                 if VALUE_PROJECTION.search(name)])
    finally:
        smoothed.unlink(missing_ok=True)


def smooth(src: Path, dst: Path, tokenize: Any, calibration: Sequence[str],
           alpha: float) -> list[str]:
    """Rewrite `src` into `dst`, numerically the same in float32, with the dense layers'
    inputs easier to quantise: for each activation x feeding dense layers (MatMul with a
    constant weight w), a Mul by 1/s is inserted before them and w's rows are multiplied by s,
    s_j = max|x_j|^alpha / max|w_j|^(1 - alpha). Layers whose weight has more rows than
    columns (the feed-forward down-projections) are left alone; their names are returned
    (they stay float32)."""
    from collections import defaultdict

    import numpy as np
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(src))
    graph = model.graph
    weights = {t.name: t for t in graph.initializer}
    dense = [n for n in graph.node if n.op_type == "MatMul" and n.input[1] in weights]
    shapes = {n.name: tuple(weights[n.input[1]].dims) for n in dense}
    keep_float = [n.name for n in dense if len(shapes[n.name]) == 2
                  and shapes[n.name][0] > shapes[n.name][1]]
    groups: dict[str, list[Any]] = defaultdict(list)
    for node in dense:
        if node.name not in keep_float and len(shapes[node.name]) == 2:
            groups[node.input[0]].append(node)

    # per-channel maxima of those activations over the calibration texts
    probe = onnx.load(str(src))
    for name in groups:
        probe.graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, None))
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = ort.InferenceSession(probe.SerializeToString(), options,
                                   providers=["CPUExecutionProvider"])
    del probe
    wanted = [o.name for o in session.get_outputs() if o.name in groups]
    amax: dict[str, Any] = {}
    for text in calibration:
        enc = tokenize(text)
        feeds = {"input_ids": np.asarray(enc["input_ids"], dtype=np.int64),
                 "attention_mask": np.asarray(enc["attention_mask"], dtype=np.int64)}
        for name, value in zip(wanted, session.run(wanted, feeds), strict=True):
            peak = np.abs(value).reshape(-1, value.shape[-1]).max(axis=0)
            amax[name] = peak if name not in amax else np.maximum(amax[name], peak)

    position = {n.name: i for i, n in enumerate(graph.node)}
    inserts = []
    for k, (name, nodes) in enumerate(groups.items()):
        mats = [numpy_helper.to_array(weights[n.input[1]]) for n in nodes]
        wmax = np.max([np.abs(w).max(axis=1) for w in mats], axis=0)
        scale = (np.maximum(amax[name], 1e-5) ** alpha
                 / np.maximum(wmax, 1e-5) ** (1 - alpha)).clip(1e-3, 1e3).astype(np.float32)
        inv_name, out_name = f"smooth_{k}_inverse_scale", f"smooth_{k}_output"
        graph.initializer.append(numpy_helper.from_array((1 / scale).astype(np.float32),
                                                         inv_name))
        for node, w in zip(nodes, mats, strict=True):
            node.input[0] = out_name
            weights[node.input[1]].CopyFrom(numpy_helper.from_array(
                (w * scale[:, None]).astype(np.float32), node.input[1]))
        inserts.append((min(position[n.name] for n in nodes),
                        helper.make_node("Mul", [name, inv_name], [out_name], name=f"smooth_{k}")))
    for index, node in sorted(inserts, key=lambda item: -item[0]):
        graph.node.insert(index, node)  # right before its first consumer: still topological
    onnx.save(model, str(dst))
    return keep_float


# attention value projections as BERT/XLM-R/MPNet (".../self/value/..."), DistilBERT ("v_lin")
# and others ("v_proj") name them
VALUE_PROJECTION = re.compile(r"(^|[/._])(value|v_lin|v_proj)([/._]|$)")


def _dense_names(path: Path) -> list[str]:
    import onnx

    graph = onnx.load(str(path), load_external_data=False).graph
    consts = {t.name for t in graph.initializer}
    return [n.name for n in graph.node if n.op_type == "MatMul" and n.input[1] in consts]


class _quiet:
    """Silence the exporter's and quantiser's warnings (they go to stderr / the root logger)."""

    def __enter__(self) -> None:
        import logging
        import warnings

        self._warnings = warnings.catch_warnings()
        self._warnings.__enter__()
        warnings.simplefilter("ignore")
        self._level = logging.getLogger().level
        logging.getLogger().setLevel(logging.ERROR)

    def __exit__(self, *exc: object) -> None:
        import logging

        logging.getLogger().setLevel(self._level)
        self._warnings.__exit__(*exc)


def load(model: str, backend: str, fingerprint: str) -> OnnxEmbedder:
    """The ONNX embedder of `model` for `backend` ("onnx" or "onnx-int8"), exporting it on
    first use; loaded once per process."""
    backend = check_backend(backend)
    if backend == "torch":
        raise ValueError("torch is not an ONNX backend")
    key = (fingerprint, backend)
    with _lock:
        if key in _loaded:
            return _loaded[key]
        folder = export_dir(fingerprint)
        if not (folder / META_FILE).exists():
            export(model, fingerprint, folder)
        try:
            emb = OnnxEmbedder(folder, backend == "onnx-int8", model)
        except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own types
            # a damaged export: remove it so the next call exports afresh
            shutil.rmtree(folder, ignore_errors=True)
            raise ModelUnavailable(f"the ONNX export of '{model}' could not be read "
                                   f"({type(exc).__name__}); try again to re-export") from exc
        _loaded[key] = emb
        return emb
