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


# A tomotopy fit of the plan costs about (K + 15) units: 0.27–0.33 s of CPU at
# K = 8, 0.39–0.42 s at K = 20, 0.52 s at K = 30 (1 000 iterations; docs/benchmarks.md).
BATCH_FIXED_COST = 15


def fit_batches(lda: dict) -> list[list[list[int]]]:
    """The ``[K, seed]`` fits of each ``lda_fit`` job. The grid's fits, in
    order of K and then seed, are cut into ``fit_jobs`` consecutive runs of
    about equal cost (``K + BATCH_FIXED_COST`` per fit). Fits, not whole K
    values, are shared out: five K values of about equal cost cannot be split
    over two jobs better than three against two (a 1.2× longer critical path),
    fifteen fits can (eight against seven). Consecutive runs keep the seeds of
    a K together except where a run ends; stability, which compares the seeds
    of a K, is computed when the runs are joined (``lda_select``). Fewer jobs
    than fits amortise the imports (about 1.5 s per job); one job per core
    keeps every core busy."""
    seeds = [int(s) for s in lda["seeds"]]
    fits = [[k, seed] for k in fit_k_values(lda) for seed in seeds]
    n = max(1, min(int(lda.get("fit_jobs", 2)), len(fits)))
    cumulative = [0]
    for k, _ in fits:
        cumulative.append(cumulative[-1] + k + BATCH_FIXED_COST)
    cuts = [0]
    for j in range(1, n):
        target = cumulative[-1] * j / n
        candidates = range(cuts[-1] + 1, len(fits) - (n - j) + 1)  # every run keeps at least one fit
        cuts.append(min(candidates, key=lambda i: (abs(cumulative[i] - target), i)))
    cuts.append(len(fits))
    return [fits[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


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
        "n_top_words": int(lda["n_top_words"]),
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
