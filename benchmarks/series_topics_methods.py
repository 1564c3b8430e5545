"""The topic half of benchmarks/series_methods.py (docs/series.md, "Measurements").

On the dated documents of a real series: the joint model (one K, three
seeds), then

* composition draws from the reported fit alone and from the three seeds'
  fits aligned to it: the width of the year-effect intervals, and the time of
  each step;
* tomotopy's GDMRModel with the year as its metadata, against the joint LDA
  plus the regression: coherence of the topics by our own scorer
  (plantopics.topics.metrics), held-out fit (document-completion perplexity
  of the held-out units as plantopics computes it for LDA, with the GDMR's
  topic-word distributions), how far the two disagree on each topic's year
  trend, and fit time;
* tomotopy's DTModel (time slices = decades) against the joint model's
  per-period words: coherence of each topic's top words in each period by our
  scorer, and fit time.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from plantopics import config
from plantopics.compare import fit_joint_grid, joint_corpus, joint_reference, joint_settings
from plantopics.joblog import quiet_libraries
from plantopics.series.topics import (
    EffectSettings,
    align_fits,
    estimate_effects,
    periods,
    share_draws,
    words_by_period,
)
from plantopics.topics.corpus import CorpusSettings
from plantopics.topics.fitting import all_doc_topic
from plantopics.topics.metrics import CoherenceScorer, top_words

K = 15
SEEDS = [1, 2, 3]
ITERATIONS = 1000


def topics_part(tokens: dict, years: dict) -> None:
    quiet_libraries()
    dated = {d: t for d, t in tokens.items() if years.get(d) is not None and len(t)}
    ids = sorted(dated)
    defaults = config.defaults()
    joint = joint_settings(config.validate({"lda": {"tomotopy": {"iterations": ITERATIONS}}})["lda"],
                           {**defaults["compare"], "k_grid": [K], "seeds": SEEDS})
    corpus = joint_corpus({d: dated[d] for d in ids}, CorpusSettings.from_config(joint["corpus"]))
    reference = joint_reference({d: dated[d] for d in ids})
    print(f"## Topics ({len(ids)} dated documents, {len(corpus.documents)} units, {len(corpus.vocabulary)} terms, "
          f"K = {K})\n")
    start = time.perf_counter()
    result, _, choice = fit_joint_grid(corpus, reference, joint)
    joint_s = time.perf_counter() - start
    fitted = result.fits[("tomotopy", K, choice.seed)]
    others = [result.fits[("tomotopy", K, seed)] for seed in SEEDS]
    doc_topic = all_doc_topic(fitted, corpus)
    documents = pd.DataFrame({"document": ids, "year": pd.array([years[d] for d in ids], dtype="Int64")})
    units = corpus.documents[["document", "n_tokens"]]
    labels = [" ".join(w[:3]) for w in top_words(fitted.topic_word, corpus.vocabulary, 3)]
    print(f"- joint model, {len(SEEDS)} seeds at K = {K}: {joint_s:.0f} s (chosen seed {choice.seed})")

    settings = EffectSettings.from_config(defaults["series"]["topics"], defaults["series"]["period_years"])
    start = time.perf_counter()
    one = share_draws([doc_topic], units, ids, settings)
    draws_s = time.perf_counter() - start
    start = time.perf_counter()
    effects_one = estimate_effects(one, documents, labels, [], settings=settings)
    effects_s = time.perf_counter() - start
    orders = align_fits(fitted.topic_word, [f.topic_word for f in others if f.seed != fitted.seed])
    aligned = [doc_topic] + [all_doc_topic(f, corpus)[:, order] for f, order in
                             zip([f for f in others if f.seed != fitted.seed], orders, strict=True)]
    seeds = share_draws(aligned, units, ids, settings)
    effects_seeds = estimate_effects(seeds, documents, labels, [], settings=settings)
    width_one = (effects_one["high"] - effects_one["low"]).to_numpy()
    width_seeds = (effects_seeds["high"] - effects_seeds["low"]).to_numpy()
    print(f"- share draws ({settings.n_draws}): {draws_s:.2f} s; year effects of {K} topics: {effects_s:.2f} s")
    flips = int((np.sign(effects_one["estimate"]) != np.sign(effects_seeds["estimate"])).sum())
    print(f"- year-effect interval, one fit vs {len(aligned)} aligned seeds: median width "
          f"{np.median(width_one):.4f} vs {np.median(width_seeds):.4f} "
          f"(ratio {np.median(width_seeds / width_one):.2f}); sign of the effect differs for {flips} topics")
    table = effects_one.assign(seeds_low=effects_seeds["low"].to_numpy(),
                               seeds_high=effects_seeds["high"].to_numpy())
    print("\n" + table[["topic", "label", "estimate", "low", "high", "seeds_low", "seeds_high"]].to_markdown(
        index=False, floatfmt=".3f") + "\n")

    gdmr_part(corpus, reference, fitted, doc_topic, documents, labels, years, effects_one)
    dtm_part(corpus, reference, fitted, doc_topic, years)


def gdmr_part(corpus, reference, fitted, doc_topic, documents, labels, years, effects) -> None:
    import tomotopy as tp

    train = corpus.train
    year_of = [float(years[d]) for d in train["document"]]
    start = time.perf_counter()
    # metadata_range is left to tomotopy (the observed range): passing it crashes tomotopy 0.14 in __init__
    model = tp.GDMRModel(k=K, degrees=[3], alpha=0.1, eta=0.01, sigma=0.25, sigma0=3.0, seed=1)
    for toks, year in zip(train["tokens"], year_of, strict=True):
        model.add_doc(toks, numeric_metadata=[year])
    model.train(ITERATIONS, workers=1, show_progress=False)
    gdmr_s = time.perf_counter() - start
    index = {t: i for i, t in enumerate(corpus.vocabulary)}
    topic_word = np.zeros((K, len(corpus.vocabulary)))
    used = [index[t] for t in model.used_vocabs]
    for k in range(K):
        topic_word[k, used] = model.get_topic_word_dist(k)[: len(used)]
    topic_word = (topic_word + 1e-12) / (topic_word + 1e-12).sum(axis=1, keepdims=True)
    scorer = CoherenceScorer(reference, corpus.dictionary)
    lda_coh = scorer.score(top_words(fitted.topic_word, corpus.vocabulary, 10))
    gdmr_coh = scorer.score(top_words(topic_word, corpus.vocabulary, 10))
    held = corpus.word_ids(corpus.held_out)
    lda_ppl = fitted.held_out_perplexity(held)
    # GDMR document completion: infer each held-out unit's mixture from its even tokens (with its year)
    docs = [np.asarray(d) for d in held if len(d) >= 2]
    held_years = [float(years[d]) for d, ids in zip(corpus.held_out["document"], held, strict=True) if len(ids) >= 2]
    made = [model.make_doc([corpus.vocabulary[i] for i in d[0::2]], numeric_metadata=[y])
            for d, y in zip(docs, held_years, strict=True)]
    thetas, _ = model.infer(made, iterations=100, workers=1, together=False)
    total, n = 0.0, 0
    for theta, d in zip(thetas, docs, strict=True):
        p = np.asarray(theta) @ topic_word[:, d[1::2]]
        total += float(np.log(np.maximum(p, 1e-300)).sum())
        n += len(d[1::2])
    gdmr_ppl = float(np.exp(-total / n))
    # agreement of the year trend: each GDMR topic matched to the LDA topic, trend of its document shares
    order = align_fits(fitted.topic_word, [topic_word])[0]
    gdmr_theta = np.asarray([d.get_topic_dist() for d in model.docs])[:, order]
    train_docs = train["document"].to_numpy()
    trained = np.array([(train_docs == d).any() for d in documents["document"]])  # some have every unit held out
    shares = np.array([gdmr_theta[train_docs == d].mean(axis=0) for d in documents["document"][trained]])
    years = documents["year"].astype(float).to_numpy()[trained]
    slope = np.polyfit((years - years.mean()) / 10, shares, 1)[0]
    lda_slope = effects.loc[effects["covariate"] == "year", "estimate"].to_numpy()
    print("### GDMR (year as metadata) against the joint LDA + regression\n")
    print("| model | c_npmi | c_v | held-out perplexity | fit s |\n|---|---:|---:|---:|---:|")
    print(f"| joint LDA (tomotopy) | {lda_coh['c_npmi']:.3f} | {lda_coh['c_v']:.3f} | {lda_ppl:.0f} | "
          f"{fitted.fit_seconds:.0f} |")
    print(f"| GDMR, degree 3 | {gdmr_coh['c_npmi']:.3f} | {gdmr_coh['c_v']:.3f} | {gdmr_ppl:.0f} | {gdmr_s:.0f} |")
    print(f"\nyear trend per decade, GDMR topics matched to LDA topics: correlation "
          f"{np.corrcoef(slope, lda_slope)[0, 1]:.2f}\n")


def dtm_part(corpus, reference, fitted, doc_topic, years) -> None:
    import tomotopy as tp

    span = periods([years[d] for d in corpus.documents["document"]], config.defaults()["series"]["period_years"])
    spans = sorted(set(span.values()))
    slot = {p: i for i, p in enumerate(spans)}
    unit_periods = [span[years[d]] for d in corpus.documents["document"]]
    start = time.perf_counter()
    table = words_by_period(corpus.word_ids(), doc_topic, fitted.topic_word, unit_periods, corpus.vocabulary,
                            [str(k) for k in range(1, K + 1)], n_words=10)
    joint_s = time.perf_counter() - start
    scorer = CoherenceScorer(reference, corpus.dictionary)
    joint_sets = [[list(g["term"]) for _, g in table[table["period_start"] == p[0]].groupby("topic")] for p in spans]
    start = time.perf_counter()
    model = tp.DTModel(k=K, t=len(spans), alpha_var=0.1, eta_var=0.1, phi_var=0.1, seed=1)
    for toks, period in zip(corpus.train["tokens"], [span[years[d]] for d in corpus.train["document"]], strict=True):
        model.add_doc(toks, timepoint=slot[period])
    model.train(ITERATIONS, workers=1, show_progress=False)
    dtm_s = time.perf_counter() - start
    dtm_sets = [[[w for w, _ in model.get_topic_words(k, timepoint=t, top_n=10)] for k in range(K)]
                for t in range(len(spans))]
    joint_c = [scorer.score(s)["c_npmi"] for s in joint_sets]
    dtm_c = [scorer.score(s)["c_npmi"] for s in dtm_sets]
    print("### Topic evolution: the joint model's per-period words against DTModel\n")
    print("| period | joint model per period c_npmi | DTModel c_npmi |\n|---|---:|---:|")
    for p, a, b in zip(spans, joint_c, dtm_c, strict=True):
        print(f"| {p[0]}–{p[1]} | {a:.3f} | {b:.3f} |")
    print(f"| mean | {np.mean(joint_c):.3f} | {np.mean(dtm_c):.3f} |")
    print(f"\ntime: per-period words of the joint model {joint_s:.1f} s; DTModel fit {dtm_s:.0f} s "
          f"({ITERATIONS} iterations)\n")
