"""UI strings of the stakeholder demo page, in English and Spanish (add a language by adding a
column: every key must exist in every language; a test checks it)."""

from __future__ import annotations

LANGUAGES = {"en": "English", "es": "Español"}

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "page_title": "Try a model and tell us what you think",
        "ui_language": "Page language",
        "intended_use": "What this demo is for",
        "limitations": "Known limitations",
        "model": "Model",
        "version": "demo version",
        "your_text": "Your text",
        "your_text_help": "Write a sentence in your own words, or pick an example below.",
        "examples": "Examples",
        "run": "Try it",
        "output": "The model's answer",
        "variants": "Comparison: the same sentence with small changes",
        "run_variants": "Compare the variants",
        "variant_col_input": "Input",
        "variant_col_output": "Answer",
        "which_output": "Which answer are you commenting on?",
        "category": "How was this answer?",
        "cat_fine": "Fine",
        "cat_wrong": "Wrong",
        "cat_harmful": "Harmful",
        "cat_biased": "Biased",
        "group": "Group of people affected (optional)",
        "group_help": "One or more groups, separated by commas: for example older women, "
                      "speakers of a dialect",
        "language": "Language of your text (optional)",
        "comment": "Comment (optional)",
        "send": "Send feedback",
        "thanks": "Thank you: your feedback was recorded (number {id}).",
        "already": "This answer already has your feedback (number {id}); it was not stored twice.",
        "run_first": "Run the model first, then choose the answer you are commenting on.",
        "pick_answer": "Several answers are shown: choose above which one your feedback is "
                       "about.",
        "pick_category": "Choose how this answer was (fine, wrong, harmful or biased).",
        "groups_saved": "Affected groups recorded: {groups}.",
        "no_slug": "No demo chosen: this page needs a link of the form /demo/?slug=NAME.",
        "signed_in_only": "This demo is only open to signed-in users of this Glasshouse. "
                          "Ask its owner for access, or sign in and open {link}.",
        "caveat": "This is a small demonstration. Answers can be wrong; do not rely on them for "
                  "decisions about people.",
        "empty_text": "Please write some text first.",
        "rate_limited": "Too many requests from this connection. Please try again in {wait} s.",
    },
    "es": {
        "page_title": "Prueba un modelo y cuéntanos qué opinas",
        "ui_language": "Idioma de la página",
        "intended_use": "Para qué sirve esta demo",
        "limitations": "Limitaciones conocidas",
        "model": "Modelo",
        "version": "versión de la demo",
        "your_text": "Tu texto",
        "your_text_help": "Escribe una frase con tus palabras o elige un ejemplo de abajo.",
        "examples": "Ejemplos",
        "run": "Probar",
        "output": "La respuesta del modelo",
        "variants": "Comparación: la misma frase con pequeños cambios",
        "run_variants": "Comparar las variantes",
        "variant_col_input": "Entrada",
        "variant_col_output": "Respuesta",
        "which_output": "¿Sobre qué respuesta comentas?",
        "category": "¿Cómo fue esta respuesta?",
        "cat_fine": "Bien",
        "cat_wrong": "Incorrecta",
        "cat_harmful": "Dañina",
        "cat_biased": "Sesgada",
        "group": "Grupo de personas afectado (opcional)",
        "group_help": "Uno o varios grupos, separados por comas: por ejemplo mujeres mayores, "
                      "hablantes de un dialecto",
        "language": "Idioma de tu texto (opcional)",
        "comment": "Comentario (opcional)",
        "send": "Enviar opinión",
        "thanks": "Gracias: tu opinión quedó registrada (número {id}).",
        "already": "Esta respuesta ya tiene tu opinión (número {id}); no se guardó dos veces.",
        "run_first": "Primero ejecuta el modelo y luego elige la respuesta que comentas.",
        "pick_answer": "Se muestran varias respuestas: elige arriba sobre cuál es tu opinión.",
        "pick_category": "Elige cómo fue esta respuesta (bien, incorrecta, dañina o sesgada).",
        "groups_saved": "Grupos afectados registrados: {groups}.",
        "no_slug": "No se eligió ninguna demo: esta página necesita un enlace como "
                   "/demo/?slug=NOMBRE.",
        "signed_in_only": "Esta demo solo está abierta a usuarios registrados de este Glasshouse. "
                          "Pide acceso a su responsable, o inicia sesión y abre {link}.",
        "caveat": "Esta es una demostración pequeña. Las respuestas pueden ser erróneas; no las "
                  "uses para tomar decisiones sobre personas.",
        "empty_text": "Escribe primero algún texto.",
        "rate_limited": "Demasiadas solicitudes desde esta conexión. Inténtalo de nuevo en "
                        "{wait} s.",
    },
}

from demos.spec import CATEGORIES  # noqa: E402 - the one list, re-exported


def lang_of(value: str | None) -> str:
    """A supported UI language for a query parameter or header value (default English)."""
    code = (value or "").strip().lower()[:2]
    return code if code in STRINGS else "en"


def t(lang: str, key: str, **kw: object) -> str:
    text = STRINGS[lang_of(lang)].get(key) or STRINGS["en"][key]
    return text.format(**kw) if kw else text


def category_choices(lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs for a radio: labels localised, stored values stay English."""
    return [(t(lang, f"cat_{c}"), c) for c in CATEGORIES]
