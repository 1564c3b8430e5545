"""Snakemake adapter: tokens -> LDA documents, dictionary and coherence reference texts (plantopics.topics.corpus)."""

from pathlib import Path

from plantopics import joblog
from plantopics.tokenize import read_tokens
from plantopics.topics.corpus import CorpusSettings, build_corpus_or_empty, reference_texts, save_reference


def main(snakemake):
    tokens = read_tokens(snakemake.input.tokens)
    corpus = build_corpus_or_empty(tokens, CorpusSettings.from_config(snakemake.params.settings))
    corpus.save(Path(snakemake.output.documents).parent)
    save_reference(snakemake.output.reference, reference_texts(tokens))


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
