"""What each LDA rule takes from the config's ``lda`` section (filled with the
schema's defaults), as plain values: a rule's ``params`` carry only the keys it
uses, so changing a parameter reruns exactly the jobs that depend on it."""

from __future__ import annotations

from plantopics.topics.fitting import FitGrid

CORPUS_KEYS = ("units", "window_tokens", "min_tokens", "held_out_fraction", "dictionary")
RULE_KEYS = ("k", "criterion", "stability_threshold", "k_rule")  # the selection rule (plantopics.topics.selection)
LABEL_KEYS = ("relevance_lambda", "label_max_chapter_share")  # how topics are labelled (outputs.topic_labels)


def fit_engines(lda: dict) -> dict[str, dict]:
    """The reported model's engine, then each of ``extra_engines`` (once), with their parameters."""
    names = list(dict.fromkeys([lda["engine"], *lda["extra_engines"]]))
    return {engine: dict(lda[engine]) for engine in names}


def fit_grid(lda: dict) -> FitGrid:
    """The whole document's grid: every K of ``k_grid`` and the pinned ``k``, with every seed and engine."""
    k_values = [*lda["k_grid"], *([lda["k"]] if lda["k"] is not None else [])]
    return FitGrid.of(fit_engines(lda), k_values, lda["seeds"])


def fit_shares(lda: dict) -> dict[str, dict]:
    """The ``lda_fit`` jobs' shares of the grid, by the job's ``batch`` wildcard (b1, b2 …)."""
    return {batch: share.as_params() for batch, share in fit_grid(lda).shares(lda["fit_jobs"]).items()}


def smallest_k(lda: dict) -> int:
    """The K a document must support to get a model (:mod:`plantopics.topics.too_small`)."""
    return int(lda["k"]) if lda["k"] is not None else min(int(k) for k in lda["k_grid"])


def corpus_params(lda: dict) -> dict:
    return {key: lda[key] for key in CORPUS_KEYS}


def select_params(lda: dict) -> dict:
    return {key: lda[key] for key in ("engine", "n_top_words", *RULE_KEYS)}


def output_params(lda: dict) -> dict:
    return {key: lda[key] for key in ("n_top_words", *LABEL_KEYS, "representative_sentences")}


def link_params(lda: dict) -> dict:
    return {key: lda[key] for key in ("n_top_words", *LABEL_KEYS)}


def chapter_params(lda: dict) -> dict:
    """The per-chapter section with what it shares with the whole document's model."""
    shared = {key: lda[key] for key in ("engine", lda["engine"], "min_tokens", "n_top_words", "relevance_lambda",
                                        "criterion", "stability_threshold", "k_rule")}  # K: its own per_chapter.k
    # whether the models are fitted at all decides which jobs exist, not what they compute
    return {**shared, "per_chapter": {k: v for k, v in lda["per_chapter"].items() if k != "enabled"}}
