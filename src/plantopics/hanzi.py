"""What the characters of a decoded text say: is it Chinese, and in which script.

:mod:`plantopics.ingest` decodes a file and asks this module whether the result
reads as Chinese. A wrong codec still yields characters: Big5 bytes read as
GB18030 give rare Han characters, kana and private-use code points; Shift-JIS
Japanese read as GB18030 gives nothing but rare Han characters (a "Chinese share"
of 1.0). Real Chinese text is made mostly of a few hundred very common
characters, so the share of its Han characters among the most common ones tells
a right decoding from mojibake; kana and hangul tell Japanese and Korean.

The counts run over numpy arrays of code points through one lookup table of
per-character flags, so a 20 MB document is counted in well under a second.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata, resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np  # imported where used: segment and tokenize jobs import this module without needing it

COMMON_HANZI_FILE = "common_hanzi.txt"  # in plantopics/resources; see its header
COMMON_RANK = 1000  # "common" = among the 1,000 most frequent characters (README: Your own documents)

# A decoded text is Chinese when (shares of its non-space characters, except where said):
MIN_HAN_SHARE = 0.3  # Han characters
MIN_COMMON_SHARE = 0.5  # Han characters that are common: real text >= 0.67 per line, mojibake <= 0.3
MAX_KANA_SHARE = 0.05  # kana among Han + kana (Japanese has 30-60 %)
MIN_HIRAGANA = 3  # ... and Japanese grammar shows: katakana alone may be a name in a Chinese text
MAX_JAPANESE_FORM_SHARE = 0.02  # Han characters in Japanese-only forms (経 済 広), in text without kana
MIN_JAPANESE_FORMS = 3
MAX_HANGUL_SHARE = 0.05  # hangul among Han + hangul
MAX_CONTROL_SHARE = 0.01  # control characters (not white space): as many is binary data
# Traditional when at least this share of its Han characters exist only in Traditional
# (real Traditional text: about a third) and they outnumber the Simplified-only ones,
# so a Simplified text quoting a Traditional name stays as it is.
MIN_TRADITIONAL_SHARE = 0.05

OPENCC_CONFIG = "t2s"  # OpenCC's Traditional -> Simplified (characters and phrases, same length)

# Flags of the lookup table (one uint16 per code point).
_HAN, _COMMON, _TRAD_ONLY, _SIMP_ONLY = 1, 2, 4, 8
_HIRAGANA, _KATAKANA, _HANGUL, _SPACE, _CONTROL, _JAPANESE_FORM = 16, 32, 64, 128, 256, 512

_HAN_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2FA1F), (0x3007, 0x3007))
_HANGUL_RANGES = ((0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F))


@dataclass(frozen=True)
class CharStats:
    """Counts of a text's characters other than white space and zero-width ones."""

    n: int
    han: int
    common: int  # Han characters among the COMMON_RANK most frequent (or their Traditional forms)
    traditional: int  # Han characters that exist only in Traditional (OpenCC t2s changes them)
    simplified: int  # Han characters that exist only in Simplified (in GB 2312, not in Big5)
    hiragana: int
    katakana: int
    japanese_forms: int  # Han characters in forms only Japanese uses (shinjitai: 経 済 広 続)
    hangul: int
    control: int

    @property
    def han_share(self) -> float:
        return self.han / self.n if self.n else 0.0

    @property
    def common_share(self) -> float:
        return self.common / self.han if self.han else 0.0

    @property
    def kana_share(self) -> float:
        kana = self.hiragana + self.katakana
        return kana / (self.han + kana) if kana else 0.0

    @property
    def hangul_share(self) -> float:
        return self.hangul / (self.han + self.hangul) if self.hangul else 0.0

    @property
    def traditional_share(self) -> float:
        return self.traditional / self.han if self.han else 0.0


def char_stats(text: str) -> CharStats:
    import numpy as np

    flags = _flag_table()[np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)]
    space = int(np.count_nonzero(flags & _SPACE))

    def count(flag: int) -> int:
        return int(np.count_nonzero(flags & flag))

    return CharStats(
        n=len(text) - space,
        han=count(_HAN),
        common=count(_COMMON),
        traditional=count(_TRAD_ONLY),
        simplified=count(_SIMP_ONLY),
        hiragana=count(_HIRAGANA),
        katakana=count(_KATAKANA),
        japanese_forms=count(_JAPANESE_FORM),
        hangul=count(_HANGUL),
        control=count(_CONTROL),
    )


def chinese_problem(stats: CharStats) -> str | None:
    """Why text with these counts is not Chinese (a phrase for an error message), or None.
    Garbled comes before Japanese: Big5 read as GBK yields kana, but its Han characters are rare."""
    if stats.n == 0:
        return "no text, only white space"
    if stats.control and stats.control >= MAX_CONTROL_SHARE * stats.n:
        return f"binary file ({stats.control} control characters), not text"
    if stats.han_share >= MIN_HAN_SHARE and stats.common_share < MIN_COMMON_SHARE:
        return (
            f"garbled: only {stats.common_share:.0%} of its Chinese characters are common ones "
            f"(real text: over {MIN_COMMON_SHARE:.0%}), as when a file is read with the wrong encoding"
        )
    if stats.kana_share > MAX_KANA_SHARE and stats.hiragana >= MIN_HIRAGANA:
        return f"Japanese, not Chinese ({stats.kana_share:.0%} kana among its Han characters and kana)"
    if stats.japanese_forms >= max(MIN_JAPANESE_FORMS, MAX_JAPANESE_FORM_SHARE * stats.han):
        return f"Japanese, not Chinese ({stats.japanese_forms} of its Han characters are in Japanese-only forms)"
    if stats.hangul_share > MAX_HANGUL_SHARE:
        return f"Korean, not Chinese ({stats.hangul_share:.0%} hangul among its Han characters and hangul)"
    if stats.han_share < MIN_HAN_SHARE:
        return (
            f"not Chinese: only {stats.han_share:.0%} of its characters are Chinese "
            f"(at least {MIN_HAN_SHARE:.0%} needed)"
        )
    return None


def is_traditional(stats: CharStats) -> bool:
    return stats.traditional_share >= MIN_TRADITIONAL_SHARE and stats.traditional > stats.simplified


def to_simplified(text: str) -> str:
    return _converter(OPENCC_CONFIG).convert(text)


def opencc_version() -> str:
    return metadata.version("opencc")


def rank_common_hanzi(dict_lines: Iterable[str], n: int) -> list[tuple[str, int]]:
    """The ``n`` most frequent characters of a jieba dictionary (``word freq tag``
    lines): a character counts the frequencies of every word it occurs in. Only
    characters of GB 2312 (the 6,763 characters of mainland everyday use) qualify:
    jieba's dict.txt holds a few mojibake words (UTF-8 read as GBK: 銆 殑 鐨),
    whose characters are outside it. Ties go by code point."""
    counts: Counter[str] = Counter()
    for line in dict_lines:
        word, freq = line.split()[:2]
        for char in word:
            counts[char] += int(freq)
    ranked = sorted(counts.keys() & _gb2312_han(), key=lambda c: (-counts[c], c))
    return [(c, counts[c]) for c in ranked[:n]]


def common_hanzi() -> list[str]:
    """The ranked characters of resources/common_hanzi.txt (``char freq`` lines)."""
    text = resources.files("plantopics").joinpath("resources", COMMON_HANZI_FILE).read_text(encoding="utf-8")
    return [line.split()[0] for line in text.splitlines() if line and not line.startswith("#")]


@functools.cache
def _gb2312_han() -> frozenset[str]:
    """The 6,763 Han characters of GB 2312 (rows 16-87, bytes B0A1-F7FE)."""
    return _charset(range(0xB0, 0xF8), range(0xA1, 0xFF), "gb2312")


@functools.cache
def _big5_han() -> frozenset[str]:
    """The 13,058 Han characters of Big5 (as Microsoft's cp950 has it)."""
    return _charset(range(0xA4, 0xFA), (*range(0x40, 0x7F), *range(0xA1, 0xFF)), "cp950")


@functools.cache
def _jis_kanji() -> frozenset[str]:
    """The 6,355 kanji of JIS X 0208 (EUC-JP rows 16-84)."""
    return _charset(range(0xB0, 0xF5), range(0xA1, 0xFF), "euc_jp")


def _charset(leads: range, trails: Iterable[int], codec: str) -> frozenset[str]:
    """The Han characters a double-byte codec maps ``leads`` x ``trails`` to (unassigned pairs skipped)."""
    raw = bytes(byte for lead in leads for trail in trails for byte in (lead, trail))
    return frozenset(c for c in raw.decode(codec, errors="replace") if c != "\ufffd" and _is_han_bmp(c))


def _is_han_bmp(char: str) -> bool:
    return any(lo <= ord(char) <= hi for lo, hi in _HAN_RANGES if hi < 0x10000)


@functools.cache
def _converter(config: str):
    import opencc  # ~20 ms; only the ingest job needs it

    return opencc.OpenCC(config)


@functools.cache
def _flag_table() -> np.ndarray:
    import numpy as np

    table = np.zeros(0x110000, dtype=np.uint16)
    for lo, hi in _HAN_RANGES:
        table[lo : hi + 1] |= _HAN
    for lo, hi in _HANGUL_RANGES:
        table[lo : hi + 1] |= _HANGUL
    table[0x3041:0x3097] |= _HIRAGANA
    table[0x30A1:0x30FB] |= _KATAKANA  # not ・ (U+30FB) or ー, which Chinese text uses too
    spaces = [cp for cp in range(0x3001) if chr(cp).isspace()]  # U+3000 is the last white space
    table[spaces] |= _SPACE
    table[[0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD]] |= _SPACE  # invisible (and normalised away)
    controls = [cp for cp in (*range(0x20), *range(0x7F, 0xA0)) if not chr(cp).isspace()]
    table[controls] |= _CONTROL

    # Traditional-only characters are those OpenCC's t2s changes (converting them all at
    # once, one per line, maps character by character); Simplified-only ones are the
    # GB 2312 characters that Big5 lacks. Neither list holds a character beyond the
    # Basic Multilingual Plane, and nor does the list of common characters.
    han = np.array([cp for lo, hi in _HAN_RANGES if hi < 0x10000 for cp in range(lo, hi + 1)], dtype=np.uint32)
    simplified = _convert_each(han, _converter(OPENCC_CONFIG))
    table[han[simplified != han]] |= _TRAD_ONLY
    common = np.array([ord(c) for c in common_hanzi()[:COMMON_RANK]], dtype=np.uint32)
    table[han[np.isin(simplified, common)]] |= _COMMON
    table[[ord(c) for c in _gb2312_han() - _big5_han()]] |= _SIMP_ONLY
    # Japanese-only forms: kanji of JIS X 0208 that neither GB 2312 nor Big5 has and
    # that OpenCC does not take for Traditional variants (爲 羣 are those).
    japanese = [ord(c) for c in _jis_kanji() - _gb2312_han() - _big5_han()]
    table[[cp for cp in japanese if not table[cp] & _TRAD_ONLY]] |= _JAPANESE_FORM
    return table


def _convert_each(code_points: np.ndarray, converter) -> np.ndarray:
    """What ``converter`` makes of each character on its own (one code point each)."""
    import numpy as np

    lines = converter.convert("\n".join(map(chr, code_points.tolist()))).split("\n")
    return np.array([ord(line) for line in lines], dtype=np.uint32)
