"""Topics over a series: how much of each document and each year each topic
takes, how time and each attribute change that, with uncertainty, and how
each topic's words change from period to period.

All of it reads the **joint topic model** of the comparison
(:func:`plantopics.compare.joint_model`), as it saved them
(:func:`plantopics.series.outputs.read_joint_model`): its LDA documents
(``units``: one row per paragraph of every document, with ``document`` and
``n_tokens``) and their topic mixtures (``doc_topic``, U × K, held-out units
inferred) in every seed's fit at the chosen K.

**Uncertainty** follows stm's ``estimateEffect`` ("method of composition",
Roberts et al. 2019, §3.3): the topic shares are not known, so they are
drawn, and every quantity is computed on every draw.

1. Draws of each document's topic shares (:func:`share_draws`): each unit's
   mixture from the Dirichlet posterior of its topic counts,
   ``θ_u ~ Dir(θ̂_u · (n_u + K α))`` (for a collapsed Gibbs sampler θ̂_u is
   ``(n_uk + α) / (n_u + K α)``, so the parameters are the unit's topic counts
   plus the prior), then the document's share is the token-weighted mean of
   its units' draws. Given the fits of several seeds aligned to the reported
   one (Hungarian matching, :func:`align_fits`), the draws cycle through them,
   so the variation between seeds is part of the uncertainty too.
2. On every draw, each topic's document shares are regressed on the
   covariates by least squares and one coefficient vector is drawn from its
   sampling distribution ``N(β̂, σ̂² (XᵀX)⁻¹)``
   (:func:`coefficient_draws`).
3. Estimates are the mean over the draws, intervals their percentiles.

``effects.csv`` (:func:`estimate_effects`) has, per topic: the change of its
share per decade (``covariate`` year), the difference of each level of a
categorical attribute from its reference level (the first in sorted order,
as R's factors), and the change per unit of a numeric attribute — each from
its own regression (marginal effects, not adjusted for one another).
``prevalence.csv`` (:func:`prevalence`) has each topic's share in each year
(token-weighted over the year's documents, with the interval of its draws)
and a smooth of it over time (regression on a cubic B-spline basis of the
year) with its band.

**Evolution** (:func:`words_by_period`): each token's expected topic,
``P(k | w, u) ∝ θ_uk φ_kw``, summed over the tokens of a period gives each
topic's word counts in that period; their top words, period by period, show
how a topic's vocabulary moves while the topic stays one topic. docs/series.md
says why this over tomotopy's ``DTModel``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from plantopics.series.terms import YEARS_PER_STEP

log = logging.getLogger(__name__)

DOCUMENT_SHARE_COLUMNS = ["document", "year", "topic", "label", "share", "share_low", "share_high"]
PREVALENCE_COLUMNS = ["topic", "label", "year", "share", "share_low", "share_high", "fitted", "fitted_low",
                      "fitted_high", "n_documents"]
EFFECT_COLUMNS = ["topic", "label", "covariate", "level", "estimate", "low", "high", "reference", "n_documents"]
GROUP_SHARE_COLUMNS = ["topic", "label", "covariate", "level", "share", "low", "high", "n_documents"]
EVOLUTION_COLUMNS = ["topic", "label", "period", "period_start", "period_end", "rank", "term", "probability",
                     "count", "topic_tokens"]


@dataclass(frozen=True)
class EffectSettings:
    """The config's ``series.topics`` and ``series.period_years``: ``n_draws``
    draws of the topic shares (stm's default is 25; more give steadier interval
    ends); ``confidence`` of every interval; ``smooth_df`` basis functions of the
    time smooth (cubic B-splines from 4; a polynomial below); ``prior``, the
    per-topic Dirichlet prior α of the units' posterior; ``seed`` of the draws;
    ``period_years``, the length of an evolution period; ``n_words`` top words
    per topic and period. The year effect is per
    :data:`~plantopics.series.terms.YEARS_PER_STEP` years."""

    n_draws: int
    confidence: float
    smooth_df: int
    prior: float
    seed: int
    period_years: int
    n_words: int

    @classmethod
    def from_config(cls, topics: Mapping, period_years: int) -> EffectSettings:
        return cls(n_draws=int(topics["n_draws"]), confidence=float(topics["confidence"]),
                   smooth_df=int(topics["smooth_df"]), prior=float(topics["prior"]), seed=int(topics["seed"]),
                   period_years=int(period_years), n_words=int(topics["n_words"]))

    @property
    def percentiles(self) -> tuple[float, float]:
        tail = (1 - self.confidence) / 2 * 100
        return tail, 100 - tail


# --------------------------------------------------------------------------- draws


def align_fits(reference: np.ndarray, others: Sequence[np.ndarray]) -> list[np.ndarray]:
    """For each topic-word matrix of ``others`` (K × V), the order of its
    topics that matches ``reference``'s topics one to one (Hungarian matching
    on 1 − Jensen–Shannon distance, :func:`plantopics.topics.metrics.match_topics`):
    ``other[order]`` is topic-by-topic comparable with ``reference``."""
    from plantopics.topics.metrics import match_topics

    orders = []
    for other in others:
        rows, cols, _ = match_topics(reference, other)
        order = np.empty(len(rows), dtype=np.int64)
        order[rows] = cols
        orders.append(order)
    return orders


def _document_matrix(unit_documents: Sequence[str], documents: Sequence[str], n_tokens: np.ndarray):
    """D × U sparse matrix of token weights: row d averages document d's units."""
    from scipy import sparse

    index = {d: i for i, d in enumerate(documents)}
    rows = np.array([index.get(d, -1) for d in unit_documents])
    keep = rows >= 0
    weights = np.asarray(n_tokens, dtype=np.float64)
    matrix = sparse.csr_matrix((weights[keep], (rows[keep], np.nonzero(keep)[0])),
                               shape=(len(documents), len(unit_documents)))
    totals = np.asarray(matrix.sum(axis=1)).ravel()
    if (totals == 0).any():
        missing = [d for d, t in zip(documents, totals, strict=True) if t == 0]
        raise ValueError(f"documents with no unit in the joint model: {missing}")
    return sparse.diags(1 / totals) @ matrix


def point_shares(doc_topic: np.ndarray, units: pd.DataFrame, documents: Sequence[str]) -> np.ndarray:
    """D × K token-weighted topic shares of ``documents`` (their units' mixtures
    weighted by their tokens; rows sum to 1)."""
    return np.asarray(_document_matrix(units["document"].tolist(), documents, units["n_tokens"].to_numpy())
                      @ doc_topic)


def share_draws(fits: Sequence[np.ndarray], units: pd.DataFrame, documents: Sequence[str],
                settings: EffectSettings) -> np.ndarray:
    """S × D × K draws of the documents' topic shares (module docstring, step
    1). ``fits``: one or more U × K unit mixtures (several seeds' fits,
    aligned to the first); ``units``: document and n_tokens of each unit."""
    rng = np.random.default_rng(settings.seed)
    weights = _document_matrix(units["document"].tolist(), documents, units["n_tokens"].to_numpy())
    n_tokens = units["n_tokens"].to_numpy(dtype=np.float64)
    k = fits[0].shape[1]
    out = np.empty((settings.n_draws, len(documents), k))
    for s in range(settings.n_draws):
        theta = fits[s % len(fits)]
        concentration = np.maximum(theta * (n_tokens + k * settings.prior)[:, None], 1e-6)
        draw = rng.gamma(concentration)
        draw /= draw.sum(axis=1, keepdims=True)
        out[s] = weights @ draw
    return out


def coefficient_draws(responses: np.ndarray, design: np.ndarray, seed: int) -> np.ndarray:
    """S × P × K coefficient draws (module docstring, step 2): for every draw
    ``s`` the least-squares fit of ``responses[s]`` (D × K) on ``design``
    (D × P), plus one draw from the coefficients' sampling distribution. With
    no residual degrees of freedom the fits are returned as they are."""
    rng = np.random.default_rng(seed)
    n, p = design.shape
    xtx_inv = np.linalg.pinv(design.T @ design)
    root = np.linalg.cholesky(xtx_inv + 1e-12 * np.eye(p))
    out = np.empty((len(responses), p, responses.shape[2]))
    for s, y in enumerate(responses):
        beta = xtx_inv @ design.T @ y
        if n > p:
            sigma = np.sqrt(((y - design @ beta) ** 2).sum(axis=0) / (n - p))
            beta = beta + (root @ rng.standard_normal((p, y.shape[1]))) * sigma[None, :]
        out[s] = beta
    return out


# --------------------------------------------------------------------------- designs


def _years(documents: pd.DataFrame) -> np.ndarray:
    return documents["year"].astype("float64").to_numpy()


def year_basis(years: np.ndarray, knots_from: np.ndarray, df: int) -> np.ndarray:
    """Design of a smooth of the year: a cubic B-spline basis of ``df``
    functions (interior knots at quantiles of the distinct ``knots_from``
    years; the basis sums to 1, so it holds the intercept) when ``df`` ≥ 4, a
    polynomial of degree ``df`` − 1 below, always capped at the number of
    distinct years."""
    from scipy.interpolate import BSpline

    distinct = np.unique(knots_from)
    df = max(1, min(df, len(distinct)))
    low, high = float(distinct.min()), float(distinct.max())
    if df < 4:
        scaled = (years - (low + high) / 2) / max(high - low, 1.0)
        return np.stack([scaled ** i for i in range(df)], axis=1)
    interior = np.quantile(distinct, np.linspace(0, 1, df - 2)[1:-1]) if df > 4 else np.array([])
    knots = np.concatenate([[low] * 4, interior, [high] * 4])
    return BSpline.design_matrix(np.clip(years, low, high), knots, 3).toarray()


def _grouped(documents: pd.DataFrame, categorical: Sequence[str]):
    """(column, values, which documents have a value, sorted levels) of each
    categorical attribute with at least two levels; the first level is the reference."""
    for column in categorical:
        values = documents[column].astype(str).to_numpy()
        present = values != ""
        levels = sorted(set(values[present]))
        if len(levels) >= 2:
            yield column, values, present, levels


def _summary(values: np.ndarray, settings: EffectSettings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and percentile interval over the first axis (the draws)."""
    low, high = np.percentile(values, settings.percentiles, axis=0)
    return values.mean(axis=0), low, high


# --------------------------------------------------------------------------- tables


def document_shares(point: np.ndarray, draws: np.ndarray, documents: pd.DataFrame, labels: Sequence[str],
                    settings: EffectSettings) -> pd.DataFrame:
    """Long table: document, year, topic, label, share (of the reported fit),
    share_low, share_high (the draws' interval). ``documents``: the rows of
    documents.csv in the order of the shares."""
    _, low, high = _summary(draws, settings)
    d, k = point.shape
    return pd.DataFrame({
        "document": np.repeat(documents["document"].to_numpy(), k),
        "year": pd.array(np.repeat(documents["year"].to_numpy(), k), dtype="Int64"),
        "topic": np.tile(np.arange(1, k + 1), d),
        "label": np.tile(np.asarray(labels, dtype=object), d),
        "share": point.ravel(), "share_low": low.ravel(), "share_high": high.ravel(),
    }, columns=DOCUMENT_SHARE_COLUMNS)


def prevalence(point: np.ndarray, draws: np.ndarray, documents: pd.DataFrame, lengths: np.ndarray,
               labels: Sequence[str], settings: EffectSettings) -> pd.DataFrame:
    """``prevalence.csv``: one row per topic and year (dated documents only):
    share (token-weighted over the year's documents), share_low, share_high
    (the draws' interval of that share), fitted, fitted_low, fitted_high (the
    smooth over time and its band: :func:`year_basis` regression with
    :func:`coefficient_draws`), n_documents. ``lengths``: the documents'
    token counts (the weights within a year)."""
    dated = documents["year"].notna().to_numpy()
    years = _years(documents)[dated]
    if len(years) == 0:
        return pd.DataFrame(columns=PREVALENCE_COLUMNS)
    point, draws, lengths = point[dated], draws[:, dated], np.asarray(lengths, dtype=np.float64)[dated]
    distinct = np.unique(years)
    member = (years[None, :] == distinct[:, None]).astype(np.float64) * lengths[None, :]
    member /= member.sum(axis=1, keepdims=True)  # Y × D: token-weighted mean over a year's documents
    observed = member @ point
    _, low, high = _summary(np.einsum("yd,sdk->syk", member, draws), settings)
    design = year_basis(years, years, settings.smooth_df)
    at_years = year_basis(distinct, years, settings.smooth_df)
    beta = coefficient_draws(draws, design, settings.seed)
    fitted_draws = np.einsum("yp,spk->syk", at_years, beta)
    point_beta = np.linalg.pinv(design) @ point
    fitted = at_years @ point_beta
    _, fitted_low, fitted_high = _summary(fitted_draws, settings)
    k = point.shape[1]
    counts = (years[None, :] == distinct[:, None]).sum(axis=1)
    table = pd.DataFrame({
        "topic": np.tile(np.arange(1, k + 1), len(distinct)),
        "label": np.tile(np.asarray(labels, dtype=object), len(distinct)),
        "year": np.repeat(distinct.astype(int), k),
        "share": observed.ravel(), "share_low": low.ravel(), "share_high": high.ravel(),
        "fitted": fitted.ravel(), "fitted_low": fitted_low.ravel(), "fitted_high": fitted_high.ravel(),
        "n_documents": np.repeat(counts, k),
    })
    return table.sort_values(["topic", "year"], kind="mergesort").reset_index(drop=True)[PREVALENCE_COLUMNS]


def _effect_rows(beta: np.ndarray, names: Sequence[str], covariate: str, reference: str, n: int,
                 labels: Sequence[str], settings: EffectSettings) -> list[dict]:
    mean, low, high = _summary(beta, settings)
    rows = []
    for k, label in enumerate(labels):
        for j, level in enumerate(names, start=1):
            rows.append({"topic": k + 1, "label": label, "covariate": covariate, "level": level,
                         "estimate": mean[j, k], "low": low[j, k], "high": high[j, k], "reference": reference,
                         "n_documents": n})
    return rows


def estimate_effects(draws: np.ndarray, documents: pd.DataFrame, labels: Sequence[str], categorical: Sequence[str],
                     numeric: Sequence[str] = (), *, settings: EffectSettings) -> pd.DataFrame:
    """``effects.csv``: the effect of time and of each attribute on each
    topic's share (module docstring). ``draws``: S × D × K share draws of the
    rows of ``documents`` (documents.csv); ``categorical``, ``numeric``: the
    attribute columns to use. Rows: covariate ``year`` (level empty, the
    change of the share per :data:`YEARS_PER_STEP` years; dated documents), each
    categorical attribute × each non-reference level (difference from
    ``reference``), each numeric attribute (change per unit). Documents
    missing a value are left out of that covariate's regression."""
    rows: list[dict] = []
    dated = documents["year"].notna().to_numpy()
    if len(np.unique(_years(documents)[dated])) >= 2:
        years = _years(documents)[dated]
        x = (years - years.mean()) / YEARS_PER_STEP
        beta = coefficient_draws(draws[:, dated], np.column_stack([np.ones_like(x), x]), settings.seed)
        rows += _effect_rows(beta, [""], "year", "", int(dated.sum()), labels, settings)
    for column, values, present, levels in _grouped(documents, categorical):
        design = np.column_stack([np.ones(int(present.sum()))] + [values[present] == lv for lv in levels[1:]])
        beta = coefficient_draws(draws[:, present], design.astype(np.float64), settings.seed)
        rows += _effect_rows(beta, levels[1:], column, levels[0], int(present.sum()), labels, settings)
    for column in numeric:
        values = pd.to_numeric(documents[column], errors="coerce").to_numpy(dtype=np.float64)
        present = ~np.isnan(values)
        if len(np.unique(values[present])) < 2:
            continue
        x = values[present] - values[present].mean()
        beta = coefficient_draws(draws[:, present], np.column_stack([np.ones_like(x), x]), settings.seed)
        rows += _effect_rows(beta, [""], column, "", int(present.sum()), labels, settings)
    return pd.DataFrame(rows, columns=EFFECT_COLUMNS)


def group_shares(draws: np.ndarray, documents: pd.DataFrame, labels: Sequence[str], categorical: Sequence[str],
                 settings: EffectSettings) -> pd.DataFrame:
    """Each topic's expected share in each group of each categorical attribute
    (the regression's fitted value for the level, with the interval of the
    draws): topic, label, covariate, level, share, low, high, n_documents."""
    rows = []
    for column, values, present, levels in _grouped(documents, categorical):
        design = np.column_stack([values[present] == lv for lv in levels]).astype(np.float64)  # cell means
        beta = coefficient_draws(draws[:, present], design, settings.seed)
        mean, low, high = _summary(beta, settings)
        for k, label in enumerate(labels):
            for j, level in enumerate(levels):
                rows.append({"topic": k + 1, "label": label, "covariate": column, "level": level,
                             "share": mean[j, k], "low": low[j, k], "high": high[j, k],
                             "n_documents": int((values == level).sum())})
    return pd.DataFrame(rows, columns=GROUP_SHARE_COLUMNS)


# --------------------------------------------------------------------------- evolution


def periods(years: Sequence[int], length: int) -> dict[int, tuple[int, int]]:
    """Year -> (period start, period end): consecutive blocks of ``length``
    years starting at a multiple of ``length`` (1950–1959, 1960–1969 …)."""
    return {int(y): (int(y) // length * length, int(y) // length * length + length - 1) for y in years}


def words_by_period(word_ids: Sequence[np.ndarray], doc_topic: np.ndarray, topic_word: np.ndarray,
                    unit_periods: Sequence[tuple[int, int] | None], vocabulary: Sequence[str],
                    labels: Sequence[str], n_words: int) -> pd.DataFrame:
    """Each topic's top words in each period (module docstring, Evolution).

    ``word_ids``: each unit's tokens as dictionary ids; ``doc_topic``: U × K;
    ``topic_word``: K × V; ``unit_periods``: each unit's period (start, end),
    None for an undated unit (left out). Returns topic, label, period
    ("1990–1999"), period_start, period_end, rank, term, probability (of the
    term in the topic's tokens of the period), count (its expected tokens),
    topic_tokens (the topic's expected tokens in the period), in topic, period,
    rank order."""
    k, v = topic_word.shape
    spans = sorted({p for p in unit_periods if p is not None})
    index = {p: i for i, p in enumerate(spans)}
    counts = np.zeros((len(spans), k, v))
    for ids, theta, period in zip(word_ids, doc_topic, unit_periods, strict=True):
        if period is None or len(ids) == 0:
            continue
        resp = theta[:, None] * topic_word[:, ids]  # K × n: P(k | w, u) up to normalisation
        resp /= resp.sum(axis=0, keepdims=True)
        np.add.at(counts[index[period]].T, ids, resp.T)
    rows = []
    for p, (start, end) in enumerate(spans):
        for t in range(k):
            total = counts[p, t].sum()
            if total <= 0:
                continue
            probability = counts[p, t] / total
            top = np.argsort(-probability, kind="stable")[:n_words]
            for rank, w in enumerate(top, start=1):
                rows.append({"topic": t + 1, "label": labels[t], "period": f"{start}–{end}", "period_start": start,
                             "period_end": end, "rank": rank, "term": vocabulary[w],
                             "probability": probability[w], "count": counts[p, t, w], "topic_tokens": total})
    table = pd.DataFrame(rows, columns=EVOLUTION_COLUMNS)
    return table.sort_values(["topic", "period_start", "rank"], kind="mergesort").reset_index(drop=True)


__all__ = [
    "EffectSettings",
    "align_fits",
    "point_shares",
    "share_draws",
    "coefficient_draws",
    "year_basis",
    "document_shares",
    "prevalence",
    "estimate_effects",
    "group_shares",
    "periods",
    "words_by_period",
]
