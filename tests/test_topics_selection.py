"""plantopics.topics.selection: the rule on made-up metrics tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from plantopics.topics.selection import pareto_front, reported_seed, select, selection_table


def table(means: dict[int, list[float]], stability: dict[int, list[float]], engine: str = "tomotopy",
          diversity: dict[int, list[float]] | None = None, exclusivity: dict[int, float] | None = None
          ) -> pd.DataFrame:
    """One row per (K, seed); diversity 0.8 and exclusivity 9 + K/100 unless given."""
    rows = []
    for k, values in means.items():
        spread = (diversity or {}).get(k, [0.8] * len(values))
        for seed, (value, stab, div) in enumerate(zip(values, stability[k], spread, strict=True), start=1):
            rows.append({"engine": engine, "k": k, "seed": seed, "c_npmi": value, "c_v": 0.5, "u_mass": -2.0,
                         "diversity": div, "exclusivity": (exclusivity or {}).get(k, 9 + k / 100),
                         "stability": stab})
    return pd.DataFrame(rows)


STAB = {5: [0.6, 0.6, 0.6], 10: [0.5, 0.55, 0.5], 15: [0.4, 0.4, 0.4], 20: [0.2, 0.2, 0.2]}


def test_picks_the_best_k_when_clearly_better():
    t = table({5: [-0.20, -0.21, -0.19], 10: [-0.05, -0.05, -0.06], 15: [-0.10, -0.11, -0.10],
               20: [0.0, 0.0, 0.0]}, STAB)
    for rule in ("exclusive", "smallest"):
        chosen = select(t, 0.3, "c_npmi", None, rule)
        assert chosen.k == 10  # K=20 is best but unstable (0.2 < 0.3); no other K within one SE of K=10
        assert chosen.eligible_k == [5, 10, 15] and chosen.coherent_k == [10]
        assert chosen.seed == 2  # seeds 1 and 2 tie on both measures: the more stable one


def test_exclusive_rule_takes_the_most_exclusive_k_as_coherent_as_the_best():
    # K=15 best by a hair, K=10 within one SE; K=5 clearly worse but the most exclusive
    means = {5: [-0.20, -0.20, -0.20], 10: [-0.06, -0.04, -0.08], 15: [-0.05, -0.03, -0.07], 20: [-0.3] * 3}
    t = table(means, STAB, exclusivity={5: 9.9, 10: 9.6, 15: 9.7, 20: 9.8})
    smallest = select(t, 0.0, "c_npmi", None, "smallest")
    exclusive = select(t, 0.0, "c_npmi", None, "exclusive")
    assert smallest.best_k == exclusive.best_k == 15 and exclusive.coherent_k == [10, 15]
    assert (smallest.k, smallest.rule) == (10, "one-standard-error")
    assert exclusive.k == 15 and "most exclusive" in exclusive.rule
    flipped = select(table(means, STAB, exclusivity={5: 9.9, 10: 9.7, 15: 9.6, 20: 9.8}), 0.0, "c_npmi", None,
                     "exclusive")
    assert flipped.k == 10  # exclusivity decides within the band, never outside it (K=5 and 20 are more exclusive)


def test_reported_fit_is_on_the_frontier_not_the_weakest_medoid():
    # the bundled plan's K=10 (seeds 1-3, selection.csv of the workflow before this rule): seed 2 is the most
    # stable but seed 3 beats it on both c_npmi and diversity
    t = table({10: [-0.0677, -0.0942, -0.0660]}, {10: [0.347, 0.365, 0.333]},
              diversity={10: [0.864, 0.860, 0.892]})
    assert reported_seed(t, 10, "c_npmi") == 3
    out = selection_table([t], {"tomotopy": select(t, 0.2, "c_npmi", None, "exclusive")}, "tomotopy")
    assert out["frontier"].tolist() == [False, False, True]
    assert out["chosen"].tolist() == [False, False, True] and out["k_within_se"].all()


def test_reported_fit_prefers_a_frontier_fit_at_least_as_good_as_the_mean_on_both():
    # seed 1: the most coherent and most stable but the least diverse; seed 3 beats the mean on both
    t = table({10: [-0.02, -0.12, -0.05, -0.10]}, {10: [0.40, 0.35, 0.30, 0.38]},
              diversity={10: [0.70, 0.95, 0.90, 0.80]})
    frontier = pareto_front(t["c_npmi"].to_numpy(), t["diversity"].to_numpy())
    assert frontier.tolist() == [True, True, True, False]
    assert reported_seed(t, 10, "c_npmi") == 3
    # no frontier fit is as good as the mean on both: the most stable frontier fit
    two = table({10: [-0.02, -0.12]}, {10: [0.30, 0.40]}, diversity={10: [0.70, 0.95]})
    assert reported_seed(two, 10, "c_npmi") == 2


@given(st.lists(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), min_size=1, max_size=12))
def test_frontier_points_are_undominated_and_dominate_the_rest(points):
    a, b = (np.array(v, dtype=float) for v in zip(*points, strict=True))
    front = pareto_front(a, b)
    assert front.any()

    def dominates(i, j):
        return a[i] >= a[j] and b[i] >= b[j] and (a[i] > a[j] or b[i] > b[j])

    for j in range(len(a)):
        dominated = any(dominates(i, j) for i in range(len(a)))
        assert front[j] == (not dominated)
        if not front[j]:
            assert any(front[i] and dominates(i, j) for i in range(len(a)))


@given(st.lists(st.tuples(st.integers(-20, 0), st.integers(60, 100), st.integers(0, 10)), min_size=1, max_size=8))
def test_reported_seed_is_never_beaten_on_both_measures(fits):
    quality, spread, stab = (np.array(v, dtype=float) for v in zip(*fits, strict=True))
    t = table({10: list(quality / 100)}, {10: list(stab / 10)}, diversity={10: list(spread / 100)})
    seed = reported_seed(t, 10, "c_npmi")
    chosen = t[t["seed"] == seed].iloc[0]
    beaten = (t["c_npmi"] >= chosen["c_npmi"]) & (t["diversity"] >= chosen["diversity"]) & (
        (t["c_npmi"] > chosen["c_npmi"]) | (t["diversity"] > chosen["diversity"]))
    assert not beaten.any()


def test_pinned_k_wins_and_no_eligible_k_falls_back(caplog):
    t = table({5: [-0.2] * 3, 10: [-0.1] * 3, 15: [-0.3] * 3, 20: [-0.4] * 3}, STAB)
    pinned = select(t, 0.9, "c_npmi", 15, "exclusive")
    assert (pinned.k, pinned.rule) == (15, "pinned")
    with pytest.raises(ValueError, match="not in the fitted grid"):
        select(t, 0.2, "c_npmi", 7, "exclusive")
    with caplog.at_level("WARNING"):
        fallback = select(t, 0.9, "c_npmi", None, "exclusive")
    assert fallback.k == 10 and "no K reaches" in caplog.text
    with pytest.raises(ValueError, match="k_rule"):
        select(t, 0.2, "c_npmi", None, "largest")
    with pytest.raises(ValueError, match="exclusivity"):
        select(t.drop(columns="exclusivity"), 0.2, "c_npmi", None, "exclusive")
    assert select(t.drop(columns="exclusivity"), 0.2, "c_npmi", None, "smallest").k == 10


def test_single_seed_and_table_flags():
    t = table({5: [-0.2], 10: [-0.1]}, {5: [float("nan")], 10: [float("nan")]})
    chosen = select(t, 0.5, "c_npmi", None, "exclusive")
    assert (chosen.k, chosen.seed) == (10, 1)
    other = table({5: [-0.2], 10: [-0.1]}, {5: [float("nan")], 10: [float("nan")]}, engine="gensim")
    gensim = select(other, 0.2, "c_npmi", None, "exclusive")
    out = selection_table([other, t], {"tomotopy": chosen, "gensim": gensim}, "tomotopy")
    assert out["engine"].tolist() == ["tomotopy", "tomotopy", "gensim", "gensim"]
    assert out["chosen"].sum() == 1 and out["selected"].sum() == 2
    assert out["frontier"].all()  # one seed per K: each is its K's frontier
    with pytest.raises(ValueError, match="one engine"):
        select(pd.concat([t, other]), 0.2, "c_npmi", None, "exclusive")


def test_a_fit_at_the_mean_to_the_tables_precision_counts_as_at_the_mean():
    # the bundled plan's K=12, seeds 1-5, as selection.csv keeps them (6 significant digits): seed 4's
    # diversity, 259/300, is exactly the mean of the five, but the rounded values put the mean 3e-7 above it
    t = table({12: [-0.100055, -0.0983099, -0.0533787, -0.0596941, -0.0844012]},
              {12: [0.323582, 0.3402, 0.348454, 0.335881, 0.314529]},
              diversity={12: [0.87, 0.876667, 0.836667, 0.863333, 0.87]})
    assert t["diversity"].mean() > 0.863333
    assert reported_seed(t, 12, "c_npmi") == 4  # seed 3 is more stable but the least diverse
