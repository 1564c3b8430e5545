"""Measurements behind the selection rule, the labels and the per-chapter
switch (docs/topics.md, "Choosing K and the reported fit", "Labels", "Per chapter").

Not a test. Run the workflow on each document first (``lda.per_chapter.enabled:
true`` for the ``labels`` and ``chapters`` parts' chapter models), then name its
results folder:

    .venv/bin/python benchmarks/topic_selection.py grid results/guangzhou_15th_plan_proposal [...]
    .venv/bin/python benchmarks/topic_selection.py before_after k seeds labels chapters results/<id> [...]

Parts:

* ``grid``         — refits the document's LDA corpus at K = 5, 8, 10, 12, 15, 18, 20, 25, 30 with seeds 1–8
                     (the workflow's engine and settings, every fit scored by :mod:`plantopics.topics.fitting`
                     like ``selection.csv``), plus ``c_npmi_docs`` (c_npmi of the top 10 words over the LDA
                     documents instead of the paragraphs), top-10 diversity, the share of topics that merge two
                     chapters' distinctive terms (:func:`plantopics.topics.metrics.chapter_merges`, the chapters'
                     top-10 keyness terms) and the number of labels with a word in 85 % of the chapters, before
                     (top three by relevance against the LDA corpus) and after
                     (:func:`plantopics.topics.outputs.topic_labels`). Saves the fits' metrics and topic-word
                     matrices under ``benchmarks/results/topic_selection/`` (~1–2 min per document); the other
                     parts read them.
* ``before_after`` — the model the rule before reported (smallest K within one SE, the medoid of seeds 1–3,
                     labels by relevance against the LDA corpus) and the one the rule reports now (seeds 1–5), side
                     by side: each topic's label and top 10 words, topics paired by Hungarian matching.
* ``k``            — on the grid's fits at the default K grid: the K each rule picks over every 3- and 5-seed
                     subset of seeds 1–8 (the one-standard-error rule, the most exclusive K within one SE, the best
                     mean c_npmi, the frontier's best sum of standardised coherence and exclusivity, the lowest
                     held-out perplexity, the smallest K with at most half its topics merging chapters).
* ``seeds``        — the K and fit the package's rule reports with seeds 1–3, 1–5 and 1–8, and, over every
                     n-seed subset at that K, how the reported fit compares with its K's mean (medoid against the
                     frontier rules).
* ``labels``       — the chosen model's labels and the chapter models' labels, before and after.
* ``chapters``     — do the per-chapter models split a chapter's sections (or paragraphs, when it has no
                     sections) better than the whole-document topics do? ARI and NMI of each sentence's dominant
                     topic against its section, a null of 1000 shuffles; and the chapter labels' words that are not
                     among the chapter's top-20 keyness terms.
"""

from __future__ import annotations

import itertools
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from plantopics import config, paths
from plantopics.io import read_csv
from plantopics.tokenize import read_tokens
from plantopics.topics import engines, metrics
from plantopics.topics.corpus import CorpusSettings, LdaCorpus, build_corpus, load_reference
from plantopics.topics.fitting import FitGrid, fit_grid
from plantopics.topics.outputs import LabelBasis, topic_labels
from plantopics.topics.selection import pareto_front, select

GRID_K = (5, 8, 10, 12, 15, 18, 20, 25, 30)
LDA = config.defaults()["lda"]
DEFAULT_K = tuple(LDA["k_grid"])
SEEDS = tuple(range(1, 9))
BEFORE_SEEDS = (1, 2, 3)  # the rule before: three seeds, the smallest K within one SE, the medoid seed
LAMBDA = LDA["relevance_lambda"]
SHARE = LDA["label_max_chapter_share"]
RULE = (LDA["stability_threshold"], LDA["criterion"], None)
CACHE = Path(__file__).parent / "results" / "topic_selection"


class Document:
    """A document's results folder (``results/<id>``), its files named by :mod:`plantopics.paths`."""

    def __init__(self, folder: Path):
        self.id, self.results = folder.name, folder.parent

    def path(self, name: str, **fields) -> Path:
        return Path(paths.document(name, self.id, self.results, **fields))

    def tokens(self) -> pd.DataFrame:
        return read_tokens(self.path("tokens"))

    def corpus(self) -> LdaCorpus:
        return LdaCorpus.load(self.path("lda_corpus"))

    def keyness(self) -> pd.DataFrame:
        return read_csv(self.path("keyness"), dtype={"term": str})


def corpus_labels(topic_word, corpus: LdaCorpus) -> list[str]:
    """The labels before: top three by relevance against the LDA corpus's term frequency, no term left out."""
    basis = LabelBasis(dict(zip(corpus.vocabulary, corpus.term_frequency().tolist(), strict=True)), frozenset(), 1)
    return topic_labels(topic_word, corpus.vocabulary, basis, LAMBDA)


def uses_common(labels: list[str], common: frozenset[str]) -> int:
    return sum(bool(set(label.split("、")) & common) for label in labels)


def grid(doc: Document) -> None:
    corpus = doc.corpus()
    reference = load_reference(doc.path("lda_reference"))
    basis = LabelBasis.from_tokens(doc.tokens(), SHARE)
    keyness = doc.keyness()
    distinctive = metrics.distinctive_terms(keyness) if len(keyness) else {}
    on_documents = metrics.CoherenceScorer([list(t) for t in corpus.documents["tokens"]], corpus.dictionary,
                                           ("c_npmi",))
    rows, arrays = [], {}
    for k in GRID_K:
        result = fit_grid(corpus, reference, FitGrid.of({LDA["engine"]: LDA[LDA["engine"]]}, [k], SEEDS),
                          LDA["n_top_words"])
        fits = list(result.fits.values())
        scores = on_documents.score_many([metrics.top_words(f.topic_word, corpus.vocabulary, 10) for f in fits])
        fit_cpu = float(result.timing["fit_cpu_seconds"].sum())
        for i, fitted in enumerate(fits):
            tw = fitted.topic_word
            arrays[f"k{k}_s{fitted.seed}"] = tw
            rows.append({**result.table.iloc[i].to_dict(), "c_npmi_docs": scores[i]["c_npmi"],
                         "diversity_10": metrics.topic_diversity(tw, 10),
                         "merged": float(metrics.chapter_merges(tw, corpus.vocabulary, distinctive).mean()),
                         "labels_common_before": uses_common(corpus_labels(tw, corpus), basis.common),
                         "labels_common_after": uses_common(topic_labels(tw, corpus.vocabulary, basis, LAMBDA),
                                                            basis.common),
                         "fit_cpu_s": fit_cpu / len(SEEDS)})
        print(f"  K={k}: {fit_cpu:.1f} s CPU", file=sys.stderr, flush=True)
    table = pd.DataFrame(rows)
    CACHE.mkdir(parents=True, exist_ok=True)
    table.to_csv(CACHE / f"{doc.id}.csv", index=False)
    np.savez_compressed(CACHE / f"{doc.id}.npz", **arrays)
    print(f"\n### {doc.id}: metrics by K (means over seeds 1–8)\n")
    columns = ["c_npmi", "c_npmi_docs", "c_v", "diversity", "diversity_10", "exclusivity", "perplexity", "nmi",
               "merged", "labels_common_before", "labels_common_after", "fit_cpu_s"]
    print(table.groupby("k")[columns].mean().to_markdown(floatfmt=".3f"))


def load_grid(doc: Document) -> tuple[pd.DataFrame, dict]:
    table = pd.read_csv(CACHE / f"{doc.id}.csv")
    arrays = np.load(CACHE / f"{doc.id}.npz")
    return table, {key: arrays[key] for key in arrays.files}


def with_stability(rows: pd.DataFrame, arrays: dict) -> pd.DataFrame:
    """``rows`` with stability recomputed among the seeds they hold (as the workflow does among its seeds)."""
    rows = rows.copy()
    values = np.zeros(len(rows))
    for k, positions in rows.groupby("k").indices.items():
        seeds = rows["seed"].to_numpy()[positions]
        values[positions] = metrics.stability([arrays[f"k{k}_s{s}"] for s in seeds])
    rows["stability"] = values
    return rows


def rule_fits(table: pd.DataFrame, arrays: dict) -> dict[str, tuple[int, int]]:
    """(K, seed) of the rule before (seeds 1–3) and of the package's rule at the workflow's seeds."""
    default = table[table["k"].isin(DEFAULT_K)]
    before_rows = with_stability(default[default["seed"].isin(BEFORE_SEEDS)], arrays).reset_index(drop=True)
    k = select(before_rows, *RULE, "smallest").k
    medoid = reported(before_rows[before_rows["k"] == k].reset_index(drop=True), "medoid")
    after_rows = with_stability(default[default["seed"].isin(LDA["seeds"])], arrays)
    after = select(after_rows, *RULE, LDA["k_rule"])
    return {"before": (k, int(medoid["seed"])), "after": (after.k, after.seed)}


def before_after(doc: Document) -> None:
    table, arrays = load_grid(doc)
    corpus, basis = doc.corpus(), LabelBasis.from_tokens(doc.tokens(), SHARE)
    picks = rule_fits(table, arrays)
    (k0, s0), (k1, s1) = picks["before"], picks["after"]
    before, after = arrays[f"k{k0}_s{s0}"], arrays[f"k{k1}_s{s1}"]

    def cell(topic_word, k: int, label: str) -> str:
        return f"{label} — {' '.join(metrics.top_words(topic_word, corpus.vocabulary, 10)[k])}"

    labels_before, labels_after = corpus_labels(before, corpus), topic_labels(after, corpus.vocabulary, basis, LAMBDA)
    rows, cols, _ = metrics.match_topics(after, before)
    partner = dict(zip(rows.tolist(), cols.tolist(), strict=True))
    lines = [(cell(before, partner[k], labels_before[partner[k]]) if k in partner else "",
              cell(after, k, labels_after[k])) for k in range(after.shape[0])]
    lines += [(cell(before, j, labels_before[j]), "") for j in range(before.shape[0]) if j not in partner.values()]
    print(f"\n### {doc.id}: before (K = {k0}, seed {s0} of {len(BEFORE_SEEDS)}; labels: top 3 by relevance against "
          f"the LDA corpus) and after (K = {k1}, seed {s1} of {len(LDA['seeds'])}; labels: topic_labels)\n")
    print(pd.DataFrame(lines, columns=[f"before: K = {k0}, seed {s0}", f"after: K = {k1}, seed {s1}"])
          .to_markdown(index=False))
    common = basis.common
    print(f"\nLabels with a word in ≥ 85 % of the chapters: before {uses_common(labels_before, common)} of "
          f"{len(labels_before)}, after {uses_common(labels_after, common)} of {len(labels_after)}.")


def k_rules(rows: pd.DataFrame) -> dict[str, int]:
    by_k = rows.groupby("k")
    mean, se = by_k["c_npmi"].mean(), by_k["c_npmi"].std(ddof=1) / np.sqrt(by_k["c_npmi"].count())
    best = mean.idxmax()
    band = mean[mean >= mean[best] - se[best] - 1e-12].index
    means = by_k[["c_npmi", "exclusivity"]].mean()
    z = (means - means.mean()) / means.std(ddof=0)
    merged = by_k["merged"].mean()
    low_merge = merged[merged <= 0.5]
    return {
        "one SE (smallest)": int(band.min()),
        "one SE, most exclusive": int(by_k["exclusivity"].mean()[band].idxmax()),
        "best mean c_npmi": int(best),
        "frontier: best z(c_npmi) + z(excl.)": int((z["c_npmi"] + z["exclusivity"]).idxmax()),
        "lowest perplexity": int(by_k["perplexity"].mean().idxmin()),
        "smallest K merging <= 50 %": int(low_merge.index.min() if len(low_merge) else merged.idxmin()),
    }


def k_part(doc: Document) -> None:
    table, _ = load_grid(doc)
    table = table[table["k"].isin(DEFAULT_K)]
    merged, coherence = table.groupby("k")["merged"].mean(), table.groupby("k")["c_npmi"].mean()
    print(f"\n### {doc.id}: the K each rule picks over every n-seed subset of seeds 1–8 (K grid {DEFAULT_K})\n")
    lines = []
    for n in (3, 5):
        picks: dict[str, list[int]] = {}
        for seeds in itertools.combinations(SEEDS, n):
            for rule, k in k_rules(table[table["seed"].isin(seeds)]).items():
                picks.setdefault(rule, []).append(k)
        for rule, ks in picks.items():
            shares = pd.Series(ks).value_counts(normalize=True).sort_index()
            mode = int(shares.idxmax())
            lines.append({"seeds": n, "rule": rule, "K picked (share of subsets)":
                          " ".join(f"{k}: {v:.0%}" for k, v in shares.items()),
                          "most often": mode, "merged at it": merged[mode], "c_npmi at it": coherence[mode]})
    print(pd.DataFrame(lines).to_markdown(index=False, floatfmt=".3f"))


def seeds_part(doc: Document) -> None:
    table, arrays = load_grid(doc)
    table = table[table["k"].isin(DEFAULT_K)]
    print(f"\n### {doc.id}: the package's rule with seeds 1–n\n")
    lines = []
    for n in (3, 5, 8):
        rows = with_stability(table[table["seed"] <= n], arrays)
        for rule in ("exclusive", "smallest"):
            choice = select(rows, *RULE, rule)
            same_k = rows[rows["k"] == choice.k]
            pick = same_k[same_k["seed"] == choice.seed].iloc[0]
            lines.append({"seeds": f"1–{n}", "k_rule": rule, "K": choice.k, "seed": choice.seed,
                          **{f"{m} (K mean)": f"{pick[m]:.3f} ({same_k[m].mean():.3f})"
                             for m in ("c_npmi", "diversity", "exclusivity", "merged")},
                          "fit CPU s": rows["fit_cpu_s"].sum()})
    print(pd.DataFrame(lines).to_markdown(index=False))
    chosen_k = sorted({line["K"] for line in lines})
    print(f"\n### {doc.id}: the reported fit over every n-seed subset (medoid against the frontier rules)\n")
    lines = []
    for k in chosen_k:
        rows_k = table[table["k"] == k]
        for n in (3, 5, 8):
            results_by_rule: dict[str, list] = {"medoid": [], "frontier (diversity)": [], "frontier (exclusivity)": []}
            for seeds in itertools.combinations(SEEDS, n):
                rows = with_stability(rows_k[rows_k["seed"].isin(seeds)], arrays).reset_index(drop=True)
                for rule in results_by_rule:
                    pick = reported(rows, rule)
                    beats = (pick["c_npmi"] >= rows["c_npmi"].mean() - 1e-12
                             and pick["diversity"] >= rows["diversity"].mean() - 1e-12)
                    results_by_rule[rule].append((pick["c_npmi"], pick["diversity"], pick["exclusivity"], beats))
            for rule, values in results_by_rule.items():
                a = np.array(values, dtype=float)
                lines.append({"K": k, "seeds": n, "rule": rule, "c_npmi": a[:, 0].mean(), "diversity": a[:, 1].mean(),
                              "exclusivity": a[:, 2].mean(), "beats its seeds' mean on both": f"{a[:, 3].mean():.0%}"})
    print(pd.DataFrame(lines).to_markdown(index=False, floatfmt=".3f"))


def reported(rows: pd.DataFrame, rule: str) -> pd.Series:
    """The fit each rule reports among ``rows`` (one K): the medoid (the most stable, smaller seed on ties), or
    the package's frontier rule on c_npmi and diversity (or exclusivity)."""
    rows = rows.sort_values("seed", kind="stable").reset_index(drop=True)
    stability = rows["stability"].to_numpy()
    candidates = np.ones(len(rows), dtype=bool)
    if rule != "medoid":
        spread = rows["diversity" if "diversity" in rule else "exclusivity"].to_numpy()
        quality = rows["c_npmi"].to_numpy()
        candidates = pareto_front(quality, spread)
        typical = candidates & (quality >= quality.mean() - 1e-12) & (spread >= spread.mean() - 1e-12)
        candidates = typical if typical.any() else candidates
    best = np.flatnonzero(candidates)[np.argmax(stability[candidates])]
    return rows.iloc[best]


def labels_part(doc: Document) -> None:
    basis = LabelBasis.from_tokens(doc.tokens(), SHARE)
    model = engines.load(doc.path("lda_model"), native=False)
    corpus = doc.corpus()
    before = corpus_labels(model.topic_word, corpus)
    after = topic_labels(model.topic_word, corpus.vocabulary, basis, LAMBDA)
    common = sorted(basis.common, key=lambda t: (-basis.counts[t], t))
    print(f"\n### {doc.id}: labels ({basis.n_chapters} chapters; terms in ≥ 85 % of them: {' '.join(common)}; "
          f"of those in the model's vocabulary: {' '.join(t for t in common if t in corpus.token2id)})\n")
    top = metrics.top_words(model.topic_word, corpus.vocabulary, 10)
    frame = pd.DataFrame({"topic": range(1, len(after) + 1), "before": before, "after": after,
                          "top words": [" ".join(t) for t in top]})
    print(frame.to_markdown(index=False))
    print(f"\nDocument labels with such a word: before {uses_common(before, basis.common)}, "
          f"after {uses_common(after, basis.common)} of {len(after)}.")
    chapters = chapter_results(doc)
    old = [label for r in chapters for label in r.topics[r.topics["rank"] <= 3].groupby("topic")["term"]
           .apply("、".join).tolist()]
    new = [label for r in chapters for label in topic_labels(r.topic_word, r.vocabulary, basis, LAMBDA)]
    if chapters:
        print(f"Chapter topic labels with such a word: before (top three by probability) "
              f"{uses_common(old, basis.common)}, after {uses_common(new, basis.common)} of {len(new)}.")


def chapter_results(doc: Document) -> list:
    from plantopics.topics.per_chapter import load_chapter_results

    if not doc.path("chapter_models").exists():
        print(f"{doc.id}: no per-chapter models (run the workflow with lda.per_chapter.enabled: true)", file=sys.stderr)
        return []
    loaded = load_chapter_results(doc.path("chapter_models"), doc.path("chapter_topic_terms"),
                                  doc.path("chapter_model_folders"))
    return [r for r in loaded if r.topic_word is not None]


def chapters_part(doc: Document) -> None:
    from sklearn.metrics import adjusted_rand_score

    from plantopics.topics.per_chapter import ChapterSettings

    tokens = doc.tokens()
    sentences = read_csv(doc.path("sentences"), dtype={"section": str, "box": str, "text": str})
    keyness = doc.keyness()
    basis = LabelBasis.from_tokens(tokens, SHARE)
    whole = engines.load(doc.path("lda_model"))
    token2id = doc.corpus().token2id
    settings = ChapterSettings.from_config(LDA)
    rng = np.random.default_rng(0)
    lines, outside = [], Counter()
    for r in chapter_results(doc):
        own = build_corpus(tokens[tokens["chapter"] == r.chapter], CorpusSettings(
            units=settings.units, window_tokens=settings.window_tokens, min_tokens=settings.min_tokens,
            held_out_fraction=0.0, dictionary=settings.dictionary))
        first = [ids[0] for ids in own.documents["sentence_ids"]]
        sections = sentences.set_index("sentence_id").loc[first, "section"].fillna("").to_numpy()
        grouping = "section"
        if len(set(sections)) < 2:
            sections, grouping = sentences.set_index("sentence_id").loc[first, "unit_id"].to_numpy(), "paragraph"
        words = [np.array([token2id[t] for t in toks if t in token2id], dtype=np.int64)
                 for toks in own.documents["tokens"]]
        keep = np.array([len(w) > 0 for w in words])
        chapter_topic = np.argmax(r.model.doc_topic, axis=1)[keep]
        document_topic = np.argmax(whole.infer([w for w in words if len(w)]), axis=1)
        truth = sections[keep]
        if len(set(truth)) < 2:
            continue
        row = {"chapter": r.chapter, "grouping": grouping, "sentences": int(keep.sum()), "groups": len(set(truth)),
               "K": r.k}
        for name, assigned in (("chapter model", chapter_topic), ("document model", document_topic)):
            nmi = metrics.normalized_mutual_info(assigned, truth)
            null = np.array([metrics.normalized_mutual_info(rng.permutation(assigned), truth) for _ in range(1000)])
            row[f"{name}: ARI"] = adjusted_rand_score(truth, assigned)
            row[f"{name}: NMI − null"] = nmi - null.mean()
            row[f"{name}: p"] = (null >= nmi).mean()
        lines.append(row)
        key = set(keyness[(keyness["chapter"] == r.chapter) & (keyness["rank"] <= 20)]["term"])
        for label in topic_labels(r.topic_word, r.vocabulary, basis, LAMBDA):
            outside.update(["outside" if w not in key else "inside" for w in label.split("、")])
    frame = pd.DataFrame(lines)
    print(f"\n### {doc.id}: per-chapter models against the chapters' sections\n")
    print(frame.to_markdown(index=False, floatfmt=".3f"))
    if len(frame):
        means = frame[[c for c in frame.columns if "ARI" in c or "null" in c]].mean()
        print("\nMeans: " + ", ".join(f"{k} {v:.3f}" for k, v in means.items()) +
              f"; significant (p < 0.05): chapter models {(frame['chapter model: p'] < 0.05).sum()}, "
              f"document model {(frame['document model: p'] < 0.05).sum()} of {len(frame)} chapters.")
    print(f"Chapter label words outside the chapter's top-20 keyness terms: {outside['outside']} of "
          f"{sum(outside.values())}.")


PARTS = {"grid": grid, "before_after": before_after, "k": k_part, "seeds": seeds_part, "labels": labels_part,
         "chapters": chapters_part}


def main(argv: list[str]) -> None:
    parts = [a for a in argv if a in PARTS]
    folders = [Path(a) for a in argv if a not in PARTS]
    if not parts or not folders:
        raise SystemExit(f"usage: topic_selection.py {{{'|'.join(PARTS)}}}... results/<id>...")
    for folder in folders:
        for part in parts:
            PARTS[part](Document(folder))
            sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
