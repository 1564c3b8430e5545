"""Segment: canonical text -> preamble, title, front matter, chapters, numbered
sections, boxes, paragraphs and sentences.

The rules (also in the README, section "How a document is segmented"):

* **Chapters** are headings ``<numeral>、`` (一、 … 二十、, or what the document's
  ``chapter_pattern`` names) at the start of a line or right after a sentence end
  (。！？), numbered in sequence: the first is 1 and each next one is the
  previous plus one. So 坚持产业第一、制造业立市 (inside a sentence) and a
  restarted 一、 inside a chapter are not headings.
* **Chapter title**: the heading up to the end of its line, or up to its first
  sentence end when the line goes on. When that first sentence runs the title
  straight into the chapter's lead sentence ("…的广州路径现代化产业体系是中国式
  现代化的物质技术基础。"), the cut is made before the lead sentence's subject:
  the longest phrase (≥ 2 characters) just before the first 是 that already
  occurs earlier in the heading. A title that is still longer than
  ``max_title_chars`` is kept, with a warning.
* **Sections** are numbered sub-headings (1) （1） （一） at the start of a line or
  right after a sentence end, with numbers increasing within a chapter (gaps
  allowed). The section title is its first sentence; the rest of the line is a
  paragraph of the section.
* **Boxes**: a line 专栏<numeral> <title>, then the ● (or •) items that follow it;
  one line with several ● is several items. The box ends at the first line
  that is not an item.
* **Title**: the configured title, else the first line before the first chapter
  that looks like one (4 to ``max_title_chars`` characters, mostly Chinese, no
  sentence or clause punctuation). Lines before it are **preamble** (another
  article's text, a wire-service lead; excluded from every model); lines after
  it up to the first chapter are **front matter** (chapter 0).
* **Sentences** end at 。！？ (with any closing quotes or brackets after them).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from plantopics.errors import SegmentError  # noqa: F401 (part of this module's interface)
from plantopics.ingest import is_han

log = logging.getLogger(__name__)

SENTENCE_END = "。！？"
DEFAULT_PATTERNS = {
    "chapter": r"(?P<numeral>[一二三四五六七八九十]{1,3})、",
    "section": r"[（(](?P<number>\d{1,3}|[一二三四五六七八九十]{1,3})[）)]",
    "box": r"专栏\s*(?P<numeral>[一二三四五六七八九十\d]{1,3})",
    "box_item": r"[●•]",
}
# Plan outlines (纲要): 第一篇 parts, 第一章 chapters numbered across parts, 第一节 sections.
OUTLINE_PATTERNS = {
    "part": r"第(?P<numeral>[一二三四五六七八九十]{1,3})篇[ \u3000]*",
    "chapter": r"第(?P<numeral>[一二三四五六七八九十百零〇]{1,5})章[ \u3000]*",
    "section": r"第(?P<number>[一二三四五六七八九十]{1,3})节[ \u3000]*",
}
_OUTLINE_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇]{1,5}章")
DEFAULT_MAX_TITLE_CHARS = 80
# A title names its genre: …的建议, …纲要, 政府工作报告, …若干措施.
GENRE_WORDS = (
    *("建议", "规划", "纲要", "报告", "意见", "决定", "通知", "措施"),
    *("方案", "办法", "条例", "公报", "决议", "讲话", "计划", "白皮书"),
)
# A wire-service lead: 新华社北京3月5日电 …, 财联社12月22日电，…
_NEWS_LEAD = re.compile(r"^[^，。！？\s]{0,20}?(?:\d{1,2}月\d{1,2}日)?电[\s，]")
# The address that opens a speech and, repeated after the last chapter, opens its closing part.
_SALUTATION = re.compile(r"^(各位代表|各位委员|同志们|代表们)[：！，]")

_SENTENCE = re.compile(rf"[^{SENTENCE_END}]*[{SENTENCE_END}]+[”’」』）》]*|[^{SENTENCE_END}]+$")
_TITLE_PUNCT = set("。！？，；：,;:")
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def numeral_value(numeral: str) -> int:
    """Value of a Chinese (一 … 九十九, 一百) or Arabic numeral."""
    if numeral.isdigit():
        return int(numeral)
    if numeral == "":
        raise ValueError("empty numeral")
    total, current = 0, 0
    for char in numeral:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(f"not a numeral: {numeral!r}")
    return total + current


@dataclass(frozen=True)
class Unit:
    """A paragraph, heading or box item. ``chapter`` is 0 for preamble, title and front matter."""

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

    def sentences(self) -> list[Sentence]:
        return [
            Sentence(f"{u.unit_id}.s{i:02d}", u.unit_id, u.chapter, u.section, u.box, u.kind, text)
            for u in self.units
            for i, text in enumerate(split_sentences(u.text), start=1)
        ]

    def summary(self) -> dict:
        kinds: dict[str, int] = {}
        for unit in self.units:
            kinds[unit.kind] = kinds.get(unit.kind, 0) + 1
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
        }


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


@dataclass(frozen=True)
class Patterns:
    chapter: re.Pattern
    section: re.Pattern
    box: re.Pattern
    box_item: re.Pattern
    part: re.Pattern | None = None

    @classmethod
    def from_config(cls, overrides: dict | None = None, style: str = "numbered") -> Patterns:
        base = {**DEFAULT_PATTERNS, **OUTLINE_PATTERNS} if style == "outline" else DEFAULT_PATTERNS
        merged = {**base, **{k: v for k, v in (overrides or {}).items() if v}}
        compiled = {}
        for name, pattern in merged.items():
            try:
                compiled[name] = re.compile(pattern)
            except re.error as err:
                raise SegmentError(f"{name}_pattern {pattern!r} is not a valid regular expression: {err}") from err
        for name, group in (("chapter", "numeral"), ("section", "number"), ("box", "numeral"), ("part", "numeral")):
            if name in compiled and group not in compiled[name].groupindex:
                raise SegmentError(f"{name}_pattern {merged[name]!r} needs a named group (?P<{group}>...)")
        return cls(**compiled)


@functools.lru_cache(maxsize=32)
def _glued(heading: str) -> re.Pattern:
    after_end = rf"(?:(?<=[{SENTENCE_END}])|(?<=[{SENTENCE_END}][”’」』）]))"
    return re.compile(rf"{after_end}(?={heading})")


def _split_glued(line: str, heading: re.Pattern) -> list[str]:
    """Cut a line before each ``heading`` match that follows a sentence end."""
    glued = _glued(heading.pattern)
    cuts = [m.start() for m in glued.finditer(line) if m.start() > 0]
    if not cuts:
        return [line]
    bounds = [0, *cuts, len(line)]
    return [line[a:b] for a, b in itertools.pairwise(bounds) if line[a:b]]


def cut_title(heading: str, max_title_chars: int = DEFAULT_MAX_TITLE_CHARS) -> tuple[str, str, bool]:
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


def detect_style(lines: list[str]) -> str:
    """'outline' (第一章 chapters) when at least two lines start like 第…章, else 'numbered' (一、)."""
    return "outline" if sum(1 for line in lines if _OUTLINE_CHAPTER.match(line)) >= 2 else "numbered"


def _looks_like_title(line: str, max_title_chars: int) -> bool:
    if not 4 <= len(line) <= max_title_chars or any(c in _TITLE_PUNCT for c in line):
        return False
    if not any(word in line for word in GENRE_WORDS):
        return False
    chars = [c for c in line if not c.isspace()]
    return sum(map(is_han, chars)) >= 0.6 * len(chars)


@dataclass
class _Builder:
    """Accumulates units while walking the lines of the body."""

    max_title_chars: int
    units: list[Unit] = field(default_factory=list)
    chapters: list[dict] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    boxes: list[dict] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    chapter: int = 0
    in_part_intro: bool = False  # between a part heading and its first chapter
    in_closing: bool = False
    section: str = ""
    last_section_value: int = 0
    box: str = ""

    def add(self, kind: str, text: str) -> None:
        text = text.strip()
        if text:
            unit_id = f"u{len(self.units) + 1:05d}"
            chapter = 0 if self.in_closing else self.chapter + (1 if self.in_part_intro else 0)
            self.units.append(Unit(unit_id, chapter, self.section, self.box, kind, text))

    def warn(self, message: str) -> None:
        log.warning(message)
        self.warnings.append(message)

    def start_chapter(self, numeral: str, heading: str) -> None:
        title, rest, ok = cut_title(heading, self.max_title_chars)
        if not ok:
            self.warn(f"chapter {numeral}: title longer than {self.max_title_chars} characters: {title[:40]}…")
        self.chapter += 1
        self.in_part_intro = False
        self.section, self.box, self.last_section_value = "", "", 0
        self.chapters.append({"chapter": self.chapter, "numeral": numeral, "title": title})
        self.add("chapter_title", title)
        self.add("paragraph", rest)

    def start_part(self, numeral: str, title: str) -> None:
        self.end_box()
        self.section, self.in_part_intro = "", True
        self.parts.append(Part(len(self.parts) + 1, numeral, title.strip(), self.chapter + 1))
        self.add("part_title", title)

    def start_closing(self, line: str) -> None:
        self.end_box()
        self.section, self.in_closing = "", True
        self.add("closing", line)

    def start_section(self, number: str, body: str) -> None:
        title, rest = _first_sentence(body)
        self.section, self.box = number, ""
        self.last_section_value = numeral_value(number)
        self.sections.append(Section(self.chapter, number, title.rstrip(SENTENCE_END)))
        self.add("section_title", title)
        self.add("paragraph", rest)

    def start_box(self, numeral: str, title: str) -> None:
        self.box = numeral
        self.boxes.append({"chapter": self.chapter, "box": numeral, "title": title.strip(), "n_items": 0})
        self.add("box_title", title)

    def add_box_items(self, items: Iterable[str]) -> None:
        for item in items:
            if item.strip():
                self.boxes[-1]["n_items"] += 1
                self.add("box_item", item)

    def end_box(self) -> None:
        self.box = ""


def _first_sentence(text: str) -> tuple[str, str]:
    sentences = split_sentences(text)
    if not sentences:
        return text, ""
    return sentences[0], text[text.find(sentences[0]) + len(sentences[0]) :]


def _next_value(numeral: str) -> int | None:
    try:
        return numeral_value(numeral)
    except ValueError:
        return None


def _split_line(line: str, patterns: Patterns, expected_chapter: int, last_section: int) -> list[str]:
    """Split off chapter or section headings glued after a sentence end, but only
    those that fit the numbering sequence."""
    pieces = [line]
    for pattern, accept in (
        (patterns.chapter, lambda m, n=expected_chapter: _next_value(m.group("numeral")) == n),
        (patterns.section, lambda m, n=last_section: (_next_value(m.group("number")) or 0) > n),
    ):
        out = []
        for piece in pieces:
            parts = _split_glued(piece, pattern)
            merged = [parts[0]]
            for part in parts[1:]:
                m = pattern.match(part)
                if m and accept(m):
                    merged.append(part)
                else:
                    merged[-1] += part
            out.extend(merged)
        pieces = out
    return pieces


def segment(
    text: str,
    *,
    title: str | None = None,
    patterns: dict | None = None,
    max_title_chars: int = DEFAULT_MAX_TITLE_CHARS,
    style: str | None = None,
    source: str = "document",
) -> Structure:
    """Segment canonical ``text`` (see :mod:`plantopics.ingest`) into its structure.
    ``style`` is 'numbered' (一、 chapters), 'outline' (第一篇/第一章/第一节) or None to detect it."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    style = style or detect_style(lines)
    pats = Patterns.from_config(patterns, style)
    builder = _Builder(max_title_chars=max_title_chars)

    # Split glued headings first, tracking the numbering as we go.
    body: list[str] = []
    expected, last_section = 1, 0
    for line in lines:
        for piece in _split_line(line, pats, expected, last_section):
            m = pats.chapter.match(piece)
            if m and _next_value(m.group("numeral")) == expected:
                expected, last_section = expected + 1, 0
            s = pats.section.match(piece)
            if s and (_next_value(s.group("number")) or 0) > last_section and expected > 1:
                last_section = _next_value(s.group("number")) or 0
            body.append(piece)

    first_chapter = next(
        (i for i, line in enumerate(body) if (m := pats.chapter.match(line)) and _next_value(m.group("numeral")) == 1),
        None,
    )
    head = body if first_chapter is None else body[:first_chapter]
    doc_title, title_at = _find_title(head, title, max_title_chars)
    if doc_title is None:
        title_at = sum(1 for _ in itertools.takewhile(_NEWS_LEAD.match, head)) - 1
        builder.warn(
            f"{source}: no title line found (set 'title' for it in the config); "
            f"{title_at + 1} news-lead line(s) taken as preamble, the rest before the first chapter is front matter"
        )
    n_preamble = title_at if doc_title is not None else title_at + 1
    for line in head[:n_preamble]:
        builder.add("preamble", line)
    if doc_title is not None:
        builder.add("title", doc_title)
    doc_title = doc_title or ""

    rest = body[title_at + 1 :]
    if first_chapter is None:
        builder.warn(f"{source}: no chapter headings recognised; the whole text is one chapter")
        builder.chapter = 1
        builder.chapters.append({"chapter": 1, "numeral": "", "title": doc_title})
        for line in rest:
            builder.add("paragraph", line)
    else:
        _walk_body(rest, pats, builder, n_chapters=expected - 1)

    units = builder.units
    chapters = [
        Chapter(
            chapter=c["chapter"],
            numeral=c["numeral"],
            title=c["title"],
            n_sections=sum(1 for s in builder.sections if s.chapter == c["chapter"]),
            n_boxes=sum(1 for b in builder.boxes if b["chapter"] == c["chapter"]),
            n_chars=sum(len(u.text) for u in units if u.chapter == c["chapter"]),
        )
        for c in builder.chapters
    ]
    boxes = [Box(**b) for b in builder.boxes]
    return Structure(doc_title, chapters, builder.sections, boxes, units, builder.warnings, builder.parts, style)


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


def _walk_body(lines: list[str], pats: Patterns, builder: _Builder, n_chapters: int) -> None:
    expected = 1
    salutation = ""
    for line in lines:
        if builder.in_closing:
            builder.add("closing", line)
            continue
        if builder.chapter == n_chapters and salutation and line.startswith(salutation):
            builder.start_closing(line)
            continue
        p = pats.part.match(line) if pats.part else None
        if p:
            builder.start_part(p.group("numeral"), line[p.end() :])
            continue
        m = pats.chapter.match(line)
        if m and _next_value(m.group("numeral")) == expected:
            builder.end_box()
            builder.start_chapter(m.group("numeral"), line[m.end() :])
            expected += 1
            continue
        if builder.chapter == 0 and not builder.in_part_intro:
            if (greeting := _SALUTATION.match(line)) and not salutation:
                salutation = greeting.group(1)
            builder.add("front_matter", line)
            continue
        s = pats.section.match(line)
        if s and (_next_value(s.group("number")) or 0) > builder.last_section_value:
            builder.end_box()
            builder.start_section(s.group("number"), line[s.end() :])
            continue
        b = pats.box.match(line)
        if b:
            builder.end_box()
            builder.start_box(b.group("numeral"), line[b.end() :])
            continue
        if builder.box and pats.box_item.match(line):
            builder.add_box_items(pats.box_item.split(line))
            continue
        builder.end_box()
        builder.add("paragraph", line)


def write_structure(structure: Structure, outdir: str | Path) -> None:
    """chapters.csv, sections.csv, boxes.csv, units.csv, sentences.csv and
    structure.json under ``outdir`` (each written atomically)."""
    import pandas as pd

    from plantopics.io import write_csv, write_json

    outdir = Path(outdir)
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
        write_csv(outdir / f"{name}.csv", pd.DataFrame([dataclasses.astuple(r) for r in rows], columns=columns))
    write_json(outdir / "structure.json", structure.summary())
