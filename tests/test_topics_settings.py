"""What the LDA rules take from the config's lda section, and the one grid of K × seeds they share out."""

from __future__ import annotations

from plantopics.topics import settings as lda
from plantopics.topics.fitting import FIT_FIXED_COST, FitGrid

from conftest import settings


def test_the_grid_is_shared_out_by_fit_and_balanced_by_cost():
    config = settings("lda", k_grid=[8, 10, 12, 15, 20], seeds=[1, 2, 3], fit_jobs=2)
    shares = lda.fit_shares(config)
    assert list(shares) == ["b1", "b2"]
    fits = [tuple(fit) for share in shares.values() for fit in share["fits"]]
    assert fits == [(k, s) for k in (8, 10, 12, 15, 20) for s in (1, 2, 3)]  # each fit once, in order
    assert [len(s["fits"]) for s in shares.values()] == [8, 7]  # five equal K could only go 3 against 2
    costs = [sum(k + FIT_FIXED_COST for k, _ in s["fits"]) for s in shares.values()]
    assert max(costs) / sum(costs) <= 0.53
    assert all(s["engines"] == {"tomotopy": config["tomotopy"]} for s in shares.values())


def test_shares_never_leave_a_job_empty_and_pin_k():
    assert [s["fits"] for s in lda.fit_shares(settings("lda", k_grid=[3, 4], seeds=[1], fit_jobs=8)).values()] == [
        [[3, 1]], [[4, 1]]]
    pinned = lda.fit_shares(settings("lda", k_grid=[5, 8], k=9, seeds=[2, 1], fit_jobs=1))
    assert pinned["b1"]["fits"] == [[5, 2], [5, 1], [8, 2], [8, 1], [9, 2], [9, 1]]  # seeds in the config's order
    grid = lda.fit_grid(settings("lda"))
    four = grid.shares(4)
    assert [len(s.fits) for s in four.values()] == [7, 7, 6, 5]  # the 25 default fits, cheaper K first
    assert sum((list(s.fits) for s in four.values()), []) == list(grid.fits)
    assert FitGrid.from_params(four["b2"].as_params()) == four["b2"]


def test_engines_main_first_then_the_extra_ones_once():
    config = settings("lda", engine="tomotopy", extra_engines=["gensim", "tomotopy"])
    assert list(lda.fit_engines(config)) == ["tomotopy", "gensim"]
    assert lda.fit_engines(config)["gensim"] == config["gensim"]


def test_each_rule_gets_only_its_keys():
    config = settings("lda")
    share = next(iter(lda.fit_shares(config).values()))
    assert set(share) == {"engines", "fits"}
    assert "seeds" not in lda.output_params(config) and "k_grid" not in lda.link_params(config)
    assert set(lda.corpus_params(config)) == {"units", "window_tokens", "min_tokens", "held_out_fraction", "dictionary"}
    # whether the per-chapter models run at all is a target list's business (workflow.targets), not a parameter
    assert lda.chapter_params(config)["per_chapter"] == {k: v for k, v in config["per_chapter"].items() if k != "enabled"}
    assert lda.chapter_params(config)["k_rule"] == config["k_rule"]
    assert set(lda.select_params(config)) == {"engine", "n_top_words", "k", "criterion", "stability_threshold", "k_rule"}
    assert set(lda.output_params(config)) == {"n_top_words", "relevance_lambda", "label_max_chapter_share",
                                              "representative_sentences"}
    assert set(lda.link_params(config)) == {"n_top_words", "relevance_lambda", "label_max_chapter_share"}
