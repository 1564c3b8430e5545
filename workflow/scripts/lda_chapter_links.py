"""Snakemake adapter: chapter models + the chosen whole-document model -> links
between their topics, and the per-chapter figures (plantopics.topics.per_chapter)."""

import json
from pathlib import Path

from plantopics import joblog
from plantopics.io import read_csv, write_csv
from plantopics.topics import engines, figures
from plantopics.topics.corpus import LdaCorpus
from plantopics.topics.fitting import quiet_libraries
from plantopics.topics.outputs import topic_labels
from plantopics.topics.per_chapter import links_table, load_chapter_results


def main(snakemake):
    quiet_libraries()
    settings = snakemake.params.settings
    results = load_chapter_results(snakemake.input.models, snakemake.input.topics, snakemake.input.model_dir)
    chapters = read_csv(snakemake.input.chapters, dtype={"numeral": str, "title": str})
    titles = dict(zip(chapters["chapter"].astype(int), chapters["title"], strict=True))

    chosen = json.loads(Path(snakemake.input.chosen).read_text(encoding="utf-8"))
    whole = engines.load(Path(snakemake.input.chosen).parent / chosen["model"], native=False)
    corpus = LdaCorpus.load(Path(snakemake.input.documents).parent)
    labels = topic_labels(whole.topic_word, corpus.vocabulary, corpus.term_frequency(), settings["relevance_lambda"])
    links, similarity = links_table(results, whole.topic_word, corpus.vocabulary, labels)

    out = snakemake.output
    write_csv(out.links, links)
    write_csv(out.similarity, similarity)
    folder = Path(out.figures)
    folder.mkdir(parents=True, exist_ok=True)
    for r in results:
        if r.topics is not None:
            figures.chapter_topics_figure(r.topics, r.chapter, titles.get(r.chapter, ""),
                                          folder / f"chapter_{r.chapter:02d}.png", n_terms=settings["n_top_words"])
    if len(links):
        figures.links_figure(similarity, links, labels, out.links_figure, out.links_figure_svg)
    else:
        figures.empty_figure("No chapter is large enough for its own model.", out.links_figure, out.links_figure_svg)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
