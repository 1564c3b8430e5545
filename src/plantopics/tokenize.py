"""Tokenize: jieba (accurate mode, with part-of-speech tags) with the policy
dictionary shipped in the package plus an optional user dictionary, then
filtering in a fixed order, each removal counted by its reason:

1. ``punctuation`` — no Chinese character, letter or digit in the token;
2. ``number`` — digits, Chinese numerals, percentages (jieba tag ``m`` or all
   digits), unless a dictionary term (十五五);
3. ``stopword:<layer>`` — the first stopword layer that lists it
   (``general``, ``policy_boilerplate``, ``user``: the config's names);
4. ``short`` — fewer than ``min_chars`` characters and not whitelisted;
5. ``pos`` — part of speech not kept (dictionary terms always pass this step).
"""

from __future__ import annotations

import logging
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from plantopics.errors import DictionaryError  # noqa: F401 (part of this module's interface)
from plantopics.ingest import is_han

log = logging.getLogger(__name__)

RESOURCES = resources.files("plantopics") / "resources"
POLICY_DICT = "policy_dict.txt"
# The shipped stopword layers, in the order they are applied, by their config name (tokenize.stopwords.<layer>).
STOPWORD_FILES = {"general": "stopwords_general.txt", "policy_boilerplate": "stopwords_policy_boilerplate.txt"}
USER_LAYER = "user"

_NUMBER = re.compile(r"^[\d.,:%％+\-−~～/]+$|^[〇零一二三四五六七八九十百千万亿两几]+$")
# Numbers written with 〇 or 零 (二〇三五年, 二零二五年, 一百零五): jieba's Chinese-character
# pattern stops at 〇 (U+3007), which leaves 和二 and 三五年 behind, and 零 between two
# numerals is read as a word. Such a run is one number; 零 next to a non-numeral (零售,
# 零碳, 统一零售) is left to jieba.
_CN_NUM = "一二三四五六七八九十百千万亿两"
_ZERO_NUMBER = re.compile(rf"[{_CN_NUM}〇零]*〇[{_CN_NUM}〇零]*|[{_CN_NUM}〇]+零[{_CN_NUM}〇零]*[{_CN_NUM}〇]")


def resource_path(name: str) -> Path:
    return Path(str(RESOURCES / name))


def read_word_list(path: str | Path) -> list[str]:
    """One entry per line; ``#`` starts a comment line; blank lines ignored."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise DictionaryError(f"{path}: cannot read word list: {err}") from err
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@dataclass(frozen=True)
class DictEntry:
    word: str
    freq: int | None
    tag: str | None


def read_dictionary(path: str | Path) -> list[DictEntry]:
    """jieba user-dictionary lines ``word [freq] [tag]`` with ``#`` comments."""
    entries = []
    for n, line in enumerate(read_word_list(path), start=1):
        word, *rest = line.split()
        digits = [p for p in rest if p.isdigit()]
        tags = [p for p in rest if not p.isdigit()]
        if len(rest) > 2 or len(digits) > 1 or len(tags) > 1 or (len(rest) == 2 and not rest[0].isdigit()):
            raise DictionaryError(f"{path}: entry {n} {line!r} is not 'word [freq] [tag]'")
        freq = int(digits[0]) if digits else None
        tag = tags[0] if tags else None
        entries.append(DictEntry(word, freq, tag))
    return entries


@dataclass(frozen=True)
class TokenizerSettings:
    """The config's ``tokenize`` section, filled (:func:`plantopics.config.load`);
    each field is the config key of the same name, described in the config schema.
    ``stopwords`` maps each layer (``general``, ``policy_boilerplate``) to whether
    it is on, and ``user`` to a file or None."""

    user_dict: str | None
    stopwords: dict
    pos_keep: tuple[str, ...] | None
    min_chars: int
    keep_single: tuple[str, ...]
    hmm: bool

    @classmethod
    def from_config(cls, section: dict) -> TokenizerSettings:
        pos_keep = section["pos_keep"]
        return cls(
            user_dict=section["user_dict"],
            stopwords=dict(section["stopwords"]),
            pos_keep=None if pos_keep is None else tuple(pos_keep),
            min_chars=int(section["min_chars"]),
            keep_single=tuple(section["keep_single"]),
            hmm=bool(section["hmm"]),
        )

    def dictionary_files(self) -> list[Path]:
        files = [resource_path(POLICY_DICT)]
        return files + ([Path(self.user_dict)] if self.user_dict else [])

    def stopword_files(self) -> dict[str, Path]:
        """Layer name -> word list, in the order the layers are applied."""
        layers = {layer: resource_path(name) for layer, name in STOPWORD_FILES.items() if self.stopwords[layer]}
        if self.stopwords[USER_LAYER]:
            layers[USER_LAYER] = Path(self.stopwords[USER_LAYER])
        return layers


@dataclass
class TokenStats:
    """Counts for the tokenization report."""

    kept: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)  # reason -> count
    removed_terms: dict[str, Counter] = field(default_factory=dict)  # reason -> term counts

    def record_removed(self, reason: str, token: str) -> None:
        self.removed[reason] += 1
        self.removed_terms.setdefault(reason, Counter())[token] += 1


def pos_tokenizer():
    """A ``jieba.posseg.POSTokenizer`` over its own ``jieba.Tokenizer``: never
    jieba's global tokenizer, and its prefix-dictionary cache is written to a
    temporary folder deleted right after (never ``/tmp/jieba.cache``, which all
    users and jobs on a machine share: jieba issues #26, #903)."""
    import jieba  # here: the workflow imports this module to plan the DAG
    import jieba.posseg

    logging.getLogger("jieba").setLevel(logging.WARNING)  # not its "Building prefix dict" lines in every job log
    tokenizer = jieba.Tokenizer()
    with tempfile.TemporaryDirectory(prefix="plantopics-jieba-") as cache:
        tokenizer.tmp_dir = cache  # jieba's documented setting for where its cache goes
        tokenizer.initialize()
    return jieba.posseg.POSTokenizer(tokenizer)


class PolicyTokenizer:
    """jieba (part-of-speech mode, :func:`pos_tokenizer`) with the policy
    dictionary, stopword layers and filters."""

    def __init__(self, settings: TokenizerSettings):
        self.settings = settings
        self._pos = pos_tokenizer()
        self.dictionary_terms: set[str] = set()
        for path in settings.dictionary_files():
            for entry in read_dictionary(path):
                self._pos.tokenizer.add_word(entry.word, entry.freq, entry.tag)
                self.dictionary_terms.add(entry.word)
        self.stopwords: dict[str, frozenset[str]] = {
            layer: frozenset(read_word_list(path)) for layer, path in settings.stopword_files().items()
        }
        self._pos_keep = settings.pos_keep
        self._keep_single = frozenset(settings.keep_single)

    def tag(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech) pairs from jieba, whitespace dropped; a number
        written with 〇/零 is one word tagged ``m`` (see ``_ZERO_NUMBER``)."""
        pairs: list[tuple[str, str]] = []
        done = 0
        for m in _ZERO_NUMBER.finditer(text):
            pairs += self._cut(text[done : m.start()])
            pairs.append((m.group(0), "m"))
            done = m.end()
        return pairs + self._cut(text[done:])

    def _cut(self, text: str) -> list[tuple[str, str]]:
        if not text:
            return []
        return [(word, flag) for word, flag in self._pos.cut(text, HMM=self.settings.hmm) if word.strip()]

    def removal_reason(self, word: str, flag: str) -> str | None:
        """Why ``word`` is dropped, or None if it is kept."""
        if not any(is_han(c) or c.isalnum() for c in word):
            return "punctuation"
        if (flag == "m" or _NUMBER.match(word)) and word not in self.dictionary_terms:
            return "number"  # 十五五 is a dictionary term, not a number
        for layer, words in self.stopwords.items():
            if word in words:
                return f"stopword:{layer}"
        if len(word) < self.settings.min_chars and word not in self._keep_single:
            return "short"
        if self._pos_keep is not None and word not in self.dictionary_terms:
            if not any(flag.startswith(prefix) for prefix in self._pos_keep):
                return "pos"
        return None

    def tokenize(self, text: str, stats: TokenStats | None = None) -> list[str]:
        kept = []
        for word, flag in self.tag(text):
            word = _fold(word)
            reason = self.removal_reason(word, flag)
            if reason is None:
                kept.append(word)
                if stats is not None:
                    stats.kept[word] += 1
            elif stats is not None:
                stats.record_removed(reason, word)
        return kept


def _fold(word: str) -> str:
    """Latin letters lower-case (AI and ai are one term); Chinese unchanged."""
    return word.lower() if word.isascii() else unicodedata.normalize("NFC", word)


def tokenization_report(stats: TokenStats, dictionary_terms: Iterable[str], top_n: int = 50) -> dict:
    kept_total = sum(stats.kept.values())
    removed_total = sum(stats.removed.values())
    terms = set(dictionary_terms)
    found = {t: c for t, c in stats.kept.items() if t in terms}
    return {
        "tokens_total": kept_total + removed_total,
        "tokens_kept": kept_total,
        "tokens_removed": removed_total,
        "removed_by_reason": dict(sorted(stats.removed.items())),
        "top_removed_by_reason": {
            reason: _ranked(counter, 15) for reason, counter in sorted(stats.removed_terms.items())
        },
        "vocabulary_size": len(stats.kept),
        "dictionary_terms_found": len(found),
        "dictionary_term_counts": _ranked(Counter(found), len(found)),
        "top_tokens": _ranked(stats.kept, top_n),
    }


def _ranked(counter: Counter, n: int) -> list[list]:
    """Most common first, ties broken by the term, so reports are stable."""
    return [[term, count] for term, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def report_markdown(report: dict, document_id: str) -> str:
    lines = [
        f"# Tokenization report: {document_id}",
        "",
        f"- tokens from jieba: {report['tokens_total']}",
        f"- kept: {report['tokens_kept']} ({report['vocabulary_size']} distinct)",
        f"- removed: {report['tokens_removed']}",
        f"- policy/user dictionary terms found: {report['dictionary_terms_found']}",
        "",
        "## Removed, by reason",
        "",
        "| reason | tokens | most frequent |",
        "|---|---:|---|",
    ]
    for reason, count in report["removed_by_reason"].items():
        examples = "、".join(t for t, _ in report["top_removed_by_reason"].get(reason, [])[:8])
        lines.append(f"| {reason} | {count} | {examples} |")
    lines += ["", "## Most frequent tokens kept", "", "| token | count |", "|---|---:|"]
    lines += [f"| {t} | {c} |" for t, c in report["top_tokens"]]
    lines += ["", "## Dictionary terms found", "", "| term | count |", "|---|---:|"]
    lines += [f"| {t} | {c} |" for t, c in report["dictionary_term_counts"]]
    return "\n".join(lines) + "\n"


SENTENCE_KEYS = ("sentence_id", "unit_id", "chapter", "section", "box", "kind")  # carried over from the sentence table
TOKEN_COLUMNS = [*SENTENCE_KEYS, "n_tokens", "tokens"]


def tokenize_sentences(
    sentences: Iterable[Mapping[str, str]], tokenizer: PolicyTokenizer
) -> tuple[list[dict[str, str | int]], TokenStats]:
    """Token rows (:data:`TOKEN_COLUMNS`) of every sentence but the preamble,
    from the rows of the sentence table. ``tokens`` is space-joined in the
    table; :func:`read_tokens` gives it back as lists."""
    stats = TokenStats()
    out = []
    for row in sentences:
        if row["kind"] == "preamble":
            continue
        tokens = tokenizer.tokenize(row["text"], stats)
        out.append({**{key: row[key] for key in SENTENCE_KEYS}, "n_tokens": len(tokens), "tokens": " ".join(tokens)})
    return out, stats


def content_sentences(tokens: pd.DataFrame) -> pd.DataFrame:
    """The sentences a document's models and comparisons count: those of chapters
    1.. (the title, front matter and closing are chapter 0), or every sentence
    when the document has no chapter. ``tokens``: :func:`read_tokens`' table."""
    if (tokens["chapter"] > 0).any():
        tokens = tokens[tokens["chapter"] > 0]
    return tokens.reset_index(drop=True)


def read_tokens(path: str | Path) -> pd.DataFrame:
    """The token table with ``tokens`` as lists of strings, ``section`` and
    ``box`` as strings ('' when none)."""
    from plantopics.io import read_csv

    frame = read_csv(path, dtype={"section": str, "box": str, "tokens": str})
    frame["tokens"] = [t.split() for t in frame["tokens"]]
    return frame
