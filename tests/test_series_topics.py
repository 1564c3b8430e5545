"""Topic prevalence, effects with uncertainty and evolution on the synthetic
series (plantopics.series.topics), from the joint model of the comparison."""

import numpy as np
import pandas as pd
import pytest
import series_synthetic as syn

from plantopics.compare import fit_joint, joint_corpus, joint_reference, joint_settings
from plantopics.series.topics import (
    align_fits,
    coefficient_draws,
    document_shares,
    estimate_effects,
    group_shares,
    periods,
    point_shares,
    prevalence,
    share_draws,
    words_by_period,
    year_basis,
)
from plantopics.topics.fitting import all_doc_topic

from conftest import corpus_settings, settings

SETTINGS = syn.effect_settings(n_draws=60)


@pytest.fixture(scope="module")
def joint():
    tables = syn.token_tables()
    corpus = joint_corpus(tables, corpus_settings(held_out_fraction=0.1, dictionary={"no_below": 2, "no_above": 0.9}))
    fitted, _, _ = fit_joint(corpus, joint_reference(tables), joint_settings(
        settings("lda", tomotopy={"iterations": 300}), settings("compare", k_grid=[4], seeds=[1, 2])))
    doc_topic = all_doc_topic(fitted, corpus)
    # which fitted topic is which planted one: the planted topic of most of its top words
    names = []
    for row in fitted.topic_word:
        top = [corpus.vocabulary[i] for i in np.argsort(-row)[:8]]
        names.append(max(syn.TOPICS, key=lambda n: len(set(top) & set(syn.TOPICS[n]))))
    assert sorted(names) == sorted(syn.TOPICS), names  # every planted topic found once
    documents = syn.documents_table()
    units = corpus.documents[["document", "n_tokens"]]
    draws = share_draws([doc_topic], units, documents["document"].tolist(), SETTINGS)
    point = point_shares(doc_topic, units, documents["document"].tolist())
    return {"corpus": corpus, "fitted": fitted, "doc_topic": doc_topic, "names": names, "documents": documents,
            "units": units, "draws": draws, "point": point}


def test_point_shares_follow_the_planted_mixtures(joint):
    env = joint["names"].index("environment")
    planted = np.array([syn.topic_shares(i)["environment"] for i in range(len(syn.YEARS))])
    assert np.corrcoef(joint["point"][:, env], planted)[0, 1] > 0.9  # 60 paragraphs drawn per document
    assert np.allclose(joint["point"].sum(axis=1), 1)


def test_draws_spread_around_the_point_shares(joint):
    draws, point = joint["draws"], joint["point"]
    assert draws.shape == (SETTINGS.n_draws, len(syn.YEARS), 4)
    assert np.abs(draws.mean(axis=0) - point).max() < 0.02
    assert (draws.std(axis=0) > 0).all()


def test_the_growing_topic_grows_with_a_band_that_excludes_no_change(joint):
    effects = estimate_effects(joint["draws"], joint["documents"], joint["names"], ["level"], settings=SETTINGS)
    year = effects[effects["covariate"] == "year"].set_index("label")
    # planted: environment +0.5 over 33 years (~ +0.15 a decade), economy −0.35 (~ −0.11 a decade)
    assert 0 < year.loc["environment", "low"] and 0.1 < year.loc["environment", "estimate"] < 0.2
    assert year.loc["economy", "high"] < 0 and -0.16 < year.loc["economy", "estimate"] < -0.06
    assert year["level"].eq("").all() and (year["n_documents"] == 12).all()


def test_the_group_difference_is_recovered(joint):
    effects = estimate_effects(joint["draws"], joint["documents"], joint["names"], ["level"], settings=SETTINGS)
    level = effects[effects["covariate"] == "level"].set_index("label")
    assert level["reference"].eq("national").all() and level["level"].eq("provincial").all()
    # planted: agriculture 0.24 of a provincial document, 0.08 of a national one (before normalising)
    assert level.loc["agriculture", "low"] > 0.05
    assert level.loc["environment", "low"] < 0 < level.loc["environment", "high"]
    shares = group_shares(joint["draws"], joint["documents"], joint["names"], ["level"], SETTINGS)
    agri = shares[shares["label"] == "agriculture"].set_index("level")
    assert agri.loc["provincial", "low"] > agri.loc["national", "high"]
    assert agri.loc["national", "n_documents"] == 6


def test_prevalence_has_every_year_and_a_band_around_the_smooth(joint):
    table = prevalence(joint["point"], joint["draws"], joint["documents"],
                       joint["units"].groupby("document")["n_tokens"].sum().to_numpy(), joint["names"], SETTINGS)
    assert len(table) == 4 * 12 and table["year"].nunique() == 12
    env = table[table["label"] == "environment"].set_index("year")
    assert env.loc[2013, "fitted_low"] > env.loc[1980, "fitted_high"]
    assert ((table["share_low"] <= table["share"] + 1e-9) & (table["share"] <= table["share_high"] + 1e-9)).mean() > 0.9
    assert ((table["fitted_low"] <= table["fitted"]) & (table["fitted"] <= table["fitted_high"])).all()
    per_year = table.groupby("year")["share"].sum()
    assert np.allclose(per_year, 1)


def test_documents_without_a_year_are_left_out_of_time_only(joint):
    documents = joint["documents"].copy()
    documents.loc[0, "year"] = pd.NA
    effects = estimate_effects(joint["draws"], documents, joint["names"], ["level"], settings=SETTINGS)
    assert (effects.loc[effects["covariate"] == "year", "n_documents"] == 11).all()
    assert (effects.loc[effects["covariate"] == "level", "n_documents"] == 12).all()
    lengths = np.ones(12)
    table = prevalence(joint["point"], joint["draws"], documents, lengths, joint["names"], SETTINGS)
    assert 1980 not in table["year"].tolist()
    shares = document_shares(joint["point"], joint["draws"], documents, joint["names"], SETTINGS)
    assert len(shares) == 48 and shares["year"].isna().sum() == 4


def test_aligned_seed_fits_widen_nothing_they_do_not_vary(joint):
    fitted = joint["fitted"]
    permuted = fitted.topic_word[[2, 0, 3, 1]]
    assert align_fits(fitted.topic_word, [permuted])[0].tolist() == [1, 3, 0, 2]
    order = align_fits(fitted.topic_word, [permuted])[0]
    assert np.allclose(permuted[order], fitted.topic_word)


def test_coefficient_draws_centre_on_least_squares():
    rng = np.random.default_rng(0)
    x = np.column_stack([np.ones(30), np.linspace(-1, 1, 30)])
    y = x @ np.array([[0.3], [0.1]]) + rng.normal(0, 0.01, (30, 1))
    beta = coefficient_draws(np.repeat(y[None], 400, axis=0), x, seed=3)
    assert beta[:, 1, 0].mean() == pytest.approx(0.1, abs=0.005)
    se = 0.01 / np.sqrt(((x[:, 1] - x[:, 1].mean()) ** 2).sum())
    assert beta[:, 1, 0].std() == pytest.approx(se, rel=0.2)


def test_year_basis_sums_to_one_and_degrades_with_few_years():
    years = np.array([1954, 1960, 1975, 1980, 1990, 2000, 2010, 2025], dtype=float)
    basis = year_basis(years, years, 5)
    assert basis.shape == (8, 5) and np.allclose(basis.sum(axis=1), 1)
    assert year_basis(years[:3], years[:3], 5).shape == (3, 3)


def test_words_by_period_show_the_topic_vocabulary_per_decade(joint):
    corpus, fitted = joint["corpus"], joint["fitted"]
    year_of = dict(zip(syn.document_ids(), syn.YEARS, strict=True))
    span = periods(syn.YEARS, SETTINGS.period_years)
    unit_periods = [span[year_of[d]] for d in corpus.documents["document"]]
    table = words_by_period(corpus.word_ids(), joint["doc_topic"], fitted.topic_word, unit_periods,
                            corpus.vocabulary, joint["names"], n_words=5)
    assert sorted(table["period"].unique()) == ["1980–1989", "1990–1999", "2000–2009", "2010–2019"]
    env = table[table["label"] == "environment"]
    assert set(env["term"]) <= set(syn.TOPICS["environment"]) | {syn.RISING, syn.NEW, syn.FLAT}
    tokens = env.groupby("period")["topic_tokens"].first()
    assert tokens["2010–2019"] / 2 > 3 * tokens["1980–1989"] / 4  # per document (2 and 4 in these decades)
    assert table.groupby(["topic", "period"])["rank"].max().eq(5).all()
