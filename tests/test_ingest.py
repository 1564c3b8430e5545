"""Ingest: encodings, line ends, Unicode forms, and refusing bad input."""

import codecs

import pytest

from plantopics.ingest import IngestError, ingest_bytes, ingest_file, normalize

from conftest import segment_text

SAMPLE = (
    "中共某市委关于制定国民经济和社会发展规划的建议\n"
    "一、坚持高质量发展,建设现代化产业体系\n"
    "(1)提升科技创新能力。加快建设国际科技创新中心,经济总量达到3.5万亿元、增长1,000亿元!\n"
    "二、推进绿色低碳转型\n"
    "(2)建设美丽城市。推动生态环境持续改善?坚持绿水青山就是金山银山。\n"
)


def full_width(text: str) -> str:
    table = {ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789,!?();:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}
    return text.translate(table)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_every_supported_encoding_gives_the_same_text(encoding):
    doc = ingest_bytes(SAMPLE.encode(encoding), "sample.txt")
    assert doc.text == normalize(SAMPLE)
    assert doc.encoding == {"gbk": "gb18030"}.get(encoding, encoding)


def test_detected_encodings_are_reported():
    assert ingest_bytes(SAMPLE.encode("utf-8"), "a").encoding == "utf-8"
    assert ingest_bytes(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "a").encoding == "utf-8-sig"
    assert ingest_bytes(SAMPLE.encode("gb18030"), "a").encoding == "gb18030"
    assert ingest_bytes(SAMPLE.encode("utf-16"), "a").encoding == "utf-16"


@pytest.mark.parametrize(
    "variant",
    [
        SAMPLE.replace("\n", "\r\n"),
        SAMPLE.replace("\n", "\r"),
        full_width(SAMPLE),
        SAMPLE.replace(",", "，").replace("(", "（").replace(")", "）").replace("!", "！").replace("?", "？"),
        "\ufeff" + SAMPLE.replace("科技", "科\u200b技").replace("产业", "产\u200d业"),
        SAMPLE.replace("\n", "  \n\n").replace("中共", "\u3000中共"),
    ],
    ids=["crlf", "cr", "full-width", "chinese-punctuation", "zero-width", "spaces-and-blank-lines"],
)
def test_variants_of_one_text_give_the_same_structure_and_tokens(variant, policy_tokenizer):
    reference = normalize(SAMPLE)
    assert normalize(variant) == reference
    a, b = segment_text(reference), segment_text(normalize(variant))
    assert [(c.numeral, c.title) for c in a.chapters] == [(c.numeral, c.title) for c in b.chapters]
    assert [policy_tokenizer.tokenize(u.text) for u in a.units] == [policy_tokenizer.tokenize(u.text) for u in b.units]


def test_crlf_with_short_lines_is_text_not_binary():
    """A PDF copy has many short lines (page numbers, headings); its CRs are line ends, not control bytes."""
    raw = "\r\n".join(["一、总体要求", "12", "坚持稳中求进。", "二、科技创新", "13"] * 50).encode("utf-8")
    assert ingest_bytes(raw, "short_lines.txt").text.startswith("一、总体要求\n12\n")


def test_canonical_form():
    text = normalize("增长１２％,达到１,０００亿元(约)!ＡＩ眼镜、ｅＶＴＯＬ于10:30发布")
    assert text == "增长12%，达到1,000亿元（约）！AI眼镜、eVTOL于10:30发布\n"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"  \n\r\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file \\(a PNG image\\)"),
        (bytes(range(256)) * 4, "binary"),
        (b"This is an English report about trade, not Chinese at all.\n" * 20, "Chinese"),
    ],
    ids=["empty", "blank", "png", "random-bytes", "english"],
)
def test_bad_input_is_refused_with_the_file_name(raw, message, tmp_path):
    path = tmp_path / "bad_doc.txt"
    path.write_bytes(raw)
    with pytest.raises(IngestError, match=message) as err:
        ingest_file(path)
    assert "bad_doc.txt" in str(err.value)


def test_configured_encoding_that_does_not_fit_is_an_error(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(SAMPLE.encode("gb18030"))
    assert ingest_file(path, encoding="gb18030").encoding == "gb18030"
    with pytest.raises(IngestError, match="doc.txt: not utf-16-le text as documents.<id>.encoding says"):
        ingest_bytes(b"\xff", str(path), "utf-16-le")


def test_bundled_plan_is_utf8_and_mostly_chinese():
    from conftest import BUNDLED_PLAN

    doc = ingest_file(BUNDLED_PLAN)
    assert (doc.encoding, doc.detected_by, doc.detector_confidence) == ("utf-8", "strict decoding", None)
    assert (doc.script, doc.conversion, doc.original) == ("simplified", None, doc.text)
    assert doc.chinese_share > 0.85 and doc.common_hanzi_share > 0.9
    assert "，" in doc.text and "," not in doc.text.replace("1,", "")
