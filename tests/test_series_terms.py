"""Term trajectories on the synthetic series (plantopics.series.terms)."""

import numpy as np
import pandas as pd
import pytest
import series_synthetic as syn

from plantopics.compare import document_tokens
from plantopics.series.terms import (
    count_matrix,
    first_appearances,
    fit_trends,
    fitted_rate,
    frequencies,
    group_keyness,
    poisson_trend_fit,
)

TRENDS = syn.trend_settings()


@pytest.fixture(scope="module")
def series():
    tables = syn.token_tables()
    counts = count_matrix(document_tokens(tables))
    years = dict(zip(syn.document_ids(), syn.YEARS, strict=True))
    return counts, years


def test_frequencies_count_and_rate_every_term(series):
    counts, years = series
    table = frequencies(counts, years)
    row = table[(table["document"] == "doc12") & (table["term"] == syn.RISING)].iloc[0]
    assert row["count"] == syn.planted_terms(11)[syn.RISING] and row["year"] == 2013
    length = counts.lengths[counts.documents.index("doc12")]
    assert row["per_10k"] == pytest.approx(row["count"] / length * 10_000)
    assert (table["count"] > 0).all()
    assert table.groupby("document")["count"].sum().to_dict() == dict(zip(counts.documents, counts.lengths.tolist(),
                                                                            strict=True))


def test_first_appearance_is_the_planted_year(series):
    counts, years = series
    table = first_appearances(counts, years).set_index("term")
    assert table.loc[syn.NEW, "first_year"] == syn.NEW_YEAR
    assert table.loc[syn.NEW, "first_document"] == f"doc{syn.YEARS.index(syn.NEW_YEAR) + 1:02d}"
    assert not table.loc[syn.NEW, "before_series"]
    assert table.loc[syn.FALLING, "last_year"] < 2013 and table.loc[syn.FALLING, "before_series"]


def test_planted_trends_are_recovered(series):
    counts, years = series
    trends = fit_trends(counts, years, TRENDS).set_index("term")
    rising, falling, flat = trends.loc[syn.RISING], trends.loc[syn.FALLING], trends.loc[syn.FLAT]
    # planted: 1 use in 1980 to 18 in 2013, linearly (x1.5 to x2.4 per decade); 12 uses to none
    assert rising["direction"] == "rising" and rising["trend_low"] > 1 and 1.5 < rising["trend"] < 2.5
    assert falling["direction"] == "falling" and falling["trend_high"] < 1 and falling["trend"] < 0.5
    assert flat["direction"] == "flat" and flat["trend_low"] < 1 < flat["trend_high"]
    # the environment words rise with their topic, the economy words fall with theirs
    env = trends.loc[trends.index.isin(syn.TOPICS["environment"])]
    econ = trends.loc[trends.index.isin(syn.TOPICS["economy"])]
    assert (env["direction"] == "rising").all() and (econ["direction"] == "falling").all()
    # the strongest rising term by what the data support at least comes first
    ranked = fit_trends(counts, years, TRENDS)
    assert ranked["direction"].tolist() == sorted(ranked["direction"], key=["rising", "falling", "flat"].index)
    assert ranked.iloc[0]["trend_low"] == ranked.loc[ranked["direction"] == "rising", "trend_low"].max()


def test_support_rule_leaves_out_rare_terms(series):
    counts, years = series
    strict = fit_trends(counts, years, syn.trend_settings(min_documents=5))
    assert syn.NEW in fit_trends(counts, years, TRENDS)["term"].tolist()  # 5 documents from 2001
    assert syn.NEW in strict["term"].tolist()
    assert syn.NEW not in fit_trends(counts, years, syn.trend_settings(min_documents=6))["term"].tolist()


def test_undated_documents_are_left_out_of_trends(series):
    counts, years = series
    fewer = dict(years, doc01=None, doc02=None)
    trends = fit_trends(counts, fewer, TRENDS).set_index("term")
    assert trends.loc[syn.FALLING, "first_year"] == syn.YEARS[2]


def test_fitted_rate_goes_from_first_to_last_year(series):
    counts, years = series
    row = fit_trends(counts, years, TRENDS).set_index("term").loc[syn.RISING]
    rates = fitted_rate(row, [1980, 1996.5, 2013], 1980, 2013)
    assert rates[0] == pytest.approx(row["rate_first"]) and rates[2] == pytest.approx(row["rate_last"])
    assert rates[2] / rates[0] == pytest.approx(row["trend"] ** 3.3, rel=1e-6)


def test_trend_fit_equals_statsmodels_quasi_poisson_glm(series):
    import statsmodels.api as sm

    counts, years = series
    trends = fit_trends(counts, years, TRENDS).set_index("term")
    x = (np.array(syn.YEARS) - np.mean(syn.YEARS)) / 10
    design = sm.add_constant(x)
    for term in [syn.RISING, syn.FALLING, syn.FLAT, syn.NEW, "生态环境", "农民收入"]:
        y = counts.counts[counts.terms.index(term)]
        glm = sm.GLM(y, design, family=sm.families.Poisson(), offset=np.log(counts.lengths)).fit()
        scale = max(1.0, glm.pearson_chi2 / glm.df_resid)  # quasi-Poisson dispersion, floored at 1
        se = np.sqrt(glm.cov_params(scale=scale)[1, 1])
        row = trends.loc[term]
        assert row["trend"] == pytest.approx(np.exp(glm.params[1]), rel=1e-6)
        assert row["dispersion"] == pytest.approx(scale, rel=1e-6)
        assert row["t"] == pytest.approx(glm.params[1] / se, rel=1e-5)


def test_irls_matches_statsmodels_on_generated_counts():
    """Sparse, bursty and steep count rows (the shapes real terms have), with
    unequal lengths: every fit equals statsmodels' Poisson GLM."""
    import statsmodels.api as sm

    rng = np.random.default_rng(7)
    x = np.linspace(-1.5, 1.5, 8)
    lengths = rng.integers(200, 8000, size=8)
    rates = np.exp(rng.normal(-6, 1.5, size=(200, 1)) + rng.normal(0, 1.5, size=(200, 1)) * x[None, :])
    y = rng.poisson(rates * lengths[None, :] * rng.gamma(0.7, 1 / 0.7, size=(200, 8)))
    y = y[(y > 0).sum(axis=1) >= 2]  # the MLE exists when the counts sit at two or more x
    assert len(y) > 100
    a, b, cov, _, converged = poisson_trend_fit(y, lengths, x)
    assert converged.all()
    for i, row in enumerate(y):
        glm = sm.GLM(row, sm.add_constant(x), family=sm.families.Poisson(), offset=np.log(lengths)).fit()
        assert b[i] == pytest.approx(glm.params[1], rel=1e-6, abs=1e-8)
        assert cov[i, 1, 1] == pytest.approx(glm.cov_params()[1, 1], rel=1e-4)  # statsmodels stops earlier


def test_group_keyness_recovers_the_planted_group_difference(series):
    counts, _ = series
    table = group_keyness(counts, syn.documents_table(), "level", **{**syn.keyness_settings(), "n_terms": 20})
    provincial = table[table["group"] == "provincial"]
    # the agriculture words (3x as much in provincial documents) and 省委 (only there) lead the list
    assert set(provincial["term"].head(10)) <= set(syn.TOPICS["agriculture"]) | {syn.GROUP_TERM}
    assert syn.GROUP_TERM in provincial["term"].head(13).tolist()
    national = table[table["group"] == "national"]
    assert not set(national["term"]) & set(syn.TOPICS["agriculture"]) and syn.GROUP_TERM not in set(national["term"])
    assert table.columns.tolist()[:4] == ["attribute", "group", "rank", "term"]


def test_a_document_with_no_token_is_left_out_with_a_warning(series, caplog):
    counts, years = series
    tables = syn.token_tables()
    tables["doc13"] = tables["doc01"].iloc[0:0]
    with_empty = count_matrix(document_tokens(tables))
    trends = fit_trends(with_empty, dict(years, doc13=2016), TRENDS).set_index("term")
    assert trends.loc[syn.RISING, "last_year"] == 2013
    assert trends.loc[syn.RISING, "trend"] == pytest.approx(fit_trends(counts, years, TRENDS).set_index("term").loc[
        syn.RISING, "trend"])
    assert "no content token, left out of the term trends: doc13" in caplog.text


def test_no_trend_with_fewer_than_three_years():
    counts = count_matrix({"a": ["x"] * 5, "b": ["x"] * 9, "c": ["x", "y"] * 4})
    assert fit_trends(counts, {"a": 2000, "b": 2001, "c": 2001}, TRENDS).empty
    assert isinstance(fit_trends(counts, {"a": 2000, "b": 2001, "c": 2002}, TRENDS), pd.DataFrame)
