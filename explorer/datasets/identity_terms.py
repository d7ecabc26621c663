"""Identity-term lists per language for word associations, written by the Glasshouse team.

Each category (gender, religion, nationality, ...) has groups, each a list of lower-case words
that refer to that group. They are deliberately short and editable in the UI: they are a
starting point for looking, not a complete or neutral description of any group.

Contractions, possessives and elisions (`he's`, `woman's`, `l'homme`, `qu'elle`, `dell'uomo`)
are matched through `wordfilter.core`, so the lists hold base forms; possessive words that are
forms of their own (`his`, `her`; Portuguese `dele`, `dela`) are listed. Ambiguous forms are
left out on purpose where they would mostly match something else (German `ihr`/`ihre` is
also "their"/"your" and `sein` also "to be", so neither German possessive is listed; French
`lui` is also "to her")."""

from __future__ import annotations

IdentityTerms = dict[str, dict[str, list[str]]]  # category -> group -> words

TERMS: dict[str, IdentityTerms] = {
    "en": {
        "gender": {
            "female": ["she", "her", "hers", "woman", "women", "girl", "girls", "mother", "wife",
                       "daughter", "sister", "lady", "ladies", "female", "mrs", "ms", "herself",
                       "mothers", "wives", "daughters", "sisters", "females"],
            "male": ["he", "him", "his", "man", "men", "boy", "boys", "father", "husband", "son",
                     "brother", "gentleman", "male", "mr", "himself", "fathers", "husbands", "sons",
                     "brothers", "gentlemen", "males"],
        },
        "religion": {
            "christian": ["christian", "christians", "church", "christianity", "catholic"],
            "muslim": ["muslim", "muslims", "islam", "islamic", "mosque"],
            "jewish": ["jewish", "jew", "jews", "judaism", "synagogue"],
            "hindu": ["hindu", "hindus", "hinduism", "temple"],
            "buddhist": ["buddhist", "buddhists", "buddhism"],
        },
        "nationality": {
            "american": ["american", "americans"], "mexican": ["mexican", "mexicans"],
            "chinese": ["chinese"], "indian": ["indian", "indians"],
            "nigerian": ["nigerian", "nigerians"], "french": ["french"],
            "german": ["german", "germans"], "syrian": ["syrian", "syrians"],
        },
        "age": {
            "young": ["young", "youth", "teenager", "teenagers", "kid", "kids"],
            "old": ["old", "elderly", "senior", "seniors", "retired", "pensioner"],
        },
    },
    "es": {
        "gender": {
            "female": ["ella", "ellas", "mujer", "mujeres", "chica", "chicas", "niña", "madre",
                       "esposa", "hija", "hermana", "señora", "femenina"],
            "male": ["él", "ellos", "hombre", "hombres", "chico", "chicos", "niño", "padre",
                     "esposo", "marido", "hijo", "hermano", "señor", "masculino"],
        },
        "religion": {
            "christian": ["cristiano", "cristiana", "cristianos", "iglesia", "católico",
                          "católica"],
            "muslim": ["musulmán", "musulmana", "musulmanes", "islam", "islámico", "mezquita"],
            "jewish": ["judío", "judía", "judíos", "judaísmo", "sinagoga"],
        },
        "nationality": {
            "spanish": ["español", "española", "españoles"],
            "mexican": ["mexicano", "mexicana", "mexicanos"],
            "moroccan": ["marroquí", "marroquíes"], "chinese": ["chino", "china", "chinos"],
            "american": ["estadounidense", "estadounidenses", "americano"],
            "romanian": ["rumano", "rumana", "rumanos"],
        },
    },
    "fr": {
        "gender": {
            "female": ["elle", "elles", "femme", "femmes", "fille", "filles", "mère", "épouse",
                       "sœur", "soeur", "madame", "dame"],
            "male": ["il", "ils", "homme", "hommes", "garçon", "garçons", "père", "mari",
                     "époux", "fils", "frère", "monsieur"],
        },
        "religion": {
            "christian": ["chrétien", "chrétienne", "chrétiens", "église", "catholique"],
            "muslim": ["musulman", "musulmane", "musulmans", "islam", "islamique", "mosquée"],
            "jewish": ["juif", "juive", "juifs", "judaïsme", "synagogue"],
        },
        "nationality": {
            "french": ["français", "française", "françaises"],
            "algerian": ["algérien", "algérienne", "algériens"],
            "moroccan": ["marocain", "marocaine", "marocains"],
            "chinese": ["chinois", "chinoise"], "american": ["américain", "américaine"],
            "german": ["allemand", "allemande", "allemands"],
        },
    },
    "de": {
        "gender": {
            "female": ["sie", "frau", "frauen", "mädchen", "mutter", "ehefrau", "tochter",
                       "schwester", "mütter", "töchter", "schwestern", "ehefrauen"],
            "male": ["er", "ihm", "ihn", "mann", "mannes", "männer", "männern", "junge", "jungen",
                     "vater", "vaters", "väter", "ehemann", "sohn", "sohnes", "söhne", "bruder",
                     "bruders", "brüder"],
        },
        "religion": {
            "christian": ["christ", "christen", "christlich", "kirche"],
            "muslim": ["muslim", "muslime", "muslimisch", "islam", "moschee"],
            "jewish": ["jude", "juden", "jüdisch", "synagoge"],
        },
    },
    "it": {
        "gender": {
            "female": ["lei", "donna", "donne", "ragazza", "ragazze", "madre", "moglie",
                       "figlia", "sorella", "signora"],
            "male": ["lui", "uomo", "uomini", "ragazzo", "ragazzi", "padre", "marito", "figlio",
                     "fratello", "signore"],
        },
    },
    "pt": {
        "gender": {
            "female": ["ela", "elas", "dela", "delas", "nela", "mulher", "mulheres", "menina",
                       "meninas", "mãe", "esposa", "filha", "irmã", "senhora"],
            "male": ["ele", "eles", "dele", "deles", "nele", "homem", "homens", "menino",
                     "meninos", "pai", "marido", "filho", "irmão", "senhor"],
        },
    },
}


def terms_for(language: str) -> IdentityTerms:
    return TERMS.get(language, TERMS["en"])


def parse_groups(text: str) -> dict[str, list[str]]:
    """Editable form: one group per line, 'group: word, word, ...'."""
    from glasshouse.errors import BadInput

    groups: dict[str, list[str]] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, words = line.partition(":")
        items = [w.strip().lower() for w in words.split(",") if w.strip()]
        if not sep or not name.strip() or not items:
            raise BadInput("write each group as 'name: word, word, ...'", row=n,
                           field="identity terms")
        groups[name.strip()] = items
    if len(groups) < 2:
        raise BadInput("give at least two groups to compare", field="identity terms")
    return groups


def format_groups(groups: dict[str, list[str]]) -> str:
    return "\n".join(f"{g}: {', '.join(ws)}" for g, ws in groups.items())
