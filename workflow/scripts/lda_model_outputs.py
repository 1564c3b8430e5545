"""Snakemake adapter: the chosen model -> topic tables, figures, the offline
explorer and the saved model with its dictionary (plantopics.topics.outputs)."""

import json
from pathlib import Path

from plantopics import joblog
from plantopics.io import read_csv
from plantopics.tokenize import read_tokens
from plantopics.topics.outputs import write_chosen_model
from plantopics.topics.too_small import TOO_SMALL, write_model_outputs


def main(snakemake):
    inputs = snakemake.input
    chosen = json.loads(Path(inputs.chosen).read_text(encoding="utf-8"))
    chapters = read_csv(inputs.chapters, dtype={"numeral": str, "title": str})
    if chosen.get("status") == TOO_SMALL:
        write_model_outputs(snakemake.output, chosen["message"], chapters, snakemake.wildcards.doc)
        return
    write_chosen_model(
        fit_dir=Path(inputs.chosen).parent / chosen["model"],
        corpus_dir=Path(inputs.documents).parent,
        tokens=read_tokens(inputs.tokens),
        sentences=read_csv(inputs.sentences, dtype={"section": str, "box": str, "text": str}),
        chapters=chapters,
        settings=snakemake.params.settings,
        out=snakemake.output,
        title=snakemake.wildcards.doc,
    )


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
