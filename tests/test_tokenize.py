"""Tokenization: dictionary terms whole, stopword layers, filters, reasons, no shared jieba state."""

import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from plantopics.tokenize import (
    TOKEN_COLUMNS,
    DictionaryError,
    PolicyTokenizer,
    TokenizerSettings,
    TokenStats,
    read_dictionary,
    read_word_list,
    resource_path,
    tokenization_report,
    tokenize_sentences,
)

from conftest import settings


def tokenizer(**overrides) -> PolicyTokenizer:
    return PolicyTokenizer(TokenizerSettings.from_config(settings("tokenize", **overrides)))


POLICY_TERMS = ["粤港澳大湾区", "新质生产力", "具身智能", "低空经济", "城中村改造", "中国式现代化", "高质量发展", "人工智能+"]


@pytest.mark.parametrize("term", POLICY_TERMS)
def test_policy_terms_stay_whole(policy_tokenizer, term):
    text = f"我们要以{term}为抓手，推进{term}建设取得新突破。"
    assert policy_tokenizer.tokenize(text).count(term) == 2


def test_policy_terms_in_the_bundled_plan(policy_tokenizer, bundled_text):
    tokens = Counter(policy_tokenizer.tokenize(bundled_text))
    for term in POLICY_TERMS + ["十五五"]:
        assert tokens[term] > 0, term
    assert tokens["粤港澳大湾区"] >= 7 and tokens["中国式现代化"] >= 20


def test_shipped_resources_have_sources_and_enough_entries():
    policy = read_dictionary(resource_path("policy_dict.txt"))
    assert len(policy) >= 300 and len({e.word for e in policy}) == len(policy)
    assert all(len(e.word) >= 2 and e.tag for e in policy)
    for name in ("stopwords_general.txt", "stopwords_policy_boilerplate.txt", "policy_dict.txt"):
        header = resource_path(name).read_text(encoding="utf-8")[:3000]
        assert "icen" in header or "MIT" in header, name  # licence noted
    general = set(read_word_list(resource_path("stopwords_general.txt")))
    policy_stop = set(read_word_list(resource_path("stopwords_policy_boilerplate.txt")))
    assert {"的", "了", "和"} <= general and {"推进", "加强", "坚持", "加快"} <= policy_stop
    topical = {"经济", "产业", "科技", "文化", "海洋", "生态", "发展", "创新"}
    assert not topical & (general | policy_stop)


def test_removal_reasons(policy_tokenizer):
    stats = TokenStats()
    kept = policy_tokenizer.tokenize("我们要坚持党对一切工作的领导，加快建设海洋强市，2025年增长3.5%。", stats)
    assert "党" in kept and "海洋" in kept  # 党 is a whitelisted single character
    assert "坚持" not in kept and "加快" not in kept and "的" not in kept
    assert stats.removed["stopword:policy_boilerplate"] >= 2
    assert stats.removed["stopword:general"] >= 1
    assert stats.removed["punctuation"] >= 2
    assert stats.removed["number"] >= 2
    assert sum(stats.kept.values()) == len(kept)


def test_filler_verbs_are_stopwords_in_their_layer(policy_tokenizer):
    """具有, 成为 (general Chinese) and the slogan fragments 可办, 好办 (plan-speak) were
    kept as content words and filled the word clouds (issue 16)."""
    stats = TokenStats()
    kept = policy_tokenizer.tokenize("广州具有独特优势，努力成为全球创新高地，推动一网通办从可办向好办转变。", stats)
    assert not {"具有", "成为", "可办", "好办"} & set(kept)
    assert {"优势", "创新"} <= set(kept)
    assert stats.removed_terms["stopword:general"]["具有"] == 1
    assert stats.removed_terms["stopword:policy_boilerplate"]["好办"] == 1


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("实现“十五五”规划和二〇三五年远景目标", "二〇三五"),  # 〇 is U+3007, outside jieba's Chinese-character pattern
        ("展望二〇三五年，经济总量翻番", "二〇三五"),
        ("二零二五年的任务", "二零二五"),
        ("新建一百零五个项目", "一百零五"),
    ],
)
def test_numbers_written_with_zero_are_one_number(policy_tokenizer, text, number):
    stats = TokenStats()
    kept = policy_tokenizer.tokenize(text, stats)
    assert stats.removed_terms["number"][number] == 1
    assert not any(set(token) & set("〇零") for token in kept)
    assert "和二" not in kept and "三五年" not in kept


def test_zero_inside_words_stays_a_word(policy_tokenizer):
    kept = policy_tokenizer.tokenize("统一零售市场，发展零售和零碳产业，推行零基预算，坚持一带一路，发展十四五规划。")
    for word in ("统一", "零售", "零碳", "零基预算", "一带一路", "十四五"):
        assert word in kept, word


def test_switching_off_boilerplate_keeps_it(tmp_path):
    tok = tokenizer(stopwords={"policy_boilerplate": False})
    assert {"坚持", "加快"} <= set(tok.tokenize("坚持改革，加快发展。"))
    assert list(tok.stopwords) == ["general"]


def test_single_characters_and_pos_filter(tmp_path):
    tok = tokenizer(keep_single=[], pos_keep=["n"])
    stats = TokenStats()
    kept = tok.tokenize("党领导经济迅速发展。", stats)
    assert "党" not in kept and stats.removed["short"] >= 1
    assert "经济" in kept and "发展" not in kept and stats.removed["pos"] >= 1
    everything = tokenizer(pos_keep=None, stopwords={"general": False})
    assert "发展" in everything.tokenize("党领导经济迅速发展。")


def test_user_dictionary_and_stopwords(tmp_path):
    user_dict = tmp_path / "my_dict.txt"
    user_dict.write_text("# my terms\n穗港马产业经济圈 3000 nz\n赛事经济\n", encoding="utf-8")
    user_stop = tmp_path / "my_stop.txt"
    user_stop.write_text("# mine\n广州\n", encoding="utf-8")
    tok = tokenizer(user_dict=str(user_dict), stopwords={"user": str(user_stop)})
    kept = tok.tokenize("广州打造穗港马产业经济圈，发展赛事经济。")
    assert "穗港马产业经济圈" in kept and "赛事经济" in kept and "广州" not in kept


def test_bad_dictionary_names_the_file(tmp_path):
    bad = tmp_path / "broken_dict.txt"
    bad.write_text("词 一 二 三\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="broken_dict.txt"):
        read_dictionary(bad)
    with pytest.raises(DictionaryError, match="missing.txt"):
        read_word_list(tmp_path / "missing.txt")


def test_tokenizer_leaves_jieba_global_state_and_cache_alone(tmp_path, monkeypatch):
    import jieba

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    tok = tokenizer()
    tok.tokenize("建设现代化产业体系。")
    assert not list(tmp_path.iterdir())  # no jieba.cache written
    assert "十五五" in tok._pos.tokenizer.FREQ and "十五五" not in jieba.dt.FREQ


def test_report_counts_add_up(policy_tokenizer, bundled_text):
    stats = TokenStats()
    tokens = policy_tokenizer.tokenize(bundled_text[:5000], stats)
    report = tokenization_report(stats, policy_tokenizer.dictionary_terms)
    assert report["tokens_kept"] == len(tokens)
    assert report["tokens_total"] == report["tokens_kept"] + sum(report["removed_by_reason"].values())
    assert report["vocabulary_size"] == len(set(tokens))
    assert report["dictionary_terms_found"] > 10
    assert report["top_tokens"][0][1] >= report["top_tokens"][-1][1]


def test_token_rows_carry_the_sentence_keys_and_skip_the_preamble(policy_tokenizer):
    keys = {"unit_id": "u1", "chapter": "3", "section": "", "box": ""}
    sentences = [
        {"sentence_id": "u1.s01", **keys, "kind": "preamble", "text": "商务部决定对乳制品进行反补贴调查。"},
        {"sentence_id": "u1.s02", **keys, "kind": "paragraph", "text": "加快建设粤港澳大湾区，发展新质生产力。"},
    ]
    rows, stats = tokenize_sentences(sentences, policy_tokenizer)
    assert len(rows) == 1 and list(rows[0]) == TOKEN_COLUMNS
    assert rows[0]["sentence_id"] == "u1.s02" and rows[0]["chapter"] == "3"
    assert {"粤港澳大湾区", "新质生产力"} <= set(rows[0]["tokens"].split())
    assert rows[0]["n_tokens"] == len(rows[0]["tokens"].split()) == sum(stats.kept.values())
    assert "商务部" not in stats.kept


def test_the_tokenize_job_does_not_import_pandas():
    """pandas' import is a fifth of the job (issue 7's tokenize target); the job reads and writes rows."""
    job = Path(__file__).parents[1] / "workflow" / "scripts" / "tokenize.py"
    script = f"import sys, runpy; runpy.run_path({str(job)!r}); print('pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
