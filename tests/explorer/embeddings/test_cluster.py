"""Clusters and their automatic labels from top terms."""

from __future__ import annotations

import pytest

from explorer.embeddings.cluster import NOISE, cluster_and_label, cluster_points, top_terms
from glasshouse.errors import BadInput

from .test_project import blobs


def same_partition(a, b) -> bool:
    pairs = set(zip(a.tolist(), b.tolist()))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


@pytest.mark.parametrize("method,kw", [("kmeans", {"k": 3}), ("hdbscan", {"min_cluster_size": 10})])
def test_clusters_recover_separated_groups(method, kw) -> None:
    x, groups = blobs(n_per=40)
    labels = cluster_points(x, method, **kw)
    assert same_partition(labels, groups)


def test_default_k_and_bad_k() -> None:
    x, _ = blobs()
    assert len(set(cluster_points(x, "kmeans").tolist())) >= 2
    with pytest.raises(BadInput, match="between 2 and 90"):
        cluster_points(x, "kmeans", k=500)
    with pytest.raises(BadInput, match="unknown clustering"):
        cluster_points(x, "spectral")


CATS = ["the cat purrs on the sofa", "a cat chases the mouse", "my cat sleeps all day",
        "the cat and the kitten play"]
MONEY = ["the bank raised interest rates", "the bank cut rates again", "interest rates and the bank",
         "a bank loan at high rates"]
FR = ["le chat dort sur le canapé", "le chat joue avec la souris", "le chat mange le poisson"]


def test_top_terms_name_what_is_typical_not_what_is_common() -> None:
    texts = CATS + MONEY
    labels = [0] * 4 + [1] * 4
    terms = top_terms(texts, labels)
    assert terms[0][0] == "cat"
    assert set(terms[1][:2]) == {"bank", "rates"}
    assert "the" not in terms[0] + terms[1]  # in every text of both clusters


def test_top_terms_work_in_other_languages_and_skip_noise() -> None:
    texts = FR + MONEY + ["random noise words here"]
    labels = [0] * 3 + [1] * 4 + [NOISE]
    terms = top_terms(texts, labels)
    assert terms[0][0] == "chat" and "le" not in terms[0][:1]
    assert NOISE not in terms


def test_cluster_and_label_names_every_cluster() -> None:
    x, groups = blobs(n_per=4)
    texts = (CATS + MONEY + FR + ["le chat noir"])
    c = cluster_and_label(x, texts, "kmeans", k=3)
    assert sorted(c.sizes.values()) == [4, 4, 4]
    assert set(c.names) == {0, 1, 2}
    by_group = {int(c.labels[i]): c.names[int(c.labels[i])] for i in (0, 4, 8)}
    assert "cat" in by_group[int(c.labels[0])]
    assert "bank" in by_group[int(c.labels[4])] or "rates" in by_group[int(c.labels[4])]
    assert "chat" in by_group[int(c.labels[8])]


# clusters that are one language each: what made the old labels "die / das / und"
DE = ["Die Mannschaft hat das Spiel im Stadion gewonnen und die Fans feierten",
      "Das Stadion war voll und die Mannschaft spielte gut",
      "Die Fans im Stadion sangen für die Mannschaft", "Das Spiel der Mannschaft war spannend"]
ES = ["El gobierno aprobó la ley de presupuestos en el congreso",
      "La ley del gobierno llega al congreso esta semana",
      "El congreso vota la ley que propone el gobierno", "Los diputados del congreso y la ley"]
EN = ["@user the new phone has a great camera http://t.co/x",
      "RT @user this phone camera is amazing", "my phone camera broke again @user",
      "the camera on the phone is better than ever"]


def test_labels_of_one_language_clusters_are_topics_not_function_words() -> None:
    from glasshouse.stop_words import stop_words

    terms = top_terms(DE + ES + EN, [0] * 4 + [1] * 4 + [2] * 4)
    assert set(terms[0]) >= {"mannschaft", "stadion"}
    assert set(terms[1]) >= {"ley", "congreso"} or set(terms[1]) >= {"ley", "gobierno"}
    assert set(terms[2]) >= {"phone", "camera"}
    for c, lang in ((0, "de"), (1, "es"), (2, "en")):
        assert not set(terms[c]) & stop_words(lang), (lang, terms[c])
    assert not {"user", "http", "rt"} & {w for ws in terms.values() for w in ws}


def test_a_word_that_is_a_function_word_elsewhere_stays_in_english() -> None:
    texts = ["plants die without water", "the plants die in winter", "why plants die early",
             "cats sleep a lot", "the cats sleep all day", "old cats sleep more"]
    terms = top_terms(texts, [0, 0, 0, 1, 1, 1])
    assert "die" in terms[0] and "plants" in terms[0]
