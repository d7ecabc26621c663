"""What the Hugging Face Hub accepts in dataset card metadata, for the hf-card export: task
categories and task ids, plain language codes, licence fields. Offline (the Hub's own
validation needs the network), so the rules are written down here from public facts:

- task categories and task ids: the Hub's task list, huggingface.js `packages/tasks/src/
  pipelines.ts` (PIPELINE_DATA and its `subtasks`), as published in 2026;
- metadata fields: the dataset card template, huggingface/hub-docs `datasetcard.md`
  (`language` holds ISO 639 codes, `language_details` the BCP-47 tags, `license: other`
  needs `license_name` (an id such as my-license-1.0) and `license_link` (a URL or a file));
- licence ids: catalog/license_data.json `hub` (huggingface/hub-docs repositories-licenses.md).
"""

from __future__ import annotations

import re
from typing import Any

HUB_TASK_CATEGORIES = frozenset((
    "text-classification", "token-classification", "table-question-answering",
    "question-answering", "zero-shot-classification", "translation", "summarization",
    "feature-extraction", "text-generation", "fill-mask", "sentence-similarity",
    "text-to-speech", "text-to-audio", "automatic-speech-recognition", "audio-to-audio",
    "audio-classification", "audio-text-to-text", "voice-activity-detection",
    "depth-estimation", "image-classification", "object-detection", "image-segmentation",
    "text-to-image", "image-to-text", "image-to-image", "image-to-video",
    "unconditional-image-generation", "video-classification", "reinforcement-learning",
    "robotics", "tabular-classification", "tabular-regression", "tabular-to-text",
    "table-to-text", "multiple-choice", "text-ranking", "text-retrieval",
    "time-series-forecasting", "text-to-video", "image-text-to-text", "visual-question-answering",
    "document-question-answering", "zero-shot-image-classification", "graph-ml",
    "mask-generation", "zero-shot-object-detection", "text-to-3d", "image-to-3d",
    "image-feature-extraction", "video-text-to-text", "keypoint-detection",
    "visual-document-retrieval", "any-to-any", "video-to-video", "other"))

HUB_TASK_IDS = frozenset((
    "acceptability-classification", "entity-linking-classification", "fact-checking",
    "intent-classification", "language-identification", "multi-class-classification",
    "multi-label-classification", "multi-input-text-classification", "natural-language-inference",
    "semantic-similarity-classification", "sentiment-classification", "topic-classification",
    "semantic-similarity-scoring", "sentiment-scoring", "sentiment-analysis",
    "hate-speech-detection",
    "text-scoring", "named-entity-recognition", "part-of-speech", "parsing", "lemmatization",
    "word-sense-disambiguation", "coreference-resolution", "extractive-qa", "open-domain-qa",
    "closed-domain-qa", "news-articles-summarization", "news-articles-headline-generation",
    "dialogue-modeling", "dialogue-generation", "conversational", "language-modeling",
    "text-simplification", "explanation-generation", "abstractive-qa", "open-domain-abstractive-qa",
    "closed-domain-qa", "open-book-qa", "closed-book-qa", "text2text-generation",
    "slot-filling", "masked-language-modeling", "keyword-spotting", "speaker-identification",
    "audio-intent-classification", "audio-emotion-recognition", "audio-language-identification",
    "multiple-choice-qa", "multiple-choice-coreference-resolution", "document-retrieval",
    "utterance-retrieval", "entity-linking-retrieval", "fact-checking-retrieval",
    "univariate-time-series-forecasting", "multivariate-time-series-forecasting",
    "visual-question-answering", "image-captioning", "grapheme-to-phoneme"))

# free-text task names (as Masader, BigScience and curators write them) -> (category, task id)
TASK_ALIASES: dict[str, tuple[str, str | None]] = {
    "sentiment analysis": ("text-classification", "sentiment-classification"),
    "sentiment classification": ("text-classification", "sentiment-classification"),
    "sentiment": ("text-classification", "sentiment-classification"),
    "emotion detection": ("text-classification", "multi-class-classification"),
    "emotion classification": ("text-classification", "multi-class-classification"),
    "text classification": ("text-classification", None),
    "topic classification": ("text-classification", "topic-classification"),
    "news classification": ("text-classification", "topic-classification"),
    "dialect identification": ("text-classification", "language-identification"),
    "language identification": ("text-classification", "language-identification"),
    "hate speech detection": ("text-classification", "hate-speech-detection"),
    "offensive language detection": ("text-classification", "hate-speech-detection"),
    "abusive language detection": ("text-classification", "hate-speech-detection"),
    "sarcasm detection": ("text-classification", "multi-class-classification"),
    "fake news detection": ("text-classification", "fact-checking"),
    "fact checking": ("text-classification", "fact-checking"),
    "spam detection": ("text-classification", "multi-class-classification"),
    "natural language inference": ("text-classification", "natural-language-inference"),
    "textual entailment": ("text-classification", "natural-language-inference"),
    "stance detection": ("text-classification", "multi-class-classification"),
    "irony detection": ("text-classification", "multi-class-classification"),
    "named entity recognition": ("token-classification", "named-entity-recognition"),
    "ner": ("token-classification", "named-entity-recognition"),
    "part of speech tagging": ("token-classification", "part-of-speech"),
    "pos tagging": ("token-classification", "part-of-speech"),
    "morphological analysis": ("token-classification", None),
    "dependency parsing": ("token-classification", "parsing"),
    "lemmatization": ("token-classification", "lemmatization"),
    "diacritization": ("token-classification", None),
    "word sense disambiguation": ("token-classification", "word-sense-disambiguation"),
    "question answering": ("question-answering", None),
    "reading comprehension": ("question-answering", "extractive-qa"),
    "open domain question answering": ("question-answering", "open-domain-qa"),
    "machine translation": ("translation", None),
    "translation": ("translation", None),
    "transliteration": ("text-generation", None),
    "summarization": ("summarization", None),
    "text summarization": ("summarization", None),
    "language modeling": ("text-generation", "language-modeling"),
    "text generation": ("text-generation", None),
    "dialogue": ("text-generation", "dialogue-modeling"),
    "dialogue generation": ("text-generation", "dialogue-generation"),
    "speech recognition": ("automatic-speech-recognition", None),
    "automatic speech recognition": ("automatic-speech-recognition", None),
    "text to speech": ("text-to-speech", None),
    "speech synthesis": ("text-to-speech", None),
    "speaker identification": ("audio-classification", "speaker-identification"),
    "information retrieval": ("text-retrieval", "document-retrieval"),
    "semantic similarity": ("sentence-similarity", None),
    "paraphrase identification": ("text-classification", "semantic-similarity-classification"),
    "optical character recognition": ("image-to-text", None),
    "image captioning": ("image-to-text", "image-captioning"),
    "multiple choice": ("multiple-choice", "multiple-choice-qa"),
    "multiple choice question answering": ("multiple-choice", "multiple-choice-qa"),
    "instruction tuning": ("text-generation", None),
    "syntactic parsing": ("token-classification", "parsing"),
    "keyphrase extraction": ("token-classification", None),
    "fill in the blank": ("fill-mask", "masked-language-modeling"),
    "humor detection": ("text-classification", "multi-class-classification"),
    "review classification": ("text-classification", "sentiment-classification"),
    "entity retrieval": ("text-retrieval", "entity-linking-retrieval"),
    "video generation": ("text-to-video", None),
    "sign language recognition": ("video-classification", None),
    "gender identification": ("text-classification", None),
    "codeswitch detection": ("token-classification", None),
}

_ISO639 = re.compile(r"^[a-z]{2,3}$")


def _task_key(task: str) -> str:
    return re.sub(r"[\s_-]+", " ", task.strip().lower())


def hub_tasks(tasks: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(task_categories, task_ids, tasks the Hub has no id for), in order, no repeats."""
    cats: list[str] = []
    ids: list[str] = []
    other: list[str] = []
    for task in tasks:
        key = _task_key(task)
        dashed = key.replace(" ", "-")
        if dashed in HUB_TASK_CATEGORIES:
            cat, tid = dashed, None
        elif dashed in HUB_TASK_IDS:
            cat, tid = next((c for c, t in TASK_ALIASES.values() if t == dashed), "other"), dashed
        elif key in TASK_ALIASES:
            cat, tid = TASK_ALIASES[key]
        else:
            other.append(task)
            continue
        if cat not in cats:
            cats.append(cat)
        if tid and tid not in ids:
            ids.append(tid)
    return cats, ids, other


def plain_language(tag: str) -> str | None:
    """The Hub's `language` code for a BCP-47 tag: its language subtag ("ar-EG" -> "ar",
    "zh-Hant-TW" -> "zh"); None for "mul"/"und" (use multilinguality instead)."""
    base = tag.split("-")[0].lower()
    if base in ("mul", "und", "zxx", "mis") or not _ISO639.match(base):
        return None
    return base


def metadata_problems(meta: dict[str, Any]) -> list[str]:
    """What the Hub would refuse or misread in dataset card metadata (offline rules above)."""
    from catalog.licenses import hub_licenses

    problems = []
    lic = meta.get("license")
    lics = lic if isinstance(lic, list) else [lic] if lic else []
    for one in lics:
        if one not in hub_licenses():
            problems.append(f"license: '{one}' is not a Hub licence id")
        if one == "other":
            name, link = meta.get("license_name"), meta.get("license_link")
            if not (isinstance(name, str) and re.fullmatch(r"[a-z0-9][a-z0-9.+-]*", name)):
                problems.append(f"license_name: '{name}' must be a lower-case id "
                                "(like my-license-1.0) when license is other")
            if not (isinstance(link, str) and (re.match(r"https?://\S+$", link)
                                               or re.fullmatch(r"[\w./-]+\.(md|txt)|LICENSE",
                                                               link))):
                problems.append(f"license_link: '{link}' must be a URL or a file in the repo "
                                "when license is other")
    for code in meta.get("language") or []:
        if not _ISO639.match(str(code)):
            problems.append(f"language: '{code}' is not a plain ISO 639 code (tags with "
                            "regions or scripts go in language_details)")
    for cat in meta.get("task_categories") or []:
        if cat not in HUB_TASK_CATEGORIES:
            problems.append(f"task_categories: '{cat}' is not a Hub task")
    for tid in meta.get("task_ids") or []:
        if tid not in HUB_TASK_IDS:
            problems.append(f"task_ids: '{tid}' is not a Hub task id")
    details = meta.get("language_details")
    if details is not None:
        import langcodes

        for tag in details if isinstance(details, list) else [details]:
            if not langcodes.tag_is_valid(str(tag)):
                problems.append(f"language_details: '{tag}' is not a BCP-47 tag")
    return problems
