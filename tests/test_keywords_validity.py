"""Validity on the bundled plan: each chapter's top terms should be recognisably
about its title. Segmentation and tokenization run in-process (no Snakemake),
once for the module."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from plantopics import keywords as kw
from plantopics.plotting import missing_glyphs
from plantopics.tokenize import tokenize_sentences

from conftest import settings

TOP = 10

# chapter -> (what its title names, words of that subject; at least one must be a top term)
SUBJECTS = {
    2: ("粤港澳大湾区", {"湾区", "大湾区", "粤港澳大湾区", "港澳"}),
    4: ("科技创新、新质生产力", {"科技", "创新", "科技成果转化", "科技创新"}),
    7: ("人工智能+", {"人工智能", "智能"}),
    9: ("百县千镇万村、城乡区域协调", {"农村", "乡村", "农业", "城乡"}),
    10: ("海洋经济", {"海洋", "海洋经济"}),
    # 生态 occurs in many chapters, so TF-IDF (idf) ranks the chapter's own ecology words higher;
    # keyness must still rank 生态 itself (test_strongest_keywords)
    11: ("绿美广州生态建设", {"生态", "绿色", "绿色低碳", "森林", "河湖", "碳达峰"}),
    12: ("城市文化", {"文化"}),
    13: ("民生", {"就业", "养老", "教育", "医疗", "托育", "社会保障"}),
    15: ("党的领导和党的建设", {"党", "党的建设", "党中央", "党的全面领导"}),
}


@pytest.fixture(scope="module")
def plan(bundled_structure, policy_tokenizer):
    sentences = pd.DataFrame([dataclasses.asdict(s) for s in bundled_structure.sentences()])
    rows, _ = tokenize_sentences(sentences.to_dict("records"), policy_tokenizer)
    tokens = pd.DataFrame(rows)
    tokens["tokens"] = [t.split() for t in tokens["tokens"]]
    keywords = settings("keywords")
    scores = kw.score_table(tokens, sublinear_tf=keywords["tfidf"]["sublinear_tf"], norm=keywords["tfidf"]["norm"],
                            correction=keywords["keyness"]["correction"])
    return {
        "chapters": bundled_structure.chapters,
        "sentences": sentences,
        "tokens": tokens,
        "tfidf": kw.tfidf_table(scores, TOP),
        "keyness": kw.keyness_table(scores, TOP, min_count=2),
    }


def top_terms(table: pd.DataFrame, chapter: int) -> list[str]:
    return table[table["chapter"] == chapter].sort_values("rank")["term"].tolist()


def test_the_plan_has_fifteen_chapters(plan):
    assert len(plan["chapters"]) == 15
    assert set(plan["tfidf"]["chapter"]) == set(range(1, 16))


@pytest.mark.parametrize("chapter", sorted(SUBJECTS))
def test_top_terms_name_the_chapters_subject(plan, chapter):
    subject, words = SUBJECTS[chapter]
    tfidf, keyness = top_terms(plan["tfidf"], chapter), top_terms(plan["keyness"], chapter)
    assert words & set(tfidf), f"chapter {chapter} ({subject}): TF-IDF top {TOP} {tfidf} has none of {words}"
    assert words & set(keyness), f"chapter {chapter} ({subject}): keyness top {TOP} {keyness} has none of {words}"


def test_subject_words_are_specific_to_their_chapter(plan):
    """海洋 is the sea chapter's word, 文化 the culture chapter's: no other chapter has them in its top 10."""
    for word, chapter in (("海洋", 10), ("文化", 12), ("人工智能", 7), ("就业", 13)):
        owners = set(plan["keyness"].loc[plan["keyness"]["term"] == word, "chapter"])
        assert owners == {chapter}, (word, owners)


def test_strongest_keywords(plan):
    assert top_terms(plan["keyness"], 10)[0] == "海洋"
    assert top_terms(plan["keyness"], 12)[0] == "文化"
    assert "人工智能" in top_terms(plan["keyness"], 7)[:2]
    assert "生态" in top_terms(plan["keyness"], 11)[:3]


def test_kwic_on_the_plan_returns_the_original_text(plan):
    found = kw.kwic(plan["tokens"], plan["sentences"], ["海洋"], window=10, chapters=[10])
    assert len(found) >= 10
    assert (found["keyword"] == "海洋").all()
    assert all(row.left + row.keyword + row.right in row.sentence for row in found.itertuples())


def test_every_character_the_figures_draw_is_in_the_font(plan):
    titles = [f"{c.numeral}、{c.title}" for c in plan["chapters"]]
    terms = set(plan["tfidf"]["term"]) | set(plan["keyness"]["term"])
    assert missing_glyphs([*titles, *terms]) == set()


def test_filler_verbs_are_not_content_words(plan):
    """Filler verbs and slogan fragments that filled the word clouds are stopwords now (issue 16)."""
    kept = {t for row in plan["tokens"]["tokens"] for t in row.split()} if isinstance(
        plan["tokens"]["tokens"].iloc[0], str) else {t for row in plan["tokens"]["tokens"] for t in row}
    assert not {"具有", "成为", "可办", "好办", "面临", "做到", "更具"} & kept
    assert {"海洋", "文化", "人工智能"} <= kept
