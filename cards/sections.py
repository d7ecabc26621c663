"""The sections of a model card and a data card: heading, whether required, plain-language help
and an example for the wizard. Headings for model cards follow the Hugging Face model card
template's section names; data card sections follow the "Datasheets for Datasets" questions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["model", "dataset"]


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    required: bool
    help: str
    example: str
    aliases: tuple[str, ...] = ()


MODEL_SECTIONS: tuple[Section, ...] = (
    Section("model_details", "Model Details", True,
            "Say in two or three sentences what the model is, who made it, and what it does.",
            "A 135M-parameter English chat model fine-tuned by the Lab for Open Language Tools "
            "to answer questions about public-library services.",
            ("model description", "model summary", "overview", "model details", "model",
             "about", "introduction", "model overview")),
    Section("uses", "Uses", True,
            "Who should use the model, and for what? Name the intended users and tasks.",
            "Drafting replies to library patrons, reviewed by staff before sending.",
            ("intended uses", "direct use", "intended use", "how to use",
             "intended uses and limitations", "usage", "uses and limitations",
             "direct usage", "intended use and limitations", "use cases")),
    Section("out_of_scope", "Out-of-Scope Use", True,
            "What must the model NOT be used for? Think of misuse and of tasks it was not "
            "built or tested for.",
            "Medical, legal or financial advice; decisions about people; languages other than "
            "English.",
            ("out-of-scope uses", "out of scope use", "misuse", "out-of-scope use",
             "misuse and out-of-scope use", "misuse, malicious use, and out-of-scope use",
             "out of scope uses", "prohibited uses")),
    Section("bias", "Bias, Risks, and Limitations", True,
            "What did you find about unfair behaviour, risks and weak spots? Bias probe runs and "
            "demo feedback picked in step 2 (Evidence) draft this with their numbers.",
            "The occupation probe found the model 2.3 times likelier to complete 'nurse' for "
            "women than for men (95% CI 1.6 to 3.1, n = 120).",
            ("bias, risks and limitations", "limitations", "risks and limitations",
             "bias and limitations", "ethical considerations", "limitations and bias",
             "limitations and biases", "bias", "biases", "risks, limitations and biases",
             "bias, risks, limitations", "ethical considerations and limitations",
             "limitations and risks", "known limitations", "bias and fairness", "risks")),
    Section("training_data", "Training Data", True,
            "Which data was the model trained on, under which licences? Pick catalog entries "
            "and Glasshouse lists them with their licences.",
            "Fine-tuned on 12,000 question-answer pairs from the Library FAQ corpus (CC-BY-4.0).",
            ("training details", "training", "data", "training and evaluation data",
             "training dataset", "training datasets", "training data and procedure")),
    Section("evaluation", "Evaluation", True,
            "How was the model tested, on which data, with which metrics and results?",
            "Exact match 0.61 on 500 held-out questions.",
            ("evaluation results", "results", "testing data, factors & metrics", "eval results",
             "evaluation", "performance", "benchmarks", "benchmark results", "training results",
             "evaluation and results")),
    Section("environmental", "Environmental Impact", False,
            "How much energy and CO2 did training take? Use the estimate of step 4 (Impact and "
            "openness) or paste a measured value there; without either, write it here. Or paste a "
            "measured value.",
            "About 1.2 kg CO2eq: 4 hours on one A100 (400 W) in France (56 g/kWh).",
            ("environmental impact", "carbon emissions")),
    Section("technical", "Technical Specifications", False,
            "Architecture, size, hardware and software a reader needs to run the model.",
            "Llama-style decoder, 135M parameters, runs on CPU with transformers 5.",
            ("technical specifications", "model architecture", "compute infrastructure")),
    Section("citation", "Citation", False,
            "How should people cite the model? BibTeX is common.",
            "@misc{olt2026, title={Library helper}, year={2026}}",
            ("citation information", "bibtex", "bibtex entry and citation info", "citing",
             "reference", "references", "cite")),
)

DATASET_SECTIONS: tuple[Section, ...] = (
    Section("motivation", "Motivation", True,
            "Why was the dataset made, by whom, and with what funding?",
            "Made by the Arabic NLP group to evaluate dialect identification.",
            ("dataset summary", "dataset description", "purpose")),
    Section("composition", "Dataset Composition", True,
            "What is in it: what one row is, how many rows, which fields, which splits.",
            "25,000 tweets, one per row, with a dialect label (18 classes).",
            ("composition", "dataset structure", "data fields", "data instances")),
    Section("collection", "Collection Process", True,
            "How was the data gathered and annotated, by whom, and when?",
            "Collected through the public API in 2021; labelled by 3 native speakers.",
            ("collection process", "data collection", "source data", "annotations",
             "dataset creation")),
    Section("languages", "Languages and Dialects", True,
            "Which languages and dialects, with BCP-47 tags, and how much of each?",
            "Arabic (ar): Egyptian (ar-EG) 40%, Gulf 30%, Levantine 30%.",
            ("languages", "language", "languages and dialects")),
    Section("personal_info", "Personal and Sensitive Information", True,
            "Does the data contain names, contacts or other personal or sensitive details? "
            "Pick a dataset profile and Glasshouse summarises what its scan found.",
            "Usernames were replaced with @USER; 2% of rows still contain phone numbers.",
            ("personal and sensitive information", "personal information", "privacy")),
    Section("licensing", "Licensing Information", True,
            "Under which licence may people use the data, and what do the sources allow?",
            "CC-BY-NC-4.0, because one of the sources is non-commercial.",
            ("licensing information", "license", "licence", "licensing")),
    Section("limitations", "Known Limitations", False,
            "What should users of the data watch out for? Demo feedback can draft this.",
            "Rural dialects are under-represented.",
            ("known limitations", "limitations", "bias, risks, and limitations",
             "discussion of biases", "other known limitations")),
    Section("maintenance", "Maintenance", False,
            "Who maintains the data, how to report problems, will it be updated?",
            "Maintained by the group; report issues on the repository.",
            ("maintenance", "dataset curators", "contact")),
    Section("citation", "Citation", False,
            "How should people cite the dataset?",
            "@inproceedings{...}", ("citation information", "bibtex")),
)


def sections_for(kind: Kind) -> tuple[Section, ...]:
    return MODEL_SECTIONS if kind == "model" else DATASET_SECTIONS


_OPTIONAL = re.compile(r"[\[(]\s*optional\s*[\])]", re.I)
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[ivx]+\.)\s+", re.I)
_MARKUP = re.compile(r"[*_`]|<[^>]*>|\[([^\]]*)\]\([^)]*\)")
_SYMBOLS = re.compile(r"[^\w\s',\-&/]", re.U)


def normalise_heading(heading: str) -> str:
    """A README heading as words: markup, links, emoji, numbering ("2. Uses"), "[optional]"
    and a trailing colon removed; "&" read as "and"; case and spacing folded."""
    text = heading.strip().strip("#").replace("’", "'")
    text = _MARKUP.sub(lambda m: m.group(1) or "", text)
    text = _OPTIONAL.sub("", text)
    text = _SYMBOLS.sub(" ", text)
    text = _NUMBERING.sub("", text.strip())
    text = text.replace("&", " and ").rstrip(" :.-")
    return " ".join(text.lower().split())


def match_heading(kind: Kind, heading: str) -> Section | None:
    """Which of our sections a README heading is (by heading or alias, case-insensitive, after
    normalise_heading)."""
    norm = normalise_heading(heading)
    for section in sections_for(kind):
        names = {normalise_heading(section.heading), *(normalise_heading(a)
                                                       for a in section.aliases)}
        if norm in names:
            return section
    return None
