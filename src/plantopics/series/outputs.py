"""The series' tables, each from what the workflow already has, so that the
Snakemake scripts only read and write files (docs/series.md):

* :func:`documents_table` — ``documents.csv`` from the document sheet (if
  any) and every document's normalised text;
* :func:`term_tables` — ``terms/``: frequencies, trends, first appearances,
  group keyness (every categorical attribute, and the period of the year);
* :func:`topic_tables` — ``topics/``: document shares, prevalence, effects,
  group shares, evolution, from the joint model.
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


def documents_table(texts: Mapping[str, str | Path], sheet_path: str | Path | None, schema: Mapping) -> pd.DataFrame:
    """``documents.csv`` for the documents of ``texts`` (id -> normalized.txt,
    in the order given): the sheet's years and attributes where it has them,
    else the year each text states (:func:`plantopics.series.sheet.derive_year`)."""
    sheet = sheets.read_sheet(sheet_path, schema, texts) if sheet_path else None
    derived = {doc: sheets.derive_year(Path(path).read_text(encoding="utf-8")) for doc, path in texts.items()}
    return sheets.document_table(list(texts), derived, sheet)


def with_period(documents: pd.DataFrame, period_years: int) -> pd.DataFrame:
    """``documents`` with a ``period`` column ("1990–1999"; '' without a year)."""
    spans = topic_stats.periods(documents["year"].dropna().astype(int), period_years)
    out = documents.copy()
    out[PERIOD] = ["" if pd.isna(y) else "{}–{}".format(*spans[int(y)]) for y in documents["year"]]
    return out


def term_tables(tokens_by_doc: Mapping[str, list[str]], documents: pd.DataFrame,
                settings: term_stats.TrendSettings = term_stats.TrendSettings(), period_years: int = 10,
                n_terms: int = 30, min_count: int = 2, correction: str = "yates") -> dict[str, pd.DataFrame]:
    """``frequencies``, ``trends``, ``first_appearances`` and ``group_keyness``
    (each categorical attribute of ``documents`` and the period) from each
    document's content tokens (:func:`plantopics.compare.document_tokens`)."""
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
                 settings: topic_stats.EffectSettings = topic_stats.EffectSettings()) -> dict[str, pd.DataFrame]:
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
                                                sheets.numeric_attributes(documents), settings),
        "group_shares": topic_stats.group_shares(draws, documents, labels, categorical, settings),
        "evolution": topic_stats.words_by_period(word_ids, fits[0], topic_word, unit_periods, vocabulary, labels,
                                                 settings.n_words),
    }
