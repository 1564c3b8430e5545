"""Synthetic token tables for the topics tests: chapters with clearly
separated vocabularies, so any sensible LDA recovers them."""

from __future__ import annotations

import numpy as np
import pandas as pd

VOCABULARIES = {
    1: ["海洋", "船舶", "港口", "航运", "渔业", "海岛", "海湾", "海工"],
    2: ["文化", "博物馆", "体育", "赛事", "艺术", "非遗", "剧院", "图书馆"],
    3: ["医疗", "医院", "养老", "托育", "教育", "学校", "就业", "社保"],
}


def token_table(
    n_chapters: int = 3,
    units_per_chapter: int = 6,
    sentences_per_unit: int = 3,
    tokens_per_sentence: int = 8,
    seed: int = 0,
    heading: bool = True,
) -> pd.DataFrame:
    """A read_tokens-shaped table. Every chapter has a heading unit (kind
    chapter_title) and paragraphs of sentences drawn from its own vocabulary
    (plus a little from the next chapter's, so topics are not trivially disjoint)."""
    rng = np.random.default_rng(seed)
    rows = []
    unit = 0
    for chapter in range(1, n_chapters + 1):
        own = VOCABULARIES[(chapter - 1) % len(VOCABULARIES) + 1]
        other = VOCABULARIES[chapter % len(VOCABULARIES) + 1]
        units = [("chapter_title", 1)] if heading else []
        units += [("paragraph", sentences_per_unit)] * units_per_chapter
        for kind, n_sentences in units:
            unit += 1
            for s in range(1, n_sentences + 1):
                n = 3 if kind == "chapter_title" else tokens_per_sentence
                words = [str(rng.choice(own)) if rng.random() < 0.9 else str(rng.choice(other)) for _ in range(n)]
                rows.append(
                    {
                        "sentence_id": f"u{unit:05d}.s{s:02d}",
                        "unit_id": f"u{unit:05d}",
                        "chapter": chapter,
                        "section": "",
                        "box": "",
                        "kind": kind,
                        "n_tokens": len(words),
                        "tokens": words,
                    }
                )
    return pd.DataFrame(rows)


def sentence_texts(tokens: pd.DataFrame) -> pd.DataFrame:
    """A structure/sentences.csv stand-in: the text is the tokens joined."""
    return pd.DataFrame({"sentence_id": tokens["sentence_id"], "text": ["".join(t) for t in tokens["tokens"]]})


def chapters_table(n_chapters: int = 3) -> pd.DataFrame:
    return pd.DataFrame(
        {"chapter": range(1, n_chapters + 1), "numeral": ["一", "二", "三", "四"][:n_chapters],
         "title": [f"第{c}章标题" for c in range(1, n_chapters + 1)]}
    )
