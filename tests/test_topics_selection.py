"""plantopics.topics.selection: the rule on made-up metrics tables."""

from __future__ import annotations

import pandas as pd
import pytest

from plantopics.topics.selection import select, selection_table


def table(means: dict[int, list[float]], stability: dict[int, list[float]], engine: str = "tomotopy") -> pd.DataFrame:
    rows = []
    for k, values in means.items():
        for seed, (value, stab) in enumerate(zip(values, stability[k], strict=True), start=1):
            rows.append({"engine": engine, "k": k, "seed": seed, "c_npmi": value, "c_v": 0.5, "u_mass": -2.0,
                         "stability": stab})
    return pd.DataFrame(rows)


STAB = {5: [0.6, 0.6, 0.6], 10: [0.5, 0.55, 0.5], 15: [0.4, 0.4, 0.4], 20: [0.2, 0.2, 0.2]}


def test_picks_the_best_k_when_clearly_better():
    t = table({5: [-0.20, -0.21, -0.19], 10: [-0.05, -0.06, -0.05], 15: [-0.10, -0.11, -0.10],
               20: [0.0, 0.0, 0.0]}, STAB)
    chosen = select(t, 0.3, "c_npmi", None)
    assert chosen.k == 10  # K=20 is best but unstable (0.2 < 0.3)
    assert chosen.eligible_k == [5, 10, 15]
    assert chosen.seed == 2  # the medoid: highest stability


def test_one_standard_error_prefers_the_smaller_k():
    # K=15 best by a hair, within one SE of K=10: choose 10
    t = table({5: [-0.20, -0.20, -0.20], 10: [-0.06, -0.04, -0.08], 15: [-0.05, -0.03, -0.07],
               20: [-0.3, -0.3, -0.3]}, STAB)
    chosen = select(t, 0.0, "c_npmi", None)
    assert chosen.best_k == 15 and chosen.k == 10


def test_pinned_k_wins_and_no_eligible_k_falls_back(caplog):
    t = table({5: [-0.2] * 3, 10: [-0.1] * 3, 15: [-0.3] * 3, 20: [-0.4] * 3}, STAB)
    pinned = select(t, 0.9, "c_npmi", 15)
    assert (pinned.k, pinned.rule) == (15, "pinned")
    with pytest.raises(ValueError, match="not in the fitted grid"):
        select(t, 0.2, "c_npmi", 7)
    with caplog.at_level("WARNING"):
        fallback = select(t, 0.9, "c_npmi", None)
    assert fallback.k == 10 and "no K reaches" in caplog.text


def test_single_seed_and_table_flags():
    t = table({5: [-0.2], 10: [-0.1]}, {5: [float("nan")], 10: [float("nan")]})
    chosen = select(t, 0.5, "c_npmi", None)
    assert (chosen.k, chosen.seed) == (10, 1)
    other = table({5: [-0.2], 10: [-0.1]}, {5: [float("nan")], 10: [float("nan")]}, engine="gensim")
    out = selection_table([other, t], {"tomotopy": chosen, "gensim": select(other, 0.2, "c_npmi", None)}, "tomotopy")
    assert out["engine"].tolist() == ["tomotopy", "tomotopy", "gensim", "gensim"]
    assert out["chosen"].sum() == 1 and out["selected"].sum() == 2
    with pytest.raises(ValueError, match="one engine"):
        select(pd.concat([t, other]), 0.2, "c_npmi", None)
