"""Snakemake adapter: the joint model of the comparison (every seed's fit at the
chosen K, as compare_topics saved it) -> topic shares per document and year,
effects of time and attributes with uncertainty, group shares, topic evolution,
and their figures (plantopics.series.topics)."""

from plantopics import joblog
from plantopics.series.outputs import read_documents, read_joint_model, topic_tables, write_topic_outputs
from plantopics.series.topics import EffectSettings


def main(snakemake):
    p, inputs = snakemake.params, snakemake.input
    joint = read_joint_model(inputs.model, inputs.summary, inputs.units, inputs.unit_topics, inputs.seed_fits)
    tables = topic_tables(**joint, documents=read_documents(inputs.documents),
                          settings=EffectSettings.from_config(p.topics, p.period_years))
    write_topic_outputs(tables, snakemake.output)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
