"""Snakemake adapter: tokens, sentences and keyword scores -> the document's
co-word network, its exports, figure and page (plantopics.network.outputs)."""

import json
from pathlib import Path

from plantopics import joblog
from plantopics.io import read_csv
from plantopics.network.outputs import document_network
from plantopics.network.settings import NetworkSettings, OutputSettings
from plantopics.tokenize import read_tokens


def main(snakemake):
    section = snakemake.params.network
    structure = json.loads(Path(snakemake.input.structure).read_text(encoding="utf-8"))
    document_network(
        read_tokens(snakemake.input.tokens),
        read_csv(snakemake.input.sentences, dtype={"section": str, "box": str, "text": str}),
        snakemake.output,
        settings=NetworkSettings.from_config(section),
        output=OutputSettings.from_config(section, kwic_window=snakemake.params.kwic_window),
        scores=read_csv(snakemake.input.scores, dtype={"term": str}),
        chapters=read_csv(snakemake.input.chapters, dtype={"numeral": str, "title": str}),
        title=f"{snakemake.wildcards.doc} {structure.get('title') or ''}".strip(),
    )


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
