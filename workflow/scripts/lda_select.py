"""Snakemake adapter: every fit's metrics, joined with the stability of each
K's seeds (their models may be in different fit jobs) -> selection.csv, the
chosen model and the selection figure (plantopics.topics.selection)."""

from pathlib import Path

import pandas as pd

from plantopics import joblog
from plantopics.io import read_csv, write_csv, write_json
from plantopics.topics import engines
from plantopics.topics.figures import selection_figure
from plantopics.topics.fitting import quiet_libraries, with_stability
from plantopics.topics.selection import select, selection_table


def main(snakemake):
    quiet_libraries()
    settings = snakemake.params.settings
    tables = [read_csv(path) for path in snakemake.input.metrics]
    folder_of = {
        (engine, int(k), int(seed)): Path(models) / f"k{int(k):02d}" / f"{engine}_s{int(seed)}"
        for models, t in zip(snakemake.input.models, tables, strict=True)
        for engine, k, seed in t[["engine", "k", "seed"]].itertuples(index=False)
    }
    table = with_stability(
        pd.concat(tables, ignore_index=True),
        lambda engine, k, seed: engines.load(folder_of[(engine, k, seed)], native=False).topic_word,
        settings["n_top_words"],
    )
    lda_dir = Path(snakemake.output.chosen).parent
    selections = {
        engine: select(rows, settings["stability_threshold"], settings["criterion"], settings["k"])
        for engine, rows in table.groupby("engine", sort=True)
    }
    out = selection_table([table], selections, settings["engine"])
    write_csv(snakemake.output.selection, out)
    chosen = selections[settings["engine"]]
    write_json(
        snakemake.output.chosen,
        {
            **chosen.as_dict(),
            "model": folder_of[(chosen.engine, chosen.k, chosen.seed)].relative_to(lda_dir).as_posix(),
            "other_engines": {e: {"k": s.k, "seed": s.seed} for e, s in selections.items() if e != chosen.engine},
        },
    )
    selection_figure(out, {"engine": chosen.engine, "k": chosen.k, "seed": chosen.seed},
                     snakemake.output.figure, snakemake.output.figure_svg)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
