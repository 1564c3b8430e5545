"""A synthetic series of twelve short documents, 1980–2013, whose terms and
topics change in ways the tests know:

* topic ``environment`` grows from ~5 % to ~55 % of a document, topic
  ``economy`` shrinks; topic ``agriculture`` is three times as large in the
  provincial documents as in the national ones (levels alternate);
* term 改革开放 rises (1 to ~18 uses), 阶级斗争 falls (12 to 0), 人民群众 is
  used 4 times in every document (flat), 数字经济 first appears in 2001, 省委
  is used only in the provincial documents.

Documents are token tables shaped as :func:`plantopics.tokenize.read_tokens`
gives them (one paragraph of one sentence per LDA unit, chapters 1–3) and,
for the year tests, a head text (title and date line).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from plantopics.series.terms import TrendSettings
from plantopics.series.topics import EffectSettings

from conftest import settings

TOPICS = {
    "economy": ["经济增长", "生产总值", "财政收入", "固定资产", "消费市场", "外贸出口", "货币政策", "金融市场",
                "价格水平", "工业生产", "企业效益", "投资结构"],
    "environment": ["生态环境", "污染防治", "节能减排", "绿色发展", "碳排放", "清洁能源", "森林覆盖率", "水资源",
                    "大气治理", "环境保护", "生态修复", "美丽中国"],
    "agriculture": ["农业生产", "粮食产量", "农民收入", "农村改革", "耕地保护", "水利设施", "种植面积", "畜牧业",
                    "乡村道路", "农产品", "农业机械", "灌溉"],
    "social": ["教育事业", "医疗卫生", "社会保障", "就业岗位", "住房保障", "养老服务", "文化事业", "体育事业",
               "公共服务", "社会治理", "学校建设", "医院"],
}
YEARS = [1980 + 3 * i for i in range(12)]  # 1980, 1983, …, 2013
LEVELS = ["national", "provincial"] * 6
RISING, FALLING, FLAT, NEW, GROUP_TERM = "改革开放", "阶级斗争", "人民群众", "数字经济", "省委"
NEW_YEAR = 2001
PARAGRAPHS = 60
TOKENS_PER_PARAGRAPH = 12


def document_ids() -> list[str]:
    return [f"doc{i:02d}" for i in range(1, len(YEARS) + 1)]


def topic_shares(index: int) -> dict[str, float]:
    """The planted topic mixture of document ``index`` (0-based)."""
    time = index / (len(YEARS) - 1)
    agriculture = 0.24 if LEVELS[index] == "provincial" else 0.08
    shares = {"economy": 0.5 - 0.35 * time, "environment": 0.05 + 0.5 * time, "agriculture": agriculture}
    shares["social"] = max(0.05, 1 - sum(shares.values()))
    total = sum(shares.values())
    return {k: v / total for k, v in shares.items()}


def planted_terms(index: int) -> dict[str, int]:
    """Counts of the planted terms in document ``index``."""
    year = YEARS[index]
    counts = {RISING: 1 + round(index * 1.5), FALLING: max(0, 12 - round(index * 1.5)), FLAT: 4}
    if year >= NEW_YEAR:
        counts[NEW] = 2 + (year - NEW_YEAR) // 3
    if LEVELS[index] == "provincial":
        counts[GROUP_TERM] = 3
    return {t: c for t, c in counts.items() if c > 0}


def token_tables(seed: int = 0) -> dict[str, pd.DataFrame]:
    """Document id -> token table. Each paragraph draws one topic from the
    document's mixture and takes 90 % of its tokens from that topic's words
    (10 % from any topic); the planted terms are spread over the paragraphs."""
    rng = np.random.default_rng(seed)
    names = list(TOPICS)
    tables = {}
    for index, doc in enumerate(document_ids()):
        shares = topic_shares(index)
        probs = np.array([shares[n] for n in names])
        paragraphs = []
        for _ in range(PARAGRAPHS):
            topic = names[rng.choice(len(names), p=probs)]
            words = [str(rng.choice(TOPICS[topic])) if rng.random() < 0.9 else str(rng.choice(TOPICS[names[
                rng.integers(len(names))]])) for _ in range(TOKENS_PER_PARAGRAPH)]
            paragraphs.append(words)
        for term, count in planted_terms(index).items():
            for j in rng.choice(PARAGRAPHS, size=count, replace=True):
                paragraphs[int(j)].append(term)
        rows = []
        for p, words in enumerate(paragraphs, start=1):
            rows.append({"sentence_id": f"u{p:05d}.s01", "unit_id": f"u{p:05d}", "chapter": 1 + (p - 1) * 3 // PARAGRAPHS,
                         "section": "", "box": "", "kind": "paragraph", "n_tokens": len(words), "tokens": words})
        tables[doc] = pd.DataFrame(rows)
    return tables


def documents_table() -> pd.DataFrame:
    """``documents.csv`` of the series: document, year, level (+ the derived columns)."""
    ids = document_ids()
    return pd.DataFrame({
        "document": ids,
        "year": pd.array(YEARS, dtype="Int64"),
        "level": LEVELS,
        "title": "政府工作报告",
        "year_source": "sheet",
        "period_start": pd.array([None] * len(ids), dtype="Int64"),
        "period_end": pd.array([None] * len(ids), dtype="Int64"),
    })


def sentences_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """structure/sentences.csv stand-ins: a sentence's text is its tokens joined with ，"""
    return {doc: pd.DataFrame({"sentence_id": t["sentence_id"], "text": ["，".join(w) + "。" for w in t["tokens"]]})
            for doc, t in tables.items()}


def trend_settings(**overrides) -> TrendSettings:
    """The term-trend settings at the config's defaults, with ``overrides`` (``series.terms`` keys)."""
    return TrendSettings.from_config(settings("series", terms=overrides)["terms"])


def effect_settings(**overrides) -> EffectSettings:
    """The topic-effect settings at the config's defaults, with ``overrides`` (``series.topics`` keys)."""
    series = settings("series", topics=overrides)
    return EffectSettings.from_config(series["topics"], series["period_years"])


def keyness_settings() -> dict:
    """What term_tables and group_keyness take from the config's keywords section, at its defaults."""
    keywords = settings("keywords")
    return {"n_terms": keywords["n_terms"], "min_count": keywords["keyness"]["min_count"],
            "correction": keywords["keyness"]["correction"]}
