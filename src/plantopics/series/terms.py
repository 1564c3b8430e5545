"""Term trajectories: how often each term is used in each document of a
series, when it first appears, whether it rises or falls over time, and which
terms set one group of documents apart from the others.

* :func:`count_matrix` — terms × documents counts of every document's content
  tokens (chapters ≥ 1, as the comparison and the joint model count them:
  :func:`plantopics.compare.document_tokens`), and each document's length;
* :func:`frequencies` — ``frequencies.csv``: count and rate per 10,000 tokens
  of every term in every document that uses it;
* :func:`first_appearances` — each term's first and last year and document;
* :func:`fit_trends` — ``trends.csv``: each term's trend over time, from a
  quasi-Poisson log-linear regression of its count in each document on the
  document's year with the document's token count as exposure
  (``log E[y_d] = log n_d + a + b·(year_d − centre)/10``), fitted for all terms
  at once by iteratively reweighted least squares. ``trend`` = ``exp(b)``, the
  **rate ratio per decade** (2 = the term's rate per token doubles every ten
  years; 0.5 = halves), with its confidence interval and p-value from the
  quasi-Poisson standard error (Pearson dispersion, never below 1, t with
  D − 2 degrees of freedom), and Benjamini–Hochberg ``q`` over all tested
  terms. docs/series.md explains why this over a Poisson, negative-binomial
  or rank test, and the support rule;
* :func:`group_keyness` — each group of a categorical attribute against the
  other groups (:func:`plantopics.keywords.keyness_scores`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

PER = 10_000  # rates are per 10,000 tokens
FREQUENCY_COLUMNS = ["document", "year", "term", "count", "per_10k"]
FIRST_COLUMNS = ["term", "first_year", "first_document", "last_year", "n_documents", "count", "before_series"]
TREND_COLUMNS = [
    "term", "n_documents", "first_year", "last_year", "count", "trend", "trend_low", "trend_high", "p", "direction",
    "q", "t", "dispersion", "per_10k", "rate_first", "rate_last", "converged",
]
GROUP_KEYNESS_COLUMNS = ["attribute", "group", "rank", "term", "g2", "p", "log_ratio", "count_target",
                         "count_reference"]
DIRECTIONS = ("rising", "falling", "flat")


YEARS_PER_STEP = 10  # trends and year effects are per decade, the scale trends.csv and effects.csv document


@dataclass(frozen=True)
class TrendSettings:
    """Which terms get a trend and when it counts as rising or falling (the
    config's ``series.terms``).

    A term is tested when it occurs in at least ``min_documents`` dated
    documents, in at least two different years, at least ``min_count`` times
    in all. It is ``rising`` (``falling``) when its Benjamini–Hochberg ``q``
    is below ``fdr`` and its trend is above (below) 1; otherwise ``flat``.
    ``confidence``: of the interval. The trend is the rate ratio per
    :data:`YEARS_PER_STEP` years.
    """

    min_documents: int
    min_count: int
    fdr: float
    confidence: float

    @classmethod
    def from_config(cls, terms: Mapping) -> TrendSettings:
        return cls(min_documents=int(terms["min_documents"]), min_count=int(terms["min_count"]),
                   fdr=float(terms["fdr"]), confidence=float(terms["confidence"]))


# --------------------------------------------------------------------------- counts


@dataclass
class TermCounts:
    """``counts``: T × D term counts (int64); ``terms``: T terms, sorted;
    ``documents``: D ids in the order given; ``lengths``: D content tokens."""

    counts: np.ndarray
    terms: list[str]
    documents: list[str]
    lengths: np.ndarray

    def restrict(self, documents: Sequence[str]) -> TermCounts:
        """The same counts for ``documents`` only (terms they never use dropped)."""
        index = [self.documents.index(d) for d in documents]
        counts = self.counts[:, index]
        used = counts.sum(axis=1) > 0
        return TermCounts(counts[used], [t for t, u in zip(self.terms, used, strict=True) if u], list(documents),
                          self.lengths[index])


def count_matrix(tokens_by_doc: Mapping[str, Sequence[str]]) -> TermCounts:
    """Counts of every term in every document (:func:`plantopics.keywords.count_matrix`,
    turned terms × documents). ``tokens_by_doc``: document id -> its content tokens
    (:func:`plantopics.compare.document_tokens`)."""
    from plantopics.keywords import count_matrix as documents_by_terms

    frame = documents_by_terms(dict(tokens_by_doc)).reindex(list(tokens_by_doc))
    lengths = np.array([len(tokens) for tokens in tokens_by_doc.values()], dtype=np.int64)
    return TermCounts(frame.to_numpy().T.copy(), list(frame.columns), list(tokens_by_doc), lengths)


def frequencies(counts: TermCounts, years: Mapping[str, int | None]) -> pd.DataFrame:
    """``frequencies.csv``: one row per document and term it uses (a term
    missing for a document has count 0): document, year (empty when the
    document has none), term, count, per_10k. Documents in the order of
    ``counts``, terms sorted."""
    rows, cols = np.nonzero(counts.counts.T)
    values = counts.counts.T[rows, cols]
    doc_years = pd.array([years.get(d) for d in counts.documents], dtype="Int64")
    return pd.DataFrame({
        "document": np.asarray(counts.documents, dtype=object)[rows],
        "year": doc_years[rows],
        "term": np.asarray(counts.terms, dtype=object)[cols],
        "count": values,
        "per_10k": values / counts.lengths[rows] * PER,
    }, columns=FREQUENCY_COLUMNS)


def first_appearances(counts: TermCounts, years: Mapping[str, int]) -> pd.DataFrame:
    """Each term's first and last year among the dated documents, the first
    document using it (the earliest; ties by id), the number of dated
    documents using it and its total count there. ``before_series`` is True
    when the first year is the series' first year: the term may be older than
    the series, so that is no first appearance."""
    docs = [d for d in counts.documents if years.get(d) is not None]
    if not docs:
        return pd.DataFrame(columns=FIRST_COLUMNS)
    sub = counts.restrict(docs)
    order = sorted(range(len(docs)), key=lambda j: (years[docs[j]], docs[j]))
    ordered = sub.counts[:, order] > 0
    doc_years = np.array([years[docs[j]] for j in order])
    first = ordered.argmax(axis=1)
    last = ordered.shape[1] - 1 - ordered[:, ::-1].argmax(axis=1)
    table = pd.DataFrame({
        "term": sub.terms,
        "first_year": doc_years[first],
        "first_document": np.asarray(docs, dtype=object)[np.array(order)[first]],
        "last_year": doc_years[last],
        "n_documents": ordered.sum(axis=1),
        "count": sub.counts.sum(axis=1),
    })
    table["before_series"] = table["first_year"] == doc_years.min()
    return table[FIRST_COLUMNS]


# --------------------------------------------------------------------------- trends


def poisson_trend_fit(y: np.ndarray, exposure: np.ndarray, x: np.ndarray, max_iter: int = 100, tol: float = 1e-9):
    """Poisson log-linear fits ``log E[y_td] = log exposure_d + a_t + b_t x_d``
    for every row ``t`` of ``y`` (T × D) at once, by IRLS (Newton's method;
    the Poisson log-likelihood is concave, and the MLE exists whenever a
    row's non-zero counts lie at two or more distinct ``x``).

    Returns ``(a, b, cov, mu, converged)``: T intercepts and slopes, the T × 2
    × 2 inverse Fisher information (the Poisson covariance of (a, b)), the
    fitted means (T × D) and whether each row converged."""
    y = np.asarray(y, dtype=np.float64)
    offset = np.log(np.asarray(exposure, dtype=np.float64))[None, :]
    x = np.asarray(x, dtype=np.float64)[None, :]
    a = np.log(y.sum(axis=1) / np.exp(offset).sum()).astype(np.float64)
    b = np.zeros(len(y))
    converged = np.zeros(len(y), dtype=bool)
    for _ in range(max_iter):
        eta = a[:, None] + b[:, None] * x
        mu = np.exp(offset + eta)
        s00, s01, s11 = mu.sum(axis=1), (mu * x).sum(axis=1), (mu * x * x).sum(axis=1)
        # score of (a, b): Newton step = I^-1 U with I the Fisher information
        u0, u1 = (y - mu).sum(axis=1), ((y - mu) * x).sum(axis=1)
        det = s00 * s11 - s01 ** 2
        da = (s11 * u0 - s01 * u1) / det
        db = (s00 * u1 - s01 * u0) / det
        # a step that would overshoot on the log scale is shortened (far from the optimum only)
        scale = np.minimum(1.0, 5.0 / np.maximum(np.abs(db), 1e-300))
        a, b = a + scale * da, b + scale * db
        step = np.maximum(np.abs(da), np.abs(db)) * scale
        converged = step < tol * (1 + np.maximum(np.abs(a), np.abs(b)))
        if converged.all():
            break
    eta = a[:, None] + b[:, None] * x
    mu = np.exp(offset + eta)
    s00, s01, s11 = mu.sum(axis=1), (mu * x).sum(axis=1), (mu * x * x).sum(axis=1)
    det = s00 * s11 - s01 ** 2
    cov = np.stack([np.stack([s11, -s01], axis=1), np.stack([-s01, s00], axis=1)], axis=1) / det[:, None, None]
    return a, b, cov, mu, converged


def fit_trends(counts: TermCounts, years: Mapping[str, int], settings: TrendSettings) -> pd.DataFrame:
    """``trends.csv``: the trend of every term with enough support (see
    :class:`TrendSettings`), over the documents that have a year.

    Columns: term, n_documents (dated documents using it), first_year,
    last_year, count, trend (rate ratio per :data:`YEARS_PER_STEP` years),
    trend_low, trend_high (its confidence interval), p, direction (rising,
    falling, flat), q (Benjamini–Hochberg), t (the slope's t statistic),
    dispersion (the quasi-Poisson φ, at least 1), per_10k (the term's rate
    over all dated documents), rate_first, rate_last (the fitted rate per
    10,000 tokens in the series' first and last year), converged. Sorted by
    direction (rising, falling, flat), then by strength: rising terms by
    ``trend_low`` descending (the change the data support at least), falling
    terms by ``trend_high`` ascending, flat terms by p. Empty when fewer than
    three distinct years are dated."""
    from scipy import stats

    empty = [d for d, n in zip(counts.documents, counts.lengths, strict=True) if n == 0]
    if empty:
        log.warning("documents with no content token, left out of the term trends: %s", ", ".join(empty))
    docs = [d for d, n in zip(counts.documents, counts.lengths, strict=True) if years.get(d) is not None and n > 0]
    doc_years = np.array([years[d] for d in docs], dtype=np.float64)
    if len(set(doc_years.tolist())) < 3:
        log.warning("term trends need documents from at least 3 different years; found %d: no trends",
                    len(set(doc_years.tolist())))
        return pd.DataFrame(columns=TREND_COLUMNS)
    sub = counts.restrict(docs)
    present = sub.counts > 0
    distinct_years = np.array([len(set(doc_years[row].tolist())) for row in present])
    tested = ((present.sum(axis=1) >= settings.min_documents) & (sub.counts.sum(axis=1) >= settings.min_count)
              & (distinct_years >= 2))
    y = sub.counts[tested]
    centre = float(doc_years.mean())
    x = (doc_years - centre) / YEARS_PER_STEP
    a, b, cov, mu, converged = poisson_trend_fit(y, sub.lengths, x)
    dof = len(docs) - 2
    dispersion = np.maximum(1.0, ((y - mu) ** 2 / mu).sum(axis=1) / dof)
    se = np.sqrt(cov[:, 1, 1] * dispersion)
    t = b / se
    p = 2 * stats.t.sf(np.abs(t), dof)
    half = stats.t.ppf(0.5 + settings.confidence / 2, dof) * se
    q = stats.false_discovery_control(p, method="bh") if len(p) else p
    first = (doc_years.min() - centre) / YEARS_PER_STEP
    last = (doc_years.max() - centre) / YEARS_PER_STEP
    terms = np.asarray(sub.terms, dtype=object)[tested]
    firsts = first_appearances(sub, dict(zip(docs, doc_years.astype(int).tolist(), strict=True))).set_index("term")
    table = pd.DataFrame({
        "term": terms,
        "n_documents": present[tested].sum(axis=1),
        "first_year": firsts.loc[terms, "first_year"].to_numpy(),
        "last_year": firsts.loc[terms, "last_year"].to_numpy(),
        "count": y.sum(axis=1),
        "trend": np.exp(b),
        "trend_low": np.exp(b - half),
        "trend_high": np.exp(b + half),
        "p": p,
        "direction": np.where(q < settings.fdr, np.where(b > 0, "rising", "falling"), "flat"),
        "q": q,
        "t": t,
        "dispersion": dispersion,
        "per_10k": y.sum(axis=1) / sub.lengths.sum() * PER,
        "rate_first": np.exp(a + b * first) * PER,
        "rate_last": np.exp(a + b * last) * PER,
        "converged": converged,
    })
    if (~converged).any():
        log.warning("%d term trend fits did not converge (listed with converged = False)", int((~converged).sum()))
    log.info("term trends: %d of %d terms tested over %d dated documents; %d rising, %d falling (q < %g)",
             len(table), len(sub.terms), len(docs), int((table["direction"] == "rising").sum()),
             int((table["direction"] == "falling").sum()), settings.fdr)
    return rank_trends(table)


def rank_trends(table: pd.DataFrame) -> pd.DataFrame:
    """Rising terms first (by ``trend_low`` descending), then falling (by
    ``trend_high`` ascending), then flat (by p); ties by term."""
    order = table["direction"].map({d: i for i, d in enumerate(DIRECTIONS)})
    strength = np.where(table["direction"] == "rising", -np.log(table["trend_low"].astype(float)),
                        np.where(table["direction"] == "falling", np.log(table["trend_high"].astype(float)),
                                 table["p"].astype(float)))
    ranked = table.assign(_order=order, _strength=strength).sort_values(["_order", "_strength", "term"],
                                                                         kind="mergesort")
    return ranked.drop(columns=["_order", "_strength"]).reset_index(drop=True)[TREND_COLUMNS]


def fitted_rate(trend_row: Mapping, years: Sequence[float], first_year: float, last_year: float) -> np.ndarray:
    """The fitted rate per 10,000 tokens of a row of ``trends.csv`` at ``years``
    (log-linear between ``rate_first`` at ``first_year`` and ``rate_last`` at
    ``last_year``, the series' first and last dated year)."""
    years = np.asarray(years, dtype=float)
    if last_year == first_year:
        return np.full(len(years), float(trend_row["rate_first"]))
    share = (years - first_year) / (last_year - first_year)
    return float(trend_row["rate_first"]) * (float(trend_row["rate_last"]) / float(trend_row["rate_first"])) ** share


# --------------------------------------------------------------------------- groups


def group_keyness(counts: TermCounts, documents: pd.DataFrame, attribute: str, n_terms: int, min_count: int,
                  correction: str) -> pd.DataFrame:
    """Each group of ``attribute`` (a column of ``documents.csv``) against the
    other groups together: the G², p, Log Ratio and ranking of the chapter
    keyness (:func:`plantopics.keywords.keyness_scores`,
    :func:`~plantopics.keywords.keyness_table`), groups in place of chapters.
    Documents with an empty value are left out. Columns: attribute, group,
    rank, term, g2, p, log_ratio, count_target, count_reference."""
    from plantopics.keywords import keyness_scores, keyness_table

    values = dict(zip(documents["document"], documents[attribute].astype(str), strict=True))
    groups = sorted({values[d] for d in counts.documents if values.get(d, "") != ""})
    if len(groups) < 2:
        return pd.DataFrame(columns=GROUP_KEYNESS_COLUMNS)
    matrix = np.stack([counts.counts[:, [j for j, d in enumerate(counts.documents) if values.get(d) == g]].sum(axis=1)
                       for g in groups])
    used = matrix.sum(axis=0) > 0
    frame = pd.DataFrame(matrix[:, used], index=range(len(groups)),
                         columns=[t for t, u in zip(counts.terms, used, strict=True) if u])
    table = keyness_table(keyness_scores(frame, correction), n_terms, min_count)
    table.insert(0, "attribute", attribute)
    table.insert(1, "group", [groups[i] for i in table.pop("chapter")])
    return table[GROUP_KEYNESS_COLUMNS].reset_index(drop=True)


__all__ = [
    "YEARS_PER_STEP",
    "TrendSettings",
    "TermCounts",
    "count_matrix",
    "frequencies",
    "first_appearances",
    "poisson_trend_fit",
    "fit_trends",
    "rank_trends",
    "fitted_rate",
    "group_keyness",
]
