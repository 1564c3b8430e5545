"""How many Gibbs iterations the joint model of a series needs (behind ``series.light``'s joint settings).

    .venv/bin/python benchmarks/joint_iterations.py RESULTS [--k 10,15,20] [--seeds 1,2,3] [--checkpoints 100,300,1000]

``RESULTS`` is the ``results/`` folder of a workflow run on a series (e.g. ``benchmarks/series_scale.py DIR
--modes light --keep``): every document folder with ``tokens/sentences.csv`` is read and the joint corpus is
built exactly as ``compare_topics`` builds it (the config's defaults). For every K and seed one tomotopy chain is
run to the last checkpoint with the default settings, and at each checkpoint are recorded: the log-likelihood per
word, the seconds so far, the mean c_npmi of the top words (the selection criterion, same reference texts), and
the topics' matched similarity (1 - Jensen-Shannon distance, Hungarian matching) to the same chain at the last
checkpoint. For comparison, the matched similarity between seeds at the last checkpoint: the spread the series
already carries as uncertainty (its topic shares are drawn over seed fits). Prints a Markdown table per K.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

from plantopics import config as plantopics_config
from plantopics.compare import joint_corpus, joint_reference, joint_settings
from plantopics.tokenize import read_tokens
from plantopics.topics import metrics
from plantopics.topics.corpus import CorpusSettings


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


def topic_word(model, vocabulary) -> np.ndarray:
    index = {term: i for i, term in enumerate(vocabulary)}
    used = list(model.used_vocabs)
    matrix = np.full((model.k, len(vocabulary)), 1e-12)
    columns = np.array([index[t] for t in used])
    for t in range(model.k):
        matrix[t, columns] = model.get_topic_word_dist(t)[: len(used)]
    return matrix / matrix.sum(axis=1, keepdims=True)


def chain(docs, vocabulary, k: int, seed: int, params: dict, checkpoints: list[int]) -> list[dict]:
    import tomotopy as tp

    model = tp.LDAModel(k=k, alpha=float(params["alpha"]), eta=float(params["eta"]), seed=seed)
    model.optim_interval = int(params["optim_interval"])
    model.burn_in = int(params["burn_in"])
    for ids in docs:
        model.add_doc([vocabulary[i] for i in ids])
    rows, done, start = [], 0, time.perf_counter()
    for point in checkpoints:
        model.train(point - done, workers=1, show_progress=False)
        done = point
        rows.append({"iterations": point, "seconds": time.perf_counter() - start, "ll_per_word": model.ll_per_word,
                     "topic_word": topic_word(model, vocabulary)})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", type=Path)
    parser.add_argument("--k", default="10,15,20")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--checkpoints", default="50,100,200,300,500,1000")
    args = parser.parse_args()
    config = plantopics_config.load(overrides={})
    settings = joint_settings(config["lda"], config["compare"])
    tokens = {folder.name: read_tokens(folder / "tokens" / "sentences.csv")
              for folder in sorted(args.results.iterdir()) if (folder / "tokens" / "sentences.csv").is_file()}
    corpus = joint_corpus(tokens, CorpusSettings.from_config(settings["corpus"]))
    docs, vocabulary = corpus.word_ids(corpus.train), corpus.vocabulary
    scorer = metrics.CoherenceScorer(joint_reference(tokens), corpus.dictionary, measures=["c_npmi"])
    checkpoints, n_top = _ints(args.checkpoints), settings["n_top_words"]
    print(f"{len(tokens)} documents, {len(docs)} LDA documents, {len(vocabulary)} terms, "
          f"{sum(len(d) for d in docs)} tokens\n")
    for k in _ints(args.k):
        chains = {seed: chain(docs, vocabulary, k, seed, settings["params"], checkpoints) for seed in _ints(args.seeds)}
        finals = [rows[-1]["topic_word"] for rows in chains.values()]
        between = [metrics.match_topics(a, b)[2] for i, a in enumerate(finals) for b in finals[i + 1:]]
        print(f"### K = {k} (seeds {args.seeds}; between seeds at {checkpoints[-1]}: "
              f"{statistics.median(between):.3f} median matched similarity)\n")
        print("| iterations | seconds | ll/word | c_npmi | similarity to own chain at the end |")
        print("|---:|---:|---:|---:|---:|")
        for i, point in enumerate(checkpoints):
            at = [rows[i] for rows in chains.values()]
            npmi = [statistics.mean(s["c_npmi"]) for s in scorer.score_many_per_topic(
                [metrics.top_words(r["topic_word"], vocabulary, n_top) for r in at])]
            same = [metrics.match_topics(r["topic_word"], rows[-1]["topic_word"])[2]
                    for r, rows in zip(at, chains.values(), strict=True)]
            print(f"| {point} | {statistics.median(r['seconds'] for r in at):.1f} | "
                  f"{statistics.median(r['ll_per_word'] for r in at):.4f} | {statistics.median(npmi):.4f} | "
                  f"{statistics.median(same):.3f} |")
        print()


if __name__ == "__main__":
    main()
