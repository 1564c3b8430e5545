"""Snakemake adapter: a model for every chapter -> the chapter models, their
fits' metrics and topics (plantopics.topics.per_chapter)."""

from plantopics import joblog
from plantopics.io import read_csv
from plantopics.tokenize import read_tokens
from plantopics.topics.per_chapter import ChapterSettings, fit_chapters, write_chapter_models


def main(snakemake):
    chapters = read_csv(snakemake.input.chapters, dtype={"numeral": str, "title": str})
    settings = ChapterSettings.from_config(snakemake.params.settings)
    results = fit_chapters(read_tokens(snakemake.input.tokens), settings, chapters["chapter"].tolist())
    write_chapter_models(results, chapters, snakemake.output)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
