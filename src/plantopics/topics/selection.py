"""The one rule that picks K and the reported fit.

Applied to the fits of one engine (a ``selection.csv``-shaped table: engine,
k, seed and the metrics of :mod:`plantopics.topics.fitting`), with the config's
``lda.stability_threshold``, ``lda.criterion``, ``lda.k`` and ``lda.k_rule``:

1. **Stable enough.** A K is *eligible* when the mean stability of its fits
   (mean matched ``1 − JS distance`` between seeds) is at least
   ``stability_threshold``. If no K is, every K is eligible and a warning says so.
2. **As coherent as the best.** Among eligible K, take the best mean of
   ``criterion`` (``c_npmi`` by default) over seeds and its standard error
   across seeds; the K whose mean is within one standard error of that best
   are *as coherent as the best* (``k_within_se``): the seeds cannot tell them apart.
3. **K.** ``k_rule: exclusive`` (the default): of those, the K with the highest
   mean exclusivity (stm's FREX-based measure; smaller K on ties), i.e. the
   point of the coherence–exclusivity frontier (stm's ``searchK`` plot) where
   coherence is not yet measurably lost. ``k_rule: smallest``: the smallest of
   them (the one-standard-error rule). Coherence alone prefers few broad
   topics on a single policy document (c_npmi hardly moves with K, so the
   smallest K of the grid wins), and those topics mix subjects the document
   keeps in separate chapters (docs/topics.md has the measurements).
4. **Reported fit.** Among the seeds of that K, the fits on the frontier of
   ``criterion`` and topic ``diversity`` (no other seed is at least as good on
   both and better on one: ``frontier``); of those, the ones at least as good
   as the K's mean on both, if any; of those, the most stable (the highest
   stability: the most typical of the seeds), smaller seed on ties. Diversity
   rather than exclusivity here: across the seeds of one K the two agree, and
   diversity (no two topics share top words) is what a reader sees.

A K pinned in the config (``lda.k``) replaces steps 1–3; step 4 still picks the fit.
"""

from __future__ import annotations

import logging
import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

CRITERIA = ("c_npmi", "c_v", "u_mass")
K_RULES = ("exclusive", "smallest")
SPREAD = "diversity"  # the second axis of a K's frontier (step 4)
EXCLUSIVITY = "exclusivity"  # what k_rule "exclusive" maximises among the K as coherent as the best (step 3)
# Tables keep 6 significant digits (plantopics.io.write_csv): values that close are equal. Diversity is a
# share of a few hundred words, so a fit is often exactly at its K's mean.
TOLERANCE = 1e-6
RULE_NAMES = {"exclusive": "most exclusive K within one SE of the best", "smallest": "one-standard-error"}


@dataclass(frozen=True)
class Selection:
    engine: str
    k: int
    seed: int
    rule: str  # "pinned", or RULE_NAMES of the k_rule
    criterion: str
    stability_threshold: float
    eligible_k: list[int]
    best_k: int | None
    explanation: str
    coherent_k: list[int] | None = None  # the eligible K within one SE of the best (step 2)

    def as_dict(self) -> dict:
        return asdict(self)


def k_summary(table: pd.DataFrame, criterion: str) -> pd.DataFrame:
    """Per K: seeds, mean and standard error of ``criterion``, mean stability
    and (when the table has it) mean exclusivity."""
    grouped = table.groupby("k", sort=True)
    out = pd.DataFrame(
        {
            "n_seeds": grouped[criterion].count(),
            "mean": grouped[criterion].mean(),
            "sd": grouped[criterion].std(ddof=1).fillna(0.0),
            "stability": grouped["stability"].mean(),
        }
    )
    if EXCLUSIVITY in table:
        out[EXCLUSIVITY] = grouped[EXCLUSIVITY].mean()
    out["se"] = out["sd"] / np.sqrt(out["n_seeds"])
    return out.reset_index()


def pareto_front(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Which points are on the frontier of two measures, both maximised: no
    other point is at least as good on both and better on one. NaN counts as
    the worst value."""
    a = np.nan_to_num(np.asarray(a, dtype=float), nan=-np.inf)
    b = np.nan_to_num(np.asarray(b, dtype=float), nan=-np.inf)
    no_worse = (a[None, :] >= a[:, None]) & (b[None, :] >= b[:, None])
    better = (a[None, :] > a[:, None]) | (b[None, :] > b[:, None])
    return ~(no_worse & better).any(axis=1)


def fit_frontier(table: pd.DataFrame, criterion: str) -> pd.Series:
    """For every fit, whether it is on the frontier of ``criterion`` and
    diversity among the fits of its engine and K (indexed like ``table``)."""
    out = pd.Series(False, index=table.index)
    for _, rows in table.groupby(["engine", "k"], sort=False):
        out[rows.index] = pareto_front(rows[criterion].to_numpy(), rows[SPREAD].to_numpy())
    return out


def at_least(values: np.ndarray, reference: float) -> np.ndarray:
    """``values >= reference`` up to :data:`TOLERANCE` (relative, for values above 1)."""
    return values >= reference - TOLERANCE * max(1.0, abs(reference))


def reported_seed(table: pd.DataFrame, k: int, criterion: str) -> int:
    """The seed reported at ``k`` (module docstring, step 4)."""
    rows = table[table["k"] == k].sort_values("seed", kind="stable")
    if rows.empty:
        raise ValueError(f"no fit at K={k}")
    quality = rows[criterion].to_numpy(dtype=float)
    spread = rows[SPREAD].to_numpy(dtype=float)
    candidates = pareto_front(quality, spread)
    typical = candidates & at_least(quality, np.nanmean(quality)) & at_least(spread, np.nanmean(spread))
    if typical.any():
        candidates = typical
    stability = np.where(candidates, rows["stability"].fillna(-math.inf).to_numpy(), -np.inf)
    best = np.flatnonzero(candidates)[np.argmax(stability[candidates])]
    return int(rows["seed"].iloc[best])


def select(table: pd.DataFrame, stability_threshold: float, criterion: str, pinned_k: int | None,
           k_rule: str) -> Selection:
    """Apply the rule (module docstring) to one engine's fits."""
    if criterion not in CRITERIA:
        raise ValueError(f"criterion must be one of {CRITERIA}")
    if k_rule not in K_RULES:
        raise ValueError(f"k_rule must be one of {K_RULES}")
    engines = table["engine"].unique().tolist()
    if len(engines) != 1:
        raise ValueError(f"select one engine's fits at a time, got {engines}")
    engine = engines[0]
    summary = k_summary(table, criterion)
    if pinned_k is not None:
        if pinned_k not in set(summary["k"]):
            raise ValueError(f"pinned K={pinned_k} is not in the fitted grid {sorted(summary['k'])}")
        seed = reported_seed(table, pinned_k, criterion)
        return Selection(engine, int(pinned_k), seed, "pinned", criterion, stability_threshold, [int(pinned_k)], None,
                         f"K={pinned_k} pinned in the config; {_seed_explanation(seed, criterion)}")
    stable = summary["stability"].fillna(math.inf) >= stability_threshold  # one seed: no stability to test
    if not stable.any():
        log.warning(
            "%s: no K reaches mean stability %.3g (best %.3g); choosing among all K",
            engine, stability_threshold, summary["stability"].max(),
        )
        stable[:] = True
    eligible = summary[stable]
    best = eligible.loc[eligible["mean"].idxmax()]
    coherent = eligible[at_least(eligible["mean"].to_numpy(), best["mean"] - best["se"])].sort_values("k")
    if k_rule == "smallest":
        chosen = coherent.iloc[0]
        why = f"the smallest of them: K={int(chosen['k'])}"
    else:
        if EXCLUSIVITY not in coherent or coherent[EXCLUSIVITY].isna().all():
            raise ValueError(f"{engine}: k_rule 'exclusive' needs each fit's exclusivity, and these fits have none "
                             "(scored by an older plantopics: refit them, e.g. snakemake --forcerun lda_fit)")
        chosen = coherent.loc[coherent[EXCLUSIVITY].fillna(-math.inf).idxmax()]  # first (smaller K) on ties
        why = f"the most exclusive of them: K={int(chosen['k'])} (exclusivity {chosen[EXCLUSIVITY]:.3f})"
    k = int(chosen["k"])
    seed = reported_seed(table, k, criterion)
    explanation = (
        f"Eligible K (mean stability >= {stability_threshold:g}): {eligible['k'].astype(int).tolist()}. "
        f"Best mean {criterion}: K={int(best['k'])} ({best['mean']:.4f} ± {best['se']:.4f} SE); "
        f"within one SE: K={coherent['k'].astype(int).tolist()}; {why}. {_seed_explanation(seed, criterion)}"
    )
    log.info("%s: %s", engine, explanation)
    return Selection(engine, k, seed, RULE_NAMES[k_rule], criterion, stability_threshold,
                     eligible["k"].astype(int).tolist(), int(best["k"]), explanation,
                     coherent["k"].astype(int).tolist())


def _seed_explanation(seed: int, criterion: str) -> str:
    return (f"Seed {seed}: the most stable of its K's fits on the {criterion}–{SPREAD} frontier "
            "(preferring those at least as good as the mean on both).")


def selection_table(tables: list[pd.DataFrame], selections: dict[str, Selection], main_engine: str) -> pd.DataFrame:
    """All fits, sorted by engine (main engine first), K and seed, with
    ``frontier`` (on its engine and K's frontier of the criterion and
    diversity), ``k_within_se`` (its K is eligible and within one standard
    error of the best: the K the rule chose among; empty for a pinned K),
    ``selected`` (the rule's pick for that engine) and ``chosen`` (the model
    the outputs describe: the main engine's pick)."""
    table = pd.concat(tables, ignore_index=True)
    order = {main_engine: 0}
    table["_engine_order"] = [order.get(e, 1) for e in table["engine"]]
    table = table.sort_values(["_engine_order", "engine", "k", "seed"], kind="stable").drop(columns="_engine_order")
    table = table.reset_index(drop=True)
    table["frontier"] = False
    table["k_within_se"] = pd.array([pd.NA] * len(table), dtype="boolean")
    for engine, rows in table.groupby("engine", sort=False):
        selection = selections.get(engine)
        criterion = selection.criterion if selection else CRITERIA[0]
        table.loc[rows.index, "frontier"] = fit_frontier(rows, criterion)
        if selection is not None and selection.coherent_k is not None:
            table.loc[rows.index, "k_within_se"] = rows["k"].isin(selection.coherent_k).to_numpy()
    table["frontier"] = table["frontier"].astype(bool)
    table["selected"] = [
        e in selections and selections[e].k == k and selections[e].seed == s
        for e, k, s in zip(table["engine"], table["k"], table["seed"], strict=True)
    ]
    table["chosen"] = table["selected"] & (table["engine"] == main_engine)
    return table
