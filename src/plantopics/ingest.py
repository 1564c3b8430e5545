"""Ingest: raw bytes -> one canonical Unicode text, in Simplified Chinese.

The same document saved as UTF-8 (with or without BOM), GB18030/GBK/GB2312,
Big5, or UTF-16 (little or big endian, with or without BOM), with CRLF, CR or LF
line ends, with full-width or half-width punctuation, digits and Latin letters,
and with or without zero-width characters, comes out as the same text, so it
gets the same structure and the same tokens. A Traditional-Chinese document is
converted to Simplified for analysis (OpenCC t2s, see :mod:`plantopics.hanzi`);
its own script is kept for display (``IngestedText.original``).

How the encoding is found (README: Your own documents):
1. ``documents.<id>.encoding`` from the config, if set: that codec or an error.
2. A byte-order mark (UTF-8, UTF-16, UTF-32): that codec or an error.
3. Strict decoding: UTF-8; then GB18030, Big5 (cp950, Big5-HKSCS); files with
   NUL bytes as UTF-16 LE and BE. A decoding counts only if its text reads as
   Chinese (:func:`plantopics.hanzi.chinese_problem`); of several, the one with
   the most common characters wins. A file that is partly UTF-8 is refused
   naming a line of each kind, since no codec reads it whole.
4. Only if none reads as Chinese, charset-normalizer's guess, which also names
   what the file is (Japanese in Shift-JIS, Korean in EUC-KR ...) when refused.

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
import functools
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from plantopics import hanzi
from plantopics.errors import DocumentError, IngestError

if TYPE_CHECKING:
    import numpy as np  # imported where used: segment and tokenize import is_han from here

log = logging.getLogger(__name__)

ENCODING_KEY = "documents.<id>.encoding"  # the config key a message tells the user to set
# GB18030 reads GBK and GB2312; cp950 is Windows' Big5, and Big5-HKSCS (Hong Kong) is
# tried only where cp950 fails, since it reads every cp950 text the same.
LEGACY_CODECS = ("gb18030", "cp950", "big5hkscs")
_ONLY_IF_FAILED = {"big5hkscs": "cp950"}
UTF16_CODECS = ("utf-16-le", "utf-16-be")
DETECTOR = "charset-normalizer"
DETECTOR_BYTES = 1 << 20  # the detector reads at most the first MiB

_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Files that are not text, by their first bytes: named in the message, with what to do.
_SIGNATURES = (
    (b"%PDF-", "a PDF document", "convert it to text first (e.g. pdftotext -enc UTF-8)"),
    (b"PK\x03\x04", "a ZIP archive, as .docx, .xlsx and .odt files are", "save the document as plain text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Office 97-2003 file (.doc, .xls)", "save it as plain text"),
    (b"{\\rtf", "an RTF document", "save it as plain text"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "is this the right file?"),
    (b"\xff\xd8\xff", "a JPEG image", "is this the right file?"),
    (b"GIF8", "a GIF image", "is this the right file?"),
    (b"\x1f\x8b", "a gzip archive", "unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it first"),
    (b"\x7fELF", "a program (ELF)", "is this the right file?"),
)

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = {0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " "}
# Full-width ASCII block FF01-FF5E -> ASCII, then the Chinese punctuation back.
_FULL_TO_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_HALF_TO_CJK = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_HALFWIDTH_CJK = {0xFF61: "。", 0xFF62: "「", 0xFF63: "」", 0xFF64: "、"}
_DIGIT_SEP = re.compile(r"[，：](?<=\d[，：])(?=\d)")  # the separator first: 4x faster to scan for
_BLANKS = re.compile(r"[ \t]+")


def _canonical_characters() -> dict[str, str]:
    """Each character the canonical form changes -> what it becomes (the tables
    above composed: none maps into another's keys, so one pass applies them all)."""
    table = {**_ZERO_WIDTH, **_SPACES, **_HALFWIDTH_CJK, **_FULL_TO_HALF}
    mapping = {}
    for char in map(chr, [*table, *map(ord, _HALF_TO_CJK)]):
        new = char.translate(table)
        new = _HALF_TO_CJK.get(new, new)
        if new != char:
            mapping[char] = new
    return mapping


_CANONICAL = _canonical_characters()
_DELETED = 0xFFFFFFFF  # not a code point


@functools.cache
def _canonical_table() -> np.ndarray:
    """_CANONICAL as a code point -> code point array (a regex substitution is 3-6x slower on 20 MB)."""
    import numpy as np

    table = np.arange(0x110000, dtype=np.uint32)
    for char, new in _CANONICAL.items():
        table[ord(char)] = ord(new) if new else _DELETED
    return table


def _canonical_characters_of(text: str) -> str:
    import numpy as np

    code_points = _canonical_table()[np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)]
    code_points = code_points[code_points != _DELETED]
    return code_points.tobytes().decode("utf-32-le", "surrogatepass")


@dataclass(frozen=True)
class Reading:
    """Decoded text and how its encoding was found."""

    text: str
    encoding: str
    detected_by: str  # "config", "byte-order mark", "strict decoding" or DETECTOR
    confidence: float | None = None  # the detector's (1 - its "chaos"); None when it was not asked


@dataclass(frozen=True)
class IngestedText:
    text: str  # canonical, Simplified: what the pipeline analyses
    encoding: str
    n_chars: int
    chinese_share: float
    original: str  # canonical, in the document's own script (== text unless converted)
    script: str  # "simplified" or "traditional"
    detected_by: str
    detector_confidence: float | None
    common_hanzi_share: float
    conversion: dict | None = None  # OpenCC tool, version, config and whether aligned, if converted

    def summary(self) -> dict:
        """Everything but the texts (text/ingest.json)."""
        return {
            "encoding": self.encoding,
            "encoding_detected_by": self.detected_by,
            "detector_confidence": self.detector_confidence,
            "n_chars": self.n_chars,
            "chinese_share": self.chinese_share,
            "common_hanzi_share": self.common_hanzi_share,
            "script": self.script,
            "conversion": self.conversion,
        }


def check_encoding_name(name: str | None, key: str = ENCODING_KEY) -> str | None:
    """A configured encoding as Python's codec name; DocumentError naming ``key`` if
    there is no such text codec or it cannot hold Chinese (latin-1, ascii ...)."""
    if name is None:
        return None
    try:
        b"".decode(name)  # rejects bytes-to-bytes codecs (base64, zlib) as well as unknown names
        "中文".encode(name)
    except LookupError as err:
        raise DocumentError(f"{key}: unknown text encoding {name!r} (e.g. gb18030, big5, utf-16-le)") from err
    except UnicodeEncodeError as err:
        raise DocumentError(f"{key}: {name!r} cannot hold Chinese characters (e.g. gb18030, big5, utf-16-le)") from err
    return codecs.lookup(name).name


def decode(raw: bytes, source: str, encoding: str | None = None, *, encoding_key: str = ENCODING_KEY) -> Reading:
    """Decode ``raw`` as Chinese text; ``encoding`` (from config ``encoding_key``) overrides detection."""
    if not raw.strip():
        raise IngestError(f"{source}: the file is empty" + (" (only white space)" if raw else ""))
    for signature, kind, advice in _SIGNATURES:
        if raw.startswith(signature):
            raise IngestError(f"{source}: binary file ({kind}), not text; {advice}")
    if encoding:
        return _decode_as_configured(raw, source, encoding, encoding_key)
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return _decode_with_bom(raw, source, codec)
    return _detect(raw, source, encoding_key)


def _decode_as_configured(raw: bytes, source: str, encoding: str, key: str) -> Reading:
    try:
        codec = check_encoding_name(encoding, key)
    except DocumentError as err:
        raise IngestError(f"{source}: {err}") from err
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as err:
        where = _where(raw, err)
        raise IngestError(f"{source}: not {codec} text as {key} says: {where}; correct it or remove it") from err
    problem = hanzi.chinese_problem(hanzi.char_stats(text))
    if problem:
        raise IngestError(f"{source}: {problem} when read as {codec} as {key} says; correct it or remove it")
    return Reading(text, codec, "config")


def _decode_with_bom(raw: bytes, source: str, codec: str) -> Reading:
    name = codec.removesuffix("-sig").upper()
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as err:
        where = _where(raw, err)
        raise IngestError(f"{source}: starts with a {name} byte-order mark but is not {name}: {where}") from err
    problem = hanzi.chinese_problem(hanzi.char_stats(text))
    if problem:
        raise IngestError(f"{source}: {problem}, read as {name} (its byte-order mark says so); is this the right file?")
    return Reading(text, codec, "byte-order mark")


@dataclass(frozen=True)
class _Candidate:
    """A strict decoding and, if it does not read as Chinese, why."""

    text: str
    stats: hanzi.CharStats
    problem: str | None


def _strict_decodings(raw: bytes, codecs_: tuple[str, ...], failures: dict | None = None) -> dict[str, _Candidate]:
    """The codecs that decode ``raw``, with their text; the others' errors go to ``failures``."""
    decodings = {}
    for codec in codecs_:
        if _ONLY_IF_FAILED.get(codec) in decodings:
            continue
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError as err:
            if failures is not None:
                failures[codec] = err
            continue
        stats = hanzi.char_stats(text)
        decodings[codec] = _Candidate(text, stats, hanzi.chinese_problem(stats))
    return decodings


def _detect(raw: bytes, source: str, key: str) -> Reading:
    failures: dict[str, UnicodeDecodeError] = {}
    if b"\x00" in raw:  # no 8-bit Chinese encoding has NUL bytes; UTF-16 text of ASCII does
        decodings = _strict_decodings(raw, UTF16_CODECS, failures)
    else:
        decodings = _strict_decodings(raw, ("utf-8",), failures)
        if "utf-8" not in decodings:
            _refuse_mixed_utf8(raw, source)
        elif decodings["utf-8"].problem is None:  # the common case: no other codec to try
            return Reading(decodings["utf-8"].text, "utf-8", "strict decoding")
        decodings |= _strict_decodings(raw, LEGACY_CODECS, failures)
    chinese = [codec for codec, decoding in decodings.items() if decoding.problem is None]
    if chinese:
        best = max(chinese, key=lambda codec: decodings[codec].stats.common_share)  # ties: the earlier codec
        return Reading(decodings[best].text, best, "strict decoding")
    if "utf-8" in decodings:  # non-ASCII bytes that are valid UTF-8 are UTF-8: nothing for a detector to add
        raise IngestError(f"{source}: {decodings['utf-8'].problem}, read as UTF-8; is this the right file?")
    return _ask_detector(raw, source, key, decodings, failures)


def _ask_detector(
    raw: bytes, source: str, key: str, decodings: dict[str, _Candidate], failures: dict[str, UnicodeDecodeError]
) -> Reading:
    """charset-normalizer's guess if it reads as Chinese, else the error that says what the file is."""
    from charset_normalizer import from_bytes  # ~50 ms; needed only for files the strict decoders could not read

    match = from_bytes(raw[:DETECTOR_BYTES]).best()
    if match is None:
        if b"\x00" in raw:
            raise IngestError(f"{source}: binary file (NUL bytes, and not UTF-16 text); is this the right file?")
        if decodings:  # the most likely reading says what is wrong
            codec, decoding = next(iter(decodings.items()))
            raise IngestError(f"{source}: {decoding.problem}, read as {codec}; is this the right file?")
        codec, err = max(failures.items(), key=lambda item: _how_far(raw, *item))  # a damaged file: where it breaks
        raise IngestError(
            f"{source}: no encoding reads it whole; the likeliest, {codec}, stops at {_where(raw, err)}: "
            f"repair the file there, or set {key}"
        )
    codec, confidence = codecs.lookup(match.encoding).name, round(1.0 - match.chaos, 4)
    guess = decodings.get(codec) or _strict_decodings(raw, (codec,), failures).get(codec)
    if guess is None:
        where = _where(raw, failures[codec])
        raise IngestError(f"{source}: {codec} ({DETECTOR}'s guess) reads it only to {where}; repair it or set {key}")
    if guess.problem is None:
        return Reading(guess.text, codec, DETECTOR, confidence)
    raise IngestError(
        f"{source}: {guess.problem}, read as {codec} ({DETECTOR}'s guess, confidence {confidence:.2f}); "
        f"if it is Chinese text in another encoding, set {key}"
    )


def _how_far(raw: bytes, codec: str, err: UnicodeDecodeError) -> tuple[bool, int]:
    """How far ``codec`` reads ``raw``: whether what it reads is Chinese, and up to which byte."""
    return hanzi.chinese_problem(hanzi.char_stats(raw[: err.start].decode(codec))) is None, err.start


def _refuse_mixed_utf8(raw: bytes, source: str) -> None:
    """Refuse a file with both UTF-8 Chinese lines and bytes that are not UTF-8: no
    codec reads it whole, and guessing line by line would be guessing."""
    number = _first_utf8_chinese_line(raw)
    if number is None:
        return
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.end == len(raw) and err.reason == "unexpected end of data":
            raise IngestError(f"{source}: UTF-8 text cut off inside its last character: is the file complete?") from err
        raise IngestError(
            f"{source}: mixes encodings: line {number} is UTF-8 but {_where(raw, err)} is not; "
            "save the whole file in one encoding (UTF-8) and run again"
        ) from err


def _first_utf8_chinese_line(raw: bytes) -> int | None:
    """The number of the first line that is valid, non-ASCII UTF-8 and reads as Chinese."""
    for number, line in enumerate(raw.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            stats = hanzi.char_stats(line.decode("utf-8"))  # fails fast, at the first byte that is not UTF-8
        except UnicodeDecodeError:
            continue
        if stats.han >= 4 and hanzi.chinese_problem(stats) is None:
            return number
    return None


def _where(raw: bytes, err: UnicodeDecodeError) -> str:
    line_start = raw.rfind(b"\n", 0, err.start) + 1
    line = raw.count(b"\n", 0, err.start) + 1
    return f"line {line} (byte 0x{raw[err.start]:02x} at byte {err.start - line_start + 1} of the line)"


def normalize(text: str) -> str:
    """Canonical form of ``text`` (see module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _canonical_characters_of(text)
    text = _DIGIT_SEP.sub(lambda m: "," if m.group(0) == "，" else ":", text)  # 1,000 and 10:30
    text = unicodedata.normalize("NFC", text)
    if "\t" in text or "  " in text:  # the only blanks to squeeze (a fast scan; the regex is not)
        text = _BLANKS.sub(" ", text)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def chinese_share(text: str) -> float:
    return hanzi.char_stats(text).han_share


def is_han(char: str) -> bool:
    cp = ord(char)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2FA1F or cp == 0x3007


def _readable(raw: bytes, source: str, encoding: str | None, key: str) -> tuple[Reading, str, hanzi.CharStats]:
    """The decoding, its canonical text and that text's statistics; IngestError if it is not Chinese text."""
    reading = decode(raw, source, encoding, encoding_key=key)
    original = normalize(reading.text)
    stats = hanzi.char_stats(original)
    problem = hanzi.chinese_problem(stats)
    if problem:
        raise IngestError(f"{source}: {problem}; is this the right file?")
    return reading, original, stats


def ingest_bytes(
    raw: bytes, source: str, encoding: str | None = None, *, encoding_key: str = ENCODING_KEY
) -> IngestedText:
    reading, original, stats = _readable(raw, source, encoding, encoding_key)
    text, script, conversion = original, "simplified", None
    if hanzi.is_traditional(stats):
        text, script = hanzi.to_simplified(original), "traditional"
        conversion = {
            "tool": "OpenCC",
            "version": hanzi.opencc_version(),
            "config": hanzi.OPENCC_CONFIG,
            "aligned": _aligned(text, original),
        }
        log.warning(
            "%s is Traditional Chinese (%.0f%% of its Chinese characters exist only in Traditional): "
            "analysed in Simplified (OpenCC %s %s); the original script is kept for display",
            source, 100 * stats.traditional_share, conversion["version"], hanzi.OPENCC_CONFIG,
        )  # fmt: skip
    return IngestedText(
        text=text,
        encoding=reading.encoding,
        n_chars=len(text),
        chinese_share=round(stats.han_share, 4),
        original=original,
        script=script,
        detected_by=reading.detected_by,
        detector_confidence=reading.confidence,
        common_hanzi_share=round(stats.common_share, 4),
        conversion=conversion,
    )


def _aligned(text: str, original: str) -> bool:
    """Whether every line kept its length, so a character position in one text is the same character in the other."""
    lines, original_lines = text.split("\n"), original.split("\n")
    if len(lines) != len(original_lines):
        return False
    return all(len(a) == len(b) for a, b in zip(lines, original_lines, strict=True))


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes; IngestError naming it if it cannot be read (missing, a folder, no permission)."""
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise IngestError(
            f"{path}: cannot read the file ({err.strerror or err}); check that it exists and is readable"
        ) from err


def ingest_file(path: str | Path, encoding: str | None = None, *, encoding_key: str = ENCODING_KEY) -> IngestedText:
    return ingest_bytes(read_bytes(path), str(path), encoding, encoding_key=encoding_key)


def check_file(path: str | Path, encoding: str | None = None, *, encoding_key: str = ENCODING_KEY) -> None:
    """IngestError with the message :func:`ingest_file` would raise, if it would; the
    same checks without the conversion to Simplified (the workflow runs it on every
    document before any job, to plan the run around the ones that cannot work)."""
    _readable(read_bytes(path), str(path), encoding, encoding_key)
