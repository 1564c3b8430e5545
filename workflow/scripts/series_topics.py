"""Snakemake adapter: the joint model of the comparison -> topic shares per
document and year, effects of time and attributes with uncertainty, group
shares, topic evolution, and their figures (plantopics.series.topics)."""

from threadpoolctl import threadpool_limits

from plantopics import joblog
from plantopics.compare import joint_corpus
from plantopics.io import read_csv, write_csv
from plantopics.results import SeriesResults
from plantopics.series import figures
from plantopics.series.outputs import topic_tables
from plantopics.series.topics import EffectSettings
from plantopics.tokenize import read_tokens
from plantopics.topics.corpus import CorpusSettings
from plantopics.topics.engines import load
from plantopics.topics.fitting import all_doc_topic, quiet_libraries


def main(snakemake):
    quiet_libraries()
    threadpool_limits(1)
    p, inputs, out = snakemake.params, snakemake.input, snakemake.output
    documents = SeriesResults.read_documents(inputs.documents)
    tokens = {d: read_tokens(f) for d, f in zip(p.documents, inputs.tokens, strict=True)}
    corpus = joint_corpus(tokens, CorpusSettings.from_config(p.corpus))  # the joint model's units, rebuilt
    fitted = load(inputs.model)
    labels = read_csv(inputs.summary, dtype={"label": str})["label"].tolist()
    tables = topic_tables(corpus.documents, [all_doc_topic(fitted, corpus)], fitted.topic_word, corpus.vocabulary,
                          labels, documents, EffectSettings.from_config(p.topics))
    for name, table in tables.items():
        write_csv(out[name], table)
    figures.prevalence_multiples(tables["prevalence"], out.prevalence_figure, out.prevalence_svg)
    figures.prevalence_heatmap(tables["prevalence"], out.heatmap, out.heatmap_svg)
    figures.group_shares_figure(tables["group_shares"], out.groups_figure, out.groups_svg)
    figures.evolution_figure(tables["evolution"], out.evolution_figure, out.evolution_svg)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
