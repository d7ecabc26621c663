"""Language families for the search facet: base language (as `catalog.languages.base_language`
gives it) -> (family, branch).

A small table written by the team for the languages of the starter set and other common ones.
Facts, not code, from Glottolog 5 (https://glottolog.org, CC BY 4.0) and the family articles on
Wikipedia; where classifications disagree we use the widely taught grouping (e.g. Mande and
Atlantic under Niger-Congo, which Glottolog lists as separate families). Languages not listed
get UNKNOWN, so the facet never hides an entry.
"""

from __future__ import annotations

UNKNOWN = "Unknown family"
MANY = "Many languages (unnamed)"

_GROUPS: dict[tuple[str, str], str] = {
    ("Indo-European", "Germanic"): "en de nl sv da no nb nn is af yi fy lb fo gsw sco",
    ("Indo-European", "Romance"): "fr es pt it ro ca gl oc la sc co wa an ast rm lad",
    ("Indo-European", "Slavic"): "ru uk pl cs sk bg sr hr bs sl mk be sh csb dsb hsb",
    ("Indo-European", "Indo-Aryan"): "hi ur bn pa mr gu ne si or as sd mai bho awa ks "
                                     "doi kok sa dv rom",
    ("Indo-European", "Iranian"): "fa ps ku ckb kmr tg os bal lrc glk mzn prs",
    ("Indo-European", "Celtic"): "ga cy gd br kw gv",
    ("Indo-European", "Baltic"): "lt lv ltg",
    ("Indo-European", "Hellenic"): "el grc",
    ("Indo-European", "Armenian"): "hy",
    ("Indo-European", "Albanian"): "sq",
    ("Afro-Asiatic", "Semitic"): "ar he am ti mt tig gez syc",
    ("Afro-Asiatic", "Cushitic"): "so om aa sid bej",
    ("Afro-Asiatic", "Chadic"): "ha",
    ("Afro-Asiatic", "Berber"): "kab zgh tzm shi rif ber tmh",
    ("Niger-Congo", "Bantu"): "sw zu xh rw rn ln sn ny lg st tn ts ss ve nso kg ki "
                              "kj lua bem luy mer nd nr kam ve",
    ("Niger-Congo", "Volta-Niger"): "yo ig fon ee ibb ebi nup igl",
    ("Niger-Congo", "Kwa"): "ak tw fat ada gaa",
    ("Niger-Congo", "Atlantic"): "wo ff srr dyo",
    ("Niger-Congo", "Gur"): "mos dag kbp",
    ("Niger-Congo", "Mande"): "bm dyu man kpe men mnk",
    ("Niger-Congo", "Grassfields Bantoid"): "bbj bum",
    ("Nilo-Saharan", "Nilotic"): "luo din nus kln mas teo",
    ("Nilo-Saharan", "Saharan"): "kr",
    ("Sino-Tibetan", "Sinitic"): "zh yue wuu hak nan gan hsn cdo",
    ("Sino-Tibetan", "Tibeto-Burman"): "my bo dz new mni lus brx",
    ("Austronesian", "Malayo-Polynesian"): "id ms tl fil jv su mg mi haw sm to fj ceb ilo "
                                           "min ace ban bug war ty ch",
    ("Austroasiatic", "Vietic"): "vi",
    ("Austroasiatic", "Khmer"): "km",
    ("Austroasiatic", "Munda"): "sat",
    ("Kra-Dai", "Tai"): "th lo shn za",
    ("Dravidian", "South Dravidian"): "ta ml kn tcy",
    ("Dravidian", "South-Central Dravidian"): "te gon",
    ("Turkic", "Oghuz"): "tr az tk gag",
    ("Turkic", "Kipchak"): "kk ky tt ba krc",
    ("Turkic", "Karluk"): "uz ug",
    ("Turkic", "Siberian"): "sah tyv",
    ("Uralic", "Finnic"): "fi et krl vro",
    ("Uralic", "Ugric"): "hu",
    ("Uralic", "Sami"): "se smn sms",
    ("Japonic", "Japanese"): "ja",
    ("Koreanic", "Korean"): "ko",
    ("Mongolic", "Mongolian"): "mn",
    ("Kartvelian", "Karto-Zan"): "ka",
    ("Quechuan", "Quechua"): "qu quy quz",
    ("Aymaran", "Aymara"): "ay aym",
    ("Tupian", "Tupi-Guarani"): "gn",
    ("Uto-Aztecan", "Nahuan"): "nah nhe nhw",
    ("Uto-Aztecan", "Tarahumaran"): "tar",
    ("Uto-Aztecan", "Corachol"): "hch",
    ("Otomanguean", "Otomian"): "oto",
    ("Arawakan", "Campa"): "cni",
    ("Panoan", "Shipibo-Konibo"): "shp",
    ("Chibchan", "Talamanca"): "bzd",
    ("Mayan", "Mayan"): "yua quc kek mam",
    ("Eskimo-Aleut", "Inuit"): "iu kl ik",
    ("Language isolate", "Basque"): "eu",
    ("Creole", "English-based"): "pcm jam tpi bi",
    ("Creole", "French-based"): "ht mfe crs",
    ("Constructed", "International auxiliary"): "eo ia io vo",
}

FAMILIES: dict[str, tuple[str, str]] = {
    code: (family, f"{family} > {branch}")
    for (family, branch), codes in _GROUPS.items() for code in codes.split()
}


def family_of(base: str) -> tuple[str, str]:
    """(family, "family > branch") for a base language; unknown ones say so."""
    if base == "mul":
        return MANY, MANY
    return FAMILIES.get(base, (UNKNOWN, UNKNOWN))


def all_families() -> list[str]:
    """Every family and branch, for the UI's choice list (families first, then branches)."""
    fams = sorted({f for f, _ in FAMILIES.values()})
    branches = sorted({b for _, b in FAMILIES.values()})
    return fams + branches + [MANY, UNKNOWN]
