"""The document sheet and the year each document states for itself (plantopics.series.sheet)."""

import logging

import pandas as pd
import pytest

from plantopics import config
from plantopics.ingest import normalize
from plantopics.series.sheet import (
    SheetError,
    categorical_attributes,
    date_line_year,
    derive_year,
    document_table,
    five_year_plan_period,
    plan_period,
    read_sheet,
    title_years,
)

SCHEMA = config.sheet_schema()


BODY = (
    "一、过去一年工作回顾\n"
    "2018年，我国经济运行保持在合理区间。到2035年基本实现社会主义现代化，2020年全面建成小康社会。\n"
    "二、今年工作总体部署\n"
    "今年是新中国成立70周年。1978年以来改革开放取得伟大成就。\n"
)


# --- date lines ------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, year",
    [
        ("——2019年3月5日在第十三届全国人民代表大会第二次会议上", 2019),
        ("—— 2019 年 3 月 5 日在第十三届全国人民代表大会第二次会议上", 2019),
        ("（2019年3月5日在第十三届全国人民代表大会第二次会议上）", 2019),
        ("一九五四年九月二十三日在第一届全国人民代表大会第一次会议上", 1954),
        ("——二〇〇五年三月五日在第十届全国人民代表大会第三次会议上", 2005),
        ("——二○○五年三月五日在第十届全国人民代表大会第三次会议上", 2005),  # ○ (white circle) for zero
        ("（1978年2月26日）", 1978),
        ("1990年3月20日", 1990),
        ("（2021年3月11日第十三届全国人民代表大会第四次会议批准）", 2021),
        ("（2020年10月29日中国共产党第十九届中央委员会第五次全体会议通过）", 2020),
    ],
)
def test_date_lines_give_their_year(line, year):
    assert date_line_year(normalize(line)) == year


@pytest.mark.parametrize(
    "line",
    [
        "2018年，我国经济运行保持在合理区间，国内生产总值增长6.6%。",  # a body sentence that opens with a year
        "2019年3月5日，十三届全国人大二次会议在北京开幕。",  # a news sentence, not a date line
        "到2035年基本实现社会主义现代化",  # a target
        "2035年远景目标",  # no month: not a date
        "国务院总理 李克强",
        "2019年13月5日在会议上",  # no such month
    ],
)
def test_other_lines_are_not_date_lines(line):
    assert date_line_year(normalize(line)) is None


# --- titles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, years",
    [
        ("2019年政府工作报告", [2019]),
        ("二〇一九年政府工作报告", [2019]),
        ("政府工作报告（2019年）", [2019]),
        ("中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要", []),
        ("广东省国民经济和社会发展第十四个五年规划（2021—2025年）", []),
        ("政府工作报告", []),
        ("关于2018年国民经济和社会发展计划执行情况与2019年国民经济和社会发展计划草案的报告", [2018, 2019]),
    ],
)
def test_title_years_leave_out_targets_and_periods(title, years):
    assert title_years(normalize(title)) == years


@pytest.mark.parametrize(
    "title, period",
    [
        ("中共广州市委关于制定广州市国民经济和社会发展第十五个五年规划的建议", (2026, 2030)),
        ("中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要", (2021, 2025)),
        ("中华人民共和国国民经济和社会发展第十个五年计划纲要", (2001, 2005)),
        ("关于“十三五”规划的说明", (2016, 2020)),
        ("广东省国民经济和社会发展规划（2021—2025年）", (2021, 2025)),
        ("2019年政府工作报告", None),
    ],
)
def test_plan_periods(title, period):
    assert plan_period(normalize(title)) == period


def test_five_year_plan_numbering_follows_the_1963_to_1965_gap():
    assert [five_year_plan_period(n)[0] for n in (1, 2, 3, 4, 8, 14, 15)] == [1953, 1958, 1966, 1971, 1991, 2021, 2026]


# --- whole documents ------------------------------------------------------------------


@pytest.mark.parametrize(
    "head, year, source",
    [
        ("政府工作报告\n——2019年3月5日在第十三届全国人民代表大会第二次会议上\n国务院总理 李克强\n各位代表：\n", 2019, "date_line"),
        ("新华社北京3月5日电\n政府工作报告\n——2025年3月5日在第十四届全国人民代表大会第三次会议上\n", 2025, "date_line"),
        ("政府工作报告\n一九五四年九月二十三日在第一届全国人民代表大会第一次会议上\n国务院总理 周恩来\n", 1954, "date_line"),
        ("2019年政府工作报告\n各位代表：\n", 2019, "title"),
        ("二〇一九年政府工作报告\n——2019年3月5日在第十三届全国人民代表大会第二次会议上\n", 2019, "date_line"),
        ("政府工作报告\n各位代表：\n", None, "none"),  # the body's 2018, 2035, 2020, 1978 are never read
        ("2018年政府工作报告\n——2019年3月5日在第十三届全国人民代表大会第二次会议上\n", None, "none"),  # disagree
        # texts that lost their line breaks: title, date line and speaker in one line
        ("1983年政府工作报告——1983年6月6日在第六届全国人民代表大会第一次会议上　　　　　　国务院总理赵紫阳各位代表：　　",
         1983, "date_line"),
        ("1998年政府工作报告　　——1 9 9 8 年3 月5 日在第九届全国人民代表大会第一次会议上　　　国务院总理李鹏　　各位代表：",
         1998, "date_line"),
        ("1980年政府工作报告关于１９８０、１９８１年国民经济计划安排的报告——１９８０年８月３０日在第五届全国人民代表大会第三次会议上　　各位代表：",
         1980, "date_line"),  # the title names two years; the date line says which
        ("　　3月5日，李克强代表国务院在十二届全国人大二次会议上作《政府工作报告》。 新华社记者摄　　新华社北京3月14日电　　政府工作报告　　"
         "——2014年3月5日在第十二届全国人民代表大会第二次会议上　　国务院总理 李克强各位代表：", 2014, "date_line"),
        ("1984年政府工作报告－－1984年5月15日在第六届全国人民代表大会第二次会议上　　　国务院总理赵紫阳各位代表：", 1984, "date_line"),
        ("2006年政 府 工 作 报 告\t\t——2006年3月5日在第十届全国人民代表大会第四次会议上\t\t国务院总理　温家宝　　各位代表：", 2006, "date_line"),
        ("1964年国务院政府工作报告（摘要）——１９６４年１２月２１日和２２日在第三届全国人民代表大会第一次会议上　　国务院总理周恩来　　五年来，",
         1964, "date_line"),
        ("2007年中华人民共和国国务院政府工作报告\n\n各位代表：\n", 2007, "title"),
        # no title, no date line: the opening address, then the body's years (a review of 2016) are never read
        ("　　各位代表：　　现在，我代表国务院，向大会报告政府工作。　　", None, "none"),
        ("　　3月5日，国务院总理温家宝在第十一届全国人民代表大会第五次会议上作政府工作报告。记者 李 舸摄　　各位代表：　　", None, "none"),
    ],
)
def test_derive_year_reads_only_title_and_date_line(head, year, source):
    found = derive_year(normalize(head + BODY))
    assert (found.year, found.source) == (year, source)


def test_a_document_without_chapters_or_address_has_its_date_line_in_its_head():
    text = ("政府工作报告\n（一九七五年一月十三日在第四届全国人民代表大会第一次会议上）\n"
            "一九七四年，我国工农业生产取得了新的成就。到一九八〇年建成独立的工业体系。\n")
    found = derive_year(normalize(text))
    assert (found.year, found.source, found.title) == (1975, "date_line", "政府工作报告")


def test_a_plan_gets_its_period_and_only_a_printed_issue_year(bundled_text):
    found = derive_year(bundled_text)  # its head: trade news (①2024年8月21日,…), a wire lead, no date line
    assert (found.year, found.period_start, found.period_end) == (None, 2026, 2030)
    assert "2026–2030" in found.note
    outline = normalize("中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要\n"
                       "（2021年3月11日第十三届全国人民代表大会第四次会议批准）\n" + BODY)
    found = derive_year(outline)
    assert (found.year, found.source, found.period_start, found.period_end) == (2021, "date_line", 2021, 2025)


# --- the sheet --------------------------------------------------------------------------


def write(tmp_path, text):
    path = tmp_path / "documents.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_sheet_is_read_typed_and_date_fills_year(tmp_path):
    path = write(tmp_path, "document\tyear\tdate\tlevel\tregion\n"
                           "a\t2019\t\tnational\t全国\nb\t\t2020-03-05\tprovincial\t广东\nc\t\t\tprovincial\t\n")
    sheet = read_sheet(path, SCHEMA, ["a", "b", "c", "d"])
    assert sheet["document"].tolist() == ["a", "b", "c"]
    assert sheet["year"].tolist()[:2] == [2019, 2020] and pd.isna(sheet["year"].iloc[2])
    assert sheet["region"].tolist() == ["全国", "广东", ""]


@pytest.mark.parametrize(
    "text, message",
    [
        ("document\tyear\nzz\t2019\n", "documents.tsv, row 1 (document 'zz'), column document: no document has this id"),
        ("document\tyear\na\t2019\na\t2020\n", "row 2 (document 'a'), column document: duplicate of row 1"),
        ("document\tyear\na\t20x9\n", "row 1 (document 'a'), column year: '20x9' is not of type 'integer'"),
        ("document\tyear\na\t1850\n", "row 1 (document 'a'), column year: 1850 is less than the minimum of 1900"),
        ("document\tdate\na\t2019/03/05\n", "row 1 (document 'a'), column date: '2019/03/05' does not match"),
        ("document\tyear\tdate\na\t2019\t2020-01-01\n", "column date: 2020-01-01 is not in year 2019"),
        ("year\tlevel\n2019\tnational\n", "needs a 'document' column"),
        ("document\tLevel\na\tx\n", "column names must be lower-case ASCII"),
    ],
)
def test_sheet_errors_name_file_row_and_column(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(SheetError) as err:
        read_sheet(path, SCHEMA, ["a", "b"])
    assert message in str(err.value)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_document_table_merges_sheet_and_text_and_logs_the_undated(tmp_path, caplog):
    from plantopics.series.sheet import DerivedYear

    sheet = read_sheet(write(tmp_path, "document\tyear\tlevel\na\t2019\tnational\nb\t\tprovincial\n"), SCHEMA,
                       ["a", "b", "c", "d"])
    derived = {
        "a": DerivedYear(2018, "date_line", "报告"),  # the sheet wins, with a warning
        "b": DerivedYear(2020, "title", "2020年报告"),
        "c": DerivedYear(None, "none", "报告", note="no title or date line with a year"),
        "d": DerivedYear(2021, "date_line", "规划", 2021, 2025),
    }
    with caplog.at_level(logging.INFO):
        table = document_table(["a", "b", "c", "d"], derived, sheet)
    assert table.columns.tolist()[:3] == ["document", "year", "level"]
    assert table["year"].tolist()[:2] == [2019, 2020] and pd.isna(table["year"].iloc[2])
    assert table["year_source"].tolist() == ["sheet", "title", "none", "date_line"]
    assert table["level"].tolist() == ["national", "provincial", "", ""]
    assert table["period_end"].iloc[3] == 2025
    assert "a: the document sheet says 2019, the text says 2018" in caplog.text
    assert "c: no year (no title or date line with a year)" in caplog.text
    assert categorical_attributes(table) == ["level"]
