"""World map: where languages are spoken (CLDR), per-country counts, offline figure."""

from __future__ import annotations

import pytest

from catalog import service
from catalog.worldmap import count_by_country, countries, where_spoken, world_map_figure


@pytest.mark.parametrize(("tag", "must", "must_not"), [
    ("ar-EG", {"EG"}, {"MA", "SA"}),          # a region in the tag: only there
    ("arz", {"EG"}, {"SA"}),                   # Egyptian Arabic
    ("ar", {"EG", "SA", "MA", "IQ"}, {"FR"}),  # Arabic: where CLDR says it is widely spoken
    ("sw", {"KE", "TZ"}, {"NG"}),
    ("zh-Hant", {"TW", "HK"}, {"CN"}),         # the script picks the places
    ("yo", {"NG"}, {"KE"}),
    ("quy", {"PE"}, set()),                    # not in CLDR: the team's small table
])
def test_where_a_language_is_spoken(tag, must, must_not):
    got = where_spoken(tag)
    assert must <= got and not (must_not & got)


@pytest.mark.parametrize("tag", ["mul", "und"])
def test_many_or_undetermined_languages_have_no_place(tag):
    assert where_spoken(tag) == frozenset()


def test_an_entry_counts_once_per_country_and_unplaceable_tags_are_reported():
    got = count_by_country([("a", "ar-EG"), ("a", "arz"), ("b", "arz"), ("c", "mul"),
                            ("d", "sw-KE")])
    assert got.entries["EG"] == 2 and got.entries["KE"] == 1 and "TZ" not in got.entries
    assert got.languages["EG"] == {"arz": 2, "ar-EG": 1}
    assert got.n_entries == 3 and got.unplaced == {"mul": 1}


def test_country_shapes_are_decoded_from_the_shipped_natural_earth_file():
    shapes = {c.code: c for c in countries() if c.code}
    assert len(countries()) == 177 and {"KE", "EG", "BR", "FR"} <= set(shapes)
    kenya = max(shapes["KE"].rings, key=len)
    assert all(33.5 < lon < 42 and -5 < lat < 5.6 for lon, lat in kenya)  # ~Kenya
    assert kenya[0] == kenya[-1]  # closed ring


def test_map_figure_needs_no_download():
    """No base layer and no `locations`: plotly.js then fetches no topojson from its CDN."""
    fig = world_map_figure(count_by_country([("a", "sw"), ("b", "sw-KE")]), 3)
    assert fig.layout.geo.visible is False
    assert all(getattr(t, "locations", None) is None for t in fig.data)
    assert all(t.type == "scattergeo" for t in fig.data)
    legend = [t.name for t in fig.data if t.showlegend]
    assert legend == ["no entries", "1 entries", "2 entries"]
    assert "n = 2 of 3 entries" in fig.layout.title.text
    dots = fig.data[-1]
    kenya = next(t for t in dots.hovertext if t.startswith("<b>Kenya"))
    assert "2 entries" in kenya


def test_language_map_counts_stored_entries(db, curator):
    service.create_entry(db, {"name": "Masakhane NER", "languages": ["yo", "sw", "ha"]},
                         actor=curator)
    service.create_entry(db, {"name": "Kenyan tweets", "languages": ["sw-KE"]}, actor=curator)
    got = service.language_map(db)
    assert got.entries["KE"] == 2 and got.entries["NG"] == 1 and got.n_entries == 2
