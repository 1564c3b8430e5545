"""Snakemake adapter: the text stages of several documents in one job (series.light_batch),
so that Python, pandas and jieba start once for them, and then each document's manifest,
as the job makes all of its outputs (plantopics.workflow.stages)."""

from plantopics import joblog
from plantopics.workflow import stages


def main(snakemake):
    params = snakemake.params
    tokenizer = stages.tokenizer(params.tokenize)
    for doc, raw in zip(params.documents, snakemake.input.raw, strict=True):
        stages.text_stages(doc, raw, params.outputs[doc], params.settings[doc], tokenizer)
        stages.manifest(doc, raw, params.outputs[doc]["manifest"], snakemake.config, snakemake.input.dictionaries,
                        params.repo, batch=params.batch)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
