"""Segment: canonical text -> preamble, title, front matter, table of contents,
parts, chapters, sections, boxes, paragraphs, closing, signature, appendices
and sentences.

The rules (also in the README, section "How a document is segmented"):

* **Headings** come from the numbering the document uses
  (:mod:`plantopics.headings`): the highest-ranked numbering scheme with a
  plausible sequence of at least two headings gives the chapters, the next
  one below it the sections, 第X篇/第X部分 the parts when the chapters are
  第X章. With no numbered headings, short heading lines standing alone between
  paragraphs are the chapters; with none of those either, the whole text is one
  chapter.
* **Chapter title**: the heading up to the end of its line, or up to its first
  sentence end when the line goes on; a first sentence that runs the title
  straight into the lead sentence is cut before the lead sentence's subject
  (:func:`cut_title`). **Section title**: its first sentence.
* **Boxes**: 专栏 (with or without a number) and its title, then the ● (or •)
  items that follow; several ● on one line are several items. The box ends at
  the first line that is not an item.
* **Before the body**: preamble (lines before the title), the title, front
  matter (chapter 0) and a table of contents (kind ``toc``): a 目录 block, or a
  run of heading-only lines whose headings recur later.
* **After the body** (chapter 0): the closing (the opening address repeated
  after the last chapter heading), signature and date lines, and appendices
  (附件, 附录, 附表, 名词解释, 注释, 说明, 注：…), whose own numbering restarts.
* **Sentences** end at 。！？ (with any closing quotes or brackets after them).

Every doubt (a chapter holding most of the text, numbering gaps or restarts,
headings out of sequence, no headings, no line breaks …) is a
:class:`Diagnostic` in ``structure.json`` and the log, naming the per-document
setting that would help.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from plantopics import paths
from plantopics.errors import SegmentError
from plantopics.headings import (
    BOX,
    BOX_ITEM,
    CLOSERS,
    SCHEMES,
    SENTENCE_END,
    Candidate,
    Hierarchy,
    Scheme,
    adopt_unnumbered,
    custom_schemes,
    find_candidates,
    infer_hierarchy,
    numeral_value,
    parent_index,
    unnumbered_candidates,
)
from plantopics.ingest import is_han

__all__ = [
    "Box", "Chapter", "Diagnostic", "Part", "Section", "SegmentError", "Sentence", "Structure", "Unit",
    "check_consistency", "cut_title", "numeral_value", "segment", "split_sentences", "write_structure",
]

log = logging.getLogger(__name__)

# A title names its genre: …的建议, …纲要, 政府工作报告, …若干措施.
GENRE_WORDS = (
    *("建议", "规划", "纲要", "报告", "意见", "决定", "通知", "措施"),
    *("方案", "办法", "条例", "公报", "决议", "讲话", "计划", "白皮书"),
)
# A wire-service lead: 新华社北京3月5日电 …, 财联社12月22日电，…
_NEWS_LEAD = re.compile(r"^[^，。！？\s]{0,20}?(?:\d{1,2}月\d{1,2}日)?电[\s，]")
# The address that opens a speech and, repeated after the last chapter, opens its closing part.
_SALUTATION = re.compile(r"^(各位代表|各位委员|同志们|代表们)[：！，]")
_TOC_HEAD = re.compile(r"^目\s*[录次](?![^\s\u4e00-\u9fff])")  # 目录, 目 录, 目录序言 (entries glued on)
# What entries of a table of contents carry: headings of an outline and page numbers (（315）, …… 12)
_TOC_MARK = re.compile(r"第[一二三四五六七八九十百零〇]{1,4}[篇编章节]|[（(]\s*\d{1,4}\s*[）)]|[.…·]{2,}\s*\d{1,4}")
_PAGE_TAIL = re.compile(r"[\s.·…．_—\-]*\d{1,4}$")
# Lines that open the back matter: 附件1, 附件：…, 附录, 附表2, 名词解释, 注释, 说明, 注：…
_APPENDIX = re.compile(
    r"^(?:附\s*[件录表图]\s*[一二三四五六七八九十\dA-Za-z]{0,3}(?:\s*[：:]|\s|$)|附\s*件\s*\d"
    r"|附\s*[：:]"
    r"|(?:名词解释|名词注释|注释|参考文献|说明|备注)\s*(?:[：:]|$)"
    r"|注\s*[：:])"
)
_CN_DIGIT = "〇零一二三四五六七八九"
_DATE = re.compile(
    rf"^[（(]?\s*(?:\d{{4}}|[{_CN_DIGIT}]{{4}})\s*年\s*(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月"
    rf"(?:\s*(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日)?\s*[）)]?$"
)
_ISSUER = re.compile(
    r"(?:人民政府|委员会|办公厅|办公室|政府|市委|省委|县委|区委|党委|常务委员会|国务院|中央|组织部|宣传部|厅|局)$"
)
_NOTE_LINE = re.compile(r"^[（(][^（()）]{1,20}[）)]$")  # （此件公开发布）

# never an unnumbered heading: a box (专栏), a date (——2026年1月26日在…上), a line opening with punctuation
_NOT_A_HEADING = re.compile(r"^专栏|\d{4}\s*年\s*\d{1,2}\s*月|^[^\u4e00-\u9fff\d]")
_ENDS_SENTENCE = re.compile(rf"[{SENTENCE_END}][{CLOSERS}]*$")
_SENTENCE = re.compile(rf"[^{SENTENCE_END}]*[{SENTENCE_END}]+[{CLOSERS}]*|[^{SENTENCE_END}]+$")
_TITLE_PUNCT = set("。！？，；：,;:")
JOINED_MEAN_LINE = 1000  # a text whose lines average this many characters has lost its line breaks
JOINED_ONE_LINE = 100  # and so has a text of one line this long
SHORT_CHAPTER_CHARS = 40
KINDS = (
    "preamble", "title", "front_matter", "toc", "part_title", "chapter_title", "section_title",
    "paragraph", "box_title", "box_item", "closing", "signature", "appendix_title", "appendix",
)
CHAPTER_ZERO_KINDS = frozenset(
    {"preamble", "title", "front_matter", "toc", "closing", "signature", "appendix_title", "appendix"}
)


@dataclass(frozen=True)
class Unit:
    """A paragraph, heading or box item. ``chapter`` is 0 for everything
    outside the chapters (:data:`CHAPTER_ZERO_KINDS`)."""

    unit_id: str
    chapter: int
    section: str
    box: str
    kind: str
    text: str


@dataclass(frozen=True)
class Sentence:
    sentence_id: str
    unit_id: str
    chapter: int
    section: str
    box: str
    kind: str
    text: str


@dataclass(frozen=True)
class Chapter:
    chapter: int
    numeral: str
    title: str
    n_sections: int
    n_boxes: int
    n_chars: int


@dataclass(frozen=True)
class Section:
    chapter: int
    section: str
    title: str


@dataclass(frozen=True)
class Part:
    part: int
    numeral: str
    title: str
    first_chapter: int


@dataclass(frozen=True)
class Box:
    chapter: int
    box: str
    title: str
    n_items: int


@dataclass(frozen=True)
class Diagnostic:
    """A reason to doubt the structure: a stable ``code``, a message for
    people, and the per-document setting that would help (``documents.<id>.<key>``)."""

    code: str
    message: str
    override: str


@dataclass
class Structure:
    title: str
    chapters: list[Chapter]
    sections: list[Section]
    boxes: list[Box]
    units: list[Unit]
    warnings: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    style: str = "numbered"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    schemes: dict[str, str | None] = field(default_factory=dict)
    line_breaks: bool = True

    def sentences(self) -> list[Sentence]:
        return [
            Sentence(f"{u.unit_id}.s{i:02d}", u.unit_id, u.chapter, u.section, u.box, u.kind, text)
            for u in self.units
            for i, text in enumerate(split_sentences(u.text), start=1)
        ]

    def summary(self) -> dict:
        kinds = Counter(unit.kind for unit in self.units)
        return {
            "title": self.title,
            "style": self.style,
            "n_parts": len(self.parts),
            "n_chapters": len(self.chapters),
            "n_sections": len(self.sections),
            "n_boxes": len(self.boxes),
            "n_units": len(self.units),
            "units_by_kind": dict(sorted(kinds.items())),
            "warnings": list(self.warnings),
            "schemes": dict(self.schemes),
            "line_breaks": self.line_breaks,
            "diagnostics": [dataclasses.asdict(d) for d in self.diagnostics],
        }


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


# --- titles ---------------------------------------------------------------------


def cut_title(heading: str, max_title_chars: int) -> tuple[str, str, bool]:
    """Split a chapter heading (numeral removed) into (title, rest of line, ok).
    ``ok`` is False when the title is longer than ``max_title_chars``."""
    end = next((i for i, c in enumerate(heading) if c in SENTENCE_END), None)
    if end is None:
        title, rest = heading, ""
    else:
        title, rest = heading[:end], heading[end:]
        if rest.lstrip(SENTENCE_END + "”’」』）").strip():
            title, lead = _cut_run_on(title)
            rest = lead + rest
    title = title.strip().rstrip("，；：,;:")
    rest = rest.strip()
    if rest and rest[0] in SENTENCE_END and not rest.lstrip(SENTENCE_END + "”’」』）").strip():
        rest = ""
    elif rest and rest[0] in SENTENCE_END:
        rest = rest.lstrip(SENTENCE_END).strip()
    return title, rest, len(title) <= max_title_chars


def _cut_run_on(sentence: str) -> tuple[str, str]:
    """(title, lead) for a heading's first sentence that may run into the lead
    sentence "S是…": cut before the longest S that already occurs earlier."""
    copula = sentence.find("是")
    if copula < 4:
        return sentence, ""
    before = sentence[:copula]
    for size in range(len(before) // 2, 1, -1):
        start = len(before) - size
        subject = before[start:]
        if all(is_han(c) for c in subject) and subject in before[:start]:
            return sentence[:start], sentence[start:]
    return sentence, ""


def _first_sentence(text: str) -> tuple[str, str]:
    sentences = split_sentences(text)
    if not sentences:
        return text, ""
    return sentences[0], text[text.find(sentences[0]) + len(sentences[0]) :]


def _looks_like_title(line: str, max_title_chars: int) -> bool:
    if not 4 <= len(line) <= max_title_chars or any(c in _TITLE_PUNCT for c in line):
        return False
    if not any(word in line for word in GENRE_WORDS):
        return False
    return _han_share(line) >= 0.6


def _heading_text(line: str) -> bool:
    """Chinese with perhaps a year or a number in it (2024年工作回顾), nothing else."""
    chars = [c for c in line if not c.isspace()]
    han = sum(map(is_han, chars))
    return han >= 0.5 * len(chars) and han + sum(c.isascii() and c.isdigit() for c in chars) >= 0.9 * len(chars)


def _han_share(line: str) -> float:
    chars = [c for c in line if not c.isspace()]
    return sum(map(is_han, chars)) / len(chars) if chars else 0.0


def _find_title(head: list[str], configured: str | None, max_title_chars: int) -> tuple[str | None, int]:
    if configured:
        for i, line in enumerate(head):
            if line.strip() == configured.strip():
                return line, i
        raise SegmentError(f"configured title {configured!r} is not a line before the first chapter")
    for i, line in enumerate(head[:20]):
        if _looks_like_title(line, max_title_chars):
            return line, i
    return None, -1


# --- what surrounds the body: table of contents, back matter, signatures ----------


def _toc_key(line: str) -> str:
    return re.sub(r"\s+", "", _PAGE_TAIL.sub("", line))


def find_toc(lines: Sequence[str], numbered: set[int], max_title_chars: int) -> tuple[set[int], list[int]]:
    """Lines of tables of contents: a line starting with 目录 and the lines after
    it that look like entries (headings, short lines, lines listing several
    headings or page numbers, OCR debris without a sentence), or a run of at
    least three numbered heading-only lines whose headings recur later. A run
    ends where a heading repeats (the body starts). Returns (line indices,
    first lines of the runs found without a 目录 line)."""

    def heading_only(i: int) -> bool:
        key = _toc_key(lines[i])
        return i in numbered and not any(c in SENTENCE_END for c in key) and len(key) <= max_title_chars + 10

    def entry(i: int) -> bool:
        line = lines[i]
        key = _toc_key(line)
        if heading_only(i) or (0 < len(key) <= 30 and not any(c in SENTENCE_END + "；：，" for c in key)):
            return True
        if len(_TOC_MARK.findall(line)) >= 2:
            return True
        return not any(c in SENTENCE_END for c in line) and _han_share(line) < 0.5

    def run_from(i: int, accept) -> int:
        seen: set[str] = set()
        while i < len(lines) and accept(i) and _toc_key(lines[i]) not in seen:
            seen.add(_toc_key(lines[i]))
            i += 1
        return i

    def recurs(k: int, after: int) -> bool:
        key = _toc_key(lines[k])
        return any(line.replace(" ", "").startswith(key.replace(" ", "")) for line in lines[after:])

    toc: set[int] = set()
    unmarked: list[int] = []
    i = 0
    while i < len(lines):
        if _TOC_HEAD.match(lines[i]) and len(_ANY_HEADING.findall(lines[i])) >= 2:
            toc.add(i)  # the entries on the 目录 line itself (a text without line breaks)
        elif _TOC_HEAD.match(lines[i]):
            end = run_from(i + 1, entry)
            while end - 1 > i and not recurs(end - 1, end):  # the body's first headings, not entries
                end -= 1
            if end - i - 1 >= 2:
                toc.update(range(i, end))
                i = end
                continue
        elif heading_only(i):
            end = run = run_from(i, heading_only)
            while end - 1 > i and not recurs(end - 1, run):
                end -= 1
            recurring = sum(1 for k in range(i, end) if recurs(k, end))
            if end - i >= 3 and recurring >= 0.6 * (end - i):
                toc.update(range(i, end))
                unmarked.append(i)
            i = max(end if i in toc else run, i + 1)
            continue
        i += 1
    return toc, unmarked


def _is_signature(line: str) -> bool:
    """A date, an issuing body or a short bracketed note (（此件公开发布）)."""
    if len(line) > 40 or any(c in SENTENCE_END + "；，" for c in line):
        return False
    compact = line.replace(" ", "")
    if _DATE.match(compact) or _NOTE_LINE.match(compact):
        return True
    return all(_ISSUER.search(word) for word in line.split()) and _han_share(line) >= 0.8


def _line_starts(candidates: dict[str, list[Candidate]]) -> set[int]:
    return {c.line for cands in candidates.values() for c in cands if c.start == 0}


# --- building units -----------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    """A line, or the part of a line from one heading to the next."""

    line: int
    text: str
    role: str = ""  # part, chapter, section, box or '' (body text)
    numeral: str = ""
    marker_end: int = 0  # where the heading's text starts in ``text``


@dataclass
class _Builder:
    """Accumulates units while walking the pieces of the document."""

    max_title_chars: int
    checks: _Checks
    box_item: re.Pattern = BOX_ITEM
    units: list[Unit] = field(default_factory=list)
    chapters: list[dict] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    boxes: list[dict] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    chapter: int = 0
    in_part_intro: bool = False  # between a part heading and its first chapter
    section: str = ""
    box: str = ""

    def add(self, kind: str, text: str) -> None:
        text = text.strip()
        if text:
            unit_id = f"u{len(self.units) + 1:05d}"
            if kind in CHAPTER_ZERO_KINDS:
                self.units.append(Unit(unit_id, 0, "", "", kind, text))
                return
            chapter = self.chapter + (1 if self.in_part_intro else 0)
            self.units.append(Unit(unit_id, chapter, self.section, self.box, kind, text))

    def start_chapter(self, numeral: str, heading: str) -> None:
        title, rest, ok = cut_title(heading, self.max_title_chars)
        if not ok:
            self.checks.warn(
                "long_title",
                f"chapter {numeral or len(self.chapters) + 1}: title longer than {self.max_title_chars} characters: "
                f"{title[:40]}…",
                "max_title_chars",
            )
        self.chapter += 1
        self.in_part_intro = False
        self.section, self.box = "", ""
        self.chapters.append({"chapter": self.chapter, "numeral": numeral, "title": title})
        self.add("chapter_title", title)
        self.add("paragraph", rest)

    def start_part(self, numeral: str, title: str) -> None:
        self.section, self.box, self.in_part_intro = "", "", True
        self.parts.append(Part(len(self.parts) + 1, numeral, title.strip(), self.chapter + 1))
        self.add("part_title", title)

    def start_section(self, number: str, body: str) -> None:
        title, rest = _first_sentence(body)
        self.section, self.box = number, ""
        self.sections.append(Section(self.chapter, number, title.strip().rstrip(SENTENCE_END)))
        self.add("section_title", title)
        self.add("paragraph", rest)

    def start_box(self, numeral: str, text: str) -> None:
        first_item = self.box_item.search(text)
        title = text[: first_item.start()] if first_item else text
        self.box = numeral or str(len(self.boxes) + 1)
        self.boxes.append({"chapter": self.chapter, "box": self.box, "title": title.strip(), "n_items": 0})
        self.add("box_title", title)
        if first_item:
            self.add_box_items(self.box_item.split(text[first_item.start() :]))

    def add_box_items(self, items: Iterable[str]) -> None:
        for item in items:
            if item.strip():
                self.boxes[-1]["n_items"] += 1
                self.add("box_item", item)


@dataclass
class _Checks:
    """Collects diagnostics; each is logged once as a warning."""

    source: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def warn(self, code: str, message: str, *settings: str) -> None:
        override = " or ".join(f"documents.{self.source}.{s}" for s in settings)
        message = f"{self.source}: {message}" + (f" (set {override})" if override else "")
        log.warning(message)
        self.diagnostics.append(Diagnostic(code, message, override))


# --- the segmenter ----------------------------------------------------------------------


_CJK = "\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e"
_ENDS_MARKER = re.compile(
    r"(?:第[一二三四五六七八九十百零〇]{1,5}(?:[篇编章节]|部分)|专栏[一二三四五六七八九十\d]{0,3}|[●•])$"
)
_SPACE_BREAK = re.compile(rf"(?<=[{_CJK}”’」』）》]) +| +(?=[{_CJK}“‘「『（《])")


def _mean_line(lines: Sequence[str]) -> float:
    return sum(map(len, lines)) / len(lines) if lines else 0.0


def _joined(lines: Sequence[str]) -> bool:
    """Lines this long on average (or one long line) are a text that lost its line breaks."""
    return _mean_line(lines) >= JOINED_MEAN_LINE or (len(lines) == 1 and len(lines[0]) >= JOINED_ONE_LINE)


def _lines(text: str, checks: _Checks) -> tuple[list[str], bool]:
    """The non-blank lines. A text that lost its line breaks but kept the
    spaces that indented its paragraphs (　　 before ingest) gets its lines
    back from those spaces (not a space after a heading's marker: 第一编 基本任务),
    when the pieces look like paragraphs and headings (most end a sentence or are short).
    Returns the lines and whether the text is still without line breaks."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not _joined(lines):
        return lines, False
    split: list[str] = []
    for line in lines:
        for piece in _SPACE_BREAK.split(line):
            if not piece.strip():
                continue
            if split and _ENDS_MARKER.search(split[-1]):  # 第一编 基本任务: the space after a marker
                split[-1] += " " + piece.strip()
            else:
                split.append(piece.strip())
    paragraphs = sum(1 for piece in split if piece[-1] in SENTENCE_END + CLOSERS + "：；" or len(piece) <= 40)
    enough = len(split) >= max(5, sum(map(len, split)) / JOINED_MEAN_LINE)  # not one stray space
    if _joined(split) or not enough or paragraphs < 0.6 * len(split):
        return [piece for line in lines for piece in _joined_breaks(line)], True
    checks.warn(
        "line_breaks_from_spaces",
        f"the text has no line breaks; its {len(split)} lines were taken from the spaces between paragraphs",
    )
    return split, False


_JOINED_APPENDIX = re.compile(
    rf"(?<=[{SENTENCE_END}日])(?=附\s*[件录表]\s*[一二三四五六七八九十\d]{{0,2}}|名词解释|注释：)"  # 日: after a date
)
_ANY_HEADING = re.compile(
    r"第[一二三四五六七八九十百零〇]{1,5}(?:[篇编章节]|部分)|[一二三四五六七八九十]{1,3}[、.]|（[一二三四五六七八九十]{1,3}）"
)
_NUMERAL_BEFORE = "第一二三四五六七八九十百零〇"  # a marker right after one of these is part of a larger number


def _joined_breaks(line: str) -> list[str]:
    """Lines that a text without line breaks still shows: a table of contents
    (from 目录 to where its first entry repeats) and appendices (附件1, 名词解释
    after a sentence end) become lines of their own."""
    cuts = {m.start() for m in _JOINED_APPENDIX.finditer(line)}
    toc = re.search(r"目\s*录", line[: len(line) // 3])
    first = _ANY_HEADING.search(line, toc.end()) if toc else None
    if first:
        key = line[first.start() : first.start() + 8]
        again = line.find(key, first.end())
        while again > 0 and line[again - 1] in _NUMERAL_BEFORE:  # 一、加快… inside 十一、加快…
            again = line.find(key, again + 1)
        if again > 0:
            cuts |= {toc.start(), again}
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(line)), len(line)]
    return [line[a:b] for a, b in itertools.pairwise(bounds) if line[a:b].strip()]


def _schemes_for(style: str | None) -> list[Scheme]:
    if style not in (None, "numbered", "outline"):
        raise SegmentError(f"style {style!r} is not one of numbered, outline (or null to infer it)")
    if style is None:
        return list(SCHEMES)
    return [s for s in SCHEMES if s.outline == (style == "outline")]


def _find_line(lines: Sequence[str], prefix: str, setting: str, after: int = 0) -> int:
    for i in range(after, len(lines)):
        if lines[i].startswith(prefix.strip()):
            return i
    raise SegmentError(f"{setting} {prefix!r}: no line starts with it")


def _filter(candidates: dict[str, list[Candidate]], keep) -> dict[str, list[Candidate]]:
    return {name: [c for c in cands if keep(c)] for name, cands in candidates.items()}


def segment(
    text: str,
    *,
    max_title_chars: int,
    title: str | None = None,
    patterns: dict | None = None,
    style: str | None = None,
    source: str = "document",
    body_start: str | None = None,
    body_end: str | bool | None = None,
) -> Structure:
    """Segment canonical ``text`` (see :mod:`plantopics.ingest`) into its structure.

    The keyword arguments are a document's segment settings
    (:func:`plantopics.workflow.documents.segment_settings` builds them from the
    filled config). ``style`` None infers the heading levels; 'outline' uses only 第X篇/第X章/第X节,
    'numbered' only 一、/（一）/1./（1）. ``patterns`` (part, chapter, section, box,
    box_item) replace what is inferred for their level. ``body_start``: the
    first line of the body starts with this text (everything before it is
    front matter). ``body_end``: the first line of the back matter starts with
    this text; False: the document has no back matter; None finds it."""
    checks = _Checks(source)
    lines, joined = _lines(text, checks)
    custom = custom_schemes(patterns)
    levels = {k: v for k, v in custom.items() if k in ("part", "chapter", "section")}
    schemes = [*_schemes_for(style), *levels.values()]
    offsets = [0, *itertools.accumulate(len(line) for line in lines)]
    total = offsets[-1]
    if joined:
        checks.warn(
            "no_line_breaks",
            f"the text has no line breaks (lines average {total // len(lines)} characters): headings were "
            "looked for inside running text too, and a title may run into the first sentence after it",
            "chapter_pattern",
        )

    every = find_candidates(lines, SCHEMES, joined=False, max_title_chars=max_title_chars)
    toc, unmarked_toc = find_toc(lines, _line_starts(every), max_title_chars)
    if unmarked_toc:
        where = ", ".join(f"line {i + 1} ({lines[i][:16]})" for i in unmarked_toc[:3])
        checks.warn(
            "repeated_headings",
            f"{len(unmarked_toc)} block(s) of heading lines repeat later: taken as a table of contents "
            f"(kind toc): {where}",
            "body_start",
        )
    start = _find_line(lines, body_start, "body_start") if body_start else 0
    skip = toc | set(range(start))
    candidates = find_candidates(lines, schemes, joined=joined, skip=skip, max_title_chars=max_title_chars)

    def infer(found: dict[str, list[Candidate]]) -> Hierarchy:
        return infer_hierarchy(found, schemes, offsets, total, forced=levels)

    hierarchy = infer(candidates)
    end = len(lines)
    if isinstance(body_end, str) and body_end:
        end = _find_line(lines, body_end, "body_end", after=start + 1)
    elif body_end is None:
        end = _back_matter_start(lines, candidates, toc, infer, max_title_chars) or end
    if end < len(lines):
        candidates = _filter(candidates, lambda c: c.line < end)
        hierarchy = infer(candidates)
    if "chapter" not in levels:
        numbered = _line_starts(every)
        lone = unnumbered_candidates(_unnumbered_headings(lines, start, end, toc, numbered, max_title_chars))
        hierarchy = adopt_unnumbered(hierarchy, lone, candidates, schemes) or hierarchy
    for reason in hierarchy.rejected_top:
        checks.warn("chapter_scheme_refused", f"{reason}; not taken as the chapters", "chapter_pattern", "body_start")
    pieces = _pieces(lines, hierarchy, custom.get("box"), end, joined)
    builder = _Builder(max_title_chars=max_title_chars, checks=checks)
    if "box_item" in custom:
        builder.box_item = custom["box_item"].marker
    doc_title = _build(pieces, builder, lines, toc, start, end, title, checks, max_title_chars)

    units = builder.units
    chapter_chars = Counter()
    for u in units:
        chapter_chars[u.chapter] += len(u.text)
    chapters = [
        Chapter(
            chapter=c["chapter"],
            numeral=c["numeral"],
            title=c["title"],
            n_sections=sum(1 for s in builder.sections if s.chapter == c["chapter"]),
            n_boxes=sum(1 for b in builder.boxes if b["chapter"] == c["chapter"]),
            n_chars=chapter_chars[c["chapter"]],
        )
        for c in builder.chapters
    ]
    style_name = (
        "outline" if hierarchy.schemes["chapter"] == "zhang" or hierarchy.parts
        else "unnumbered" if hierarchy.schemes["chapter"] == "unnumbered"
        else "numbered" if hierarchy.chapters
        else "none"
    )
    structure = Structure(
        title=doc_title,
        chapters=chapters,
        sections=builder.sections,
        boxes=[Box(**b) for b in builder.boxes],
        units=units,
        parts=builder.parts,
        style=style_name,
        schemes=dict(hierarchy.schemes),
        line_breaks=not joined,
    )
    _judge(structure, hierarchy, candidates, lines, checks)
    structure.diagnostics = checks.diagnostics
    structure.warnings = [d.message for d in checks.diagnostics]
    return structure


def _back_matter_start(
    lines: Sequence[str], candidates: dict[str, list[Candidate]], toc: set[int], infer, max_title_chars: int
) -> int | None:
    """The first appendix line (附件1, 名词解释, 注：…) that ends the body: the text
    before it has chapters, and their numbering does not go on after it (an
    appendix restarts at 一、, or no further chapter comes). ``infer`` gives the
    hierarchy of a set of candidates. Else another document appended after the body."""
    for m in range(1, len(lines)):
        if m in toc or not _APPENDIX.match(lines[m]):
            continue
        before = infer(_filter(candidates, lambda c, m=m: c.line < m))
        if before.chapters and not _numbering_goes_on(before, candidates, m):
            return m
    h = infer(candidates)
    top = candidates.get(h.schemes["chapter"] or "", [])
    return _second_document(lines, h, top, max_title_chars) if h.chapters else None


def _numbering_goes_on(h: Hierarchy, candidates: dict[str, list[Candidate]], m: int) -> bool:
    """After line ``m`` comes the next chapter, or (no chapter marker at all) the next section."""
    after = (m, 0)
    top = next((c for c in candidates.get(h.schemes["chapter"] or "", []) if c.at >= after), None)
    if top is not None:
        return top.value is None or top.value == (h.chapters[-1].value or 0) + 1
    section = next((c for c in candidates.get(h.schemes["section"] or "", []) if c.at >= after), None)
    return section is not None and bool(h.sections) and section.value == (h.sections[-1].value or 0) + 1


def _second_document(lines: Sequence[str], h: Hierarchy, top: list[Candidate], max_title_chars: int) -> int | None:
    """Another document appended after the body: a title line (…的报告) shortly
    before the chapter numbering restarts at 1 after the last chapter."""
    chapter_at = {c.at for c in h.chapters}
    last = h.chapters[-1].at
    restart = next((c for c in top if c.at > last and c.value == 1 and c.start == 0 and c.at not in chapter_at), None)
    if restart is None:
        return None
    for k in range(restart.line - 1, max(last[0], restart.line - 8), -1):
        if _looks_like_title(lines[k], max_title_chars):
            return k
    return None


def _unnumbered_headings(
    lines: Sequence[str], start: int, end: int, toc: set[int], numbered: set[int], max_title_chars: int
) -> list[int]:
    """Short heading lines standing alone between paragraphs (work reports of the
    1950s-80s): mostly Chinese, no sentence or clause punctuation, after a line
    that ends a sentence and before a paragraph. Searched after the title."""
    first_lines = range(start, min(end, start + 20))
    title_at = next((i for i in first_lines if _looks_like_title(lines[i], max_title_chars)), start - 1)
    found = []
    for i in range(title_at + 1, end):
        line = lines[i]
        if i in toc or i in numbered or not 2 <= len(line) <= min(40, max_title_chars):
            continue
        if any(c in SENTENCE_END + "；：" for c in line) or not _heading_text(line):
            continue
        if _SALUTATION.match(line) or _APPENDIX.match(line) or _is_signature(line) or _NOT_A_HEADING.search(line):
            continue
        before_ok = i > title_at + 1 and _ENDS_SENTENCE.search(lines[i - 1]) is not None
        after_ok = i + 1 < end and (lines[i + 1][-1] in SENTENCE_END + CLOSERS + "：" or len(lines[i + 1]) > 50)
        if before_ok and after_ok:
            found.append(i)
    return found if len(found) >= 2 else []


def _pieces(
    lines: Sequence[str], h: Hierarchy, box_scheme: Scheme | None, end: int, joined: bool
) -> list[_Piece]:
    """The lines, cut before every heading found (a heading glued after a
    sentence end, or in running text without line breaks, starts a piece)."""
    cuts: dict[int, list[tuple[int, str, Candidate | None]]] = {}
    for role, found in (("part", h.parts), ("chapter", h.chapters), ("section", h.sections)):
        for c in found:
            cuts.setdefault(c.line, []).append((c.start, role, c))
    if h.chapters:
        first = h.parts[0].line if h.parts else h.chapters[0].line
        for c in _box_candidates(lines, box_scheme, first, end, joined):
            taken = {s for s, _, _ in cuts.get(c.line, [])}
            if c.start not in taken:
                cuts.setdefault(c.line, []).append((c.start, "box", c))
    pieces = []
    for i, line in enumerate(lines):
        marks = sorted(cuts.get(i, []), key=lambda m: m[0])
        if not marks or marks[0][0] > 0:
            marks = [(0, "", None), *marks]
        for (a, role, cand), (b, _, _) in itertools.pairwise([*marks, (len(line), "", None)]):
            if line[a:b].strip():
                numeral = cand.numeral if cand else ""
                pieces.append(_Piece(i, line[a:b], role, numeral, (cand.end - a) if cand else 0))
    return pieces


def _box_candidates(lines: Sequence[str], scheme: Scheme | None, first: int, end: int, joined: bool) -> list[Candidate]:
    """专栏 headings in the body: numbered, or unnumbered with a title only."""
    marker = scheme.marker if scheme else BOX
    out = []
    for i in range(first, end):
        line = lines[i]
        starts = [0, *(m.end() for m in re.finditer(rf"[{SENTENCE_END}]+[{CLOSERS}]*", line) if m.end() < len(line))]
        if joined:
            starts = sorted({*starts, *(m.start() for m in marker.finditer(line))})
        for pos in starts:
            m = marker.match(line, pos)
            if not m:
                continue
            numeral = m.group("numeral") if "numeral" in marker.groupindex else ""
            rest = line[m.end() :]
            item = BOX_ITEM.search(rest)
            title = rest[: item.start()] if item else rest
            if numeral or (0 < len(title) <= 40 and not any(c in SENTENCE_END for c in title)):
                out.append(Candidate(i, pos, m.end(), "box", numeral or "", None, 1.0, False))
    return out


def _build(
    pieces: list[_Piece],
    builder: _Builder,
    lines: Sequence[str],
    toc: set[int],
    start: int,
    end: int,
    configured_title: str | None,
    checks: _Checks,
    max_title_chars: int,
) -> str:
    """Walk the pieces into units; returns the document title."""
    first_heading = next((k for k, p in enumerate(pieces) if p.role in ("part", "chapter")), None)
    head = pieces if first_heading is None else pieces[:first_heading]
    in_head = [p for p in head if p.line not in toc]
    doc_title, title_at = _find_title([p.text for p in in_head], configured_title, max_title_chars)
    title_piece = in_head[title_at] if doc_title is not None else None
    if doc_title is None:
        n_lead = sum(1 for _ in itertools.takewhile(lambda p: _NEWS_LEAD.match(p.text), in_head))
        checks.warn(
            "no_title",
            f"no title line found; {n_lead} news-lead line(s) taken as preamble, "
            "the rest before the first chapter is front matter",
            "title",
        )
        preamble = set(map(id, in_head[:n_lead]))
    else:
        preamble = set(map(id, in_head[:title_at]))

    salutation = ""
    written: set[int] = set()
    after_title = doc_title is None
    for piece in head:
        if first_heading is None and after_title and piece.line >= start and piece.line not in toc:
            break
        written.add(id(piece))
        if piece.line in toc:
            builder.add("toc", piece.text)
        elif id(piece) in preamble:
            builder.add("preamble", piece.text)
        elif piece is title_piece:
            builder.add("title", piece.text)
            after_title = True
        else:
            if (greeting := _SALUTATION.match(piece.text)) and not salutation:
                salutation = greeting.group(1)
            builder.add("front_matter", piece.text)
    if first_heading is None:
        rest = [p for p in pieces if id(p) not in written]
        _single_chapter(rest, builder, doc_title or "", toc, end, checks)
    else:
        _walk_body(pieces[first_heading:], builder, lines, end, salutation)
    return doc_title or ""


def _single_chapter(
    pieces: list[_Piece], builder: _Builder, title: str, toc: set[int], end: int, checks: _Checks
) -> None:
    """No headings: everything after the title is one chapter named after the document."""
    message = "no chapter headings recognised; the whole text is one chapter"
    checks.warn("no_headings", message, "chapter_pattern", "style")
    builder.chapter = 1
    builder.chapters.append({"chapter": 1, "numeral": "", "title": title})
    for piece in pieces:
        kind = "toc" if piece.line in toc else "appendix" if piece.line >= end else "paragraph"
        builder.add(kind, piece.text)


def _walk_body(pieces: list[_Piece], builder: _Builder, lines: Sequence[str], end: int, salutation: str) -> None:
    """The body from the first part or chapter heading on. The closing starts at a
    paragraph opening with the speech's address (各位代表！) after the last
    heading of any level; 各位代表！ between two sections stays in the chapter."""
    last_heading = max((k for k, p in enumerate(pieces) if p.role and p.line < end), default=-1)
    if last_heading >= 0 and pieces[last_heading].role == "chapter":
        last_heading += 1  # a last chapter (结束语) keeps at least its first paragraph
    signature = _signature_lines(lines, pieces, end)
    in_closing = False
    for k, piece in enumerate(pieces):
        text = piece.text
        if piece.line >= end:
            builder.box = ""
            builder.add("appendix_title" if _APPENDIX.match(text) or piece.line == end else "appendix", text)
            continue
        if piece.line in signature:
            builder.add("signature", text)
            continue
        if in_closing or (k > last_heading and salutation and text.startswith(salutation)):
            in_closing = True
            builder.add("closing", text)
            continue
        if piece.role == "part":
            builder.start_part(piece.numeral, text[piece.marker_end :])
        elif piece.role == "chapter":
            builder.start_chapter(piece.numeral, text[piece.marker_end :])
        elif piece.role == "section":
            builder.start_section(piece.numeral, text[piece.marker_end :])
        elif piece.role == "box":
            builder.start_box(piece.numeral, text[piece.marker_end :])
        elif builder.box and builder.box_item.match(text):
            builder.add_box_items(builder.box_item.split(text))
        else:
            builder.box = ""
            builder.add("paragraph", text)


def _signature_lines(lines: Sequence[str], pieces: list[_Piece], end: int) -> set[int]:
    """Signature and date lines at the end of the body (after the last heading)."""
    last_heading = max((p.line for p in pieces if p.role and p.line < end), default=end)
    out = set()
    i = end - 1
    while i > last_heading and _is_signature(lines[i]):
        out.add(i)
        i -= 1
    return out


# --- self-checks ------------------------------------------------------------------------


def _judge(
    s: Structure, h: Hierarchy, candidates: dict[str, list[Candidate]], lines: Sequence[str], checks: _Checks
) -> None:
    """Diagnostics about a structure that looks doubtful."""
    body = sum(c.n_chars for c in s.chapters)
    everything = sum(len(u.text) for u in s.units if u.kind != "preamble")
    if s.style == "unnumbered":
        checks.warn(
            "unnumbered_headings",
            f"no numbered headings; {len(s.chapters)} short lines standing alone between paragraphs "
            "taken as chapter headings",
            "chapter_pattern",
        )
    if len(s.chapters) >= 2 and body:
        biggest = max(s.chapters, key=lambda c: c.n_chars)
        share = biggest.n_chars / body
        if share > (0.8 if len(s.chapters) == 2 else 0.6):
            checks.warn(
                "dominant_chapter",
                f"chapter {biggest.chapter} ({biggest.title[:20]}) holds {share:.0%} of the chapters' text",
                "chapter_pattern", "body_end",
            )
    typical = sorted(c.n_chars for c in s.chapters)[len(s.chapters) // 2] if s.chapters else 0
    short = [c.chapter for c in s.chapters if c.n_chars < min(SHORT_CHAPTER_CHARS, 0.2 * typical)]
    if short and len(s.chapters) >= 2:
        checks.warn(
            "short_chapters",
            f"chapter(s) {_listing(short)} have fewer than {SHORT_CHAPTER_CHARS} characters (a heading with no text)",
            "chapter_pattern", "body_start",
        )
    kinds = Counter()
    for u in s.units:
        kinds[u.kind] += len(u.text)
    front = kinds["front_matter"] + kinds["toc"]
    back = kinds["appendix"] + kinds["appendix_title"] + kinds["closing"] + kinds["signature"]
    if everything and front > 500 and front / everything > 0.3:
        checks.warn("large_front_matter", f"{front / everything:.0%} of the text comes before the first chapter",
                    "body_start", "chapter_pattern")
    if everything and back > 500 and back / everything > 0.3:
        checks.warn("large_back_matter", f"{back / everything:.0%} of the text is closing or appendices", "body_end")
    for level, found in (("part", h.parts), ("chapter", h.chapters), ("section", h.sections)):
        _check_sequence(level, found, h, candidates, lines, checks)
    if h.dropped_parts:
        checks.warn("parts_without_chapters", f"{len(h.dropped_parts)} part heading(s) after the last chapter "
                    "were kept as text", "part_pattern")


def _check_sequence(level, found, h, candidates, lines, checks) -> None:
    scheme = h.schemes.get(level)
    if not found or scheme is None or any(c.value is None for c in found):
        return
    setting = f"{level}_pattern"
    gaps = []
    for a, b in itertools.pairwise(found):
        if b.value > a.value + 1 and (level != "section" or _same_parent(a, b, h)):
            gaps.append(f"{a.numeral}→{b.numeral}")
    if gaps:
        checks.warn("numbering_gaps", f"{level} numbers skip: {_listing(gaps)}", setting)
    accepted = {c.at for c in found}
    first = found[0].at
    strays = [c for c in candidates.get(scheme, []) if c.at not in accepted and c.start == 0 and c.at > first]
    restarts, lost, run = [], [], 0
    for c in strays:  # a restart and the numbers that continue it are a list of their own
        if c.value == 1:
            restarts.append(c)
            run = 1
        elif run and c.value == run + 1:
            run += 1
        else:
            run = 0
            if c.weight > 1.0:
                lost.append(c)
    if restarts and level == "chapter":
        c = restarts[0]
        checks.warn(
            "numbering_restarts",
            f"the {level} numbering restarts {len(restarts)} time(s), first at line {c.line + 1} "
            f"({lines[c.line][:20]}): a list inside a chapter, or an appendix or second document after the body, "
            "kept as text",
            "body_end",
        )
    if lost:
        shown = ", ".join(f"line {c.line + 1} ({lines[c.line][:12]})" for c in lost[:3])
        checks.warn("out_of_sequence", f"{len(lost)} line(s) look like {level} headings but are out of "
                    f"sequence and were kept as text: {shown}", setting)


def _same_parent(a: Candidate, b: Candidate, h: Hierarchy) -> bool:
    at = [c.at for c in h.chapters]
    return parent_index(at, a.at) == parent_index(at, b.at)


def _listing(items: Sequence, n: int = 8) -> str:
    shown = ", ".join(str(i) for i in items[:n])
    return shown + (f" … ({len(items)} in all)" if len(items) > n else "")


def check_consistency(structure: Structure) -> list[str]:
    """Every way the tables of ``structure`` could disagree with each other,
    as messages (empty when consistent): unit ids in order; every unit's
    chapter > 0 a row of chapters; chapter-0 kinds and only those in chapter 0;
    chapters numbered 1..N with n_sections, n_boxes and n_chars matching the
    units; every section and box in an existing chapter and every unit's
    section and box listed; box item counts; parts pointing at chapters in order."""
    s = structure
    problems = []
    if [u.unit_id for u in s.units] != [f"u{i:05d}" for i in range(1, len(s.units) + 1)]:
        problems.append("unit ids are not u00001… in order")
    numbers = [c.chapter for c in s.chapters]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"chapters are not numbered 1..N: {numbers[:10]}")
    known = set(numbers)
    sections = {(x.chapter, x.section) for x in s.sections}
    boxes = {(b.chapter, b.box) for b in s.boxes}
    if len(sections) != len(s.sections):
        problems.append("a section is listed twice in one chapter")
    if len(boxes) != len(s.boxes):
        problems.append("a box is listed twice in one chapter")
    for u in s.units:
        if u.kind not in KINDS:
            problems.append(f"{u.unit_id}: unknown kind {u.kind!r}")
        if (u.chapter == 0) != (u.kind in CHAPTER_ZERO_KINDS):
            problems.append(f"{u.unit_id}: kind {u.kind} in chapter {u.chapter}")
        if u.chapter and u.chapter not in known:
            problems.append(f"{u.unit_id}: chapter {u.chapter} is not in chapters")
        if u.section and (u.chapter, u.section) not in sections:
            problems.append(f"{u.unit_id}: section {u.section} of chapter {u.chapter} is not in sections")
        if u.box and (u.chapter, u.box) not in boxes:
            problems.append(f"{u.unit_id}: box {u.box} of chapter {u.chapter} is not in boxes")
    chars, items = Counter(), Counter()
    for u in s.units:
        chars[u.chapter] += len(u.text)
        if u.kind == "box_item":
            items[(u.chapter, u.box)] += 1
    for c in s.chapters:
        n_sections = sum(1 for x in s.sections if x.chapter == c.chapter)
        n_boxes = sum(1 for b in s.boxes if b.chapter == c.chapter)
        if (c.n_sections, c.n_boxes, c.n_chars) != (n_sections, n_boxes, chars[c.chapter]):
            problems.append(f"chapter {c.chapter}: counts {c.n_sections, c.n_boxes, c.n_chars} != "
                            f"{n_sections, n_boxes, chars[c.chapter]} from the units")
    for x in s.sections:
        if x.chapter not in known:
            problems.append(f"section {x.section} is in chapter {x.chapter}, which is not in chapters")
    for b in s.boxes:
        if b.chapter not in known:
            problems.append(f"box {b.box} is in chapter {b.chapter}, which is not in chapters")
        if b.n_items != items[(b.chapter, b.box)]:
            problems.append(f"box {b.box} of chapter {b.chapter}: n_items {b.n_items} != {items[(b.chapter, b.box)]}")
    firsts = [p.first_chapter for p in s.parts]
    if [p.part for p in s.parts] != list(range(1, len(s.parts) + 1)):
        problems.append("parts are not numbered 1..N")
    if any(f not in known for f in firsts) or firsts != sorted(firsts):
        problems.append(f"parts' first chapters {firsts} are not chapters in order")
    return problems


def write_structure(structure: Structure, doc: str, results: str | Path = paths.RESULTS) -> None:
    """The structure tables and ``structure.json`` of document ``doc`` under
    ``results``, at their paths in :mod:`plantopics.paths` (each written atomically)."""
    import pandas as pd

    from plantopics.io import write_csv, write_json

    tables = {
        "chapters": (structure.chapters, Chapter),
        "sections": (structure.sections, Section),
        "boxes": (structure.boxes, Box),
        "parts": (structure.parts, Part),
        "units": (structure.units, Unit),
        "sentences": (structure.sentences(), Sentence),
    }
    for name, (rows, cls) in tables.items():
        columns = [f.name for f in dataclasses.fields(cls)]
        table = pd.DataFrame([dataclasses.astuple(r) for r in rows], columns=columns)
        write_csv(paths.document(name, doc, results), table)
    write_json(paths.document("structure", doc, results), structure.summary())
    write_csv(paths.document("diagnostics", doc, results),
              pd.DataFrame([dataclasses.astuple(d) for d in structure.diagnostics],
                           columns=[f.name for f in dataclasses.fields(Diagnostic)]))

