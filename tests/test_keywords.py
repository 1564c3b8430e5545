"""Unit tests of plantopics.keywords on small inline token lists."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency

from plantopics import keywords as kw

from conftest import settings

KEYWORDS = settings("keywords")
DEFAULT_SCORES = {"sublinear_tf": KEYWORDS["tfidf"]["sublinear_tf"], "norm": KEYWORDS["tfidf"]["norm"],
                  "correction": KEYWORDS["keyness"]["correction"]}


def token_table(chapters: dict[int, list[list[str]]]) -> pd.DataFrame:
    """A read_tokens-shaped table: one row per sentence."""
    rows = []
    for chapter, sentences in chapters.items():
        for i, tokens in enumerate(sentences, start=1):
            rows.append(
                {
                    "sentence_id": f"c{chapter}.s{i:02d}",
                    "unit_id": f"c{chapter}u{i}",
                    "chapter": chapter,
                    "section": "1" if chapter else "",
                    "box": "",
                    "kind": "paragraph",
                    "n_tokens": len(tokens),
                    "tokens": tokens,
                }
            )
    return pd.DataFrame(rows)


TOKENS = token_table(
    {
        0: [["建议", "党"]],  # title / front matter: not a chapter
        1: [["党", "领导", "党", "监督"], ["党", "干部", "监督"]],
        2: [["海洋", "经济", "海洋"], ["船舶", "海洋", "经济"]],
        3: [["文化", "经济", "体育"], ["文化", "赛事", "ai"]],
    }
)


# --- counts and TF-IDF ---------------------------------------------------------


def test_ties_are_ranked_by_count_then_term():
    """Equal scores: the term used more often in the chapter first (issue 16), then by term."""
    scores = pd.DataFrame({"chapter": [1, 1, 1, 1], "term": ["丙", "甲", "乙", "丁"], "tfidf": [0.5, 0.5, 0.5, 0.9],
                           "count": [3, 3, 46, 1]})
    assert kw.top_terms(scores, "tfidf", 4)["term"].tolist() == ["丁", "乙", "丙", "甲"]


def test_chapter_tokens_drops_chapter_zero_and_keeps_order():
    docs = kw.chapter_tokens(TOKENS)
    assert list(docs) == [1, 2, 3]
    assert docs[1] == ["党", "领导", "党", "监督", "党", "干部", "监督"]


def test_identity_analyzer_keeps_one_character_tokens_and_case():
    scores = kw.tfidf_scores(kw.chapter_tokens(TOKENS), sublinear_tf=True, norm="l2")
    assert "党" in scores.columns  # sklearn's default token_pattern would drop it
    assert "ai" in scores.columns
    assert scores.loc[1, "党"] > 0
    assert scores.loc[2, "党"] == 0


def test_tfidf_shape_norm_and_idf():
    docs = kw.chapter_tokens(TOKENS)
    scores = kw.tfidf_scores(docs, sublinear_tf=False, norm="l2")
    vocabulary = sorted({t for toks in docs.values() for t in toks})
    assert scores.shape == (3, len(vocabulary))
    assert list(scores.columns) == vocabulary
    np.testing.assert_allclose((scores**2).sum(axis=1), 1.0)
    # chapter 2, unnormalised: tf(海洋)=3, idf = ln((1+3)/(1+1)) + 1; tf(经济)=2, idf = ln(4/3) + 1
    raw = kw.tfidf_scores(docs, sublinear_tf=False, norm=None)
    assert raw.loc[2, "海洋"] == pytest.approx(3 * (math.log(4 / 2) + 1))
    assert raw.loc[2, "经济"] == pytest.approx(2 * (math.log(4 / 3) + 1))
    sub = kw.tfidf_scores(docs, sublinear_tf=True, norm=None)
    assert sub.loc[2, "海洋"] == pytest.approx((1 + math.log(3)) * (math.log(2) + 1))


def test_tfidf_table_ranks_and_ties():
    scores = kw.score_table(TOKENS, **DEFAULT_SCORES)
    table = kw.tfidf_table(scores, n_terms=3)
    assert list(table.columns) == kw.TFIDF_COLUMNS
    assert table.groupby("chapter")["rank"].apply(list).to_dict() == {1: [1, 2, 3], 2: [1, 2, 3], 3: [1, 2, 3]}
    chapter1 = table[table["chapter"] == 1]
    assert chapter1["term"].iloc[0] == "党"  # 3 times, only here
    assert list(chapter1["score"]) == sorted(chapter1["score"], reverse=True)
    # chapter 3: 文化 (2×) first, then four terms used once: 3 of them unique (ai, 体育, 赛事) tie, by term
    chapter3 = table[table["chapter"] == 3]
    assert list(chapter3["term"]) == ["文化", "ai", "体育"]
    row = chapter3.iloc[0]
    assert (row["count"], row["df"]) == (2, 1)


# --- G², p, log ratio against a 2×2 table worked out by hand -------------------
#
# Term counted a = 10 times in a target of 100 tokens, b = 5 times in a
# reference of 200 tokens. So c = 90, d = 195, N = 300.
#   Expected: E11 = 15·100/300 = 5, E12 = 15·200/300 = 10,
#             E21 = 285·100/300 = 95, E22 = 285·200/300 = 190.
#   G² = 2·[10 ln(10/5) + 5 ln(5/10) + 90 ln(90/95) + 195 ln(195/190)]
#      = 2·[6.931472 − 3.465736 − 4.866050 + 5.065226] = 2·3.664906 = 7.329812
#   Yates (quanteda's default): |ad − bc| = |1950 − 450| = 1500 ≥ N/2 = 150, but the
#   smallest expected count is 5, not < 5, so no adjustment: same 7.329812.
#   Williams: q = 1 + (300/15 + 300/285 − 1)(300/100 + 300/200 − 1)/(6·300)
#               = 1 + 20.052632 · 3.5 / 1800 = 1.038991;  G²/q = 7.054739.
#   Sign: a = 10 > E11 = 5, so positive.
#   Log ratio: log2((10/100) / (5/200)) = log2(0.1 / 0.025) = log2(4) = 2.


def test_g2_by_hand_no_correction_needed():
    by_hand = 2 * (10 * math.log(2) + 5 * math.log(0.5) + 90 * math.log(90 / 95) + 195 * math.log(195 / 190))
    assert by_hand == pytest.approx(7.329812, abs=1e-6)
    for correction in ("none", "yates"):
        assert kw.log_likelihood_g2(10, 5, 100, 200, correction) == pytest.approx(by_hand, rel=1e-6)
    # the same statistic as scipy's G-test of independence
    scipy_g2 = chi2_contingency([[10, 5], [90, 195]], correction=False, lambda_="log-likelihood")[0]
    assert kw.log_likelihood_g2(10, 5, 100, 200, "none") == pytest.approx(scipy_g2, rel=1e-6)


def test_g2_williams_by_hand():
    assert kw.williams_q(10, 5, 90, 195) == pytest.approx(1 + 20.052632 * 3.5 / 1800, rel=1e-6)
    assert kw.log_likelihood_g2(10, 5, 100, 200, "williams") == pytest.approx(7.329812 / 1.038991, rel=1e-5)


# Second table, where quanteda's Yates adjustment applies: a = 4 of 20 target
# tokens, b = 0 of 80 reference tokens: c = 16, d = 80, N = 100.
#   E11 = 4·20/100 = 0.8 < 5 and |ad − bc| = 320 ≥ 50, so delta = 0.5; ad > bc, so
#   a and d go down by 0.5, b and c go up: 3.5, 0.5, 16.5, 79.5 (margins unchanged).
#   Expected: 0.8, 3.2, 19.2, 76.8.
#   G² = 2·[3.5 ln(3.5/0.8) + 0.5 ln(0.5/3.2) + 16.5 ln(16.5/19.2) + 79.5 ln(79.5/76.8)]
#      = 2·[5.165674 − 0.928149 − 2.500575 + 2.746915] = 8.967730
#   Without correction (a zero cell adds nothing):
#   G² = 2·[4 ln(4/0.8) + 16 ln(16/19.2) + 80 ln(80/76.8)] = 13.572733
#   Log ratio: b = 0 counts as 0.5: log2((4/20) / (0.5/80)) = log2(32) = 5.


def test_g2_yates_adjustment_by_hand():
    by_hand = 2 * (
        3.5 * math.log(3.5 / 0.8)
        + 0.5 * math.log(0.5 / 3.2)
        + 16.5 * math.log(16.5 / 19.2)
        + 79.5 * math.log(79.5 / 76.8)
    )
    assert by_hand == pytest.approx(8.967730, abs=1e-6)
    assert kw.log_likelihood_g2(4, 0, 20, 80, "yates") == pytest.approx(by_hand, rel=1e-6)
    plain = 2 * (4 * math.log(5) + 16 * math.log(16 / 19.2) + 80 * math.log(80 / 76.8))
    assert kw.log_likelihood_g2(4, 0, 20, 80, "none") == pytest.approx(plain, rel=1e-6)
    assert plain == pytest.approx(13.572733, abs=1e-6)


def test_g2_sign_and_vectorised():
    # 1 of 100 in the target, 30 of 200 in the reference: under-used, negative
    g2 = kw.log_likelihood_g2(np.array([10, 1, 4]), np.array([5, 30, 8]), 100, 200, "none")
    assert g2[0] > 0 and g2[1] < 0
    # exactly as expected (4/100 = 8/200): 0 up to quanteda's log(x + 1e-9) epsilon
    assert g2[2] == pytest.approx(0.0, abs=1e-5)


def test_g2_rejects_unknown_correction():
    with pytest.raises(ValueError, match="correction"):
        kw.log_likelihood_g2(1, 1, 10, 10, "default")


def test_p_value_and_log_ratio():
    assert kw.chi2_sf_1df(3.841458820694124) == pytest.approx(0.05)
    assert kw.chi2_sf_1df(-3.841458820694124) == pytest.approx(0.05)  # p of |G²|
    assert kw.log_ratio(10, 5, 100, 200) == pytest.approx(2.0)
    assert kw.log_ratio(4, 0, 20, 80) == pytest.approx(5.0)
    assert kw.log_ratio(0, 4, 80, 20) == pytest.approx(-5.0)
    one_chapter = kw.log_ratio(np.array([3.0, 1.0]), np.array([0.0, 0.0]), 4.0, 0.0)  # nothing to compare with
    assert one_chapter.shape == (2,) and np.isnan(one_chapter).all()


def test_keyness_table_counts_and_order():
    scores = kw.score_table(TOKENS, sublinear_tf=True, norm="l2", correction="none")
    # 党: 3 in chapter 1 (7 tokens), 0 in chapters 2-3 (12 tokens); chapter 0 is not a reference
    row = scores[(scores["chapter"] == 1) & (scores["term"] == "党")].iloc[0]
    assert (row["count"], row["count_reference"], row["df"]) == (3, 0, 1)
    assert row["g2"] == pytest.approx(kw.log_likelihood_g2(3, 0, 7, 12, "none"))
    table = kw.keyness_table(scores, n_terms=5, min_count=2)
    assert list(table.columns) == kw.KEYNESS_COLUMNS
    assert (table["g2"] > 0).all() and (table["count_target"] >= 2).all()
    assert table[table["chapter"] == 1]["term"].tolist() == ["党", "监督"]
    assert table[table["chapter"] == 2]["term"].tolist() == ["海洋", "经济"]


def test_score_table_is_deterministic():
    first = kw.score_table(TOKENS, **DEFAULT_SCORES)
    second = kw.score_table(TOKENS.sample(frac=1, random_state=1), **DEFAULT_SCORES)
    pd.testing.assert_frame_equal(first, second)


# --- KWIC ------------------------------------------------------------------------


SENTENCES = pd.DataFrame(
    {
        "sentence_id": ["c1.s01", "c1.s02", "c2.s01"],
        "text": [
            "加快科技创新，推动创新链产业链融合，支持创新。",
            "建设AI应用高地。",
            "发展海洋经济。",
        ],
    }
)
KWIC_TOKENS = token_table(
    {1: [["科技创新", "创新", "创新链", "产业链", "创新"], ["ai", "应用", "高地"]], 2: [["海洋", "经济"]]}
)


def test_kwic_contexts_from_original_text():
    found = kw.kwic(KWIC_TOKENS, SENTENCES, ["创新"], window=4)
    assert list(found.columns) == kw.KWIC_COLUMNS
    # 创新 inside the tokens 科技创新 and 创新链 is not an occurrence of the token 创新
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["left"], row["keyword"], row["right"]) == ("合，支持", "创新", "。")
    assert (row["chapter"], row["section"], row["unit_id"], row["sentence_id"]) == (1, "1", "c1u1", "c1.s01")
    assert row["sentence"] == SENTENCES["text"][0]


def test_kwic_latin_terms_match_case_insensitively_and_keep_printed_form():
    found = kw.kwic(KWIC_TOKENS, SENTENCES, ["ai", "海洋"], window=2)
    assert found["keyword"].tolist() == ["AI", "海洋"]
    assert found["left"].tolist() == ["建设", "发展"]


def test_kwic_chapter_filter_and_unknown_term():
    assert kw.kwic(KWIC_TOKENS, SENTENCES, ["海洋"], window=2, chapters=[1]).empty
    assert kw.kwic(KWIC_TOKENS, SENTENCES, ["不存在"], window=2).empty


def test_chapter_kwic_uses_each_chapters_own_terms():
    top = pd.DataFrame({"chapter": [1, 1, 2], "rank": [1, 2, 1], "term": ["创新", "ai", "海洋"]})
    found = kw.chapter_kwic(KWIC_TOKENS, SENTENCES, top, n_terms=1, window=3)
    assert found[["chapter", "rank", "term"]].values.tolist() == [[1, 1, "创新"], [2, 1, "海洋"]]


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    chapters=st.lists(st.lists(st.sampled_from(["党", "经济", "海洋", "ai", "文化", "体育", "创新"]), max_size=12),
                      min_size=1, max_size=6).filter(lambda docs: any(docs)),
    sublinear_tf=st.booleans(),
    norm=st.sampled_from(["l1", "l2", None]),
)
def test_tfidf_matches_scikit_learn(chapters, sublinear_tf, norm):
    """The TF-IDF written out in plantopics.keywords is scikit-learn's, on any counts."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = {i + 1: tokens for i, tokens in enumerate(chapters)}
    ours = kw.tfidf_scores(docs, sublinear_tf=sublinear_tf, norm=norm)
    vectorizer = TfidfVectorizer(analyzer=lambda tokens: tokens, lowercase=False, sublinear_tf=sublinear_tf, norm=norm)
    matrix = vectorizer.fit_transform([docs[c] for c in docs]).toarray()
    theirs = pd.DataFrame(matrix, index=list(docs), columns=vectorizer.get_feature_names_out())
    pd.testing.assert_frame_equal(ours, theirs.reindex(sorted(theirs.columns), axis=1), check_exact=False, rtol=1e-12,
                                  check_column_type=False)


def test_chi2_tail_matches_scipy_stats():
    from scipy.stats import chi2

    statistic = np.array([0.0, 0.5, 3.84, -10.83, 50.0, 1e-9])
    np.testing.assert_array_equal(kw.chi2_sf_1df(statistic), chi2.sf(np.abs(statistic), df=1))
