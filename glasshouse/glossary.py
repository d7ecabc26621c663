"""Plain-language explanations of the technical terms Glasshouse shows, and tooltips for them.

`add_tooltips(html)` wraps the first mention of each term in a rendered text in
`<abbr title="explanation">`, outside links, code and existing tooltips, so a person who does
not know "Wilson interval" or "nPMI" can hover it. The app applies it to every Markdown text it
renders (glasshouse/ui.py), so each area writes the term and gets the explanation for free.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

GLOSSARY: dict[str, str] = {
    "confidence interval": "The range of values that fit the data; with 95 %, a range made "
                           "this way holds the true value 19 times out of 20.",
    "95% CI": "95 % confidence interval: the range of values that fit the data.",
    "CI": "Confidence interval: the range of values that fit the data.",
    "p-value": "How often a difference at least this large would appear by chance alone if "
               "there were no real difference. Small (below 0.05) means chance is an unlikely "
               "explanation.",
    "adjusted p": "The p-value corrected for testing many things at once (Holm's method), so "
                  "that testing many groups does not produce findings by luck.",
    "Holm": "Holm's correction: makes the p-values of many tests stricter so that, together, "
            "they claim no more findings by chance than one test would.",
    "Benjamini-Hochberg": "A correction for many tests that keeps the share of false findings "
                          "among all findings low.",
    "Wilson interval": "A confidence interval for a share (such as 12 of 40) that stays "
                       "sensible for small samples and for shares near 0 % or 100 %.",
    "no-effect value": "The value the result would have if there were no difference at all "
                       "(0.5 for 'prefers either sentence equally', 0 for 'no change').",
    "null": "The no-effect value: what the result would be if there were no difference.",
    "permutation test": "A test that shuffles the group labels many times to see how large a "
                        "difference chance alone produces.",
    "bootstrap": "Resampling the data many times to see how much a number could vary.",
    "nPMI": "Normalised pointwise mutual information: from -1 (never together) through 0 "
            "(no association) to 1 (always together).",
    "PMI": "Pointwise mutual information: how much more often two words appear together than "
           "chance would predict.",
    "MinHash": "A quick way to estimate how many word sequences two texts share without "
               "comparing every pair of rows; it can miss a few near duplicates.",
    "Jaccard similarity": "The share of word sequences two texts have in common, out of all "
                          "the sequences either of them has (1 = the same, 0 = nothing shared).",
    "MetricFrame": "Fairlearn's table of a model's scores computed separately for each group.",
    "Fisher exact test": "A test of whether two shares differ, exact for small counts.",
    "Cramér's V": "Strength of the link between two categories, from 0 (none) to 1 (complete).",
    "pseudo-log-likelihood": "How likely a language model finds a sentence, scored word by word.",
    "log-probability": "How likely a language model finds a text (closer to 0 = more likely).",
    "WEAT": "Word Embedding Association Test: whether two sets of words sit closer to one set of "
            "attributes than another in a model's vector space.",
    "effect size": "How large a difference is, on a scale that does not depend on sample size.",
    "UMAP": "A way to draw high-dimensional vectors on a flat map that keeps neighbours close.",
    "PCA": "Principal component analysis: a flat view of vectors along their widest spreads.",
    "embedding": "A list of numbers a model gives a text; similar meanings get similar numbers.",
    "cosine": "Similarity of two embeddings, from -1 (opposite) to 1 (same direction).",
    "BCP-47": "The standard way to write a language tag: ar, ar-EG (Egyptian Arabic), es-AR...",
    "SPDX": "The standard list of licence identifiers, such as CC-BY-4.0 or Apache-2.0.",
    "LicenseRef": "A licence that has no SPDX identifier, named by Glasshouse.",
    "PII": "Personally identifiable information: names, phone numbers, e-mail addresses...",
    "NER": "Named-entity recognition: a model that finds names of people, places and "
           "organisations.",
    "Croissant": "A metadata format for machine-learning datasets (MLCommons).",
    "PUE": "Power usage effectiveness: a data centre's total energy divided by its computers' "
           "energy (1.0 = no overhead).",
    "CO2eq": "Carbon dioxide equivalent: all greenhouse gases counted as the CO2 that would warm "
             "as much.",
}

_SKIP = {"a", "code", "pre", "abbr", "h1", "h2", "h3", "kbd", "samp", "th"}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    terms = sorted(GLOSSARY, key=len, reverse=True)  # longest first: "95% CI" before "CI"
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in terms) + r")(?![\w-])")


def add_tooltips(rendered: str) -> str:
    """`rendered` (HTML) with the first mention of each glossary term wrapped in <abbr>."""
    if not rendered or not _pattern().search(rendered):
        return rendered
    parts = re.split(r"(<[^>]*>)", rendered)
    skip_depth = 0
    seen: set[str] = set()
    out = []
    for part in parts:
        if part.startswith("<"):
            m = re.match(r"<(/?)([a-zA-Z0-9]+)", part)
            if m and m.group(2).lower() in _SKIP and not part.endswith("/>"):
                skip_depth += -1 if m.group(1) else 1
                skip_depth = max(skip_depth, 0)
            out.append(part)
            continue
        if skip_depth:
            out.append(part)
            continue

        def wrap(m: re.Match[str]) -> str:
            term = m.group(1)
            if term in seen:
                return term
            seen.add(term)
            return f'<abbr title="{html.escape(GLOSSARY[term], quote=True)}">{term}</abbr>'

        out.append(_pattern().sub(wrap, part))
    return "".join(out)
