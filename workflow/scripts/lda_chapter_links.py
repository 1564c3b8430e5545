"""Snakemake adapter: chapter models + the chosen whole-document model -> links
between their topics, and the per-chapter figures (plantopics.topics.per_chapter)."""

import json
from pathlib import Path

from plantopics import joblog
from plantopics.io import read_csv
from plantopics.tokenize import read_tokens
from plantopics.topics.per_chapter import load_chapter_results, write_chapter_links


def main(snakemake):
    inputs = snakemake.input
    chosen = json.loads(Path(inputs.chosen).read_text(encoding="utf-8"))
    write_chapter_links(
        results=load_chapter_results(inputs.models, inputs.topics, inputs.model_dir),
        chapters=read_csv(inputs.chapters, dtype={"numeral": str, "title": str}),
        tokens=read_tokens(inputs.tokens),
        whole_model=chosen["model"] and Path(inputs.chosen).parent / chosen["model"],
        corpus_dir=Path(inputs.documents).parent,
        settings=snakemake.params.settings,
        out=snakemake.output,
    )


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
