"""Property tests: random document trees, rendered to text the way official
documents are written, segmented, and compared with the tree they came from.

A tree has optional parts (第X篇, over 第X章 chapters), N chapters in one
numbering scheme, sections in a scheme below it (possibly numbered across
chapters), boxes with ● items, paragraphs with look-alikes (一是…二是…,
坚持产业第一、…, 五统一、一开放), and optionally a news lead, a title, a date
line, an address, a table of contents, a closing, a signature and appendices
whose numbering restarts. The text may lose all its line breaks."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from plantopics.ingest import normalize
from plantopics.segment import check_consistency

from conftest import segment_text

CN = "一二三四五六七八九十"


def cn(n: int) -> str:
    """Chinese numeral for 1..99."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else CN[tens - 1]) + "十" if tens else "") + (CN[ones - 1] if ones else "")


MARKERS = {
    "cn": lambda n: f"{cn(n)}、",
    "cn_dot": lambda n: f"{cn(n)}．",
    "paren_cn": lambda n: f"（{cn(n)}）",
    "zhang": lambda n: f"第{cn(n)}章 ",
    "jie": lambda n: f"第{cn(n)}节 ",
    "arabic": lambda n: f"{n}.",
    "paren_arabic": lambda n: f"（{n}）",
}
SECTIONS_BELOW = {
    "cn": ["paren_cn", "arabic", "paren_arabic"],
    "cn_dot": ["paren_cn", "arabic"],
    "paren_cn": ["arabic", "paren_arabic"],
    "zhang": ["jie"],
}
WORDS = [
    "科技创新", "产业体系", "乡村振兴", "生态文明", "对外开放", "民生保障", "区域协调", "文化建设",
    "营商环境", "数字经济", "海洋经济", "城市更新", "粮食安全", "绿色低碳", "教育强省", "健康中国",
]
SENTENCES = [
    "要坚持稳中求进工作总基调，推动经济持续回升向好。",
    "全面贯彻新发展理念，加快构建新发展格局。",
    "一是稳增长，二是调结构，三是惠民生。",  # enumeration inside a paragraph
    "要坚持产业第一、制造业立市，做强实体经济。",  # 第一、 inside a sentence
    "落实“五统一、一开放”基本要求，建设统一大市场。",  # 一、 inside a sentence
    "到二〇三五年基本实现社会主义现代化。",
    "——坚持人民至上，在发展中保障和改善民生。",
]


@dataclass
class Section:
    number: int
    title: str
    run_in: bool
    paragraphs: list[str]


@dataclass
class Chapter:
    title: str
    lead: list[str]
    sections: list[Section]
    boxes: list[tuple[str, list[str]]]


@dataclass
class Doc:
    chapter_scheme: str
    section_scheme: str | None
    chapters: list[Chapter]
    parts: list[tuple[str, int]]  # (title, index of the part's first chapter)
    front: dict = field(default_factory=dict)


def title_of(draw, used: set[str]) -> str:
    """A heading title unlike any other in the document (so each can be found)."""
    while True:
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3, unique=True))
        extra = draw(st.sampled_from(["", "，推动高质量发展", "取得新成效", "全面提升水平"]))
        title = "加快" + "和".join(words) + extra
        if title not in used:
            used.add(title)
            return title


@st.composite
def documents(draw) -> Doc:
    scheme = draw(st.sampled_from(sorted(SECTIONS_BELOW)))
    section_scheme = draw(st.one_of(st.none(), st.sampled_from(SECTIONS_BELOW[scheme])))
    across = section_scheme in ("arabic", "paren_arabic") and draw(st.booleans())
    n_chapters = draw(st.integers(min_value=2, max_value=14))
    used: set[str] = set()
    chapters, number = [], 0
    for _ in range(n_chapters):
        n_sections = draw(st.integers(0, 3)) if section_scheme else 0
        sections = []
        for k in range(n_sections):
            number = number + 1 if across else k + 1
            paragraphs = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=2))
            sections.append(Section(number, title_of(draw, used), draw(st.booleans()), paragraphs))
        lead = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=2))
        boxes = []
        if draw(st.integers(0, 4)) == 0:
            items = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
            boxes.append((title_of(draw, used), [f"{w}工程。持续推进{w}。" for w in items]))
        chapters.append(Chapter(title_of(draw, used), lead, sections, boxes))
    if section_scheme and sum(len(c.sections) for c in chapters) < 2:
        section_scheme = None
        for c in chapters:
            c.sections = []
    parts = []
    if scheme == "zhang" and draw(st.booleans()):
        starts = sorted(draw(st.sets(st.integers(1, n_chapters - 1), min_size=1, max_size=3)) | {0})
        parts = [(title_of(draw, used), i) for i in starts]
    front = {
        "lead": draw(st.booleans()),
        "title": draw(st.booleans()),
        "speech": draw(st.booleans()),
        "toc": draw(st.sampled_from(["none", "marked", "unmarked"])) if n_chapters >= 3 else "none",
        "closing": draw(st.booleans()),
        "signature": draw(st.booleans()),
        "appendix": draw(st.booleans()),
    }
    return Doc(scheme, section_scheme, chapters, parts, front)


def render(doc: Doc) -> str:
    f = doc.front
    mark = MARKERS[doc.chapter_scheme]
    lines = []
    if f["lead"]:
        lines.append("新华社北京3月5日电 某省第十四届人民代表大会第五次会议今天开幕。")
    if f["title"]:
        lines.append("某省国民经济和社会发展第十五个五年规划纲要")
    if f["speech"]:
        lines += ["——2026年1月26日在某省第十四届人民代表大会第五次会议上", "各位代表：", "现在，我代表省人民政府，向大会报告工作，请予审议。"]
    else:
        lines.append("全会深入分析了发展环境，提出以下意见。")
    part_at = {first: (k, title) for k, (title, first) in enumerate(doc.parts, 1)}
    if f["toc"] != "none":  # a table of contents lists the parts too
        lines += ["目录"] if f["toc"] == "marked" else []
        for i, c in enumerate(doc.chapters, 1):
            lines += [f"第{cn(part_at[i - 1][0])}篇 {part_at[i - 1][1]}"] if i - 1 in part_at else []
            lines.append(f"{mark(i)}{c.title}")
    for i, chapter in enumerate(doc.chapters, 1):
        if i - 1 in part_at:
            k, title = part_at[i - 1]
            lines.append(f"第{cn(k)}篇 {title}")
        lines.append(f"{mark(i)}{chapter.title}")
        lines += chapter.lead
        for box_title, items in chapter.boxes:
            lines.append(f"专栏{cn(i)} {box_title}")
            lines += [f"● {item}" for item in items]
        for s in chapter.sections:
            heading = f"{MARKERS[doc.section_scheme](s.number)}{s.title}。"
            lines += [heading + s.paragraphs[0], *s.paragraphs[1:]] if s.run_in else [heading, *s.paragraphs]
    if f["closing"] and f["speech"]:
        lines += ["各位代表！", "新的一年，任务艰巨，使命光荣，让我们团结奋斗！"]
    if f["signature"]:
        lines += ["某省人民政府", "2026年1月26日"]
    if f["appendix"]:
        lines += ["附件1", "2026年十件民生实事", "一、提升医疗保障水平。", "二、新建公办幼儿园。", "三、推进老旧小区改造。"]
        lines += ["附件2", "名词解释", "1.新质生产力：先进生产力质态。", "2.两重：国家重大战略实施。"]
    return "\n".join(lines) + "\n"


def check(doc: Doc, text: str, *, exact_titles: bool):
    note(text)
    s = segment_text(normalize(text), source="generated")
    assert check_consistency(s) == []
    truth_sections = [(i, sec.number, sec.title) for i, c in enumerate(doc.chapters, 1) for sec in c.sections]
    assert len(s.chapters) == len(doc.chapters), [c.title for c in s.chapters]
    assert len(s.sections) == len(truth_sections)
    assert len(s.parts) == len(doc.parts)
    assert [(b.chapter, b.n_items) for b in s.boxes] == [
        (i, len(items)) for i, c in enumerate(doc.chapters, 1) for _, items in c.boxes
    ]
    assert [p.first_chapter for p in s.parts] == [first + 1 for _, first in doc.parts]
    assert [x.chapter for x in s.sections] == [i for i, _, _ in truth_sections]
    if exact_titles:
        assert [c.title for c in s.chapters] == [c.title for c in doc.chapters]
        assert [x.title for x in s.sections] == [t for _, _, t in truth_sections]
        assert [b.title for b in s.boxes] == [t for c in doc.chapters for t, _ in c.boxes]
        kinds = [u.kind for u in s.units]
        entries = len(doc.chapters) + len(doc.parts)
        toc_lines = {"none": 0, "marked": entries + 1, "unmarked": entries}[doc.front["toc"]]
        assert kinds.count("toc") == toc_lines
        assert kinds.count("closing") == (2 if doc.front["closing"] and doc.front["speech"] else 0)
        assert kinds.count("signature") == (2 if doc.front["signature"] else 0)
        assert kinds.count("appendix_title") == (3 if doc.front["appendix"] else 0)
        assert (s.title != "") == doc.front["title"]
    else:  # without line breaks a title-only heading runs into the text after it
        assert all(found.title.startswith(c.title) for found, c in zip(s.chapters, doc.chapters, strict=True))
    return s


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])
@given(documents())
def test_generated_documents_segment_to_their_tree(doc):
    check(doc, render(doc), exact_titles=True)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])
@given(documents())
def test_generated_documents_without_line_breaks_keep_their_counts(doc):
    doc.front["toc"] = "none" if doc.front["toc"] == "unmarked" else doc.front["toc"]
    check(doc, render(doc).replace("\n", "") + "\n", exact_titles=False)
