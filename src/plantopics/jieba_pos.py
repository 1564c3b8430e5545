"""jieba's part-of-speech segmentation (``jieba.posseg``), faster, same output.

``jieba.posseg`` spends most of its time outside the segmentation itself:
importing its HMM tables from generated ``.py`` modules (~0.45 s), reading
``dict.txt`` again for the word tags, once for its module-level tokenizer at
import and once per ``POSTokenizer`` (~0.4 s each), after jieba's own pure-Python
prefix-dictionary build (~0.7 s), and decoding unknown character runs with a
pure-Python Viterbi over 256 joint (position, tag) states (~5× ``jieba.lcut``).
Here, on a ``jieba.Tokenizer`` (jieba's own DAG, route and user-word code):

* the HMM tables come from the pickles jieba ships beside those modules (the
  copies jieba loads on Jython); a test checks they are equal;
* one pass over ``dict.txt`` gives jieba's prefix dictionary, its total and the
  word tags; a test checks all three equal jieba's ``gen_pfdict`` / ``load_word_tag``;
* the Viterbi runs on NumPy arrays with jieba's arithmetic (the same additions
  in the same order) and jieba's tie-break (``max`` over ``(probability, state)``
  tuples: among equal probabilities the largest state tuple wins);
* the cut itself is jieba 0.42.1's ``POSTokenizer`` code (``jieba/posseg/__init__.py``,
  MIT License, Copyright (c) 2013 Sun Junyi), yielding ``(word, tag)`` tuples.

Tests compare every (word, tag) with ``jieba.posseg`` on the bundled plan and
the fixtures with the policy dictionary, the decoder with jieba's ``viterbi`` on
random strings, and the regular expressions with jieba's.
"""

from __future__ import annotations

import logging
import pickle
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np

MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi: emission of a character a state never emits
MIN_INF = float("-inf")  # jieba.posseg.viterbi: a transition that does not exist
HMM_TABLES = ("char_state_tab", "prob_start", "prob_trans", "prob_emit")

# jieba.posseg's patterns, character for character (a test compares them)
RE_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
RE_SKIP_DETAIL = re.compile("([\\.0-9]+|[a-zA-Z0-9]+)")
RE_HAN_INTERNAL = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
RE_SKIP_INTERNAL = re.compile("(\r\n|\\s)")
RE_ENG = re.compile("[a-zA-Z0-9]+")
RE_NUM = re.compile("[\\.0-9]+")
RE_ENG1 = re.compile("^[a-zA-Z0-9]$", re.U)


def import_jieba():
    """``jieba``, imported without ``pkg_resources`` when nothing has imported it yet:
    jieba uses it only to open its own data files and falls back to ``open``
    without it, and importing the deprecated module costs ~0.15 s per job."""
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def load_hmm_tables() -> tuple[dict, dict, dict, dict]:
    """(char_state_tab, start, trans, emit) of jieba.posseg, from jieba's pickles."""
    jieba = import_jieba()

    folder = Path(jieba.__file__).parent / "posseg"
    tables = []
    for name in HMM_TABLES:
        with open(folder / f"{name}.p", "rb") as fh:
            tables.append(pickle.load(fh))  # jieba's own package data, as trusted as its code
    return tuple(tables)


def read_main_dictionary(data: bytes, name: str = "dict.txt") -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's prefix dictionary (every word's frequency, every proper prefix
    at 0 unless it is a word), the frequency total, and the word tags, from the
    bytes of a jieba main dictionary (``word freq tag`` lines)."""
    text = data.decode("utf-8")
    fields = text.split()
    if len(fields) != 3 * (text.count("\n") + (not text.endswith("\n"))):  # fast check; details if it fails
        lines = text.splitlines()
        bad = next((i for i, line in enumerate(lines, 1) if len(line.split()) != 3), len(lines))
        raise ValueError(f"{name}, line {bad}: a jieba dictionary line is 'word frequency tag'")
    words = fields[0::3]
    frequencies = list(map(int, fields[1::3]))
    freq = dict.fromkeys(_proper_prefixes(words), 0)
    freq.update(zip(words, frequencies, strict=True))
    return freq, sum(frequencies), dict(zip(words, fields[2::3], strict=True))


def _proper_prefixes(words: list[str]) -> set[str]:
    """Every ``word[:n]`` with ``0 < n < len(word)``, one length at a time (a
    quarter faster than one comprehension over every word and length)."""
    prefixes: set[str] = set()
    longer = [word for word in words if len(word) > 1]
    n = 1
    while longer:
        prefixes.update([word[:n] for word in longer])
        n += 1
        longer = [word for word in longer if len(word) > n]
    return prefixes


class PosHmm:
    """jieba.posseg's HMM as arrays; :meth:`viterbi` returns what
    ``jieba.posseg.viterbi.viterbi`` returns for the same tables."""

    def __init__(self, char_states: dict, start_p: dict, trans_p: dict, emit_p: dict):
        self.states = sorted(trans_p)  # index order = tuple order, for jieba's tie-break
        index = {state: i for i, state in enumerate(self.states)}
        n = len(self.states)
        self.start = np.array([start_p[s] for s in self.states], dtype=np.float64)
        self.trans = np.full((n, n), MIN_INF)
        self.has_trans = np.zeros((n, n), dtype=bool)
        for x, row in trans_p.items():
            for y, p in row.items():
                self.trans[index[x], index[y]] = p
                self.has_trans[index[x], index[y]] = True
        self.has_next = self.has_trans.any(axis=1)
        self._index = index
        self._all = np.ones(n, dtype=bool)
        self._char_states = char_states
        self._emit_p = emit_p
        self._emissions: dict[str, np.ndarray] = {}
        self._masks: dict[str, np.ndarray] = {}

    def _emission(self, char: str) -> np.ndarray:
        column = self._emissions.get(char)
        if column is None:
            column = np.array([self._emit_p[s].get(char, MIN_FLOAT) for s in self.states], dtype=np.float64)
            self._emissions[char] = column
        return column

    def _allowed(self, char: str) -> np.ndarray:
        mask = self._masks.get(char)
        if mask is None:
            states = self._char_states.get(char)
            if states is None:
                mask = self._all
            else:
                mask = np.zeros(len(self.states), dtype=bool)
                mask[[self._index[s] for s in states]] = True
            self._masks[char] = mask
        return mask

    def viterbi(self, obs: str) -> tuple[float, list[tuple[str, str]]]:
        current = np.flatnonzero(self._allowed(obs[0]))
        score = self.start[current] + self._emission(obs[0])[current]
        steps: list[tuple[np.ndarray, np.ndarray]] = []  # (states at t, best previous state of each)
        for char in obs[1:]:
            live = self.has_next[current]
            previous, previous_score = current[live], score[live]
            expected = self.has_trans[previous].any(axis=0)
            candidates = expected & self._allowed(char)
            if not candidates.any():
                candidates = expected if expected.any() else self._all
            nxt = np.flatnonzero(candidates)
            if len(previous) == 0:
                raise ValueError(f"no state can follow {obs[:len(steps) + 1]!r}")  # where jieba's max() fails
            table = (previous_score[:, None] + self.trans[np.ix_(previous, nxt)]) + self._emission(char)[nxt]
            best = len(previous) - 1 - table[::-1].argmax(axis=0)  # the last maximum: largest state on ties
            score = table[best, np.arange(len(nxt))]
            steps.append((nxt, previous[best]))
            current = nxt
        last = len(current) - 1 - int(score[::-1].argmax())
        prob, state = float(score[last]), int(current[last])
        route = [state]
        for states, came_from in reversed(steps):
            state = int(came_from[np.searchsorted(states, state)])
            route.append(state)
        return prob, [self.states[s] for s in reversed(route)]


def _flag_of_non_han(piece: str, run: str) -> str:
    """jieba.posseg's tag for text outside its Han patterns: ``m`` if ``piece``
    starts like a number, else ``eng`` if ``run`` starts with a letter or digit, else ``x``."""
    if RE_NUM.match(piece):
        return "m"
    return "eng" if RE_ENG.match(run) else "x"


class PosTokenizer:
    """``jieba.posseg.POSTokenizer`` on a fresh ``jieba.Tokenizer``, without
    touching jieba's global tokenizer or any cache file. ``cut`` yields
    ``(word, tag)`` tuples where jieba yields ``pair(word, flag)`` objects."""

    def __init__(self):
        self.tokenizer = import_jieba().Tokenizer()
        with self.tokenizer.get_dict_file() as fh:
            self.tokenizer.FREQ, self.tokenizer.total, self.word_tag_tab = read_main_dictionary(fh.read())
        self.tokenizer.initialized = True
        self.hmm = PosHmm(*load_hmm_tables())

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        self.tokenizer.add_word(word, freq, tag)

    def cut(self, sentence: str, HMM: bool = True) -> Iterator[tuple[str, str]]:  # noqa: N803 (jieba's name)
        if self.tokenizer.user_word_tag_tab:  # POSTokenizer.makesure_userdict_loaded
            self.word_tag_tab.update(self.tokenizer.user_word_tag_tab)
            self.tokenizer.user_word_tag_tab = {}
        cut_block = self._cut_dag if HMM else self._cut_dag_no_hmm
        for block in RE_HAN_INTERNAL.split(sentence):
            if RE_HAN_INTERNAL.match(block):
                yield from cut_block(block)
                continue
            for x in RE_SKIP_INTERNAL.split(block):
                if RE_SKIP_INTERNAL.match(x):
                    yield x, "x"
                    continue
                for xx in x:
                    yield xx, _flag_of_non_han(xx, x)  # jieba tests English on the whole run, not the character

    def _route_words(self, sentence: str) -> Iterator[str]:
        """The words of jieba's best route through the sentence's DAG, in order."""
        route: dict = {}
        self.tokenizer.calc(sentence, self.tokenizer.get_DAG(sentence), route)
        x = 0
        while x < len(sentence):
            y = route[x][1] + 1
            yield sentence[x:y]
            x = y

    def _cut_dag_no_hmm(self, sentence: str) -> Iterator[tuple[str, str]]:
        buf = ""  # a run of single letters or digits, tagged eng as one word
        for word in self._route_words(sentence):
            if RE_ENG1.match(word):
                buf += word
                continue
            if buf:
                yield buf, "eng"
                buf = ""
            yield word, self.word_tag_tab.get(word, "x")
        if buf:
            yield buf, "eng"

    def _cut_dag(self, sentence: str) -> Iterator[tuple[str, str]]:
        buf = ""  # a run of single characters, for the HMM
        for word in self._route_words(sentence):
            if len(word) == 1:
                buf += word
                continue
            if buf:
                yield from self._cut_buffer(buf)
                buf = ""
            yield word, self.word_tag_tab.get(word, "x")
        if buf:
            yield from self._cut_buffer(buf)

    def _cut_buffer(self, buf: str) -> Iterator[tuple[str, str]]:
        """A run of single characters the DAG left alone."""
        if len(buf) == 1:
            yield buf, self.word_tag_tab.get(buf, "x")
        elif not self.tokenizer.FREQ.get(buf):
            yield from self._cut_detail(buf)
        else:
            for char in buf:
                yield char, self.word_tag_tab.get(char, "x")

    def _cut_detail(self, sentence: str) -> Iterator[tuple[str, str]]:
        for block in RE_HAN_DETAIL.split(sentence):
            if RE_HAN_DETAIL.match(block):
                yield from self._cut_hmm(block)
                continue
            for x in RE_SKIP_DETAIL.split(block):
                if x:
                    yield x, _flag_of_non_han(x, x)

    def _cut_hmm(self, sentence: str) -> Iterator[tuple[str, str]]:
        _, pos_list = self.hmm.viterbi(sentence)
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            position, tag = pos_list[i]
            if position == "B":
                begin = i
            elif position == "E":
                yield sentence[begin:i + 1], tag
                nexti = i + 1
            elif position == "S":
                yield char, tag
                nexti = i + 1
        if nexti < len(sentence):
            yield sentence[nexti:], pos_list[nexti][1]
