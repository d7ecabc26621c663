"""The one catalogue of what the public demo page shows, keyed by message id, one text per
language. Add a language by adding its code to LANGUAGES and a text to every message (a test
fails on any message missing a language, and on any English left on the page in another one).

Stored values (feedback categories, model outputs) stay in English; only what a visitor reads is
translated here."""

from __future__ import annotations

from demos.spec import CATEGORIES

LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
DEFAULT = "en"

MESSAGES: dict[str, dict[str, str]] = {
    # page frame
    "page_title": {"en": "Try a model and tell us what you think",
                   "es": "Prueba un modelo y cuéntanos qué opinas"},
    "ui_language": {"en": "Page language", "es": "Idioma de la página"},
    "intended_use": {"en": "What this demo is for", "es": "Para qué sirve esta demo"},
    "limitations": {"en": "Known limitations", "es": "Limitaciones conocidas"},
    "model": {"en": "Model", "es": "Modelo"},
    "version": {"en": "demo version", "es": "versión de la demo"},
    "caveat": {"en": "This is a small demonstration. Answers can be wrong; do not rely on them "
                     "for decisions about people.",
               "es": "Esta es una demostración pequeña. Las respuestas pueden ser erróneas; no "
                     "las uses para tomar decisiones sobre personas."},
    "share": {"en": "Link to this demo (to share it)",
              "es": "Enlace a esta demo (para compartirla)"},
    "copy_link": {"en": "Copy the link", "es": "Copiar el enlace"},
    "copied_title": {"en": "Link copied", "es": "Enlace copiado"},
    "copied": {"en": "Paste it wherever you want to share it.",
               "es": "Pégalo donde quieras compartirlo."},
    # trying the model
    "your_text": {"en": "Your text", "es": "Tu texto"},
    "your_text_help": {"en": "Write a sentence in your own words, or pick an example below.",
                       "es": "Escribe una frase con tus palabras o elige un ejemplo de abajo."},
    "examples": {"en": "Examples", "es": "Ejemplos"},
    "run": {"en": "Try it", "es": "Probar"},
    "output": {"en": "The model's answer", "es": "La respuesta del modelo"},
    # comparison
    "variants": {"en": "Comparison: the same sentence with small changes",
                 "es": "Comparación: la misma frase con pequeños cambios"},
    "run_variants": {"en": "Compare the variants", "es": "Comparar las variantes"},
    "variant_col_input": {"en": "Input", "es": "Entrada"},
    "variant_col_output": {"en": "Answer", "es": "Respuesta"},
    # feedback
    "which_output": {"en": "Which answer are you commenting on?",
                     "es": "¿Sobre qué respuesta comentas?"},
    "category": {"en": "How was this answer?", "es": "¿Cómo fue esta respuesta?"},
    "cat_fine": {"en": "Fine", "es": "Bien"},
    "cat_wrong": {"en": "Wrong", "es": "Incorrecta"},
    "cat_harmful": {"en": "Harmful", "es": "Dañina"},
    "cat_biased": {"en": "Biased", "es": "Sesgada"},
    "group": {"en": "Group of people affected (optional)",
              "es": "Grupo de personas afectado (opcional)"},
    "group_help": {"en": "One or more groups, separated by commas: for example older women, "
                         "speakers of a dialect",
                   "es": "Uno o varios grupos, separados por comas: por ejemplo mujeres mayores, "
                         "hablantes de un dialecto"},
    "language": {"en": "Language of your text (optional)",
                 "es": "Idioma de tu texto (opcional)"},
    "comment": {"en": "Comment (optional)", "es": "Comentario (opcional)"},
    "send": {"en": "Send feedback", "es": "Enviar opinión"},
    # messages
    "thanks": {"en": "Thank you: your feedback was recorded (number {id}).",
               "es": "Gracias: tu opinión quedó registrada (número {id})."},
    "already": {"en": "This answer already has your feedback (number {id}); it was not stored "
                      "twice.",
                "es": "Esta respuesta ya tiene tu opinión (número {id}); no se guardó dos veces."},
    "groups_saved": {"en": "Affected groups recorded: {groups}.",
                     "es": "Grupos afectados registrados: {groups}."},
    # errors and empty states
    "run_first": {"en": "Run the model first, then choose the answer you are commenting on.",
                  "es": "Primero ejecuta el modelo y luego elige la respuesta que comentas."},
    "pick_answer": {"en": "Several answers are shown: choose above which one your feedback is "
                          "about.",
                    "es": "Se muestran varias respuestas: elige arriba sobre cuál es tu "
                          "opinión."},
    "pick_one": {"en": "Several answers are shown: choose the one your feedback is about.",
                 "es": "Se muestran varias respuestas: elige aquella sobre la que opinas."},
    "pick_category": {"en": "Choose how this answer was (fine, wrong, harmful or biased).",
                      "es": "Elige cómo fue esta respuesta (bien, incorrecta, dañina o "
                            "sesgada)."},
    "no_slug": {"en": "No demo chosen: this page needs a link of the form /demo/?slug=NAME.",
                "es": "No se eligió ninguna demo: esta página necesita un enlace como "
                      "/demo/?slug=NOMBRE."},
    "unknown_demo": {"en": "There is no demo called '{slug}' here. Check the link you were "
                           "given.",
                     "es": "Aquí no hay ninguna demo llamada '{slug}'. Revisa el enlace que te "
                           "dieron."},
    "signed_in_only": {"en": "This demo is only open to signed-in users of this Glasshouse. "
                             "Ask its owner for access, or sign in and open {link}.",
                       "es": "Esta demo solo está abierta a usuarios registrados de este "
                             "Glasshouse. Pide acceso a su responsable, o inicia sesión y abre "
                             "{link}."},
    "empty_text": {"en": "Please write some text first.", "es": "Escribe primero algún texto."},
    "too_long": {"en": "Your text is too long: at most {n} characters.",
                 "es": "Tu texto es demasiado largo: como máximo {n} caracteres."},
    "needs_blank": {"en": "Write the sentence with {blank} exactly once, where the missing word "
                          "goes.",
                    "es": "Escribe la frase con {blank} una sola vez, donde va la palabra que "
                          "falta."},
    "run_failed": {"en": "The model could not answer this text: {reason}",
                   "es": "El modelo no pudo responder a este texto: {reason}"},
    "rate_limited": {"en": "Too many requests from this connection. Please try again in "
                           "{wait} s.",
                     "es": "Demasiadas solicitudes desde esta conexión. Inténtalo de nuevo en "
                           "{wait} s."},
    # the model's answers, shown in the page language (stored in English)
    "answer_scores": {"en": "{label} ({scores})", "es": "{label} ({scores})"},
    "closest_to": {"en": "closest to “{ref}” (cosine {score})",
                   "es": "más cercana a «{ref}» (coseno {score})"},
    "label_clean": {"en": "clean", "es": "limpio"},
    "label_profane": {"en": "profane", "es": "grosero"},
    "label_positive": {"en": "positive", "es": "positivo"},
    "label_negative": {"en": "negative", "es": "negativo"},
    "label_neutral": {"en": "neutral", "es": "neutral"},
    "decimal_point": {"en": ".", "es": ","},
    # public names of the packaged models a demo can use (the internal id is never shown)
    "model_profanity-en": {"en": "English profanity classifier (linear SVM, not neural)",
                           "es": "Clasificador de groserías en inglés (SVM lineal, no "
                                 "neuronal)"},
    "model_vader-sentiment-en": {"en": "English rule-based sentiment (VADER)",
                                 "es": "Sentimiento en inglés basado en reglas (VADER)"},
    "model_smollm2-135m": {"en": "SmolLM2-135M-Instruct, a small English causal language model",
                           "es": "SmolLM2-135M-Instruct, un modelo de lenguaje pequeño en "
                                 "inglés"},
    "model_minilm-en": {"en": "English sentence embeddings (all-MiniLM-L6-v2)",
                        "es": "Representaciones de frases en inglés (all-MiniLM-L6-v2)"},
    "model_use-multilingual": {"en": "Multilingual Universal Sentence Encoder (16 languages)",
                               "es": "Universal Sentence Encoder multilingüe (16 idiomas)"},
    "model_e5-small-multilingual": {"en": "multilingual-e5-small (about 100 languages)",
                                    "es": "multilingual-e5-small (unos 100 idiomas)"},
    "model_glasshouse-patterns": {"en": "Pattern-based personal information redactor",
                                  "es": "Ocultador de datos personales basado en patrones"},
}


def lang_of(value: str | None) -> str:
    """A supported page language for a query parameter or header value (default English)."""
    code = (value or "").strip().lower()[:2]
    return code if code in LANGUAGES else DEFAULT


def has(key: str) -> bool:
    return key in MESSAGES


def t(lang: str, key: str, **kw: object) -> str:
    """The text of message `key` in `lang` (English where a language lacks it)."""
    texts = MESSAGES[key]
    text = texts.get(lang_of(lang)) or texts[DEFAULT]
    return text.format(**kw) if kw else text


def category_choices(lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs for a radio: labels localised, stored values stay English."""
    return [(t(lang, f"cat_{c}"), c) for c in CATEGORIES]


def number(lang: str, value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", t(lang, "decimal_point"))


def answer_label(lang: str, label: str) -> str:
    """A classifier's label in the page language (a Hub model's own labels stay as they are)."""
    key = f"label_{label}"
    return t(lang, key) if has(key) else label


__all__ = ["CATEGORIES", "DEFAULT", "LANGUAGES", "MESSAGES", "answer_label", "category_choices",
           "has", "lang_of", "number", "t"]
