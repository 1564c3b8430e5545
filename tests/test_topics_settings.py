"""plantopics.topics.settings: what the workflow takes from the config's lda section."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from plantopics.topics import settings as lda

ROOT_CONFIG = Path(__file__).resolve().parents[1] / "config" / "config.yaml"


def test_batches_share_the_fits_and_balance_the_cost():
    config = {"k_grid": [8, 10, 12, 15, 20], "seeds": [1, 2, 3], "fit_jobs": 2}
    batches = lda.fit_batches(config)
    fits = [tuple(fit) for batch in batches for fit in batch]
    assert fits == [(k, s) for k in (8, 10, 12, 15, 20) for s in (1, 2, 3)]  # each fit once, in order
    assert [len(b) for b in batches] == [8, 7]  # five equal K could only go 3 against 2
    costs = [sum(k + lda.BATCH_FIXED_COST for k, _ in b) for b in batches]
    assert max(costs) / sum(costs) <= 0.53
    assert lda.batch_ids(config) == ["b1", "b2"]
    assert lda.fit_batches({"k_grid": [3, 4], "seeds": [1], "fit_jobs": 8}) == [[[3, 1]], [[4, 1]]]  # no empty job
    assert lda.fit_batches({"k_grid": [5, 8], "k": 9, "seeds": [2, 1], "fit_jobs": 1}) == [
        [[5, 2], [5, 1], [8, 2], [8, 1], [9, 2], [9, 1]]]  # pinned K fitted; seeds in the config's order
    four = lda.fit_batches({**config, "fit_jobs": 4})
    assert [len(b) for b in four] == [4, 4, 4, 3] and sum(four, []) == sum(batches, [])


def test_engines_and_rule_params():
    assert lda.fit_engines({"engine": "tomotopy", "compare_engines": ["gensim", "tomotopy"]}) == ["tomotopy", "gensim"]
    with pytest.raises(ValueError, match="unknown LDA engine"):
        lda.fit_engines({"engine": "mallet"})


def test_each_rule_gets_only_its_keys():
    with open(ROOT_CONFIG, encoding="utf-8") as fh:
        config = yaml.safe_load(fh)["lda"]
    fit = lda.fit_params(config)
    assert list(fit["engines"]) == [config["engine"], *config["compare_engines"]]
    assert "relevance_lambda" not in fit and "per_chapter" not in fit
    assert "seeds" not in lda.output_params(config) and "k_grid" not in lda.link_params(config)
    assert set(lda.corpus_params(config)) == {"units", "window_tokens", "min_tokens", "held_out_fraction", "dictionary"}
    assert lda.chapter_params(config)["per_chapter"] == config["per_chapter"]


def test_schema_defaults_match_the_shipped_config_and_the_package():
    from snakemake.utils import validate

    from plantopics.topics.corpus import CorpusSettings
    from plantopics.topics.engines import DEFAULT_PARAMS
    from plantopics.topics.per_chapter import ChapterSettings

    config: dict = {}
    validate(config, str(ROOT_CONFIG.parents[1] / "workflow" / "schemas" / "config.schema.yaml"))
    defaults = config["lda"]
    with open(ROOT_CONFIG, encoding="utf-8") as fh:
        shipped = yaml.safe_load(fh)["lda"]
    assert shipped == defaults
    assert CorpusSettings.from_config(defaults) == CorpusSettings()
    for engine in ("gensim", "tomotopy"):
        assert defaults[engine] == DEFAULT_PARAMS[engine]
    chapter = ChapterSettings.from_config(defaults)
    assert (chapter.units, chapter.k_grid, chapter.min_documents) == ("sentence", (2, 3, 4), 10)
    assert chapter.stability_threshold == defaults["stability_threshold"]
