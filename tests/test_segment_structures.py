"""Each kind of structure met in real documents, reproduced by a short fixture
written for the purpose (tests/data/structures/): exact counts and titles."""

from pathlib import Path

import pytest

from plantopics.ingest import ingest_file
from plantopics.segment import check_consistency

from conftest import segment_text

STRUCTURES = Path(__file__).parent / "data" / "structures"


def load(name: str, **kwargs):
    s = segment_text(ingest_file(STRUCTURES / name).text, source=name.removesuffix(".txt"), **kwargs)
    assert check_consistency(s) == []
    return s


def titles(s):
    return [c.title for c in s.chapters]


def kinds(s, kind):
    return [u.text for u in s.units if u.kind == kind]


def codes(s):
    return [d.code for d in s.diagnostics]


def test_outline_with_a_table_of_contents():
    s = load("outline_toc.txt")
    assert s.schemes == {"part": "pian", "chapter": "zhang", "section": "jie"} and s.style == "outline"
    assert [(p.title, p.first_chapter) for p in s.parts] == [
        ("开启现代化建设新征程", 1), ("坚持创新驱动发展", 3), ("加强规划实施保障", 5)
    ]
    assert titles(s) == ["发展环境", "指导方针", "强化战略科技力量", "提升企业创新能力", "健全规划实施机制"]
    assert [c.n_sections for c in s.chapters] == [2, 0, 2, 0, 2]
    assert [(b.chapter, b.box, b.title, b.n_items) for b in s.boxes] == [(3, "1", "科技创新重大工程", 2)]
    toc = kinds(s, "toc")
    assert toc[0] == "目录" and toc[-1] == "第五章 健全规划实施机制" and len(toc) == 9
    assert all(u.chapter == 0 for u in s.units if u.kind == "toc")


def test_a_run_of_headings_that_recurs_is_a_table_of_contents():
    s = load("toc_unmarked.txt")
    assert titles(s) == ["“十四五”时期取得的成就", "“十五五”时期的主要目标", "加快建设现代化产业体系"]
    assert kinds(s, "toc") == ["一、“十四五”时期取得的成就", "二、“十五五”时期的主要目标", "三、加快建设现代化产业体系"]
    assert kinds(s, "front_matter")[0].startswith("中国共产党某市第十三届委员会")
    assert [x.section for x in s.sections] == ["1", "2", "3", "4", "5"]
    assert "repeated_headings" in codes(s)


def test_work_report_with_closing_and_appendices():
    s = load("report_appendices.txt")
    assert titles(s) == ["2025年工作回顾", "2026年总体要求", "2026年重点任务"]
    assert [(x.chapter, x.title) for x in s.sections] == [
        (1, "着力扩大有效需求"), (1, "着力推动科技创新"),
        (3, "大力提振消费"), (3, "加快发展新质生产力"), (3, "持续保障和改善民生"),
    ]
    # 各位代表！ between two sections stays in chapter 三; after the last section it opens the closing
    assert any(u.text.startswith("各位代表！扩大内需") and u.chapter == 3 for u in s.units)
    assert kinds(s, "closing") == ["各位代表！", "新的一年，任务艰巨，使命光荣。让我们团结一心，奋力谱写中国式现代化新篇章！"]
    assert kinds(s, "appendix_title") == ["附件1", "附件2", "名词解释"]
    appendix = kinds(s, "appendix")
    assert appendix[0] == "2026年省十件民生实事" and len(appendix) == 8
    assert all(u.chapter == 0 for u in s.units if u.kind.startswith("appendix") or u.kind == "closing")
    assert s.diagnostics == []


def test_sections_numbered_across_chapters():
    s = load("proposal_runon_sections.txt")
    assert titles(s)[2] == "坚持创新驱动发展"
    assert [(x.chapter, x.section) for x in s.sections] == [(1, "1"), (1, "2"), (2, "3"), (2, "4"), (2, "5"), (3, "6"), (3, "7")]
    assert s.sections[0].title == "决胜阶段取得决定性成就"
    lead = next(u for u in s.units if u.chapter == 3 and u.kind == "paragraph")
    assert lead.text.startswith("科技创新是发展全局的核心") and lead.section == ""


def test_report_whose_top_level_is_paren_numbers():
    s = load("report_paren_top.txt")
    assert s.schemes["chapter"] == "paren_cn" and s.schemes["section"] == "di_cn"
    assert titles(s) == ["一九五七年经济战线上的胜利", "一九五八年度国民经济计划的任务", "充分依靠群众完成计划"]
    assert [x.title for x in s.sections] == ["关于工业生产", "关于农业生产", "关于基本建设", "关于文化教育", "关于人民生活"]
    assert kinds(s, "closing") == ["各位代表！让我们为完成和超额完成一九五八年度的国民经济计划而奋斗！"]


def test_unnumbered_chapters_with_numbering_that_restarts_in_each():
    s = load("report_unnumbered_restarts.txt")
    assert s.style == "unnumbered" and s.schemes["section"] == "cn"
    assert titles(s) == ["关于国内建设", "关于外交工作", "结束语"]
    assert [(x.chapter, x.section) for x in s.sections] == [(1, "一"), (1, "二"), (1, "三"), (2, "一"), (2, "二")]
    assert [c.numeral for c in s.chapters] == ["", "", ""]
    assert s.chapters[2].n_chars > 40  # 结束语 keeps its address and paragraph
    assert "unnumbered_headings" in codes(s)


def test_unnumbered_chapters_around_numbered_sections():
    s = load("report_unnumbered_inside.txt")
    assert titles(s) == ["过去五年的回顾", "今后五年的主要任务", "结束语"]
    assert [(x.chapter, x.title) for x in s.sections] == [(2, "关于经济建设"), (2, "关于经济体制改革"), (2, "关于外交工作")]
    assert kinds(s, "front_matter") == ["各位代表：", "我代表国务院，向第六届全国人民代表大会第一次会议作政府工作报告，请予审议。"]


def test_one_line_with_paragraph_spaces_and_a_table_of_contents():
    s = load("oneline_spaces.txt")
    assert s.title == "关于发展国民经济的第一个五年计划的报告"
    assert titles(s) == ["国家在过渡时期的总任务", "第一个五年计划概要", "为完成第一个五年计划而奋斗"]
    assert [x.title for x in s.sections] == ["关于工业的基本建设", "关于农业的增产"]
    assert len(kinds(s, "toc")) == 3
    # 一、开垦… 二、兴修水利 … is a list inside section （一）, not chapters
    section_text = " ".join(u.text for u in s.units if u.chapter == 2 and u.section == "一")
    assert "二、兴修水利" in section_text
    assert "line_breaks_from_spaces" in codes(s) and "numbering_restarts" in codes(s)


def test_bare_numerals_alone_on_their_lines():
    s = load("bare_numerals.txt")
    assert [c.numeral for c in s.chapters] == ["一", "二", "三"] and titles(s) == ["", "", ""]
    first = [u.text for u in s.units if u.chapter == 1]
    assert first[0].startswith("全国农业发展纲要的提出") and len(first) == 2


def test_outline_headings_glued_on_one_line_and_bian_parts():
    s = load("outline_glued.txt")
    assert s.schemes == {"part": "bian", "chapter": "zhang", "section": "jie"}
    assert [(p.title, p.first_chapter) for p in s.parts] == [("基本任务和综合指标", 1), ("各经济部门发展计划", 3), ("社会发展计划", 5)]
    assert titles(s) == ["基本任务", "财政和信贷", "农业", "能源", "人民生活"]
    assert [(x.chapter, x.title) for x in s.sections] == [(2, "财政收入"), (2, "信贷收支"), (3, "种植业")]


def test_signature_and_date_after_the_last_chapter():
    s = load("notice_signature.txt")
    assert titles(s) == ["总体要求", "重点任务", "保障措施"]
    assert kinds(s, "signature") == ["某市人民政府办公厅", "2025年3月1日", "（此件公开发布）"]
    assert s.chapters[-1].n_chars == len("保障措施") + len("加强组织领导，完善政策支持，强化安全监管。")


def test_a_second_document_appended_is_back_matter():
    s = load("second_document.txt")
    assert titles(s) == ["十年规划的主要目标", "“八五”计划的基本任务", "经济体制改革的主要任务"]
    assert kinds(s, "appendix_title") == ["关于某市国民经济和社会发展十年规划纲要的报告"]
    assert "一、制定十年规划的立足点" in kinds(s, "appendix")


def test_body_start_and_body_end_settings():
    s = load("report_appendices.txt", body_end=False)  # no appendices: the closing runs to the end
    assert kinds(s, "appendix") == [] and len(s.chapters) == 3  # their 一、…四、 is a list of its own
    assert kinds(s, "closing")[-1].startswith("3.“两新”")
    s = load("report_appendices.txt", body_end="附件2")
    assert kinds(s, "appendix_title")[0] == "附件2" and "附件1" in kinds(s, "closing")
    s = load("toc_unmarked.txt", body_start="一、“十四五”时期取得的成就\n中国共产党".split("\n")[1])
    assert titles(s) == ["“十四五”时期取得的成就", "“十五五”时期的主要目标", "加快建设现代化产业体系"]
    with pytest.raises(ValueError, match="body_end '附件9': no line starts with it"):
        load("report_appendices.txt", body_end="附件9")


@pytest.mark.parametrize("name", sorted(p.name for p in STRUCTURES.glob("*.txt")))
def test_without_line_breaks_the_counts_hold(name):
    """Every fixture with all its line breaks removed (a PDF copy) keeps its
    chapters, sections and boxes (titles may run into the first sentence)."""
    text = ingest_file(STRUCTURES / name).text
    a = segment_text(text, source=name)
    b = segment_text(text.replace("\n", "") + "\n", source=name)
    assert check_consistency(b) == []
    if name == "oneline_spaces.txt" or a.style in ("unnumbered",) or a.schemes["chapter"] == "cn" and not all(
        c.title for c in a.chapters
    ):
        pytest.skip("without line breaks or spaces, unnumbered or bare-numeral headings cannot be told from text")
    assert (len(b.parts), len(b.chapters), len(b.sections), len(b.boxes)) == (
        len(a.parts), len(a.chapters), len(a.sections), len(a.boxes)
    )
    assert [c.numeral for c in b.chapters] == [c.numeral for c in a.chapters]
    assert all(tb.startswith(ta[:4]) for ta, tb in zip(titles(a), titles(b), strict=True))


def test_without_line_breaks_a_toc_ends_where_its_first_entry_repeats_not_inside_a_larger_numeral():
    """Chapter 十一's title starts like chapter 一's: 一、加快科技创新… inside 十一、加快科技创新…
    is not where the body starts (found by the property test without line breaks)."""
    titles_ = [f"加快科技创新和{t}" for t in "产业体系 绿色低碳 数字经济 对外开放 教育强省 文化建设".split()]
    titles_ += [f"推进{t}" for t in "乡村振兴 区域协调 生态文明 民生保障".split()] + ["加快科技创新和城市更新"]
    marks = [f"{n}、" for n in "一 二 三 四 五 六 七 八 九 十 十一".split()]
    toc = "目录" + "".join(m + t for m, t in zip(marks, titles_, strict=True))
    body = "".join(f"{m}{t}要坚持稳中求进，推动经济持续回升向好。" for m, t in zip(marks, titles_, strict=True))
    s = segment_text("某省国民经济和社会发展第十五个五年规划纲要" + toc + body + "\n", source="oneline_toc")
    assert check_consistency(s) == []
    assert [c.numeral for c in s.chapters] == [m.removesuffix("、") for m in marks]
    assert all(c.title.startswith(t) for c, t in zip(s.chapters, titles_, strict=True))
    assert kinds(s, "toc") == [toc]
