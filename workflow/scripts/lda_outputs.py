"""Snakemake adapter: the chosen model -> topic tables, figures, the offline
explorer and the saved model with its dictionary (plantopics.topics.outputs)."""

import json
import shutil
from pathlib import Path

from threadpoolctl import threadpool_limits

from plantopics import joblog
from plantopics.io import read_csv
from plantopics.tokenize import read_tokens
from plantopics.topics import engines, explorer, figures
from plantopics.topics.corpus import LdaCorpus
from plantopics.topics.fitting import quiet_libraries
from plantopics.topics.outputs import write_model_outputs


def main(snakemake):
    quiet_libraries()
    threadpool_limits(1)
    chosen = json.loads(Path(snakemake.input.chosen).read_text(encoding="utf-8"))
    corpus_dir = Path(snakemake.input.documents).parent
    corpus = LdaCorpus.load(corpus_dir)
    fit_dir = Path(snakemake.input.chosen).parent / chosen["model"]
    fitted = engines.load(fit_dir)
    settings = snakemake.params.settings
    out = snakemake.output
    result = write_model_outputs(
        fitted,
        corpus,
        reference=None,
        tokens=read_tokens(snakemake.input.tokens),
        sentences=read_csv(snakemake.input.sentences, dtype={"section": str, "box": str, "text": str}),
        chapters=read_csv(snakemake.input.chapters, dtype={"numeral": str, "title": str}),
        paths={name: out[name] for name in ("topics", "summary", "doc_topics", "chapter_topics", "representative")},
        n_top_words=settings["n_top_words"],
        relevance_lambda=settings["relevance_lambda"],
        n_representative=settings["representative_sentences"],
        coherence=_topic_coherence(fit_dir / "topic_coherence.csv"),
    )
    # the model and its dictionary, where notebooks load them (plantopics.topics.engines.load)
    model_dir = Path(out.model)
    shutil.copytree(fit_dir, model_dir, dirs_exist_ok=True)
    shutil.copy2(corpus_dir / "dictionary.txt", model_dir / "dictionary.txt")

    labels = result["labels"]
    figures.top_words_grid(result["topics"], labels, out.top_words, out.top_words_svg,
                           title=f"{snakemake.wildcards.doc}: {fitted.k} topics ({fitted.engine}, seed {fitted.seed})",
                           n_terms=settings["n_top_words"])
    figures.chapter_heatmap(result["chapter_topics"], labels, out.heatmap, out.heatmap_svg)
    figures.topic_word_clouds(fitted.topic_word, corpus.vocabulary, labels, out.wordclouds)
    prepared = explorer.prepare(fitted.topic_word, result["doc_topic"], corpus.documents["n_tokens"].to_numpy(),
                                corpus.vocabulary, corpus.term_frequency())
    explorer.write_explorer(out.explorer, prepared, f"{snakemake.wildcards.doc}: LDA topics (K={fitted.k})")


def _topic_coherence(path):
    """Each topic's coherence as the fit job recorded it (no gensim needed here)."""
    table = read_csv(path)
    return {m: table[m].tolist() for m in table.columns if m != "topic"}


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
