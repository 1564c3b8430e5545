"""The series' tables, each from what the workflow already has, so that the
Snakemake scripts only read and write files (docs/series.md):

* :func:`documents_table` — ``documents.csv`` from the document sheet (if
  any) and every document's normalised text; :func:`read_documents` reads it;
* :func:`term_tables` — ``terms/``: frequencies, trends, first appearances,
  group keyness (every categorical attribute, and the period of the year);
  :func:`write_term_outputs` writes them and their figures;
* :func:`read_joint_model` — what the topic tables need of the comparison's
  joint model, read from its saved outputs (every seed's fit at the chosen K,
  aligned to the reported one);
* :func:`topic_tables` — ``topics/``: document shares, prevalence, effects,
  group shares, evolution, from the joint model; :func:`write_topic_outputs`
  writes them and their figures.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from plantopics.series import sheet as sheets
from plantopics.series import terms as term_stats
from plantopics.series import topics as topic_stats

log = logging.getLogger(__name__)

PERIOD = "period"  # the group attribute every dated series has: the period of its year


def documents_table(texts: Mapping[str, str | Path], sheet_path: str | Path | None) -> pd.DataFrame:
    """``documents.csv`` for the documents of ``texts`` (id -> normalized.txt,
    in the order given): the sheet's years and attributes where it has them
    (validated by :func:`plantopics.config.sheet_schema`), else the year each
    text states (:func:`plantopics.series.sheet.derive_year`)."""
    from plantopics import config

    sheet = sheets.read_sheet(sheet_path, config.sheet_schema(), texts) if sheet_path else None
    derived = {doc: sheets.derive_year(Path(path).read_text(encoding="utf-8")) for doc, path in texts.items()}
    return sheets.document_table(list(texts), derived, sheet)


def read_documents(path: str | Path) -> pd.DataFrame:
    """documents.csv with ``year``, ``period_start`` and ``period_end`` as
    nullable integers and every other column as text: attributes are
    groups (a region code 440000 is a name, not a quantity)."""
    from plantopics.io import read_csv

    table = read_csv(path, dtype=str)
    for column in ("year", "period_start", "period_end"):
        table[column] = pd.to_numeric(table[column].replace("", None)).astype("Int64")
    return table


def with_period(documents: pd.DataFrame, period_years: int) -> pd.DataFrame:
    """``documents`` with a ``period`` column ("1990–1999"; '' without a year)."""
    spans = topic_stats.periods(documents["year"].dropna().astype(int), period_years)
    out = documents.copy()
    out[PERIOD] = ["" if pd.isna(y) else "{}–{}".format(*spans[int(y)]) for y in documents["year"]]
    return out


def term_tables(tokens_by_doc: Mapping[str, list[str]], documents: pd.DataFrame, settings: term_stats.TrendSettings,
                period_years: int, n_terms: int, min_count: int, correction: str) -> dict[str, pd.DataFrame]:
    """``frequencies``, ``trends``, ``first_appearances`` and ``group_keyness``
    (each categorical attribute of ``documents`` and the period) from each
    document's content tokens (:func:`plantopics.compare.document_tokens`).
    ``n_terms``, ``min_count`` and ``correction``: the group keyness's, as the
    config's ``keywords.n_terms`` and ``keywords.keyness``."""
    counts = term_stats.count_matrix(tokens_by_doc)
    years = {d: int(y) for d, y in zip(documents["document"], documents["year"], strict=True) if not pd.isna(y)}
    grouped = with_period(documents, period_years)
    keyness = [term_stats.group_keyness(counts, grouped, column, n_terms, min_count, correction)
               for column in [*sheets.categorical_attributes(documents), PERIOD]]
    return {
        "frequencies": term_stats.frequencies(counts, years),
        "trends": term_stats.fit_trends(counts, years, settings),
        "first_appearances": term_stats.first_appearances(counts, years),
        "group_keyness": pd.concat(keyness, ignore_index=True) if keyness else
        pd.DataFrame(columns=term_stats.GROUP_KEYNESS_COLUMNS),
    }


def topic_tables(units: pd.DataFrame, fits: list[np.ndarray], topic_word: np.ndarray, vocabulary: list[str],
                 labels: list[str], documents: pd.DataFrame,
                 settings: topic_stats.EffectSettings) -> dict[str, pd.DataFrame]:
    """``documents`` (shares, with every attribute of the sheet), ``prevalence``, ``effects``, ``group_shares``
    and ``evolution`` of the joint model. ``units``: the joint corpus's
    documents (document, n_tokens, tokens); ``fits``: its U × K unit mixtures,
    the reported fit first (then other seeds', aligned to it); ``documents``:
    documents.csv (the rows of documents the joint model left out are
    dropped, with a warning)."""
    modelled = set(units["document"])
    missing = [d for d in documents["document"] if d not in modelled]
    if missing:
        log.warning("documents with no unit in the joint model, left out of the topic outputs: %s", ", ".join(missing))
    documents = documents[documents["document"].isin(modelled)].reset_index(drop=True)
    ids = documents["document"].tolist()
    point = topic_stats.point_shares(fits[0], units, ids)
    draws = topic_stats.share_draws(fits, units, ids, settings)
    lengths = units.groupby("document")["n_tokens"].sum().reindex(ids).to_numpy()
    categorical = sheets.categorical_attributes(documents)
    years = {d: int(y) for d, y in zip(documents["document"], documents["year"], strict=True) if not pd.isna(y)}
    spans = topic_stats.periods(years.values(), settings.period_years)
    unit_periods = [spans[years[d]] if d in years else None for d in units["document"]]
    index = {t: i for i, t in enumerate(vocabulary)}
    word_ids = [np.array([index[t] for t in toks], dtype=np.int64) for toks in units["tokens"]]
    shares = topic_stats.document_shares(point, draws, documents, labels, settings)
    attributes = sheets.attribute_columns(documents)
    shares = shares.merge(documents[["document", *attributes]], on="document", how="left", validate="many_to_one")
    return {
        "documents": shares[[*topic_stats.DOCUMENT_SHARE_COLUMNS[:2], *attributes,
                             *topic_stats.DOCUMENT_SHARE_COLUMNS[2:]]],
        "prevalence": topic_stats.prevalence(point, draws, documents, lengths, labels, settings),
        "effects": topic_stats.estimate_effects(draws, documents, labels, categorical,
                                                sheets.numeric_attributes(documents), settings=settings),
        "group_shares": topic_stats.group_shares(draws, documents, labels, categorical, settings),
        "evolution": topic_stats.words_by_period(word_ids, fits[0], topic_word, unit_periods, vocabulary, labels,
                                                 settings.n_words),
    }


def write_term_outputs(tables: Mapping[str, pd.DataFrame], documents: pd.DataFrame, out, plot_terms: int) -> None:
    """The outputs of rule ``series_terms`` from :func:`term_tables` (``out`` by
    name: the tables and the figure pairs; ``plot_terms`` rising and falling terms drawn)."""
    from plantopics.io import write_csv
    from plantopics.series import figures

    for name, table in tables.items():
        write_csv(out[name], table)
    figures.trend_multiples(tables["trends"], tables["frequencies"], documents, *out["trends_figure"],
                            n_terms=plot_terms)
    figures.first_appearances_figure(tables["first_appearances"], *out["first_appearances_figure"])


def read_joint_model(model: str | Path, summary: str | Path, units: str | Path, unit_topics: str | Path,
                     seed_fits: str | Path) -> dict:
    """The arguments of :func:`topic_tables` from the joint model's outputs
    (:func:`plantopics.compare.write_joint_model`): ``units`` (document,
    n_tokens, tokens of every LDA document, held-out ones included), ``fits``
    (every unit's topic mix in each seed's fit at the chosen K, the reported fit
    first and every other one's topics put in the reported fit's order by
    :func:`~plantopics.series.topics.align_fits`), the reported ``topic_word``,
    its ``vocabulary`` and topic ``labels``."""
    from plantopics import paths
    from plantopics.compare import load_model
    from plantopics.io import read_csv
    from plantopics.topics import engines

    topic_word, vocabulary = load_model(model)
    reported = engines.load(model, native=False)
    table = read_csv(units, dtype={"document": str, "unit": str, "sentence_ids": str, "tokens": str})
    table["tokens"] = [t.split() for t in table["tokens"]]
    mixes = read_csv(unit_topics, dtype={"document": str, "unit": str})
    columns = [c for c in mixes.columns if c.startswith("topic_")]
    seeds = list(dict.fromkeys(mixes["seed"]))
    by_seed = {seed: mixes.loc[mixes["seed"] == seed, columns].to_numpy() for seed in seeds}
    others = [engines.load(paths.fit_folder(seed_fits, reported.engine, reported.k, seed), native=False).topic_word
              for seed in seeds[1:]]
    orders = topic_stats.align_fits(topic_word, others)
    fits = [by_seed[seeds[0]], *[by_seed[seed][:, order] for seed, order in zip(seeds[1:], orders, strict=True)]]
    labels = read_csv(summary, dtype={"label": str})["label"].tolist()
    return {"units": table, "fits": fits, "topic_word": topic_word, "vocabulary": vocabulary, "labels": labels}


def write_topic_outputs(tables: Mapping[str, pd.DataFrame], out) -> None:
    """The outputs of rule ``series_topics`` from :func:`topic_tables` (``out`` by
    name: the tables and the figure pairs)."""
    from plantopics.io import write_csv
    from plantopics.series import figures

    for name, table in tables.items():
        write_csv(out[name], table)
    figures.prevalence_multiples(tables["prevalence"], *out["prevalence_figure"])
    figures.prevalence_heatmap(tables["prevalence"], *out["prevalence_heatmap"])
    figures.group_shares_figure(tables["group_shares"], *out["group_shares_figure"])
    figures.evolution_figure(tables["evolution"], *out["evolution_figure"])
