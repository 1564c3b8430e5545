"""The one rule that picks K and the reported seed.

Applied to the fits of one engine (a ``selection.csv``-shaped table: engine,
k, seed and the metrics of :mod:`plantopics.topics.fitting`), with the config's
``lda.stability_threshold``, ``lda.criterion`` and ``lda.k``:

1. **Stable enough.** A K is *eligible* when the mean stability of its fits
   (mean matched ``1 − JS distance`` between seeds) is at least
   ``stability_threshold``. If no K is, every K is eligible and a warning says so.
2. **Coherent.** Among eligible K, take the best mean of ``criterion``
   (``c_npmi`` by default) over seeds, and its standard error across seeds.
3. **Parsimonious.** Choose the *smallest* eligible K whose mean is within one
   standard error of that best (the one-standard-error rule): a larger K must
   beat a smaller one by more than the seed-to-seed noise to be chosen.
4. **Reported seed.** At the chosen K, the seed whose topics are most similar
   to the other seeds' (the highest stability: the medoid), smaller seed on ties.

A K pinned in the config (``lda.k``) replaces steps 1–3; step 4 still picks the seed.
"""

from __future__ import annotations

import logging
import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

CRITERIA = ("c_npmi", "c_v", "u_mass")


@dataclass(frozen=True)
class Selection:
    engine: str
    k: int
    seed: int
    rule: str  # "pinned" or "one-standard-error"
    criterion: str
    stability_threshold: float
    eligible_k: list[int]
    best_k: int | None
    explanation: str

    def as_dict(self) -> dict:
        return asdict(self)


def k_summary(table: pd.DataFrame, criterion: str) -> pd.DataFrame:
    """Per K: seeds, mean and standard error of ``criterion``, mean stability."""
    grouped = table.groupby("k", sort=True)
    out = pd.DataFrame(
        {
            "n_seeds": grouped[criterion].count(),
            "mean": grouped[criterion].mean(),
            "sd": grouped[criterion].std(ddof=1).fillna(0.0),
            "stability": grouped["stability"].mean(),
        }
    )
    out["se"] = out["sd"] / np.sqrt(out["n_seeds"])
    return out.reset_index()


def medoid_seed(table: pd.DataFrame, k: int) -> int:
    """The seed at ``k`` with the highest stability (smaller seed on ties; the
    only seed when there is one)."""
    rows = table[table["k"] == k].sort_values("seed", kind="stable")
    if rows.empty:
        raise ValueError(f"no fit at K={k}")
    stab = rows["stability"].fillna(-math.inf).to_numpy()
    return int(rows["seed"].iloc[int(np.argmax(stab))])


def select(table: pd.DataFrame, stability_threshold: float, criterion: str, pinned_k: int | None) -> Selection:
    """Apply the rule (module docstring) to one engine's fits."""
    if criterion not in CRITERIA:
        raise ValueError(f"criterion must be one of {CRITERIA}")
    engines = table["engine"].unique().tolist()
    if len(engines) != 1:
        raise ValueError(f"select one engine's fits at a time, got {engines}")
    engine = engines[0]
    summary = k_summary(table, criterion)
    if pinned_k is not None:
        if pinned_k not in set(summary["k"]):
            raise ValueError(f"pinned K={pinned_k} is not in the fitted grid {sorted(summary['k'])}")
        seed = medoid_seed(table, pinned_k)
        return Selection(engine, int(pinned_k), seed, "pinned", criterion, stability_threshold, [int(pinned_k)], None,
                         f"K={pinned_k} pinned in the config; seed {seed} is the medoid of its seeds.")
    stable = summary["stability"].fillna(math.inf) >= stability_threshold  # one seed: no stability to test
    if not stable.any():
        log.warning(
            "%s: no K reaches mean stability %.3g (best %.3g); choosing among all K",
            engine, stability_threshold, summary["stability"].max(),
        )
        stable[:] = True
    eligible = summary[stable]
    best = eligible.loc[eligible["mean"].idxmax()]
    cutoff = best["mean"] - best["se"]
    chosen = eligible[eligible["mean"] >= cutoff - 1e-12].sort_values("k").iloc[0]
    k = int(chosen["k"])
    seed = medoid_seed(table, k)
    explanation = (
        f"Eligible K (mean stability >= {stability_threshold:g}): {eligible['k'].astype(int).tolist()}. "
        f"Best mean {criterion}: K={int(best['k'])} ({best['mean']:.4f} ± {best['se']:.4f} SE); "
        f"smallest K within one SE: K={k} ({chosen['mean']:.4f}). Seed {seed} is the medoid of its seeds."
    )
    log.info("%s: %s", engine, explanation)
    return Selection(engine, k, seed, "one-standard-error", criterion, stability_threshold,
                     eligible["k"].astype(int).tolist(), int(best["k"]), explanation)


def selection_table(tables: list[pd.DataFrame], selections: dict[str, Selection], main_engine: str) -> pd.DataFrame:
    """All fits, sorted by engine (main engine first), K and seed, with
    ``selected`` (the rule's pick for that engine) and ``chosen`` (the model
    the outputs describe: the main engine's pick)."""
    table = pd.concat(tables, ignore_index=True)
    order = {main_engine: 0}
    table["_engine_order"] = [order.get(e, 1) for e in table["engine"]]
    table = table.sort_values(["_engine_order", "engine", "k", "seed"], kind="stable").drop(columns="_engine_order")
    table["selected"] = [
        e in selections and selections[e].k == k and selections[e].seed == s
        for e, k, s in zip(table["engine"], table["k"], table["seed"], strict=True)
    ]
    table["chosen"] = table["selected"] & (table["engine"] == main_engine)
    return table.reset_index(drop=True)
