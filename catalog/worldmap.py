"""World map of where catalogued languages are spoken, drawn fully offline.

Plotly's geo traces normally download their base map (topojson) from a CDN when the page is
viewed, which fails offline and tells a third party who looks at the catalog. Here the country
shapes travel inside the figure instead: Scattergeo polygons filled "toself", with every base
layer of the geo subplot switched off, so plotly.js has nothing to fetch.

Data sources (facts, shipped or installed, none fetched at run time):
- Country shapes: Natural Earth 1:110m Admin 0 (public domain), as the TopoJSON file
  `countries-110m.json` of the npm package world-atlas 2.0.2 (ISC licence, Mike Bostock),
  unchanged, in catalog/geodata/ (108 kB; see catalog/geodata/NOTICE).
- Where a language is spoken: Unicode CLDR territory-language estimates (supplementalData.xml,
  as shipped in the `language_data` package that `langcodes` uses), with CLDR's mapping of
  ISO 3166 numeric codes to letter codes; a few small languages CLDR does not list are placed
  from Wikipedia/Glottolog facts (EXTRA_PLACES).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MIN_SHARE = 25.0  # % of a country's people; below this a language counts only where official
OFFICIAL = {"official", "de_facto_official"}
NOT_PLACES = {"mul", "und", "zxx", "mis"}
# Languages that CLDR does not place, from public facts (Wikipedia/Glottolog): tag -> countries
EXTRA_PLACES = {"quy": "PE", "quz": "PE", "tw": "GH", "bzd": "CR", "cni": "PE", "hch": "MX",
                "nah": "MX", "nhe": "MX", "oto": "MX", "shp": "PE", "tar": "MX", "aym": "BO PE",
                "gn": "PY"}
GEODATA = Path(__file__).parent / "geodata" / "countries-110m.json"
CAVEAT = (
    "Where a language is spoken comes from Unicode CLDR estimates: a country counts for a "
    f"language when CLDR estimates that at least {MIN_SHARE:g}% of its people speak it or the "
    "language is official there (elsewhere, the country with the most speakers); a tag with a "
    "region (es-AR) counts only there. Counts are catalog entries, not amounts of data. Borders: "
    "Natural Earth 1:110m (public domain); they are not a statement on disputed territories.")


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # outer rings (lon, lat)


@dataclass(frozen=True)
class MapCounts:
    entries: dict[str, int]  # country code -> catalog entries with a language spoken there
    languages: dict[str, dict[str, int]]  # country code -> {language tag: entries}
    n_entries: int  # entries on the map
    unplaced: dict[str, int]  # tags we cannot place (mul, unknown) -> entries


@lru_cache(maxsize=1)
def _cldr() -> tuple[dict[str, str], dict[str, list[tuple[str, float, bool, float]]]]:
    """(numeric -> alpha-2, language key -> [(territory, percent, official, speakers)])."""
    import xml.etree.ElementTree as ET

    import language_data

    path = Path(language_data.__file__).parent / "data" / "supplementalData.xml"
    root = ET.parse(path).getroot()
    numeric = {c.get("numeric"): c.get("type") for c in root.iter("territoryCodes")
               if c.get("numeric")}
    spoken: dict[str, list[tuple[str, float, bool, float]]] = {}
    for terr in root.iter("territory"):
        code, pop = terr.get("type"), float(terr.get("population") or 0)
        if not code or not code.isalpha():
            continue
        for lp in terr.iter("languagePopulation"):
            pct = float(lp.get("populationPercent") or 0)
            spoken.setdefault(lp.get("type"), []).append(
                (code, pct, lp.get("officialStatus") in OFFICIAL, pct * pop / 100))
    return numeric, spoken


@lru_cache(maxsize=4096)
def where_spoken(tag: str) -> frozenset[str]:
    """The countries (ISO alpha-2) where a language tag is spoken; empty if unknown/'mul'."""
    import langcodes

    from catalog.languages import base_language

    lang = langcodes.Language.get(tag)
    if not lang.language or lang.language in NOT_PLACES:
        return frozenset()
    if lang.territory:
        return frozenset({lang.territory})
    if lang.language in EXTRA_PLACES:
        return frozenset(EXTRA_PLACES[lang.language].split())
    _, spoken = _cldr()
    keys = [f"{lang.language}_{lang.script}"] if lang.script else []
    keys += [lang.language, base_language(tag)]
    rows = next((spoken[k] for k in keys if k in spoken), [])
    if not rows:
        return frozenset()
    chosen = {t for t, pct, official, _ in rows if pct >= MIN_SHARE or official}
    return frozenset(chosen or {max(rows, key=lambda r: r[3])[0]})


def count_by_country(pairs: Iterable[tuple[str, str]]) -> MapCounts:
    """(entry id, language tag) pairs -> entries per country (an entry counts once per
    country even when several of its languages are spoken there)."""
    countries_of: dict[str, set[str]] = {}
    langs: dict[str, Counter[str]] = {}
    unplaced: Counter[str] = Counter()
    for entry_id, tag in pairs:
        where = where_spoken(tag)
        if not where:
            unplaced[tag] += 1
            continue
        countries_of.setdefault(entry_id, set()).update(where)
        for c in where:
            langs.setdefault(c, Counter())[tag] += 1
    entries: Counter[str] = Counter(c for cs in countries_of.values() for c in cs)
    return MapCounts(dict(entries), {c: dict(v.most_common()) for c, v in langs.items()},
                     len(countries_of), dict(unplaced.most_common()))


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Country outlines decoded from the shipped TopoJSON (outer rings only, lon/lat)."""
    topo = json.loads(GEODATA.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((round(x * sx + tx, 2), round(y * sy + ty, 2)))
        arcs.append(pts)

    def ring(indexes: list[int]) -> tuple[tuple[float, float], ...]:
        out: list[tuple[float, float]] = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts[1:] if out else pts)
        return tuple(out)

    numeric, _ = _cldr()
    out = []
    for geo in topo["objects"]["countries"]["geometries"]:
        code = numeric.get(str(geo.get("id") or ""), "")
        polys = geo["arcs"] if geo["type"] == "MultiPolygon" else [geo["arcs"]]
        rings = tuple(ring(p[0]) for p in polys if p)
        out.append(Country(code, geo.get("properties", {}).get("name", code), rings))
    return tuple(out)


def _bins(top: int) -> list[tuple[int, int]]:
    """Count ranges for the colour legend: 1, 2-3, 4-7, ... up to the largest count."""
    out, lo = [], 1
    while lo <= top:
        hi = lo * 2 - 1
        out.append((lo, hi))
        lo *= 2
    return out


BLUES = ["#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c",
         "#08306b"]


def world_map_figure(counts: MapCounts, total_entries: int) -> Any:
    """Countries coloured by the number of catalog entries with a language spoken there;
    hover a dot for the country, its count and its languages."""
    import plotly.graph_objects as go

    from catalog.languages import language_info

    shapes = countries()
    top = max(counts.entries.values(), default=0)
    bins = _bins(top)
    if len(bins) > len(BLUES):  # merge the low bins so that the palette suffices
        bins = [(1, bins[-len(BLUES)][1])] + bins[-len(BLUES) + 1:]
    fig = go.Figure()

    def add_fill(group: list[Country], colour: str, label: str, legend: bool) -> None:
        lon: list[float | None] = []
        lat: list[float | None] = []
        for c in group:
            for r in c.rings:
                lon += [p[0] for p in r] + [None]
                lat += [p[1] for p in r] + [None]
        fig.add_trace(go.Scattergeo(
            lon=lon, lat=lat, mode="lines", fill="toself", fillcolor=colour, name=label,
            line={"width": 0.5, "color": "#8c8c8c"}, hoverinfo="skip", showlegend=legend))

    add_fill([c for c in shapes if counts.entries.get(c.code, 0) == 0], "#f0f0f0",
             "no entries", True)
    palette = BLUES[-len(bins):] if len(bins) < len(BLUES) else BLUES
    for (lo, hi), colour in zip(bins, palette):
        group = [c for c in shapes if lo <= counts.entries.get(c.code, 0) <= hi]
        label = f"{lo}" if lo == min(hi, top) else f"{lo}–{min(hi, top)}"
        if group:
            add_fill(group, colour, f"{label} entries", True)

    dots = [c for c in shapes if counts.entries.get(c.code, 0) > 0 and c.rings]
    names: dict[str, str] = {}

    def name(tag: str) -> str:
        if tag not in names:
            try:
                names[tag] = f"{language_info(tag).name} ({tag})"
            except (ValueError, LookupError):
                names[tag] = tag
        return names[tag]

    def centre(c: Country) -> tuple[float, float]:
        biggest = max(c.rings, key=len)
        return (sum(p[0] for p in biggest) / len(biggest),
                sum(p[1] for p in biggest) / len(biggest))

    texts = []
    for c in dots:
        langs = counts.languages.get(c.code, {})
        shown = ", ".join(f"{name(t)}: {n}" for t, n in list(langs.items())[:6])
        more = f" and {len(langs) - 6} more" if len(langs) > 6 else ""
        texts.append(f"<b>{c.name}</b><br>{counts.entries[c.code]} entries<br>{shown}{more}")
    fig.add_trace(go.Scattergeo(
        lon=[centre(c)[0] for c in dots], lat=[centre(c)[1] for c in dots], mode="markers",
        marker={"size": [3 + 1.6 * math.sqrt(counts.entries[c.code]) for c in dots],
                "color": "#e65100", "opacity": 0.8, "line": {"width": 0.5, "color": "white"}},
        hovertext=texts, hoverinfo="text", name="entries (hover)", showlegend=False))
    unplaced = sum(counts.unplaced.values())
    fig.update_layout(
        title=(f"Where the catalogued languages are spoken: {len(counts.entries)} countries and "
               f"territories, "
               f"n = {counts.n_entries} of {total_entries} entries"
               + (f" ({unplaced} language listings not placeable, e.g. 'mul')"
                  if unplaced else "")),
        geo={"visible": False, "projection": {"type": "natural earth"},
             "lataxis": {"range": [-58, 85]}, "bgcolor": "white"},
        height=520, margin={"l": 0, "r": 0, "t": 60, "b": 0},
        legend={"title": "Catalog entries", "orientation": "v"})
    return fig
