"""Which terms share a unit: units, the terms chosen, the co-occurrence matrix
and its normalisations.

The co-word convention is followed: a unit (a sentence, or a paragraph) is a
set of terms, so a unit that contains both terms counts once however often
either occurs in it. With X the binary units × terms matrix, C = XᵀX holds on
its diagonal s_i, the number of units that contain term i, and off it c_ij,
the number of units that contain both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from plantopics.network.settings import MEASURES, RANKINGS, UNITS

EDGE_COLUMNS = ["source", "target", "count", "weight"]
RANKING_COLUMNS = {"tfidf": "tfidf", "keyness": "g2"}  # ranking -> column of plantopics.keywords.score_table


def token_tables(tokens: pd.DataFrame | Sequence[pd.DataFrame]) -> list[pd.DataFrame]:
    """One token table or several (the documents of a group) as a list."""
    return [tokens] if isinstance(tokens, pd.DataFrame) else list(tokens)


def body(tokens: pd.DataFrame) -> pd.DataFrame:
    """The rows of the document's body. Chapter 0 (title, front matter, closing)
    is left out when the document has chapters, as the keyword stage does."""
    if (tokens["chapter"] > 0).any():
        return tokens[tokens["chapter"] > 0]
    return tokens


def unit_term_sets(tables: Sequence[pd.DataFrame], unit: str) -> list[frozenset[str]]:
    """The set of terms of every unit with at least one token, in document order.

    ``tables`` are token tables (:func:`plantopics.tokenize.read_tokens`); a
    unit is a sentence (``sentence_id``) or a paragraph (``unit_id``, the
    segmenter's paragraph, heading or box item). Units of different tables
    never merge, even when their ids are the same.
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {sorted(UNITS)}, not {unit!r}")
    column = UNITS[unit]
    units: dict[tuple[int, str], set[str]] = {}
    for number, table in enumerate(tables):
        rows = body(table)
        for key, tokens in zip(rows[column], rows["tokens"], strict=True):
            units.setdefault((number, key), set()).update(tokens)
    return [frozenset(terms) for terms in units.values() if terms]


def unit_frequency(unit_sets: Iterable[frozenset[str]]) -> Counter:
    """Term -> number of units that contain it (s_i)."""
    return Counter(term for terms in unit_sets for term in terms)


def ranking_scores(
    ranking: str,
    frequency: Mapping[str, int],
    scores: pd.DataFrame | None = None,
    tables: Sequence[pd.DataFrame] = (),
) -> dict[str, float]:
    """Term -> the score the terms are ranked by.

    * ``frequency``: the number of units containing the term;
    * ``tfidf``: the term's highest TF-IDF in any chapter (chapters as the
      documents), so each chapter's own vocabulary is eligible;
    * ``keyness``: the term's highest G² of any chapter against the rest.

    ``scores`` is :func:`plantopics.keywords.score_table` (the workflow's
    ``keywords/scores.csv``), several documents' tables concatenated, or only the
    rows of one chapter; without it the scores are computed from ``tables`` with
    the keyword stage's default settings. A score that cannot be computed (G²
    of a document with a single chapter) counts as 0, so frequency decides.
    """
    if ranking not in RANKINGS:
        raise ValueError(f"ranking must be one of {list(RANKINGS)}, not {ranking!r}")
    if ranking == "frequency":
        return {term: float(count) for term, count in frequency.items()}
    if scores is None:
        scores = default_scores(tables)
    best = scores.groupby("term", sort=True)[RANKING_COLUMNS[ranking]].max()
    return {term: (0.0 if np.isnan(value) else float(value)) for term, value in best.items()}


def default_scores(tables: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """:func:`plantopics.keywords.score_table` of each table, concatenated, with the
    keyword stage's settings at the config schema's defaults."""
    from plantopics.config import defaults
    from plantopics.keywords import score_table

    keywords = defaults()["keywords"]
    settings = {"sublinear_tf": keywords["tfidf"]["sublinear_tf"], "norm": keywords["tfidf"]["norm"],
                "correction": keywords["keyness"]["correction"]}  # fmt: skip
    return pd.concat([score_table(table, **settings) for table in tables], ignore_index=True)


def select_terms(
    frequency: Mapping[str, int], scores: Mapping[str, float], n_terms: int, min_frequency: int
) -> list[str]:
    """The ``n_terms`` best terms among those in at least ``min_frequency`` units:
    by score (descending), then frequency (descending), then the term itself."""
    candidates = [term for term, count in frequency.items() if count >= min_frequency]
    ranked = sorted(candidates, key=lambda term: (-scores.get(term, 0.0), -frequency[term], term))
    return ranked[:n_terms]


@dataclass(frozen=True)
class Cooccurrence:
    """Co-occurrence of chosen terms: ``counts`` is terms × terms (c_ij, zero
    diagonal), ``frequency`` the units containing each term (s_i); terms sorted."""

    terms: list[str]
    frequency: np.ndarray
    counts: sparse.csr_array
    n_units: int


def cooccurrence(unit_sets: Sequence[frozenset[str]], terms: Iterable[str]) -> Cooccurrence:
    """C = XᵀX for the binary units × terms matrix X of ``terms`` (sorted)."""
    terms = sorted(set(terms))
    index = {term: i for i, term in enumerate(terms)}
    rows, columns = [], []
    for row, unit in enumerate(unit_sets):
        for term in unit:
            if term in index:
                rows.append(row)
                columns.append(index[term])
    presence = sparse.csr_array(
        (np.ones(len(rows), dtype=np.int64), (rows, columns)), shape=(len(unit_sets), len(terms))
    )
    counts = (presence.T @ presence).tocsr()
    frequency = counts.diagonal().astype(np.int64)
    counts.setdiag(0)
    counts.eliminate_zeros()
    return Cooccurrence(terms=terms, frequency=frequency, counts=counts, n_units=len(unit_sets))


def normalise(count, s_i, s_j, k_i, k_j, total_links: float, measure: str) -> np.ndarray:
    """Link weight of a pair co-occurring ``count`` times (arrays broadcast).

    * ``count``: c_ij, the raw count;
    * ``ochiai``: c_ij / sqrt(s_i s_j) (the cosine of the two terms' unit vectors), in (0, 1];
    * ``jaccard``: c_ij / (s_i + s_j − c_ij), the share of units with either term
      that have both, in (0, 1];
    * ``association``: association strength as VOSviewer computes it (van Eck &
      Waltman 2009; Waltman, van Eck & Noyons 2010): 2 m c_ij / (k_i k_j), with
      k_i = Σ_j c_ij the term's total link strength among the chosen terms and
      m = ½ Σ_i k_i the network's. That is the ratio of observed co-occurrences
      to those expected if links fell independently of the terms: 1 is chance,
      above 1 attraction.

    s_i is the number of units containing term i.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {list(MEASURES)}, not {measure!r}")
    count = np.asarray(count, dtype=np.float64)
    if measure == "count":
        return count
    if measure == "ochiai":
        return count / np.sqrt(np.asarray(s_i, dtype=np.float64) * s_j)
    if measure == "jaccard":
        return count / (np.asarray(s_i, dtype=np.float64) + s_j - count)
    return 2 * total_links * count / (np.asarray(k_i, dtype=np.float64) * k_j)


def edge_table(co: Cooccurrence, measure: str, min_count: int) -> pd.DataFrame:
    """One row per pair of terms co-occurring at least ``min_count`` times:
    source, target (source < target), count and weight (``measure``), sorted by
    source then target. Association strength uses all co-occurrences of the
    chosen terms, those below ``min_count`` included (as VOSviewer does)."""
    upper = sparse.triu(co.counts, k=1).tocoo()
    keep = upper.data >= min_count
    i, j, count = upper.row[keep], upper.col[keep], upper.data[keep]
    link_strength = np.asarray(co.counts.sum(axis=1)).ravel()
    weight = normalise(
        count, co.frequency[i], co.frequency[j], link_strength[i], link_strength[j], link_strength.sum() / 2, measure
    )
    terms = np.asarray(co.terms, dtype=object)
    order = np.lexsort((j, i))
    frame = pd.DataFrame(
        {"source": terms[i][order], "target": terms[j][order], "count": count[order], "weight": weight[order]}
    )
    return frame.astype({"source": str, "target": str, "count": np.int64, "weight": np.float64})
