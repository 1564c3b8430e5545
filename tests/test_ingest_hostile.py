"""Hostile and broken input to ingest (issue 15, item 2): every encoding a portal
may have used, text that is not Chinese, binary files, mixed files, Traditional
Chinese. Each case builds its bytes from a paragraph written for these tests and
asserts the exact outcome: the decoded text, or the one-line error."""

from __future__ import annotations

import codecs
import json
import logging
import re
from importlib import metadata
from pathlib import Path

import jieba
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plantopics import hanzi, paths
from plantopics.errors import DocumentError
from plantopics.ingest import IngestError, check_encoding_name, ingest_bytes, normalize
from plantopics.results import DocumentResults
from plantopics.workflow.documents import check_settings

from conftest import copy_fixture, snakemake

SIMPLIFIED = (
    "某市国民经济和社会发展第十五个五年规划纲要\n"
    "第一章 发展环境\n"
    "“十四五”时期，全市地区生产总值年均增长5.2%，常住人口城镇化率达到78.6%。\n"
    "第二章 主要目标\n"
    "到2030年，研究与试验发展经费投入强度达到3.5%以上，单位地区生产总值能耗下降13.5%。\n"
    "一、加快建设现代化产业体系\n"
    "（一）推动制造业高端化、智能化、绿色化发展，培育新能源汽车、集成电路和生物医药产业集群。\n"
    "（二）完善养老服务网络，扩大普惠托育供给，让发展成果更多更公平惠及全体人民。\n"
)
# The same paragraph as a Taiwanese or Hong Kong portal would print it, typed by hand.
TRADITIONAL = (
    "某市國民經濟和社會發展第十五個五年規劃綱要\n"
    "第一章 發展環境\n"
    "“十四五”時期，全市地區生產總值年均增長5.2%，常住人口城鎮化率達到78.6%。\n"
    "第二章 主要目標\n"
    "到2030年，研究與試驗發展經費投入強度達到3.5%以上，單位地區生產總值能耗下降13.5%。\n"
    "一、加快建設現代化產業體系\n"
    "（一）推動製造業高端化、智能化、綠色化發展，培育新能源汽車、集成電路和生物醫藥產業集群。\n"
    "（二）完善養老服務網絡，擴大普惠托育供給，讓發展成果更多更公平惠及全體人民。\n"
)
JAPANESE = (
    "第十五次五か年計画の策定に関する提案\n"
    "一、経済社会の質の高い発展を推進する\n"
    "（一）科学技術の革新能力を高める。研究開発への投資を拡大し、基礎研究を強化する。"
    "地方自治体は企業と大学の協力を支援し、若い研究者が安心して働ける環境を整える。\n"
)
KOREAN = (
    "제15차 국민경제 및 사회발전 5개년 계획 수립에 관한 건의\n"
    "1. 고품질 발전을 견지하고 현대화 산업체계를 건설한다\n"
    "(1) 과학기술 혁신 능력을 높인다. 연구개발 투자를 확대하고 기초연구를 강화한다.\n"
)
WESTERN = (
    "Proposition relative à l'élaboration du quinzième plan quinquennal de développement économique.\n"
    "Première partie : accélérer la transition écologique, améliorer la qualité de vie des habitants.\n"
)
KEY = "documents.upload.encoding"
CONTROLS = [b for b in range(1, 32) if not chr(b).isspace()]  # \t \n \v \f \r and \x1c-\x1f are white space


def ingest(raw: bytes, name: str = "upload.txt", encoding: str | None = None):
    return ingest_bytes(raw, name, encoding, encoding_key=KEY)


def refusal(raw: bytes, name: str = "upload.txt", encoding: str | None = None) -> str:
    with pytest.raises(IngestError) as err:
        ingest(raw, name, encoding)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{name}: "), message
    return message


# --- encodings that are Chinese: decoded exactly ---------------------------------

SIMPLIFIED_CASES = {
    "utf-8": (SIMPLIFIED.encode("utf-8"), "utf-8", "strict decoding"),
    "utf-8 with BOM": (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig", "byte-order mark"),
    "gb18030": (SIMPLIFIED.encode("gb18030"), "gb18030", "strict decoding"),
    "gbk": (SIMPLIFIED.encode("gbk"), "gb18030", "strict decoding"),
    "gb2312": (SIMPLIFIED.encode("gb2312"), "gb18030", "strict decoding"),
    "utf-16 le with BOM": (codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), "utf-16", "byte-order mark"),
    "utf-16 be with BOM": (codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "utf-16", "byte-order mark"),
    "utf-16 le without BOM": (SIMPLIFIED.encode("utf-16-le"), "utf-16-le", "strict decoding"),
    "utf-16 be without BOM": (SIMPLIFIED.encode("utf-16-be"), "utf-16-be", "strict decoding"),
    "utf-32 with BOM": (SIMPLIFIED.encode("utf-32"), "utf-32", "byte-order mark"),
    "gbk with CRLF": (SIMPLIFIED.replace("\n", "\r\n").encode("gbk"), "gb18030", "strict decoding"),
}


@pytest.mark.parametrize("case", SIMPLIFIED_CASES)
def test_simplified_chinese_in_every_encoding_gives_the_same_text(case):
    raw, encoding, detected_by = SIMPLIFIED_CASES[case]
    doc = ingest(raw)
    assert doc.text == doc.original == normalize(SIMPLIFIED)
    assert (doc.encoding, doc.detected_by, doc.script, doc.conversion) == (encoding, detected_by, "simplified", None)
    assert doc.detector_confidence is None
    assert doc.common_hanzi_share > 0.9


def test_utf16_without_bom_or_any_ascii_is_found_by_the_detector():
    """No newline, no digit: no NUL byte says UTF-16, so charset-normalizer is asked."""
    line = "加快建设现代化产业体系，推动制造业高端化、智能化、绿色化发展"
    for codec in ("utf-16-le", "utf-16-be"):
        assert b"\x00" not in line.encode(codec)
        doc = ingest(line.encode(codec))
        assert (doc.text, doc.encoding, doc.detected_by) == (line + "\n", codec, "charset-normalizer")
        assert 0.9 <= doc.detector_confidence <= 1.0


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("关于做好春节期间安全生产工作的通知".encode("gbk"), "gb18030"),
        ("关于做好春节期间安全生产工作的通知".encode(), "utf-8"),
        ("发展经济".encode("gbk"), "gb18030"),
    ],
    ids=["gbk", "utf-8", "four-characters"],
)
def test_a_one_line_chinese_file_is_still_chinese(raw, encoding):
    doc = ingest(raw)
    assert doc.text == raw.decode(encoding) + "\n"
    assert doc.encoding == encoding and doc.chinese_share == 1.0


def test_a_twenty_megabyte_document_is_read_whole():
    """Timing is measured by benchmarks/ingest.py; here: the text, all of it."""
    copies = 20_000_000 // len(SIMPLIFIED.encode("gbk")) + 1
    doc = ingest(SIMPLIFIED.encode("gbk") * copies)
    assert doc.encoding == "gb18030"
    assert doc.text == normalize(SIMPLIFIED) * copies
    assert doc.n_chars == len(normalize(SIMPLIFIED)) * copies


# --- Traditional Chinese: decoded, converted for analysis, original kept ----------

# Hong Kong Cantonese: 咗 is in Big5-HKSCS only, so cp950 fails and big5hkscs reads it.
HONG_KONG_LINE = ("（三）香港特別行政區推動創新科技發展，市民話「搞掂咗」。\n", "（三）香港特别行政区推动创新科技发展，市民话「搞掂咗」。\n")
TRADITIONAL_CASES = {
    "big5": (TRADITIONAL, "big5", "cp950", SIMPLIFIED),
    "big5-hkscs": (TRADITIONAL + HONG_KONG_LINE[0], "big5hkscs", "big5hkscs", SIMPLIFIED + HONG_KONG_LINE[1]),
    "utf-8": (TRADITIONAL, "utf-8", "utf-8", SIMPLIFIED),
    "utf-16 le without BOM": (TRADITIONAL, "utf-16-le", "utf-16-le", SIMPLIFIED),
}


@pytest.mark.parametrize("case", TRADITIONAL_CASES)
def test_traditional_chinese_is_analysed_in_simplified_and_kept_for_display(case, caplog):
    original, codec, encoding, simplified = TRADITIONAL_CASES[case]
    with caplog.at_level(logging.INFO, logger="plantopics"):
        doc = ingest(original.encode(codec), "taipei.txt")
    assert (doc.encoding, doc.script) == (encoding, "traditional")
    assert doc.original == normalize(original)
    assert doc.text == normalize(simplified)
    assert doc.conversion == {"tool": "OpenCC", "version": metadata.version("opencc"), "config": "t2s", "aligned": True}
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and re.match(r"taipei.txt is Traditional Chinese \(3\d% of its Chinese", warnings[0]), warnings
    assert "analysed in Simplified (OpenCC" in warnings[0]


def test_big5_is_not_read_as_gb18030():
    """Every Big5 byte pair is a valid GBK pair: GB18030 decodes a Big5 file without
    error, into rare characters, kana and private-use code points."""
    mojibake = TRADITIONAL.encode("big5").decode("gb18030")
    stats = hanzi.char_stats(mojibake)
    assert stats.common_share < 0.3 and hanzi.chinese_problem(stats).startswith("garbled")
    assert ingest(TRADITIONAL.encode("big5")).encoding == "cp950"


def test_simplified_text_quoting_traditional_names_is_not_converted(caplog):
    text = SIMPLIFIED + "座谈会邀请了臺灣學者和香港代表，馬先生发言。\n"
    with caplog.at_level(logging.WARNING, logger="plantopics"):
        doc = ingest(text.encode())
    assert doc.script == "simplified" and doc.conversion is None
    assert doc.text == doc.original == normalize(text) and "臺灣學者" in doc.text
    assert not caplog.records


def test_a_one_line_traditional_file_is_converted():
    doc = ingest("關於做好春節期間安全生產工作的通知".encode("big5"))
    assert doc.script == "traditional"
    assert (doc.original, doc.text) == ("關於做好春節期間安全生產工作的通知\n", "关于做好春节期间安全生产工作的通知\n")


def test_same_bytes_same_result():
    raw = TRADITIONAL.encode("big5")
    assert ingest(raw) == ingest(raw)
    assert json.dumps(ingest(raw).summary(), sort_keys=True) == json.dumps(ingest(raw).summary(), sort_keys=True)


# --- refused, with one line that names the file and says what to do ---------------


@pytest.mark.parametrize(
    ("raw", "pattern"),
    [
        (JAPANESE.encode("shift_jis"), r"Japanese, not Chinese \(\d+% kana.*read as cp932 \(charset-normalizer's guess"),
        (JAPANESE.encode("euc_jp"), r"Japanese, not Chinese \(\d+% kana.*read as euc_jis_2004"),
        (JAPANESE.encode("utf-8"), r"Japanese, not Chinese \(\d+% kana.*read as UTF-8; is this the right file\?"),
        ("経済社会発展計画。\n技術研究地域環境教育。".encode("shift_jis"), r"Japanese, not Chinese \(3 of its Han characters are in Japanese-only forms\), read as cp932"),
        (KOREAN.encode("euc_kr"), r"Korean, not Chinese \(\d+% hangul.*read as cp949"),
        (KOREAN.encode("utf-8"), r"Korean, not Chinese .*read as UTF-8"),
        (WESTERN.encode("cp1252"), r"not Chinese: only 0% of its characters are Chinese .*read as cp1252"),
        (WESTERN.encode("latin-1"), r"not Chinese: only 0% of its characters are Chinese"),
        (b"This is an English report about trade.\n" * 20, r"not Chinese: only 0% .*read as UTF-8"),
    ],
    ids=["shift-jis", "euc-jp", "japanese-utf-8", "japanese-without-kana", "euc-kr", "korean-utf-8", "cp1252", "latin-1", "english"],
)
def test_text_that_is_not_chinese_is_refused_saying_what_it_is(raw, pattern):
    message = refusal(raw)
    assert re.search(pattern, message), message
    if "guess" in message:
        assert message.endswith(f"if it is Chinese text in another encoding, set {KEY}")


def test_shift_jis_read_as_gb18030_is_recognised_as_mojibake():
    """The bug of issue 15: GB18030 reads Shift-JIS without error, as rare Han characters only."""
    stats = hanzi.char_stats(JAPANESE.encode("shift_jis").decode("gb18030"))
    assert stats.han_share > 0.9 and stats.common_share < 0.2
    assert hanzi.chinese_problem(stats).startswith("garbled")


def test_a_file_half_utf8_half_gbk_is_refused_naming_a_line_of_each():
    lines = SIMPLIFIED.splitlines(keepends=True)
    raw = "".join(lines[:4]).encode() + "".join(lines[4:]).encode("gbk")
    message = refusal(raw)
    first_byte = lines[4].encode("gbk")[0]
    assert message == (
        f"upload.txt: mixes encodings: line 1 is UTF-8 but line 5 (byte 0x{first_byte:02x} at byte 1 of the line) "
        "is not; save the whole file in one encoding (UTF-8) and run again"
    )
    reverse = "".join(lines[:4]).encode("gbk") + "".join(lines[4:]).encode()
    assert "line 5 is UTF-8 but line 1 " in refusal(reverse)


def test_a_utf8_file_cut_inside_a_character_is_refused():
    raw = SIMPLIFIED.encode()[:-2]  # the line end, and the last byte of the final "。"
    assert refusal(raw) == "upload.txt: UTF-8 text cut off inside its last character: is the file complete?"


@pytest.mark.parametrize(
    ("raw", "codec", "line", "column"),
    [
        (SIMPLIFIED.encode("gbk")[:50] + b"\xff" + SIMPLIFIED.encode("gbk")[50:], "gb18030", 2, 8),
        (TRADITIONAL.encode("big5")[:50] + b"\x80" + TRADITIONAL.encode("big5")[50:], "cp950", 2, 8),
        (SIMPLIFIED.encode("gbk")[:-2], "gb18030", 8, 75),
    ],
    ids=["gbk-with-a-bad-byte", "big5-with-a-bad-byte", "gbk-cut-inside-a-character"],
)
def test_a_damaged_file_is_refused_naming_where_its_encoding_breaks(raw, codec, line, column):
    """Both GB18030 and Big5 stop at the same byte of the damaged Big5 file: Big5 is named,
    because what it reads before that byte is Chinese."""
    byte = raw[sum(len(x) + 1 for x in raw.split(b"\n")[: line - 1]) + column - 1]
    assert refusal(raw) == (
        f"upload.txt: no encoding reads it whole; the likeliest, {codec}, stops at line {line} "
        f"(byte 0x{byte:02x} at byte {column} of the line): repair the file there, or set {KEY}"
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary file (a PNG image), not text; is this the right file?"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "binary file (a ZIP archive, as .docx, .xlsx and .odt files are), not text; save the document as plain text"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (a PDF document), not text; convert it to text first (e.g. pdftotext -enc UTF-8)"),
        (bytes(range(256)) * 4, "binary file (NUL bytes, and not UTF-16 text); is this the right file?"),
        (SIMPLIFIED.encode("gbk") + bytes(range(1, 32)) * 4, f"binary file ({4 * len(CONTROLS)} control characters), not text"),
    ],
    ids=["png", "docx", "pdf", "random-bytes", "control-characters"],
)
def test_binary_files_are_refused_naming_their_kind(raw, message):
    assert refusal(raw).startswith(f"upload.txt: {message}")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "upload.txt: the file is empty"),
        (b" \r\n\t \n", "upload.txt: the file is empty (only white space)"),
        ("\u3000\u200b\n".encode(), "upload.txt: no text, only white space, read as UTF-8; is this the right file?"),
        (" \n\u3000".encode("utf-16"), "upload.txt: no text, only white space, read as UTF-16 (its byte-order mark says so); is this the right file?"),
    ],
    ids=["empty", "white-space", "invisible", "utf-16-white-space"],
)
def test_empty_files_are_refused(raw, message):
    assert refusal(raw) == message


# --- a configured encoding: validated, obeyed, and its mistakes named ------------


@pytest.mark.parametrize(
    ("name", "codec"),
    [(None, None), ("GBK", "gbk"), ("big5", "big5"), ("UTF-16LE", "utf-16-le"), ("cp950", "cp950")],
)
def test_encoding_names_are_checked_and_canonical(name, codec):
    assert check_encoding_name(name, KEY) == codec


@pytest.mark.parametrize(
    ("name", "problem"),
    [("gbk2312", "unknown text encoding 'gbk2312'"), ("base64", "unknown text encoding 'base64'"),
     ("latin-1", "'latin-1' cannot hold Chinese characters"), ("ascii", "'ascii' cannot hold Chinese characters")],
)
def test_a_bad_encoding_name_is_a_document_error_naming_the_key(name, problem):
    with pytest.raises(DocumentError) as err:
        check_encoding_name(name, KEY)
    assert str(err.value).startswith(f"{KEY}: {problem}")


def test_a_configured_encoding_is_obeyed():
    doc = ingest(TRADITIONAL.encode("big5"), encoding="big5")
    assert (doc.encoding, doc.detected_by, doc.script, doc.text) == ("big5", "config", "traditional", normalize(SIMPLIFIED))


def test_a_wrong_configured_encoding_is_refused_naming_the_key():
    message = refusal(TRADITIONAL.encode("big5"), encoding="gb18030")
    assert message.startswith("upload.txt: garbled: only ")
    assert message.endswith(f"when read as gb18030 as {KEY} says; correct it or remove it")
    raw = SIMPLIFIED.encode("gbk")
    with pytest.raises(UnicodeDecodeError) as err:
        raw.decode("utf-8")
    assert refusal(raw, encoding="utf-8") == (
        f"upload.txt: not utf-8 text as {KEY} says: line 1 (byte 0x{raw[err.value.start]:02x} at byte "
        f"{err.value.start + 1} of the line); correct it or remove it"
    )
    assert "unknown text encoding 'gbk2312'" in refusal(SIMPLIFIED.encode("gbk"), encoding="gbk2312")


# --- the list of common characters is derived, not typed -------------------------


def test_common_characters_are_jiebas_most_frequent():
    lines = (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8").splitlines()
    assert [c for c, _ in hanzi.rank_common_hanzi(lines, 3500)] == hanzi.common_hanzi()
    assert hanzi.common_hanzi()[:5] == ["一", "是", "人", "了", "不"]


# --- generated input ---------------------------------------------------------------

_COMMON = hanzi.common_hanzi()[: hanzi.COMMON_RANK]
_S2T = hanzi._converter("s2t")


def _in_big5(char: str) -> bool:
    try:
        char.encode("big5")
    except UnicodeEncodeError:
        return False
    return True


# Characters written the same in both scripts; Simplified-only; Traditional-only (and in Big5).
_SHARED = [c for c in _COMMON if hanzi.to_simplified(c) == c and _S2T.convert(c) == c]
_SIMPLIFIED_ONLY = [c for c in _COMMON if _S2T.convert(c) != c]
_TRADITIONAL_ONLY = sorted({t for t in map(_S2T.convert, _COMMON) if hanzi.to_simplified(t) != t and _in_big5(t)})
_PUNCTUATION = "，。、；：（）！？“”《》—0123456789%."


def _document(alphabet: list[str]):
    line = st.text(st.sampled_from(alphabet + list(_PUNCTUATION)), min_size=1, max_size=40)
    return st.lists(line, min_size=1, max_size=8).map(lambda lines: "\n".join(lines) + "\n").filter(_mostly_chinese)


def _mostly_chinese(text: str) -> bool:
    """A dozen Chinese characters (with fewer, GBK and Big5 readings can tie), half of the text."""
    stats = hanzi.char_stats(text)
    return stats.han >= 12 and stats.han_share >= 0.5


ROUND_TRIP_CODECS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"]
GENERATED = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@GENERATED
@given(text=_document(_SHARED + _SIMPLIFIED_ONLY), codec=st.sampled_from(ROUND_TRIP_CODECS))
def test_generated_simplified_text_round_trips_in_every_encoding(text, codec):
    doc = ingest(text.encode(codec))
    assert doc.original == normalize(text)
    assert doc.text == doc.original and doc.script == "simplified"


@GENERATED
@given(text=_document([c for c in _SHARED if _in_big5(c)] + _TRADITIONAL_ONLY), codec=st.sampled_from(["big5", "utf-8", "utf-16-le"]))
def test_generated_traditional_text_round_trips(text, codec):
    doc = ingest(text.encode(codec))
    assert doc.original == normalize(text)
    if doc.script == "traditional":
        assert doc.text == hanzi.to_simplified(doc.original) and doc.conversion["aligned"]
    else:
        assert doc.text == doc.original


_WESTERN_LETTERS = st.characters(min_codepoint=0x20, max_codepoint=0x24F, categories=["L", "Zs", "P"])
_CYRILLIC = st.characters(min_codepoint=0x400, max_codepoint=0x44F)
# Sentences of different words, so the text is Korean or Japanese as written: a word
# repeated may be Chinese too (경제 경제 in EUC-KR is 版力版力 in GBK: the same bytes).
_KOREAN_WORDS = (
    "경제 사회 발전 계획 정부 국민 기술 혁신 산업 환경 도시 농촌 교육 건강 문화 안전 투자 연구 지역 협력 "
    "개혁 시장 기업 에너지 녹색 인구 복지 고용 주택 교통 생태 미래 은 는 이 가 을 를 의 에 와 하고 한다 된다"
).split()
_JAPANESE_WORDS = (
    "経済 社会 発展 計画 政府 技術 研究 地域 環境 教育 産業 都市 農村 投資 協力 改革 市場 企業 "
    "の を は に が で と して する します ます ました という ための について による これ それ"
).split()


def _sentences(words: list[str], separator: str, full_stop: str) -> st.SearchStrategy[str]:
    def text(chosen: list[str]) -> str:
        return "\n".join(separator.join(chosen[i : i + 5]) + full_stop for i in range(0, len(chosen), 5))

    return st.lists(st.sampled_from(words), min_size=10, unique=True).map(text)


def _encodable(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@GENERATED
@given(
    data=st.one_of(
        st.tuples(st.text(_WESTERN_LETTERS, min_size=20), st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16"])),
        st.tuples(st.text(_CYRILLIC | _WESTERN_LETTERS, min_size=20), st.sampled_from(["utf-8", "cp1251", "koi8-r"])),
        st.tuples(_sentences(_JAPANESE_WORDS, "", "。"), st.sampled_from(["shift_jis", "euc_jp", "utf-8", "utf-16-le"])),
        st.tuples(_sentences(_KOREAN_WORDS, " ", "."), st.sampled_from(["euc_kr", "utf-8", "utf-16-be"])),
    ).filter(lambda pair: _encodable(*pair) and pair[0].strip()),
)
def test_generated_text_that_is_not_chinese_is_never_accepted(data):
    text, codec = data
    with pytest.raises(IngestError):
        ingest(text.encode(codec))


@GENERATED
@given(st.lists(st.binary(min_size=1, max_size=20), min_size=5).map(b"\x00\x00\x00\x00".join))
def test_generated_binary_data_is_never_accepted(raw):
    """Bytes with runs of NULs among them (a control character however they are read): never text."""
    with pytest.raises(IngestError):
        ingest(raw)


# --- the workflow: what ingest writes, and one line for a refused file ------------


@pytest.mark.workflow
def test_workflow_converts_traditional_and_refuses_japanese_in_one_line(tmp_path):
    workdir = copy_fixture(tmp_path)
    (workdir / "data" / "raw" / "taipei.txt").write_bytes(TRADITIONAL.encode("big5"))
    (workdir / "data" / "raw" / "tokyo.txt").write_bytes(JAPANESE.encode("shift_jis"))
    targets = [paths.document("ingest_info", doc) for doc in ("taipei", "tokyo")]
    run = snakemake("--cores", "2", "--keep-going", *targets, workdir=workdir)
    assert run.returncode != 0
    assert (workdir / paths.document("text", "taipei")).read_text(encoding="utf-8") == normalize(SIMPLIFIED)
    assert (workdir / paths.document("original_text", "taipei")).read_text(encoding="utf-8") == normalize(TRADITIONAL)
    assert DocumentResults("taipei", workdir / paths.RESULTS).original_text == normalize(TRADITIONAL)
    info = json.loads((workdir / paths.document("ingest_info", "taipei")).read_text(encoding="utf-8"))
    assert info["script"] == "traditional" and info["encoding"] == "cp950"
    assert info["conversion"] == {"tool": "OpenCC", "version": metadata.version("opencc"), "config": "t2s", "aligned": True}
    log = (workdir / paths.log("ingest", "taipei")).read_text(encoding="utf-8")
    assert len([line for line in log.splitlines() if " WARNING " in line]) == 1
    tokyo_log = (workdir / paths.log("ingest", "tokyo")).read_text(encoding="utf-8").strip().splitlines()
    assert len(tokyo_log) == 1 and "tokyo.txt: Japanese, not Chinese" in tokyo_log[0]
    assert "set documents.tokyo.encoding" in tokyo_log[0]
    assert not (workdir / paths.RESULTS / "tokyo").exists()


def test_configured_encodings_are_checked_before_any_job():
    documents = {"plan": {"encoding": "GBK"}, "report": {"title": "政府工作报告"}, "upload": {"encoding": "gbk2312"}}
    config = {"documents": documents}
    with pytest.raises(DocumentError) as err:
        check_settings(config)
    assert str(err.value) == "documents.upload.encoding: unknown text encoding 'gbk2312' (e.g. gb18030, big5, utf-16-le)"
    documents["upload"]["encoding"] = "latin-1"
    with pytest.raises(DocumentError, match="^documents.upload.encoding: 'latin-1' cannot hold Chinese characters"):
        check_settings(config)
    documents["upload"]["encoding"] = None
    check_settings(config)  # detected, like the report's


@pytest.mark.workflow
def test_a_bad_encoding_name_is_one_line_and_no_job_runs(tmp_path):
    workdir = copy_fixture(tmp_path)
    config_file = workdir / "config" / "config.yaml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["documents"] = {"fixture_plan": {"encoding": "big-5"}}
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    line = "documents.fixture_plan.encoding: unknown text encoding 'big-5' (e.g. gb18030, big5, utf-16-le)"
    dry = snakemake("-n", workdir=workdir)
    said = dry.stdout + dry.stderr
    assert dry.returncode != 0 and line in said.splitlines()
    assert "rule ingest" not in said and "Job stats" not in said
    run = snakemake("--cores", "1", workdir=workdir)
    assert run.returncode != 0 and line in (run.stdout + run.stderr).splitlines()
    assert not (workdir / paths.RESULTS).exists() and not (workdir / paths.LOGS).exists()
