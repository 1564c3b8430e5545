"""The document sheet and the year of each document.

**The sheet** (Snakemake's sample-sheet convention; the file the config's
``series.sheet`` names) is a tab-separated table with one row per document id
and any attributes the user has: ``year`` or ``date``, ``level``, ``region``,
``genre``, ``author`` … Its rows are validated by a JSON schema that lives
beside the config schema (:func:`plantopics.config.sheet_schema`), as
``snakemake.utils.validate`` validates a sample sheet; an id that names no
document, a duplicate id, a bad value or a ``date`` that disagrees with
``year`` is one line naming the file, the row and the column.

**Derived years.** A document the sheet gives no year gets one from its own
text when the text states it unambiguously, and only from the places that
state when a document was issued:

* the **date line** under the title (——2019年3月5日在第十三届全国人民代表大会
  第二次会议上, （2019年3月5日…）, 一九五四年九月二十三日在…会议上): a line of the
  document's head that starts with a full date (year and month) and is either
  nothing but the date or the date followed by where it was delivered,
  approved or issued;
* the **title** (2019年政府工作报告, 二〇一九年政府工作报告), when it names exactly
  one year and that year is not a target (2035年远景目标) or part of a period
  (2021—2025年).

Years in the body (reviews of 2018, targets like 2035年) are never read: only
the title and the lines before the first heading are looked at. When the title
and the date line disagree, or two date lines do, the document gets no year
and the log says why. Numerals may be Arabic (2019) or Chinese (二〇一九, 一九五四,
with 〇, ○, 零 or O for zero).

**Plans** (第十五个五年规划, 十四五, (2021—2025年)) name a period as well: their
``year`` is still the year the document was issued (from the date line or
the sheet), and the period goes to ``period_start`` / ``period_end``. A plan
whose issue date is not printed gets no year: the plan period alone does not
say whether the text is the proposal (issued the year before) or the outline
(issued in its first year).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from plantopics.errors import DocumentError
from plantopics.segment import GENRE_WORDS

log = logging.getLogger(__name__)

YEAR_RANGE = (1900, 2100)  # a 4-digit number outside it is not a year of a policy document
HEAD_CHARS = 400  # the head (title, date line, speaker) is within a document's first characters
DATE_LINE_CHARS = 80  # a date line is short; a body sentence that starts with a date is longer or says more

_ZERO = "〇○零OoΟ"
_CN_DIGIT = {**dict.fromkeys(_ZERO, 0), "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
_CN = "[" + "".join(_CN_DIGIT) + "]"
_CN_SMALL = "[一二三四五六七八九十]{1,3}"
# A year: four Arabic digits or four Chinese digits, then 年 (not part of a longer number).
_DIGITS4 = r"\d(?: ?\d){3}"  # 1998, or 1 9 9 8 as some texts space their digits
YEAR = re.compile(rf"(?<![\d{''.join(_CN_DIGIT)}])(?P<year>{_DIGITS4}|{_CN}{{4}})\s*年")
# A full date: year, month, optional day.
DATE = re.compile(
    rf"(?P<year>{_DIGITS4}|{_CN}{{4}})\s*年\s*(?P<month>\d{{1,2}}|{_CN_SMALL})\s*月\s*(?:(?P<day>\d{{1,2}}|{_CN_SMALL})\s*日)?"
)
# Where the head ends: the speech's opening address, or the first heading.
_HEAD_END = re.compile(r"(?:各位代表|各位委员|同志们|代表们)\s*[：:！!，,]|(?:^|(?<=[\s。！？]))(?:一、|第一章|第一篇)")
# Where a head that lost its line breaks is cut: tabs, runs of spaces, before the dash of a date line.
_HEAD_BREAK = re.compile(r"\n|\t|[ \u3000]{2,}|\u3000|(?=——|--|－－)")
# What may stand right before a date line's date: a line start, a space, a dash, an opening bracket.
_DATE_LINE_BEFORE = re.compile(r"(?:^|[\s—–\-－―─~～(（\[【〔])$")
# What follows the date on a date line: more days (和22日, 至6日), then where or how the document was
# delivered or adopted (在…会议上, …全体会议通过), or the line's end (a closing bracket, the end of the text).
_DATE_LINE_REST = re.compile(
    r"(?:\s*(?:和|至|、|—|-)\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:月\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}))?\s*日)?"
    r"(?:\s*(?:在|于)[^。！？；，\n]{0,40}(?:会议|大会|常委会|全会|典礼)(?:上|闭幕|开幕)?"
    r"|[^。！？；，\n]{0,60}?(?:通过|批准|发布|印发|修订|修正)"
    r"|\s*[)）\]】〕]|\s*$)"
)
# A year that is a target or an end point, not the document's own: 2035年远景目标, 到2035年, 2021—2025年.
_TARGET_AFTER = re.compile(r"^\s*(?:远景|目标|愿景|前|以前|之前|左右|基本实现|全面建成)")
_TARGET_BEFORE = re.compile(r"(?:到|至|迄|截至|截止|—|–|-|－|~|～|展望)\s*$")
_PERIOD = re.compile(
    rf"(?P<start>\d{{4}}|{_CN}{{4}})\s*年?\s*(?:—|–|-|－|―|─|~|～|至|到)+\s*(?P<end>\d{{4}}|{_CN}{{4}})\s*年"
)
_FIVE_YEAR_PLAN = re.compile(
    r"第(?P<n>[一二三四五六七八九十]{1,3})个五年(?:规划|计划)"
    r"|[“\"]?(?P<short>[一二三四五六七八九十]{1,3})五[”\"]?(?:规划|计划|时期)"
)

SHEET_COLUMNS = ("document",)
YEAR_SOURCES = ("sheet", "date_line", "title", "none")


class SheetError(DocumentError):
    """A document sheet that cannot be used: bad file, unknown id, bad value."""


# --------------------------------------------------------------------------- numerals and years


def numeral_year(text: str) -> int:
    """2019 from '2019' or '二〇一九' (digit by digit, 〇 ○ 零 O for zero)."""
    text = text.replace(" ", "")
    if text.isdigit() and text.isascii():
        return int(text)
    return int("".join(str(_CN_DIGIT[c]) for c in text))


def _small_number(text: str) -> int:
    """3 from '3' or '三', 23 from '二十三' (months and days)."""
    if text.isdigit() and text.isascii():
        return int(text)
    if "十" not in text:
        return _CN_DIGIT[text]
    tens, _, units = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[units] if units else 0)


def _plausible(year: int) -> bool:
    return YEAR_RANGE[0] <= year <= YEAR_RANGE[1]


def _date_years(text: str, whole_line: bool) -> list[int]:
    """Years of the date lines in ``text`` (see :func:`date_line_year`)."""
    years = []
    for m in DATE.finditer(text):
        before = text[: m.start()]
        if before and not _DATE_LINE_BEFORE.search(before):
            continue
        if whole_line and before.strip(" —–-－―─~～(（[【〔\u3000"):
            continue
        year, month = numeral_year(m.group("year")), _small_number(m.group("month"))
        if not _plausible(year) or not 1 <= month <= 12:
            continue
        rest = text[m.end():]
        closing = _DATE_LINE_REST.match(rest)
        if closing is None:
            continue
        if whole_line and rest[closing.end():].strip(" ）)]】〕\u3000"):
            continue
        years.append(year)
    return years


def date_line_year(line: str) -> int | None:
    """The year of a date line (——2019年3月5日在…会议上, （一九五四年九月二十三日）),
    or None when ``line`` is not one: a full date (year and a valid month)
    after nothing but dashes or an opening bracket, followed by nothing but
    where and how the document was delivered, adopted or issued (在…会议上,
    …通过, 和22日在…上). A body sentence that opens with a date
    (2019年3月5日，十三届全国人大二次会议开幕。) is not a date line."""
    years = _date_years(line.strip(), whole_line=True)
    return years[0] if len(years) == 1 else None


def date_line_years(head: str) -> list[int]:
    """The years of every date line in a document's head, also where the head
    lost its line breaks and the date line runs on into the speaker's name
    (——2011年3月5日在第十一届全国人民代表大会第四次会议上国务院总理 温家宝)."""
    return _date_years(head, whole_line=False)


def title_years(title: str) -> list[int]:
    """The years a title names as its own (2019年政府工作报告 -> [2019]), in
    order, without targets (2035年远景目标, 到2035年) and without the years of
    a period (2021—2025年: :func:`plan_period`)."""
    spans = [m.span() for m in _PERIOD.finditer(title)]
    years = []
    for m in YEAR.finditer(title):
        if any(s <= m.start() < e for s, e in spans):
            continue
        if _TARGET_AFTER.match(title[m.end():]) or _TARGET_BEFORE.search(title[: m.start()]):
            continue
        year = numeral_year(m.group("year"))
        if _plausible(year):
            years.append(year)
    return years


def five_year_plan_period(n: int) -> tuple[int, int]:
    """The years of the n-th national five-year plan: 1953–1957, 1958–1962,
    then from the third (1966–1970, after the 1963–1965 readjustment) every
    five years: the 14th is 2021–2025, the 15th 2026–2030. Local plans follow
    the national numbering."""
    if n < 1:
        raise ValueError(f"no five-year plan number {n}")
    start = {1: 1953, 2: 1958}.get(n, 1966 + 5 * (n - 3))
    return start, start + 4


def plan_period(title: str) -> tuple[int, int] | None:
    """The period a plan's title names: (2021, 2025) from （2021—2025年） or
    from 第十四个五年规划 / “十四五”规划; None when it names none."""
    m = _PERIOD.search(title)
    if m:
        start, end = numeral_year(m.group("start")), numeral_year(m.group("end"))
        if _plausible(start) and _plausible(end) and start < end:
            return start, end
    m = _FIVE_YEAR_PLAN.search(title)
    if m:
        return five_year_plan_period(_small_number(m.group("n") or m.group("short")))
    return None


# --------------------------------------------------------------------------- a document's year


@dataclass(frozen=True)
class DerivedYear:
    """What a document's own text says about its date. ``year`` is None when
    it says nothing unambiguous; ``source`` is date_line, title or none;
    ``title`` is the first title line of the head; ``note`` says why there is
    no year (for the log)."""

    year: int | None
    source: str
    title: str = ""
    period_start: int | None = None
    period_end: int | None = None
    note: str = ""


def head_lines(text: str) -> list[str]:
    """The lines of a document's head, where its title and date line are: the
    normalised text up to the speech's opening address (各位代表：), its first
    heading (一、, 第一章, 第一篇) or ``HEAD_CHARS`` characters, whichever comes
    first, cut into lines at line breaks, tabs, runs of spaces and before a
    dash that opens a date line. Texts that lost their line breaks (title,
    date line and speaker run together, separated by spaces) are cut the same
    way as texts that kept them."""
    head = text.lstrip()[:HEAD_CHARS]
    end = _HEAD_END.search(head)
    if end:
        head = head[: end.start()]
    return [line.strip() for line in _HEAD_BREAK.split(head) if line and line.strip()]


def _is_title_line(line: str) -> bool:
    """A title: 4–80 characters (spaces aside), names its genre (报告, 规划,
    纲要 …), no sentence or clause punctuation, not a date line."""
    compact = re.sub(r"\s+", "", line)
    return (4 <= len(compact) <= 80 and not any(c in compact for c in "。！？；：:")
            and any(word in compact for word in GENRE_WORDS) and date_line_year(line) is None)


def derive_year(text: str) -> DerivedYear:
    """The year a document states for itself (see the module docstring), from
    its normalised text (text/normalized.txt). Only the title lines and the
    date lines of its head (:func:`head_lines`) are read; the date line's year
    wins when the title names it too or names no year."""
    lines = head_lines(text)
    titles = [re.sub(r"\s+", "", line) for line in lines if _is_title_line(line)]
    title = titles[0] if titles else ""
    period = next((p for p in map(plan_period, titles) if p), None)
    extra = {"title": title, "period_start": period[0] if period else None,
             "period_end": period[1] if period else None}
    from_lines = sorted({y for line in lines for y in date_line_years(line)})
    from_title = sorted({y for t in titles for y in title_years(t)})
    if len(from_lines) > 1:
        return DerivedYear(None, "none", note=f"date lines name different years {from_lines}", **extra)
    if from_lines and from_title and from_lines[0] not in from_title:
        return DerivedYear(None, "none", note=f"the title names {from_title}, the date line {from_lines[0]}", **extra)
    if from_lines:
        return DerivedYear(from_lines[0], "date_line", **extra)
    if len(from_title) == 1:
        return DerivedYear(from_title[0], "title", **extra)
    if len(from_title) > 1:
        return DerivedYear(None, "none", note=f"the title names several years {from_title}", **extra)
    why = "no title or date line with a year" if not period else (
        f"a plan for {period[0]}–{period[1]} with no printed issue date (give its year in the document sheet)")
    return DerivedYear(None, "none", note=why, **extra)


# --------------------------------------------------------------------------- the sheet


def _typed(value: str, kind: object):
    """A cell as the schema's type wants it: '2019' -> 2019 for an integer
    column, '' -> absent; anything that does not convert stays text, so the
    schema reports it."""
    kinds = kind if isinstance(kind, list) else [kind]
    if "integer" in kinds and re.fullmatch(r"[+-]?\d+", value):
        return int(value)
    if "number" in kinds:
        try:
            return float(value)
        except ValueError:
            return value
    return value


def read_sheet(path: str | Path, schema: Mapping, documents: Iterable[str]) -> pd.DataFrame:
    """The document sheet at ``path``, validated against ``schema`` and the
    known ``documents`` (ids).

    Returns one row per document of the sheet, in the sheet's order: column
    ``document`` then the sheet's other columns, as text ('' when empty)
    except the columns the schema types as integer or number (``year``:
    nullable Int64). ``date`` (YYYY, YYYY-MM or YYYY-MM-DD) fills ``year``
    where the sheet leaves it empty. Every problem raises :class:`SheetError`
    with the file, the row (1 is the first row after the header) and the
    column."""
    import jsonschema

    path = Path(path)
    try:
        frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, na_values=[])
    except (OSError, ValueError, pd.errors.ParserError) as err:
        raise SheetError(f"{path}: cannot read the document sheet ({err})") from err
    frame.columns = [str(c).strip() for c in frame.columns]
    if "document" not in frame.columns:
        raise SheetError(
            f"{path}: the document sheet needs a 'document' column (tab-separated), found {list(frame.columns)}")
    bad_names = [c for c in frame.columns if not re.fullmatch(r"[a-z][a-z0-9_]*", c)]
    if bad_names:
        raise SheetError(f"{path}: column names must be lower-case ASCII (letters, digits, _): {bad_names}")
    frame = frame.apply(lambda column: column.str.strip())
    properties = schema.get("properties", {})
    validator = jsonschema.Draft202012Validator(schema)
    known = set(documents)
    seen: dict[str, int] = {}
    for row_number, row in enumerate(frame.to_dict("records"), start=1):
        record = {c: _typed(v, properties.get(c, {}).get("type")) for c, v in row.items() if v != ""}
        where = f"{path}, row {row_number} (document {row['document']!r})"
        error = next(iter(sorted(validator.iter_errors(record), key=lambda e: list(e.path))), None)
        if error is not None:
            column = error.path[0] if error.path else None
            if column is None and error.validator == "required":
                column = error.message.split("'")[1]
            raise SheetError(f"{where}, column {column}: {error.message}")
        if row["document"] not in known:
            raise SheetError(f"{where}, column document: no document has this id (known: {', '.join(sorted(known))})")
        if row["document"] in seen:
            raise SheetError(f"{where}, column document: duplicate of row {seen[row['document']]}")
        seen[row["document"]] = row_number
        if row.get("date") and row.get("year") and int(row["date"][:4]) != int(row["year"]):
            raise SheetError(f"{where}, column date: {row['date']} is not in year {row['year']}")
    for column, spec in properties.items():
        if column in frame.columns and "integer" in (spec.get("type") if isinstance(spec.get("type"), list)
                                                     else [spec.get("type")]):
            frame[column] = pd.array([int(v) if v else None for v in frame[column]], dtype="Int64")
        elif column in frame.columns and "number" in (spec.get("type") if isinstance(spec.get("type"), list)
                                                      else [spec.get("type")]):
            frame[column] = pd.to_numeric(frame[column].replace("", None))
    if "date" in frame.columns:
        from_date = pd.array([int(d[:4]) if d else None for d in frame["date"]], dtype="Int64")
        frame["year"] = frame["year"].fillna(pd.Series(from_date, index=frame.index)) if "year" in frame.columns \
            else from_date
    return frame.reset_index(drop=True)


def document_table(
    documents: Sequence[str],
    derived: Mapping[str, DerivedYear],
    sheet: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``documents.csv``: one row per document (sorted as ``documents``):
    ``document``, ``year``, then every attribute of the sheet, then ``title``,
    ``year_source`` (sheet, date_line, title or none), ``period_start``,
    ``period_end``.

    The sheet's year wins over the derived one (a disagreement is logged); a
    document the sheet does not list gets empty attributes. Logs which
    documents got a derived year and which got none."""
    sheet = sheet if sheet is not None else pd.DataFrame(columns=["document"])
    by_id = sheet.set_index("document") if len(sheet) else None
    periods = ("period_start", "period_end")
    attributes = [c for c in sheet.columns if c not in ("document", "year", *periods)]
    rows = []
    for doc in documents:
        found = derived.get(doc, DerivedYear(None, "none", note="no structure"))
        given = None
        if by_id is not None and doc in by_id.index and "year" in by_id.columns and not pd.isna(by_id.at[doc, "year"]):
            given = int(by_id.at[doc, "year"])
        if given is not None and found.year is not None and given != found.year:
            log.warning("%s: the document sheet says %d, the text says %d (%s); using the sheet",
                        doc, given, found.year, found.source)
        year, source = (given, "sheet") if given is not None else (found.year, found.source)
        row = {"document": doc, "year": year}
        for column in attributes:
            row[column] = by_id.at[doc, column] if by_id is not None and doc in by_id.index else None
        row.update({"title": found.title, "year_source": source,
                    "period_start": found.period_start, "period_end": found.period_end})
        for column in periods:  # the sheet's period wins over the one the title names
            if by_id is not None and doc in by_id.index and column in by_id.columns \
                    and not pd.isna(by_id.at[doc, column]):
                row[column] = int(by_id.at[doc, column])
        rows.append(row)
    table = pd.DataFrame(rows, columns=["document", "year", *attributes, "title", "year_source", "period_start",
                                        "period_end"])
    for column in ("year", "period_start", "period_end"):
        table[column] = pd.array(table[column].tolist(), dtype="Int64")
    for column in attributes:
        if not pd.api.types.is_numeric_dtype(sheet[column]):
            table[column] = table[column].fillna("").astype(str)
    derived_ids = [d for d, source in zip(table["document"], table["year_source"], strict=True)
                   if source in ("date_line", "title")]
    if derived_ids:
        log.info("year derived from the text for %d document(s): %s", len(derived_ids), ", ".join(
            f"{d} {derived[d].year} ({derived[d].source})" for d in derived_ids))
    missing = table.loc[table["year"].isna(), "document"].tolist()
    for doc in missing:
        log.warning("%s: no year (%s); it is left out of the time outputs",
                    doc, derived.get(doc, DerivedYear(None, "none", note="no structure")).note or "not derivable")
    return table


def dated(documents: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``documents.csv`` that have a year (the time outputs' documents)."""
    return documents[documents["year"].notna()].reset_index(drop=True)


def attribute_columns(documents: pd.DataFrame) -> list[str]:
    """The sheet's attributes in ``documents.csv`` (every column between
    ``year`` and ``title``), less ``date``."""
    columns = list(documents.columns)
    start, end = columns.index("year") + 1, columns.index("title")
    return [c for c in columns[start:end] if c != "date"]


def categorical_attributes(documents: pd.DataFrame, max_levels: int | None = None) -> list[str]:
    """Attributes with text values and at least two distinct non-empty levels
    (and at most ``max_levels``): the groups of group keyness and of topic
    effects. Numeric attributes are covariates, not groups."""
    out = []
    for column in attribute_columns(documents):
        if pd.api.types.is_numeric_dtype(documents[column]):
            continue
        levels = {v for v in documents[column] if v != ""}
        if len(levels) >= 2 and (max_levels is None or len(levels) <= max_levels):
            out.append(column)
    return out


def numeric_attributes(documents: pd.DataFrame) -> list[str]:
    """Attributes the schema types as numbers (covariates of the topic effects)."""
    return [c for c in attribute_columns(documents) if pd.api.types.is_numeric_dtype(documents[c])]


__all__ = [
    "SheetError",
    "DerivedYear",
    "numeral_year",
    "date_line_year",
    "date_line_years",
    "title_years",
    "five_year_plan_period",
    "plan_period",
    "head_lines",
    "derive_year",
    "read_sheet",
    "document_table",
    "dated",
    "attribute_columns",
    "categorical_attributes",
    "numeric_attributes",
]
