"""Headings: which lines of a document are its parts, chapters and sections.

Chinese official documents number their heading levels in a standard order
(GB/T 9704-2012, 党政机关公文格式): ``一、`` > ``（一）`` > ``1.`` > ``（1）``; plans
and outlines add ``第一篇`` > ``第一章`` > ``第一节`` above them (and work reports
sometimes ``第一部分``). A document uses some of these levels, may skip some, and
contains look-alikes (坚持产业第一、制造业立市; a numbered list inside a
paragraph). This module

1. finds every *candidate* heading of every scheme: a marker at the start of a
   line or right after a sentence end (。！？ and closing quotes); in a text
   without line breaks also inside running text, after a Chinese character;
2. keeps, per scheme, the *chain* of candidates whose numbers form the most
   plausible sequence (:func:`select_chain`): each number is the previous
   plus one within its parent, or 1 under a new parent, or runs on from the
   previous parent (the national 14th-plan proposal numbers 1.…60. across its
   chapters); a candidate at the start of a line may also skip numbers (a
   heading lost in a copy) at a cost;
3. takes the highest-ranked scheme whose chain has at least two headings as
   the chapters, the next one below it as the sections, and 篇/部分 as parts
   when the chapters are 第X章 (:func:`infer_hierarchy`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from plantopics.errors import SegmentError

SENTENCE_END = "。！？"
CLOSERS = "”’」』）》"
_AFTER_END = re.compile(rf"[{SENTENCE_END}]+[{CLOSERS}]*")
_CN = "一二三四五六七八九十"
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMERAL_CHARS = frozenset("〇零一二三四五六七八九十百两")

# Where a candidate stands decides how much it counts (see select_chain).
AT_LINE_START = 1.0
AFTER_SENTENCE_END = 0.9
IN_RUNNING_TEXT = 0.5  # only in a text without line breaks
TITLE_LINE_BONUS = 0.1  # the marker is followed by a title only (no second sentence on the line)
GAP_COST = 0.2  # per number skipped
FRESH_START_COST = 0.8  # most a chain pays to start (or restart under a new parent) at a number above 1
MIN_FRONT_CHARS = 2000  # front matter shorter than this is never too long (a short document's address)
FRONT_COST = 5.0  # a top level pays this times the share of the text before its first heading
MAX_NUMBER = 300  # larger "numbers" are years, amounts and codes, never headings
MIN_CHAIN = 2  # a level needs at least this many headings


def numeral_value(numeral: str) -> int:
    """Value of a Chinese (一 … 九十九, 一百, 〇/零 as zero) or Arabic numeral."""
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
class Scheme:
    """One way of numbering headings. ``rank`` orders the levels (smaller is
    higher); ``marker`` matches the marker at a position, with the number in
    the named group ``numeral`` (``number`` for a custom section pattern)."""

    name: str
    label: str
    rank: int
    marker: re.Pattern
    group: str = "numeral"
    outline: bool = False  # one of 第X篇 / 第X部分 / 第X章 / 第X节
    inline: bool = True  # may stand inside running text (in a text without line breaks)

    def numeral(self, match: re.Match) -> str:
        return match.group(self.group) or ""


def _scheme(name: str, label: str, rank: int, pattern: str, outline: bool = False, inline: bool = True) -> Scheme:
    return Scheme(name, label, rank, re.compile(pattern), outline=outline, inline=inline)


# The standard's order; the names are the values of structure.json "schemes". Brackets
# include the variants OCR makes of （）: 〈一）, （一〉, （五〕.
_OPEN, _CLOSE = "[（〈]", "[）〉〕]"
SCHEMES: tuple[Scheme, ...] = (
    _scheme("pian", "第X篇", 0, rf"第(?P<numeral>[{_CN}]{{1,3}})篇[ ]?", outline=True),
    _scheme("bian", "第X编", 0, rf"第(?P<numeral>[{_CN}]{{1,3}})编[ ]?", outline=True),  # plans of the 1980s
    _scheme("bufen", "第X部分", 0, rf"第(?P<numeral>[{_CN}]{{1,3}})部分[ ：]?", outline=True),
    _scheme("zhang", "第X章", 10, rf"第(?P<numeral>[{_CN}百零〇]{{1,5}})章[ ]?", outline=True),
    _scheme("jie", "第X节", 20, rf"第(?P<numeral>[{_CN}]{{1,3}})节[ ]?", outline=True),
    # 一、 and the variants seen in the wild: 一. (一．after ingest), 一 and a space before the
    # title, and a numeral alone on its line (reports of the 1960s)
    _scheme("cn", "一、", 30, rf"(?P<numeral>[{_CN}]{{1,3}})(?:、|\.(?!\d)| (?=[\u4e00-\u9fff])|$)"),
    _scheme("paren_cn", "（一）", 40, rf"{_OPEN}(?P<numeral>[{_CN}]{{1,3}}){_CLOSE}"),
    # 第一、关于基本建设 (a level below （一） in reports of the 1950s-80s); never inside running
    # text, where 第一、 is an ordinal (坚持产业第一、制造业立市)
    _scheme("di_cn", "第X、", 45, rf"第(?P<numeral>[{_CN}]{{1,3}})、", inline=False),
    _scheme("arabic", "1.", 50, r"(?P<numeral>\d{1,3})(?:、|\.(?!\d))"),
    _scheme("paren_arabic", "（1）", 60, rf"{_OPEN}(?P<numeral>\d{{1,3}}){_CLOSE}"),
)
SCHEME_NAMES = tuple(s.name for s in SCHEMES)
PART_SCHEMES = frozenset({"pian", "bian", "bufen"})  # parts above 第X章 chapters
BOX = re.compile(rf"专栏[ ]?(?P<numeral>[{_CN}\d]{{0,3}})[ ：]?")
BOX_ITEM = re.compile(r"[●•]")


@dataclass(frozen=True)
class Candidate:
    """A marker that may open a heading: ``line`` index, marker span
    ``start``..``end`` in the line, its scheme, numeral as printed, value
    (None for a custom pattern whose numeral is not a number) and weight."""

    line: int
    start: int
    end: int
    scheme: str
    numeral: str
    value: int | None
    weight: float
    gappable: bool  # may skip numbers: a marker that starts its line, or any in a text without line breaks

    @property
    def at(self) -> tuple[int, int]:
        return (self.line, self.start)


def custom_schemes(patterns: dict | None) -> dict[str, Scheme]:
    """Schemes from a document's own patterns (keys part, chapter, section, box,
    box_item), checked: a bad regex or a missing named group is a clear error."""
    out = {}
    groups = {"part": "numeral", "chapter": "numeral", "section": "number", "box": "numeral", "box_item": None}
    ranks = {"part": -20, "chapter": -10, "section": 0}
    for name, pattern in (patterns or {}).items():
        if not pattern:
            continue
        if name not in groups:
            raise SegmentError(f"unknown pattern {name!r}: use one of {sorted(groups)}")
        try:
            compiled = re.compile(pattern)
        except re.error as err:
            raise SegmentError(f"{name}_pattern {pattern!r} is not a valid regular expression: {err}") from err
        group = groups[name]
        if group and group not in compiled.groupindex:
            raise SegmentError(f"{name}_pattern {pattern!r} needs a named group (?P<{group}>...)")
        out[name] = Scheme(f"{name}_pattern", f"{name}_pattern", ranks.get(name, 0), compiled, group or "numeral")
    return out


def _value(numeral: str) -> int | None:
    try:
        return numeral_value(numeral)
    except ValueError:
        return None


def _title_only(line: str, end: int, max_title_chars: int) -> bool:
    """The rest of the line after the marker is one short heading: no sentence
    end, or one at its very end after a phrase without clause punctuation
    (（1）“十四五”时期广州取得的发展成就。, but not 一、这是段落里的编号，不是章节。)."""
    rest = line[end:]
    if len(rest) > max_title_chars:
        return False
    m = _AFTER_END.search(rest)
    return m is None or (m.end() == len(rest) and not any(c in "，；：" for c in rest))


def _inline_ok(line: str, start: int) -> bool:
    """In running text a marker must follow a character that can end a title:
    a Chinese character (not 第, which makes an ordinal, nor a numeral) or a
    closing quote; never clause punctuation (一、二、三产业) or a digit."""
    if start == 0:
        return True
    before = line[start - 1]
    if before in CLOSERS:
        return True
    return "\u4e00" <= before <= "\u9fff" and before != "第" and before not in NUMERAL_CHARS


def sentence_starts(line: str) -> list[int]:
    """Offsets where a new sentence starts inside ``line`` (after 。！？ and closers)."""
    return [m.end() for m in _AFTER_END.finditer(line) if m.end() < len(line)]


def find_candidates(
    lines: Sequence[str],
    schemes: Iterable[Scheme],
    *,
    joined: bool,
    max_title_chars: int,
    skip: set[int] = frozenset(),
) -> dict[str, list[Candidate]]:
    """Every candidate heading of every scheme, in document order, per scheme name."""
    schemes = list(schemes)
    out: dict[str, list[Candidate]] = {s.name: [] for s in schemes}
    outline = [s for s in schemes if s.outline]
    for i, line in enumerate(lines):
        if i in skip:
            continue
        starts = [0, *sentence_starts(line)]
        # a line that opens with 第X篇/章/节 may hold the next ones too, with no punctuation between
        # (第三篇推进改革开放第十三章深化各项改革)
        heading_line = not joined and any(s.marker.match(line) for s in outline)
        for scheme in schemes:
            found: dict[int, Candidate] = {}
            for pos in starts:
                m = scheme.marker.match(line, pos)
                if m and m.end() > pos:
                    weight = AT_LINE_START if pos == 0 else AFTER_SENTENCE_END
                    if joined:
                        weight = AFTER_SENTENCE_END
                    elif _title_only(line, m.end(), max_title_chars):
                        weight += TITLE_LINE_BONUS
                    found[pos] = _candidate(i, m, scheme, weight, gappable=joined or pos == 0)
            if heading_line and scheme.outline:
                for m in scheme.marker.finditer(line):
                    if m.start() not in found and _inline_ok(line, m.start()):
                        found[m.start()] = _candidate(i, m, scheme, AFTER_SENTENCE_END, gappable=False)
            if joined and scheme.inline:
                for m in scheme.marker.finditer(line):
                    if m.start() not in found and m.end() > m.start() and _inline_ok(line, m.start()):
                        found[m.start()] = _candidate(i, m, scheme, IN_RUNNING_TEXT, gappable=True)
            out[scheme.name].extend(c for _, c in sorted(found.items()) if c is not None)
    return out


def _candidate(line: int, m: re.Match, scheme: Scheme, weight: float, *, gappable: bool) -> Candidate | None:
    if scheme.name == "cn" and m.start() > 0 and m.group(0).endswith(" "):
        return None  # 一 and a space: only where a line starts (专栏一 加快… is a box)
    numeral = scheme.numeral(m)
    value = _value(numeral)
    if value is None and scheme.name in SCHEME_NAMES:
        return None
    if value is not None and not 0 < value <= MAX_NUMBER:
        return None
    return Candidate(line, m.start(), m.end(), scheme.name, numeral, value, weight, gappable)


def select_chain(
    candidates: Sequence[Candidate], parents: Sequence[int], start_costs: Sequence[float] | None = None
) -> list[Candidate]:
    """The most plausible numbered sequence among ``candidates`` (document
    order; ``parents[i]`` is the index of the heading one level up that
    contains candidate i, non-decreasing). A chain scores the weights of its
    candidates minus the cost of each step:

    * within a parent the number goes up: by one for free, by more only for a
      gappable candidate, at GAP_COST per number skipped;
    * under a new parent the number restarts at 1 or runs on by one for free,
      or (gappable) starts afresh at FRESH_START_COST;
    * the first candidate starts at 1 for free, or (gappable) higher at
      GAP_COST per number, at most FRESH_START_COST; plus ``start_costs[i]``
      (the top level pays for the text it leaves before its first heading);
    * a nested list: after a 1 at the start of a line, the candidate with the
      next number of that list continues the list, not an earlier chain; only a
      title line after a list item that is not a title line may do either
      (一、这是段落里的编号。 then 二、扩大有效需求).

    Unsequenced candidates (custom pattern whose numeral is not a number) are
    all kept."""
    if any(c.value is None for c in candidates):
        return list(candidates)
    n = len(candidates)
    best = [float("-inf")] * n
    back = [-1] * n
    by_value: dict[int, tuple[float, int]] = {}  # value -> (best score, index) so far
    since_list: dict[int, tuple[float, int]] = {}  # the same, since the last 1 at a line start
    list_head: Candidate | None = None
    running: tuple[float, int] = (float("-inf"), -1)  # best over every candidate so far
    earlier_parents: tuple[float, int] = (float("-inf"), -1)  # best over candidates of earlier parents
    for j, cand in enumerate(candidates):
        if j > 0 and parents[j] != parents[j - 1]:
            earlier_parents = running
        v = cand.value
        titled = cand.weight > AT_LINE_START  # a title line of its own
        if v == 1 and cand.start == 0:
            since_list, list_head = {}, cand
        continues_list = bool(since_list) and v == max(since_list) + 1
        either = titled and list_head is not None and list_head.weight <= AT_LINE_START
        before = since_list if continues_list and not either else by_value
        options: list[tuple[float, int]] = []
        start_cost = start_costs[j] if start_costs else 0.0
        if v == 1:
            options.append((-start_cost, -1))
        elif cand.gappable:
            options.append((-min(GAP_COST * (v - 1), FRESH_START_COST) - start_cost, -1))
        if earlier_parents[1] >= 0:
            if v == 1:
                options.append(earlier_parents)
            elif cand.gappable:
                options.append((earlier_parents[0] - FRESH_START_COST, earlier_parents[1]))
        if (v - 1) in before:
            options.append(before[v - 1])
        if cand.gappable:
            for u in range(1, v - 1):
                if u in before:
                    score, i = before[u]
                    options.append((score - GAP_COST * (v - u - 1), i))
        if not options:  # a glued number that fits no sequence
            continue
        # the highest score; among equal scores the earliest predecessor (options are built in a fixed order)
        score, i = max(options, key=lambda o: o[0])
        best[j], back[j] = cand.weight + score, i
        for table in (by_value, since_list):
            if v not in table or best[j] > table[v][0]:
                table[v] = (best[j], j)
        if best[j] > running[0]:
            running = (best[j], j)
    if n == 0:
        return []
    end = max(range(n), key=lambda k: best[k])
    if best[end] == float("-inf"):
        return []
    chain = []
    while end >= 0:
        chain.append(candidates[end])
        end = back[end]
    return chain[::-1]


def parent_index(headings: Sequence[tuple[int, int]], at: tuple[int, int]) -> int:
    """Index of the last heading at or before position ``at`` (-1 if none)."""
    lo, hi = 0, len(headings)
    while lo < hi:
        mid = (lo + hi) // 2
        if headings[mid] <= at:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


@dataclass
class Hierarchy:
    """The headings found, per level, and the scheme each level uses."""

    parts: list[Candidate] = field(default_factory=list)
    chapters: list[Candidate] = field(default_factory=list)
    sections: list[Candidate] = field(default_factory=list)
    schemes: dict[str, str | None] = field(default_factory=lambda: {"part": None, "chapter": None, "section": None})
    rejected_top: list[str] = field(default_factory=list)  # chapter schemes tried and refused, with the reason
    dropped_parts: list[Candidate] = field(default_factory=list)  # part headings with no chapter after them


def _chain_under(
    cands: list[Candidate], parents_at: list[tuple[int, int]], *, keep_orphans: bool, front=None
) -> list[Candidate]:
    """The chain of ``cands`` with each candidate's parent among ``parents_at``;
    candidates before the first parent are dropped unless ``keep_orphans``, and
    so are candidates standing where a parent heading stands (a document's own
    chapter pattern may match what a built-in scheme matches too). ``front``
    gives a candidate's start cost (see :func:`select_chain`)."""
    taken = set(parents_at)
    pairs = [(c, parent_index(parents_at, c.at)) for c in cands if c.at not in taken]
    pairs = [(c, p) for c, p in pairs if p >= 0 or keep_orphans]
    costs = [front(c) for c, _ in pairs] if front else None
    return select_chain([c for c, _ in pairs], [p for _, p in pairs], costs)


def _lone_heading(found: list[Candidate]) -> bool:
    """One heading numbered 1 that has a line to itself (a one-chapter excerpt)."""
    return len(found) == 1 and found[0].value == 1 and found[0].weight > AT_LINE_START


def infer_hierarchy(
    candidates: dict[str, list[Candidate]],
    schemes: Sequence[Scheme],
    offsets: Sequence[int],
    total_chars: int,
    *,
    forced: dict[str, Scheme] | None = None,
    max_front_share: float = 0.5,
) -> Hierarchy:
    """Parts, chapters and sections from the candidates of each scheme.
    ``offsets[i]`` is the character offset of line i (to measure how much
    text comes before the first chapter). ``forced`` holds a document's own
    part/chapter/section schemes, used for their level whatever is found."""
    forced = forced or {}
    ranked = sorted(schemes, key=lambda s: s.rank)

    def front_cost(c: Candidate) -> float:
        return FRONT_COST * (offsets[c.line] + c.start) / max(total_chars, 1)

    def chain(scheme: Scheme) -> list[Candidate]:
        cands = candidates.get(scheme.name, [])
        return select_chain(cands, [-1] * len(cands), [front_cost(c) for c in cands])

    h = Hierarchy()
    top = forced.get("chapter")
    if top is None:
        for scheme in ranked:
            found = chain(scheme)
            if len(found) < MIN_CHAIN and not _lone_heading(found):
                continue
            front = offsets[found[0].line] + found[0].start
            if front > MIN_FRONT_CHARS and front / total_chars > max_front_share:
                share = front / total_chars
                h.rejected_top.append(f"{scheme.label}: its first heading comes after {share:.0%} of the text")
                continue
            top = scheme
            break
    if top is None:
        return h

    part_scheme = forced.get("part")
    zhang = next((s for s in schemes if s.name == "zhang"), None)
    if part_scheme is None and top.name in PART_SCHEMES and zhang is not None and "chapter" not in forced:
        parts_at = [c.at for c in chain(top)]
        under = _chain_under(candidates.get("zhang", []), parts_at, keep_orphans=False, front=front_cost)
        if len(under) >= MIN_CHAIN:
            part_scheme, top = top, zhang
    if part_scheme is not None:
        h.parts = chain(part_scheme)
        h.schemes["part"] = part_scheme.name
        parts_at = [c.at for c in h.parts]
        h.chapters = _chain_under(candidates.get(top.name, []), parts_at, keep_orphans=False, front=front_cost)
        last = h.chapters[-1].at if h.chapters else (-1, -1)
        h.dropped_parts = [p for p in h.parts if p.at > last]
        h.parts = [p for p in h.parts if p.at < last]
        if not h.parts:
            h.schemes["part"] = None
    else:
        h.chapters = chain(top)
    h.schemes["chapter"] = top.name
    if not h.chapters:
        h.parts, h.schemes["part"] = [], None
        return h
    chapters_at = [c.at for c in h.chapters]

    section = forced.get("section")
    below = [section] if section else [s for s in ranked if s.rank > top.rank and s is not part_scheme]
    for scheme in below:
        found = _chain_under(candidates.get(scheme.name, []), chapters_at, keep_orphans=False)
        if scheme is not section and all(c.value == 1 and c.weight <= IN_RUNNING_TEXT for c in found):
            continue  # only 1s inside running text, one per chapter: look-alikes (五统一、一开放)
        if len(found) >= MIN_CHAIN or (scheme is section and found):
            h.sections = found
            h.schemes["section"] = scheme.name
            break
    return h


def unnumbered_candidates(lines: Iterable[int]) -> list[Candidate]:
    """Unnumbered heading lines as candidates of the scheme ``unnumbered``."""
    return [Candidate(i, 0, 0, "unnumbered", "", None, AT_LINE_START, False) for i in lines]


def adopt_unnumbered(
    h: Hierarchy, headings: list[Candidate], candidates: dict[str, list[Candidate]], schemes: Sequence[Scheme]
) -> Hierarchy | None:
    """The hierarchy with unnumbered heading lines as the chapters, when they are
    the top level: no numbered chapters were found, or the numbered ones
    restart under the unnumbered headings (more of them fit a sequence with
    the unnumbered lines as parents: 关于国内建设 一、…五、 关于外交工作 一、…三、),
    or they all sit inside one unnumbered chapter that has others before and
    after it (过去五年的回顾 / 今后五年的主要任务 （一）…（五） / 结束语). None otherwise."""
    if len(headings) < MIN_CHAIN or h.parts or any(c.value is None for c in h.chapters):
        return None
    at = [c.at for c in headings]
    if h.chapters:
        numbered = _chain_under(candidates.get(h.schemes["chapter"], []), at, keep_orphans=False)
        parents = {parent_index(at, c.at) for c in h.chapters}
        inside_one = len(parents) == 1 and min(parents) >= 0 and at[-1] > h.chapters[-1].at
        if not (len(numbered) > len(h.chapters) or inside_one):
            return None
    out = Hierarchy(chapters=list(headings))
    out.schemes["chapter"] = "unnumbered"
    for scheme in sorted(schemes, key=lambda s: s.rank):
        found = _chain_under(candidates.get(scheme.name, []), at, keep_orphans=False)
        if len(found) >= MIN_CHAIN and not all(c.value == 1 and c.weight <= IN_RUNNING_TEXT for c in found):
            out.sections, out.schemes["section"] = found, scheme.name
            break
    return out
