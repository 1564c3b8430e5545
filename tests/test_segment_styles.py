"""Segmentation beyond the bundled plan: a government work report, a plan
outline (纲要) and plain text, each from a short fixture in tests/data/."""

import logging
from pathlib import Path

import pytest

from plantopics.ingest import ingest_file, normalize

from conftest import segment_text

DATA = Path(__file__).parent / "data"


def load(name: str, **kwargs):
    return segment_text(ingest_file(DATA / name).text, source=name, **kwargs)


@pytest.fixture(scope="module")
def report():
    return load("gov_work_report.txt")


def test_work_report_chapters_and_sections(report):
    assert report.style == "numbered"
    assert [c.title for c in report.chapters] == [
        "2024年工作回顾",
        "2025年经济社会发展总体要求和政策取向",
        "2025年政府工作任务",
    ]
    assert [(s.chapter, s.section) for s in report.sections] == [(1, "一"), (1, "二"), (2, "一"), (2, "二"), (3, "一"), (3, "二"), (3, "三")]
    # （一） headings run straight into their body on the same line: the title is the first sentence.
    assert report.sections[4].title == "大力提振消费，提高投资效益，全方位扩大国内需求"
    body = next(u for u in report.units if u.chapter == 3 and u.section == "一" and u.kind == "paragraph")
    assert body.text.startswith("实施提振消费专项行动")


def test_work_report_enumerations_are_not_headings(report):
    first = " ".join(u.text for u in report.units if u.chapter == 1)
    assert "一是经济运行总体平稳，二是就业物价总体稳定" in first
    assert len(report.chapters) == 3


def test_work_report_news_lead_salutation_and_closing(report):
    kinds = [(u.kind, u.chapter) for u in report.units]
    assert kinds[0] == ("preamble", 0) and kinds[1] == ("title", 0)
    assert report.title == "政府工作报告"
    front = [u.text for u in report.units if u.kind == "front_matter"]
    assert front[0].startswith("——2025年3月5日") and "各位代表：" in front
    # 各位代表！ inside chapter 一 is part of it; after the last chapter it opens the closing part.
    assert any(u.text.startswith("各位代表！过去一年") and u.chapter == 1 for u in report.units)
    closing = [u for u in report.units if u.kind == "closing"]
    assert [u.text[:6] for u in closing] == ["各位代表！", "中国式现代化"]
    assert all(u.chapter == 0 for u in closing)
    assert report.chapters[-1].n_chars < 200  # the closing is not counted in chapter 三


def test_a_news_lead_instead_of_a_title_is_preamble(caplog):
    text = ingest_file(DATA / "gov_work_report.txt").text.replace("政府工作报告\n", "", 1)
    with caplog.at_level(logging.WARNING):
        s = segment_text(text, source="gwr_no_title")
    assert s.title == "" and "no title line" in caplog.text
    assert [u.kind for u in s.units[:2]] == ["preamble", "front_matter"]
    assert s.units[0].text.startswith("新华社北京3月5日电")
    assert len(s.chapters) == 3


def test_plan_outline_parts_chapters_sections(tmp_path):
    s = load("plan_outline.txt")
    assert s.style == "outline"
    assert s.title.startswith("中华人民共和国国民经济和社会发展第十四个五年规划")
    assert [(p.numeral, p.title, p.first_chapter) for p in s.parts] == [
        ("一", "开启全面建设社会主义现代化国家新征程", 1),
        ("二", "坚持创新驱动发展 全面塑造发展新优势", 3),
    ]
    assert [(c.numeral, c.title) for c in s.chapters] == [("一", "发展环境"), ("二", "指导方针"), ("三", "强化国家战略科技力量"), ("四", "提升企业技术创新能力")]
    assert [(x.chapter, x.section, x.title) for x in s.sections][:3] == [
        (1, "一", "决胜全面建成小康社会取得决定性成就"),
        (1, "二", "我国发展环境面临深刻复杂变化"),
        (2, "一", "指导思想"),
    ]
    assert [c.n_sections for c in s.chapters] == [2, 1, 2, 1]
    assert [(b.chapter, b.box, b.title) for b in s.boxes] == [(3, "1", "科技前沿领域攻关")]
    intro = next(u for u in s.units if u.text.startswith("坚持创新在我国现代化建设全局中的核心地位"))
    assert intro.chapter == 3  # a part's lead paragraph belongs to the part's first chapter
    part_titles = [u for u in s.units if u.kind == "part_title"]
    assert [u.chapter for u in part_titles] == [1, 3]


def test_plain_text_without_headings(caplog):
    with caplog.at_level(logging.WARNING):
        s = load("no_headings.txt")
    assert len(s.chapters) == 1 and s.chapters[0].title == "关于加快发展低空经济的若干措施"
    assert sum(1 for u in s.units if u.kind == "paragraph") == 4
    assert "no chapter headings" in caplog.text


def test_style_override():
    outline = normalize("某规划纲要\n第一章 甲\n正文。\n第二章 乙\n正文。")
    assert segment_text(outline, source="x").style == "outline"
    assert segment_text(normalize("一、甲\n正文。\n二、乙\n正文。"), source="x").style == "numbered"
    forced = segment_text(outline, style="numbered", source="x")
    assert len(forced.chapters) == 1 and forced.warnings
