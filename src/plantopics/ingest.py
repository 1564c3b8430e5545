"""Ingest: raw bytes -> one canonical Unicode text.

The same document saved as UTF-8, UTF-8 with BOM, GB18030/GBK or UTF-16 with a
BOM, with CRLF, CR or LF line ends, with full-width or half-width punctuation,
digits and Latin letters, and with or without zero-width characters, comes out
as the same text, so it gets the same structure and the same tokens.

Canonical form (documented in the README):
* line ends ``\\n``; trailing spaces stripped; blank lines dropped;
* digits and Latin letters half-width (ASCII); other full-width ASCII symbols
  (＋ ％ ＠ …) half-width;
* Chinese punctuation full-width: ``, ; : ( ) ! ?`` become ``，；：（）！？``
  except ``,`` and ``:`` between two digits (1,000 and 10:30 keep theirs);
* zero-width characters (U+200B–U+200D, U+2060, U+FEFF) removed; ideographic
  and no-break spaces become plain spaces; then NFC.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from plantopics.errors import IngestError  # noqa: F401 (part of this module's interface)

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = {0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " "}
# Full-width ASCII block FF01-FF5E -> ASCII, then the Chinese punctuation back.
_FULL_TO_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_HALF_TO_CJK = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_HALFWIDTH_CJK = {0xFF61: "。", 0xFF62: "「", 0xFF63: "」", 0xFF64: "、"}
_CJK_PUNCT_ASCII = re.compile(r"[,;:()!?]")
_DIGIT_SEP = re.compile(r"(?<=\d)([，：])(?=\d)")

MIN_CHINESE_SHARE = 0.3  # of non-space characters


@dataclass(frozen=True)
class IngestedText:
    text: str
    encoding: str
    n_chars: int
    chinese_share: float


def decode(raw: bytes, source: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``raw``; return (text, encoding used). ``encoding`` overrides detection."""
    if not raw.strip():
        raise IngestError(f"{source}: the file is empty")
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as err:
            raise IngestError(f"{source}: cannot decode as {encoding} (from config): {err}") from err
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return raw.decode(name), name
    if b"\x00" in raw:
        raise IngestError(f"{source}: binary file (NUL bytes and no UTF-16 byte-order mark)")
    for name in ("utf-8", "gb18030"):
        try:
            return raw.decode(name), name
        except UnicodeDecodeError:
            continue
    raise IngestError(f"{source}: not UTF-8, UTF-16 with BOM or GB18030/GBK text; set 'encoding' for it in the config")


def normalize(text: str) -> str:
    """Canonical form of ``text`` (see module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_ZERO_WIDTH).translate(_SPACES).translate(_HALFWIDTH_CJK).translate(_FULL_TO_HALF)
    text = _CJK_PUNCT_ASCII.sub(lambda m: _HALF_TO_CJK[m.group(0)], text)
    text = _DIGIT_SEP.sub(lambda m: "," if m.group(1) == "，" else ":", text)  # 1,000 and 10:30
    text = unicodedata.normalize("NFC", text)
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def chinese_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    return sum(1 for c in chars if is_han(c)) / len(chars)


def is_han(char: str) -> bool:
    cp = ord(char)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2FA1F or cp == 0x3007


def _looks_binary(text: str) -> bool:
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t")  # \r: CRLF line ends
    return controls > max(3, 0.01 * len(text))


def ingest_bytes(raw: bytes, source: str, encoding: str | None = None) -> IngestedText:
    text, used = decode(raw, source, encoding)
    if _looks_binary(text):
        raise IngestError(f"{source}: binary file (control characters in the decoded text)")
    text = normalize(text)
    share = chinese_share(text)
    if share < MIN_CHINESE_SHARE:
        raise IngestError(
            f"{source}: only {share:.0%} of its characters are Chinese "
            f"(at least {MIN_CHINESE_SHARE:.0%} needed); is this the right file?"
        )
    return IngestedText(text=text, encoding=used, n_chars=len(text), chinese_share=round(share, 4))


def ingest_file(path: str | Path, encoding: str | None = None) -> IngestedText:
    path = Path(path)
    return ingest_bytes(path.read_bytes(), str(path), encoding)
