"""What the workflow needs from the config's ``lda`` section, as plain
functions (unit-tested without Snakemake). Each rule's ``params`` carries
only the keys that rule uses, so changing a parameter reruns exactly the jobs
that depend on it."""

from __future__ import annotations

from plantopics.topics.engines import ENGINES, engine_params


def fit_k_values(lda: dict) -> list[int]:
    """The K values fitted for the whole document: the grid, plus the pinned K."""
    values = set(int(k) for k in lda["k_grid"])
    if lda.get("k") is not None:
        values.add(int(lda["k"]))
    return sorted(values)


BATCH_FIXED_COST = 5  # a fit's cost grows about linearly with K, plus a fixed part (in units of K)


def fit_batches(lda: dict) -> list[list[int]]:
    """The K values of each ``lda_fit`` job. ``fit_jobs`` jobs (at most one
    per K) share the grid so that their costs (about ``K + 5`` per K) are
    balanced: the largest K first, each to the job with the least work so far
    (ties: the first job). Fewer jobs than K values amortise the imports
    (gensim and scipy cost about 1.5 s per job); one job per core keeps every
    core busy."""
    ks = fit_k_values(lda)
    n = max(1, min(int(lda.get("fit_jobs", 2)), len(ks)))
    batches: list[list[int]] = [[] for _ in range(n)]
    load = [0] * n
    for k in sorted(ks, reverse=True):
        i = min(range(n), key=lambda j: (load[j], j))
        batches[i].append(k)
        load[i] += k + BATCH_FIXED_COST
    return [sorted(b) for b in batches]


def batch_ids(lda: dict) -> list[str]:
    """Wildcard values of the fit jobs: b1, b2, …"""
    return [f"b{i}" for i in range(1, len(fit_batches(lda)) + 1)]


def fit_engines(lda: dict) -> list[str]:
    """The main engine first, then the comparison engines (each once)."""
    engines = [lda["engine"]]
    for engine in lda.get("compare_engines") or []:
        if engine not in engines:
            engines.append(engine)
    for engine in engines:
        if engine not in ENGINES:
            raise ValueError(f"unknown LDA engine {engine!r}; choose one of {ENGINES}")
    return engines


def corpus_params(lda: dict) -> dict:
    keys = ("units", "window_tokens", "min_tokens", "held_out_fraction", "dictionary")
    return {key: lda[key] for key in keys if key in lda}


def fit_params(lda: dict) -> dict:
    engines = fit_engines(lda)
    return {
        "engines": {engine: engine_params(engine, lda.get(engine)) for engine in engines},
        "seeds": [int(s) for s in lda["seeds"]],
        "n_top_words": int(lda["n_top_words"]),
    }


def select_params(lda: dict) -> dict:
    return {
        "engine": lda["engine"],
        "k": lda.get("k"),
        "criterion": lda.get("criterion", "c_npmi"),
        "stability_threshold": float(lda["stability_threshold"]),
    }


def output_params(lda: dict) -> dict:
    return {
        "n_top_words": int(lda["n_top_words"]),
        "relevance_lambda": float(lda["relevance_lambda"]),
        "representative_sentences": int(lda["representative_sentences"]),
    }


def link_params(lda: dict) -> dict:
    return {"n_top_words": int(lda["n_top_words"]), "relevance_lambda": float(lda["relevance_lambda"])}


def chapter_params(lda: dict) -> dict:
    """The per-chapter section with the engine settings it uses."""
    return {
        "engine": lda["engine"],
        lda["engine"]: engine_params(lda["engine"], lda.get(lda["engine"])),
        "n_top_words": int(lda["n_top_words"]),
        "relevance_lambda": float(lda["relevance_lambda"]),
        "criterion": lda.get("criterion", "c_npmi"),
        "stability_threshold": float(lda["stability_threshold"]),
        "per_chapter": lda["per_chapter"],
    }
