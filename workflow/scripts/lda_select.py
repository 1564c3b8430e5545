"""Snakemake adapter: every share's metrics, joined with the stability of each
K's seeds (their models may be in different fit jobs) -> selection.csv, the
chosen model and the selection figure (plantopics.topics.fitting, .selection)."""

from pathlib import Path

from plantopics import joblog
from plantopics.io import write_csv, write_json
from plantopics.topics.figures import selection_figure
from plantopics.topics.fitting import choice_record, join_shares, select_each_engine
from plantopics.topics.selection import selection_table
from plantopics.topics.too_small import shares_status, write_selection


def main(snakemake):
    settings, out = snakemake.params.settings, snakemake.output
    reason = shares_status(snakemake.input.models)
    if reason:
        write_selection(out, reason, settings, settings["engine"])
        return
    table, folder_of = join_shares(snakemake.input.metrics, snakemake.input.models, settings["n_top_words"])
    selections = select_each_engine(table, settings)
    engine = settings["engine"]
    selection = selection_table([table], selections, engine)
    chosen = choice_record(selections, engine, folder_of, Path(out.chosen).parent)
    write_csv(out.selection, selection)
    write_json(out.chosen, chosen)
    selection_figure(selection, chosen, *out.figure)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
