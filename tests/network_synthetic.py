"""A small Chinese text written for the network tests: three themes (marine
economy, artificial intelligence, ecology), each sentence mostly from one, as
a token table and its sentences table (the text is the tokens joined); and the
network's settings at the config's defaults with some changed."""

from __future__ import annotations

import numpy as np
import pandas as pd

from plantopics.network import NetworkSettings
from plantopics.network.settings import OutputSettings

from conftest import settings

THEMES = {
    "marine": ["海洋", "船舶", "港口", "航运", "海洋经济", "深海", "装备"],
    "ai": ["人工智能", "算力", "数据", "大模型", "场景", "应用", "机器人"],
    "ecology": ["生态", "森林", "河湖", "美丽", "保护", "绿色", "碳"],
}


def synthetic_document(seed: int = 5, n_sentences: int = 120, extra_terms: dict[str, str] | None = None):
    """(tokens, sentences) tables; ``extra_terms`` maps a theme to a term added to
    every fifth sentence of that theme (e.g. markup to check it stays text)."""
    rng = np.random.default_rng(seed)
    names = sorted(THEMES)
    token_rows, sentence_rows = [], []
    for i in range(n_sentences):
        theme = names[i % 3]
        words = list(rng.choice(THEMES[theme], size=int(rng.integers(2, 5)), replace=False))
        if rng.random() < 0.15:
            other = names[(i + 1) % 3]
            words.append(THEMES[other][int(rng.integers(len(THEMES[other])))])
        if extra_terms and theme in extra_terms and i % 5 == 0:
            words.append(extra_terms[theme])
        unit = f"u{i // 2 + 1:05d}"
        sentence_id = f"{unit}.s{i % 2 + 1:02d}"
        chapter = 1 + i * 3 // n_sentences
        token_rows.append({"sentence_id": sentence_id, "unit_id": unit, "chapter": chapter, "section": "", "box": "",
                           "kind": "paragraph", "n_tokens": len(words), "tokens": [str(w) for w in words]})  # fmt: skip
        sentence_rows.append({"sentence_id": sentence_id, "unit_id": unit, "chapter": chapter, "section": "",
                              "box": "", "kind": "paragraph", "text": "推进" + "，".join(words) + "。"})  # fmt: skip
    return pd.DataFrame(token_rows), pd.DataFrame(sentence_rows)


def network_settings(**changes) -> NetworkSettings:
    """The config's network settings with ``changes`` (keys of the ``network`` section)."""
    return NetworkSettings.from_config(settings("network", **changes))


def output_settings(**changes) -> OutputSettings:
    """The config's output settings with ``changes`` (``per_chapter``, ``figure``, ``page``)."""
    return OutputSettings.from_config(settings("network", **changes), kwic_window=settings("keywords")["kwic"]["window"])
