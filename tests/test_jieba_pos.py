"""plantopics.jieba_pos gives exactly what jieba.posseg gives: tables, dictionary, decoder, tokens."""

import random
import tempfile

import jieba
import jieba.posseg
import pytest
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from plantopics import jieba_pos
from plantopics.tokenize import TokenizerSettings, read_dictionary

from conftest import ROOT


@pytest.fixture(scope="module")
def reference():
    """jieba's own POSTokenizer with the policy dictionary, cache in a temporary folder."""
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = tempfile.mkdtemp(prefix="plantopics-test-jieba-")
    pos = jieba.posseg.POSTokenizer(tokenizer)
    for path in TokenizerSettings().dictionary_files():
        for entry in read_dictionary(path):
            tokenizer.add_word(entry.word, entry.freq, entry.tag)
    return pos


@pytest.fixture(scope="module")
def fast():
    pos = jieba_pos.PosTokenizer()
    for path in TokenizerSettings().dictionary_files():
        for entry in read_dictionary(path):
            pos.add_word(entry.word, entry.freq, entry.tag)
    return pos


def test_hmm_tables_from_the_pickles_equal_the_modules():
    assert jieba_pos.load_hmm_tables() == (
        jieba.posseg.char_state_tab_P,
        jieba.posseg.start_P,
        jieba.posseg.trans_P,
        jieba.posseg.emit_P,
    )


def test_main_dictionary_equals_jiebas_two_reads():
    tokenizer = jieba.Tokenizer()
    with tokenizer.get_dict_file() as fh:
        freq, total, tags = jieba_pos.read_main_dictionary(fh.read())
    assert (freq, total) == tokenizer.gen_pfdict(tokenizer.get_dict_file())
    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    pos.load_word_tag(tokenizer.get_dict_file())
    assert tags == pos.word_tag_tab
    assert len(freq) > 400_000 and freq["中国"] > 0 and freq["中华人民共和"] == 0


def test_main_dictionary_rejects_a_malformed_line():
    with pytest.raises(ValueError, match="my_dict.txt, line 2"):
        jieba_pos.read_main_dictionary("中国 100 ns\n人民共和国 5\n".encode(), "my_dict.txt")


def test_patterns_are_jiebas():
    for ours, theirs in [
        (jieba_pos.RE_HAN_DETAIL, jieba.posseg.re_han_detail),
        (jieba_pos.RE_SKIP_DETAIL, jieba.posseg.re_skip_detail),
        (jieba_pos.RE_HAN_INTERNAL, jieba.posseg.re_han_internal),
        (jieba_pos.RE_SKIP_INTERNAL, jieba.posseg.re_skip_internal),
        (jieba_pos.RE_ENG, jieba.posseg.re_eng),
        (jieba_pos.RE_NUM, jieba.posseg.re_num),
        (jieba_pos.RE_ENG1, jieba.posseg.re_eng1),
    ]:
        assert (ours.pattern, ours.flags) == (theirs.pattern, theirs.flags)


def test_viterbi_equals_jiebas_on_random_strings():
    tables = (jieba.posseg.char_state_tab_P, jieba.posseg.start_P, jieba.posseg.trans_P, jieba.posseg.emit_P)
    hmm = jieba_pos.PosHmm(*tables)
    rng = random.Random(15)
    known = sorted(jieba.posseg.char_state_tab_P)
    alphabet = rng.sample(known, 400) + ["ア", "Ω", "丶"]  # and characters the tables never saw
    for _ in range(600):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        assert hmm.viterbi(text) == jieba_viterbi(text, *tables), text


def test_tokens_and_tags_equal_jieba_posseg(fast, reference, bundled_text):
    texts = [bundled_text]
    fixtures = [ROOT / ".test" / "data" / "raw" / "fixture_plan.txt", *sorted((ROOT / "tests" / "data").glob("*.txt"))]
    texts += [path.read_text(encoding="utf-8") for path in fixtures]
    texts += ["2025年GDP增长5.2%，C# 与 x+y\r\n同比", "ｆｕｌｌ　width", "的的的的的的的的", "", " "]
    compared = 0
    for text in texts:
        for hmm in (True, False):
            ours = list(fast.cut(text, HMM=hmm))
            assert ours == [(p.word, p.flag) for p in reference.cut(text, HMM=hmm)]
            compared += len(ours)
    assert compared > 30_000  # the whole plan, twice


def test_user_words_and_tags_take_effect(fast):
    assert ("十五五", "nz") in list(fast.cut("“十五五”时期"))
    fast.add_word("穗港马产业经济圈", 3000, "nz")
    assert ("穗港马产业经济圈", "nz") in list(fast.cut("共建穗港马产业经济圈。"))
