"""Structure found by the segmenter against structure counted by hand.

    python benchmarks/structure_eval.py FOLDER [--truth FOLDER/truth.tsv] [--markdown]

FOLDER holds documents (<id>.txt) and ``truth.tsv`` with one row per document:
id, n_parts, n_chapters, n_sections, n_boxes, first_chapter_title,
last_chapter_title (other columns are ignored). When FOLDER/headings/<id>.tsv
exists (columns level, line, char_offset, text_start: one row per heading
counted by hand), chapter and section headings are also matched one by one
(by the first characters of their titles): the table then gives how many of
the true headings were found and how many found headings are true.

Real documents are not committed; this script is how the table in
docs/segmentation.md is made from a folder of them.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from plantopics import config
from plantopics.errors import INPUT_ERRORS
from plantopics.ingest import ingest_file, normalize
from plantopics.segment import check_consistency, segment
from plantopics.workflow.documents import segment_settings

LEVELS = ("parts", "chapters", "sections", "boxes")
_MARKER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇]+[篇编章节]|第[一二三四五六七八九十]+部分|第[一二三四五六七八九十]+[、，]|[（(〈]?[一二三四五六七八九十\d]{1,3}[）)、.．，]|[一二三四五六七八九十]{1,3}$)\s*"
)


def _key(text: str, n: int = 8, marked: bool = False) -> str:
    """First Chinese characters of a heading's title (its marker removed when ``marked``):
    how headings are matched."""
    text = normalize(text).strip()
    if marked:
        text = _MARKER.sub("", text)
    return "".join(c for c in text if "\u4e00" <= c <= "\u9fff")[:n]


def _read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _match(true_keys: list[str], found_keys: list[str]) -> str:
    """How many true headings were found and how many found ones are not true;
    keys match when one starts with the other (a run-in title is longer)."""
    true_keys, found_keys = [k for k in true_keys if k], [k for k in found_keys if k]
    if not true_keys and not found_keys:
        return "-"

    def same(a: str, b: str) -> bool:
        return a.startswith(b) or b.startswith(a)

    hits = sum(1 for t in true_keys if any(same(t, f) for f in found_keys))
    extra = sum(1 for f in found_keys if not any(same(t, f) for t in true_keys))
    return f"{hits}/{len(true_keys)} found, {extra} extra"


def evaluate(folder: Path, truth_path: Path) -> list[dict]:
    rows = []
    settings = config.defaults()  # every document at the config's defaults
    for truth in _read_tsv(truth_path):
        doc = truth["id"]
        path = folder / f"{doc}.txt"
        row = {"id": doc}
        try:
            s = segment(ingest_file(path).text, source=doc, **segment_settings(settings, doc))
        except INPUT_ERRORS as err:
            rows.append({**row, "error": str(err)})
            continue
        found = {"parts": len(s.parts), "chapters": len(s.chapters), "sections": len(s.sections), "boxes": len(s.boxes)}
        for level in LEVELS:
            want = truth.get(f"n_{level}", "")
            row[level] = f"{want}/{found[level]}" + ("" if str(found[level]) == want else " ✗")
        titles = [c.title for c in s.chapters]
        for end, idx in (("first", 0), ("last", -1)):
            want = truth.get(f"{end}_chapter_title", "")
            got = titles[idx] if titles else ""
            row[f"{end}_title"] = "ok" if _key(want, 12) == _key(got, 12) else f"✗ {got[:16]}"
        headings = folder / "headings" / f"{doc}.tsv"
        if headings.exists():
            marked = _read_tsv(headings)
            for level, table in (("chapter", s.chapters), ("section", s.sections)):
                want = [_key(h["text_start"], marked=True) for h in marked if h["level"] == level]
                row[f"{level}_match"] = _match(want, [_key(x.title) for x in table])
        row["kinds"] = " ".join(f"{k}:{v}" for k, v in s.summary()["units_by_kind"].items() if k not in ("paragraph",))
        row["schemes"] = "/".join(v or "-" for v in s.schemes.values())
        row["warnings"] = " | ".join(d.code for d in s.diagnostics)
        row["consistent"] = "yes" if not check_consistency(s) else "NO"
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--truth", type=Path)
    parser.add_argument("--markdown", action="store_true", help="a Markdown table instead of tab-separated lines")
    args = parser.parse_args(argv)
    rows = evaluate(args.folder, args.truth or args.folder / "truth.tsv")
    columns = ["id", *LEVELS, "first_title", "last_title", "chapter_match", "section_match", "schemes", "kinds",
               "warnings", "consistent", "error"]
    columns = [c for c in columns if any(c in r for r in rows)]
    if args.markdown:
        print("| " + " | ".join(columns) + " |")
        print("|" + "---|" * len(columns))
        for r in rows:
            print("| " + " | ".join(str(r.get(c, "")).replace("|", "/") for c in columns) + " |")
    else:
        print("\t".join(columns))
        for r in rows:
            print("\t".join(str(r.get(c, "")) for c in columns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
