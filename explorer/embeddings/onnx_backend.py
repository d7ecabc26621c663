"""Optional ONNX Runtime backends for sentence-transformers models: "onnx" (float32) and
"onnx-int8" (weights quantised to 8 bits).

sentence-transformers' own ``backend="onnx"`` needs ``optimum``, whose releases pin older
transformers/huggingface-hub than this project does, so we export the model ourselves:

1. the transformer of the loaded SentenceTransformer is exported with ``torch.onnx.export``
   (inputs ``input_ids``/``attention_mask`` -> token embeddings, batch and length dynamic);
2. the int8 copy comes from ``onnxruntime.quantization.quantize_dynamic``: per-channel 8-bit
   weights for the dense layers. The feed-forward output layers stay in float32: their inputs
   (after GELU) have large outliers, and quantising them cost up to 0.01 cosine per sentence;
3. pooling and normalisation follow the model's own modules (mean over real tokens, then L2),
   computed in numpy, so the result matches ``SentenceTransformer.encode``.

Exports are written once under ``<cache_dir>/onnx/<model fingerprint>/`` (never committed) and
reused by later processes; within a process each backend model is loaded once.
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
FORMAT_VERSION = 1  # bump when the export recipe changes: old exports are then ignored
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
    digest = hashlib.sha1(f"{fingerprint}#{FORMAT_VERSION}".encode()).hexdigest()[:8]
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
            "normalize": names[-1] == "Normalize", "format": FORMAT_VERSION}
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
        quantize_int8(tmp / FP32_FILE, tmp / INT8_FILE)
        st.tokenizer.save_pretrained(tmp / "tokenizer")
        (tmp / META_FILE).write_text(json.dumps(meta, indent=1))
        try:
            tmp.rename(folder)
        except OSError:  # another process finished first: use its export
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def quantize_int8(src: Path, dst: Path) -> None:
    """Dynamic int8 quantisation of the dense layers, feed-forward outputs kept in float32."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(src), load_external_data=False).graph
    keep_float = [n.name for n in graph.node if n.op_type == "MatMul"
                  and re.search(r"layers?[./_]\d+/output/dense", n.name)]
    with _quiet():
        quantize_dynamic(str(src), str(dst), weight_type=QuantType.QUInt8, per_channel=True,
                         op_types_to_quantize=["MatMul"], nodes_to_exclude=keep_float)


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
