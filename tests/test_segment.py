"""Segmentation: the bundled plan's structure and each hard case on inline text."""

import logging

import pytest

from plantopics.ingest import normalize
from plantopics.segment import SegmentError, cut_title, numeral_value, split_sentences

from conftest import segment_text, settings

TITLE = "某市关于制定第十五个五年规划的建议"


def seg(body: str, **kwargs):
    return segment_text(normalize(f"{TITLE}\n{body}"), **kwargs)


# --- the bundled plan -------------------------------------------------------


def test_bundled_plan_counts(bundled_structure):
    assert len(bundled_structure.chapters) == 15
    assert len(bundled_structure.sections) == 51
    assert len(bundled_structure.boxes) == 10
    assert [c.chapter for c in bundled_structure.chapters] == list(range(1, 16))
    assert bundled_structure.chapters[-1].numeral == "十五"
    assert bundled_structure.warnings == []


def test_bundled_plan_title_preamble_and_front_matter(bundled_structure):
    s = bundled_structure
    assert s.title == "中共广州市委关于制定广州市国民经济和社会发展第十五个五年规划的建议"
    preamble = [u for u in s.units if u.kind == "preamble"]
    assert len(preamble) == 3
    assert preamble[0].text.startswith("①2024年8月21日") and preamble[2].text.startswith("财联社12月22日电")
    front = [u for u in s.units if u.kind == "front_matter"]
    assert len(front) == 1 and front[0].text.startswith("中国共产党广州市第十二届委员会第十次全体会议")
    assert all(u.chapter == 0 for u in s.units if u.kind in {"preamble", "title", "front_matter"})


def test_bundled_plan_glued_headings(bundled_structure):
    chapters = {c.numeral: c for c in bundled_structure.chapters}
    # 三 follows a full stop and runs straight into the lead sentence.
    assert chapters["三"].title == "推动“12218”现代化产业体系整体性跃升，走出一条实体经济巩固壮大、新旧动能高效转换的广州路径"
    lead = next(u for u in bundled_structure.units if u.chapter == 3 and u.kind == "paragraph")
    assert lead.text.startswith("现代化产业体系是中国式现代化的物质技术基础。要坚持产业第一、制造业立市")
    # 九 follows a full stop and ends its line.
    assert chapters["九"].title == "深入实施“百县千镇万村高质量发展工程”，在城乡区域协调发展中树标杆、作示范"
    before = [u for u in bundled_structure.units if u.chapter == 8][-1]
    assert before.text.endswith("提升安全出行、文明出行水平。")


def test_bundled_plan_sections_with_gaps(bundled_structure):
    numbers = [int(s.section) for s in bundled_structure.sections]
    assert numbers == sorted(numbers) and len(set(numbers)) == 51
    assert {10, 11, 12, 13, 24, 27, 28}.isdisjoint(numbers)
    by_number = {s.section: s for s in bundled_structure.sections}
    assert by_number["40"].chapter == 11 and by_number["40"].title == "推动绿色低碳转型"  # glued after 。
    assert by_number["2"].title == "“十五五”时期广州的历史方位和使命任务"
    assert [c.n_sections for c in bundled_structure.chapters] == [6, 3, 0, 3, 7, 2, 2, 3, 3, 3, 4, 4, 5, 4, 2]


def test_bundled_plan_boxes(bundled_structure):
    boxes = bundled_structure.boxes
    assert [b.box for b in boxes] == list("一二三四五六七八九十")
    assert boxes[0].title == "发展低空经济" and boxes[0].chapter == 3
    assert sum(b.n_items for b in boxes) == 36  # every ●, two of them on one line in 专栏三
    assert boxes[2].n_items == 4
    items = [u for u in bundled_structure.units if u.kind == "box_item"]
    assert all(u.box and not u.text.startswith("●") for u in items)


def test_bundled_plan_units_and_sentences(bundled_structure):
    units = bundled_structure.units
    assert [u.unit_id for u in units] == [f"u{i:05d}" for i in range(1, len(units) + 1)]
    assert sum(c.n_chars for c in bundled_structure.chapters) > 30000
    sentences = bundled_structure.sentences()
    assert len(sentences) > 500
    assert all(s.text[-1] in "。！？”" or s.kind != "paragraph" for s in sentences[:50] if s.kind == "paragraph")


# --- hard cases on inline text ---------------------------------------------


def test_text_that_merely_looks_like_a_heading_is_not_one():
    s = seg(
        "一、建设现代化产业体系\n"
        "要坚持产业第一、制造业立市。落实“五统一、一开放”基本要求。\n"
        "一是稳增长。二是调结构。三是惠民生。\n"
        "一、这是段落里重新开始的编号，不是章节。\n"
        "二、扩大有效需求\n"
        "持续扩大消费。"
    )
    assert [(c.numeral, c.title) for c in s.chapters] == [("一", "建设现代化产业体系"), ("二", "扩大有效需求")]
    chapter1 = " ".join(u.text for u in s.units if u.chapter == 1)
    assert "一是稳增长" in chapter1 and "一、这是段落里" in chapter1


def test_heading_glued_after_sentence_end():
    s = seg("一、总体要求\n坚持稳中求进。二、科技创新\n加快创新！三、文化繁荣\n繁荣文化？四、民生保障\n改善民生。")
    assert [c.title for c in s.chapters] == ["总体要求", "科技创新", "文化繁荣", "民生保障"]


def test_glued_numeral_out_of_sequence_stays_in_the_paragraph():
    s = seg("一、总体要求\n坚持稳中求进。五、这不是标题。\n二、科技创新\n加快创新。")
    assert [c.numeral for c in s.chapters] == ["一", "二"]
    assert any("五、这不是标题" in u.text for u in s.units if u.chapter == 1)


def test_run_on_title_is_cut_before_the_lead_sentence():
    max_chars = settings("segment")["max_title_chars"]
    title, rest, ok = cut_title("推动现代化产业体系跃升，走出广州路径现代化产业体系是物质技术基础。要坚持产业第一。", max_chars)
    assert (title, ok) == ("推动现代化产业体系跃升，走出广州路径", True)
    assert rest == "现代化产业体系是物质技术基础。要坚持产业第一。"
    assert cut_title("坚持高质量发展", max_chars)[:2] == ("坚持高质量发展", "")
    assert cut_title("总体要求。坚持稳中求进。", max_chars)[:2] == ("总体要求", "坚持稳中求进。")


@pytest.mark.parametrize("marker", ["(1)", "（1）", "（一）"])
def test_section_markers(marker):
    second = "（2）" if marker != "（一）" else "（二）"
    s = seg(f"一、科技创新\n{marker}加强基础研究。提升原始创新能力。\n{second}推动成果转化。完善机制。")
    assert [sec.title for sec in s.sections] == ["加强基础研究", "推动成果转化"]
    heading = next(u for u in s.units if u.kind == "section_title")
    body = next(u for u in s.units if u.kind == "paragraph")
    assert heading.text == "加强基础研究。" and body.text == "提升原始创新能力。" and body.section == heading.section


def test_section_numbers_may_skip_but_not_go_back():
    s = seg("一、科技创新\n（1）甲。正文。\n（5）乙。正文。\n二、开放\n（9）丙。正文。其中（3）不是小节。")
    assert [(x.chapter, x.section) for x in s.sections] == [(1, "1"), (1, "5"), (2, "9")]


def test_box_with_items():
    s = seg("一、发展新经济\n正文。\n专栏一 发展低空经济\n● 产品更好。● 场景更活。\n• 体系更强。\n回到正文。")
    assert [(b.box, b.title, b.n_items) for b in s.boxes] == [("一", "发展低空经济", 3)]
    kinds = [(u.kind, u.box) for u in s.units if u.chapter == 1]
    assert kinds[-1] == ("paragraph", "")
    assert [u.text for u in s.units if u.kind == "box_item"] == ["产品更好。", "场景更活。", "体系更强。"]


def test_no_chapters_becomes_one_chapter_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING):
        s = seg("第一段没有任何标题。\n第二段也没有。")
    assert len(s.chapters) == 1 and s.chapters[0].title == TITLE
    assert "no chapter headings" in caplog.text and s.warnings


def test_configured_title_marks_the_preamble():
    s = segment_text(normalize("新闻导语第一句。\n报告正文标题\n一、总体要求\n正文。"), title="报告正文标题")
    assert [u.kind for u in s.units][:2] == ["preamble", "title"]
    with pytest.raises(SegmentError, match="not a line"):
        segment_text(normalize("正文。\n一、总体要求\n正文。"), title="不存在的标题")


def test_bad_patterns_are_clear_errors():
    with pytest.raises(SegmentError, match="chapter_pattern.*not a valid"):
        seg("一、甲\n正文。", patterns={"chapter": "(?P<numeral>[一二"})
    with pytest.raises(SegmentError, match="named group"):
        seg("一、甲\n正文。", patterns={"chapter": "[一二]、"})


def test_custom_chapter_pattern():
    s = seg("第一章 总体要求\n正文。\n第二章 科技创新\n正文。", patterns={"chapter": r"第(?P<numeral>[一二三四五六七八九十]+)章\s*"})
    assert [(c.numeral, c.title) for c in s.chapters] == [("一", "总体要求"), ("二", "科技创新")]


def test_sentences_keep_closing_quotes():
    assert split_sentences("他说：“加快发展。”然后呢？好！最后一句") == ["他说：“加快发展。”", "然后呢？", "好！", "最后一句"]


@pytest.mark.parametrize(("numeral", "value"), [("一", 1), ("十", 10), ("十五", 15), ("二十", 20), ("二十三", 23), ("40", 40)])
def test_numeral_values(numeral, value):
    assert numeral_value(numeral) == value
