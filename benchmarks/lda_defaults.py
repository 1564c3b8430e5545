"""Measurements behind the LDA defaults (docs/topics.md, "Measurements").

Not a test: it fits a few hundred models and takes several minutes. Run it
after the tokens exist:

    .venv/bin/snakemake --cores 2 results/guangzhou_15th_plan_proposal/tokens/sentences.csv
    .venv/bin/python benchmarks/lda_defaults.py [units|gensim|tomotopy|engines|all] > benchmarks/results/lda_defaults.md

Every row is the mean (and, for c_npmi, the standard deviation) over seeds
1, 2, 3 of the metrics the workflow records (plantopics.topics.fitting), so the
numbers are computed exactly as in ``selection.csv``; ``nmi_par`` is the
chapter NMI measured on the paragraphs whatever the LDA documents are (each
paragraph's topics inferred by the model), so it compares unit choices fairly
(``nmi`` on the LDA documents themselves grows with longer, fewer documents). ``fit_s`` is the mean
wall time of one fit (single thread). Parts:

* ``units``    — paragraph, sentence and windows of 20/30/45/60/120 tokens, both engines, K = 10, 15, 20;
* ``confirm``  — paragraph, sentence and windows of 30/45/60 tokens again with five other seeds (tomotopy);
* ``gensim``   — gensim tuning at the default units, K = 15;
* ``tomotopy`` — tomotopy settings at the default units, K = 15;
* ``engines``  — both engines at their defaults over the default K grid.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from plantopics import config, paths
from plantopics.tokenize import read_tokens
from plantopics.topics.corpus import CorpusSettings, build_corpus, build_documents, reference_texts
from plantopics.topics.fitting import METRIC_COLUMNS, FitGrid, fit_grid, with_stability
from plantopics.topics.metrics import chapter_nmi

TOKENS = Path(paths.document("tokens", doc="guangzhou_15th_plan_proposal"))
SEEDS = (1, 2, 3)
LDA = config.defaults()["lda"]
GENSIM_DEFAULT = LDA["gensim"]
TOMOTOPY_DEFAULT = LDA["tomotopy"]


def corpus_settings(**overrides) -> CorpusSettings:
    """The default corpus settings with ``overrides`` (lda keys; ``dictionary`` keys merged)."""
    return CorpusSettings.from_config(config.validate({"lda": overrides})["lda"])


def run(tokens, reference, label, settings, engine, ks, params, cache={}, seeds=SEEDS) -> dict:  # noqa: B006
    key = repr(settings)
    if key not in cache:
        cache[key] = build_corpus(tokens, settings)
    corpus = cache[key]
    paragraphs = build_documents(tokens, "paragraph")
    result = fit_grid(corpus, reference, FitGrid.of({engine: params}, ks, seeds), LDA["n_top_words"])
    table = with_stability(result.table, lambda e, k, s: result.fits[(e, k, s)].topic_word, LDA["n_top_words"])
    fit_s, metric_s = result.timing["fit_seconds"].sum(), result.timing["metric_seconds"].sum()
    table["nmi_par"] = [paragraph_nmi(f, corpus, paragraphs) for f in result.fits.values()]
    row = {"setting": label, "engine": engine, "docs": len(corpus.documents), "terms": len(corpus.vocabulary)}
    row.update({m: table[m].mean() for m in [*METRIC_COLUMNS, "nmi_par"]})
    row["c_npmi_sd"] = table["c_npmi"].std()
    n = len(table)
    row["fit_s"] = fit_s / n
    row["metrics_s"] = metric_s / n
    print(f"  {label} {engine}: " + ", ".join(f"{k}={v:.3g}" for k, v in row.items() if isinstance(v, float)),
          file=sys.stderr, flush=True)
    return row


def paragraph_nmi(fitted, corpus, paragraphs) -> float:
    """Chapter NMI on the same units whatever the LDA documents are: each
    paragraph's topic mixture inferred by the fitted model."""
    known = corpus.token2id
    ids = [np.array([known[t] for t in toks if t in known], dtype=np.int64) for toks in paragraphs["tokens"]]
    keep = [i for i, d in enumerate(ids) if len(d)]
    theta = fitted.infer([ids[i] for i in keep])
    return chapter_nmi(theta, paragraphs["chapter"].to_numpy()[keep])


def show(rows: list[dict], title: str) -> None:
    frame = pd.DataFrame(rows)
    cols = ["setting", "engine", "docs", "terms", "diversity", "c_npmi", "c_npmi_sd", "c_v", "u_mass",
            "nmi", "nmi_par", "stability", "stability_words", "perplexity", "fit_s", "metrics_s"]
    print(f"\n### {title}\n")
    print(frame[cols].to_markdown(index=False, floatfmt=".3f"))
    sys.stdout.flush()


def main(parts: list[str]) -> None:
    tokens = read_tokens(TOKENS)
    reference = reference_texts(tokens)
    default = corpus_settings()
    if "units" in parts:
        rows = []
        for label, settings in [
            ("paragraph", corpus_settings(units="paragraph")),
            ("sentence", corpus_settings(units="sentence")),
            ("window 20", corpus_settings(units="window", window_tokens=20)),
            ("window 30", corpus_settings(units="window", window_tokens=30)),
            ("window 45", corpus_settings(units="window", window_tokens=45)),
            ("window 60", corpus_settings(units="window", window_tokens=60)),
            ("window 120", corpus_settings(units="window", window_tokens=120)),
        ]:
            rows.append(run(tokens, reference, label, settings, "tomotopy", (10, 15, 20), TOMOTOPY_DEFAULT))
            rows.append(run(tokens, reference, label, settings, "gensim", (10, 15, 20), GENSIM_DEFAULT))
        show(rows, "Units (K = 10, 15, 20 × seeds 1–3)")
    if "confirm" in parts:
        rows = []
        for label, settings in [
            ("paragraph", corpus_settings(units="paragraph")),
            ("sentence", corpus_settings(units="sentence")),
            *[(f"window {n}", corpus_settings(units="window", window_tokens=n)) for n in (30, 45, 60)],
        ]:
            rows.append(run(tokens, reference, label, settings, "tomotopy", (10, 15, 20), TOMOTOPY_DEFAULT,
                            seeds=(4, 5, 6, 7, 8)))
        show(rows, "The closest unit choices again with seeds 4–8 (tomotopy, K = 10, 15, 20)")
    if "gensim" in parts:
        rows = []
        variants = [
            ("passes 10 (default)", {}, {}),
            ("passes 50", {}, {"passes": 50}),
            ("passes 200", {}, {"passes": 200}),
            ("iterations 50", {}, {"iterations": 50}),
            ("iterations 1000", {}, {"iterations": 1000}),
            ("alpha, eta symmetric", {}, {"alpha": "symmetric", "eta": "symmetric"}),
            ("alpha asymmetric", {}, {"alpha": "asymmetric"}),
            ("alpha 0.1 eta 0.01", {}, {"alpha": 0.1, "eta": 0.01}),
            ("alpha auto eta 0.01", {}, {"eta": 0.01}),
            ("alpha auto eta 0.001", {}, {"eta": 0.001}),
            ("chunksize 20 (online)", {}, {"chunksize": 20}),
            ("chunksize 50, passes 100", {}, {"chunksize": 50, "passes": 100}),
            ("no_above 0.3", {"no_above": 0.3}, {}),
            ("no_above 1.0", {"no_above": 1.0}, {}),
            ("no_below 3", {"no_below": 3}, {}),
            ("no_below 1", {"no_below": 1}, {}),
            ("no_above 1.0, alpha asymmetric", {"no_above": 1.0}, {"alpha": "asymmetric"}),
            ("no_above 1.0, passes 50", {"no_above": 1.0}, {"passes": 50}),
        ]
        for label, dict_over, params in variants:
            settings = corpus_settings(dictionary=dict_over)
            rows.append(run(tokens, reference, label, settings, "gensim", (15,), {**GENSIM_DEFAULT, **params}))
        rows.append(run(tokens, reference, "tomotopy default", default, "tomotopy", (15,), TOMOTOPY_DEFAULT))
        show(rows, "gensim tuning (default units, K = 15, seeds 1–3)")
    if "tomotopy" in parts:
        rows = []
        for label, params in [
            ("default (1000 it, alpha 0.1, eta 0.01, optimise every 10)", {}),
            ("iterations 300", {"iterations": 300}),
            ("iterations 2000", {"iterations": 2000}),
            ("no hyperparameter optimisation", {"optim_interval": 0}),
            ("eta 0.1", {"eta": 0.1}),
            ("alpha 50/K", {"alpha": 50 / 15}),
        ]:
            rows.append(run(tokens, reference, label, default, "tomotopy", (15,), {**TOMOTOPY_DEFAULT, **params}))
        settings = corpus_settings(dictionary={"no_above": 1.0})
        rows.append(run(tokens, reference, "no_above 1.0", settings, "tomotopy", (15,), TOMOTOPY_DEFAULT))
        show(rows, "tomotopy settings (default units, K = 15, seeds 1–3)")
    if "engines" in parts:
        rows = []
        for k in (5, 8, 10, 12, 15, 20):
            rows.append(run(tokens, reference, f"K={k}", default, "tomotopy", (k,), TOMOTOPY_DEFAULT))
            rows.append(run(tokens, reference, f"K={k}", default, "gensim", (k,), GENSIM_DEFAULT))
        show(rows, "Engines by K (default units, seeds 1–3)")


if __name__ == "__main__":
    args = sys.argv[1:] or ["all"]
    main(["units", "confirm", "gensim", "tomotopy", "engines"] if args == ["all"] else args)
