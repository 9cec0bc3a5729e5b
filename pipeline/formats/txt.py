"""Plain-text releases: encoding detection (charset-normalizer) and the shared layout."""
from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import InputError
from ..model import Release
from .layout import parse_lines

EXTENSIONS = (".txt",)
# The encodings Chinese releases arrive in; restricting the detector to them avoids exotic guesses.
CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16"]
_HAN = re.compile(r"[\u3400-\u9fff]")
# the two double-byte families a Chinese file that is not UTF-8 is in, and how plausible a reading in each must
# be (the mean weight of its characters, `plausibility`) to be taken without asking
DOUBLE_BYTE = ("gb18030", "big5")
PLAUSIBLE = 0.6
ALONE_PLAUSIBLE = 0.4
BIG5_MARGIN = 0.1  # Big5 is taken over GB18030 only when its reading is this much more plausible
SAMPLE_CHARS = 20_000  # characters of each reading weighed: enough for a release, fast for 64 MiB


def looks_binary(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return b"\x00" in sample or controls > len(sample) * 0.05


def _bad_line(data: bytes, error: UnicodeDecodeError) -> int:
    return data.count(b"\n", 0, error.start) + 1


def mixed_lines(data: bytes) -> tuple[int, int] | None:
    """Return (a line that is UTF-8 Chinese, a line that is not UTF-8), 1-based, when a file mixes
    encodings, as a UTF-8 headline pasted above a GBK body does; else None."""
    utf8 = other = None
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            other = other or number
        else:
            utf8 = utf8 or (number if _HAN.search(text) else None)
        if utf8 and other:
            return utf8, other
    return None


def _han_weight(char: str, family: str) -> float:
    """Return how usual a Han character is in a text of `family`: 1 for the common tier of its standard
    (GB 2312 level 1, Big5 level 1), 0.6 for the second tier and for GB18030's four-byte characters (䶮: bytes
    a misreading seldom forms), 0.1 for a character only GBK's two-byte extension holds."""
    try:
        pair = char.encode("gb2312" if family == "gb18030" else "big5")
    except UnicodeEncodeError:
        return 0.6 if family == "gb18030" and len(char.encode("gb18030")) == 4 else 0.1
    code = pair[0] << 8 | pair[-1]
    if family == "gb18030":
        return 1.0 if code <= 0xD7FF else 0.6
    return 1.0 if code <= 0xC67E else 0.6 if code >= 0xC940 else 0.1


def plausibility(text: str, family: str) -> float:
    """Return the mean weight of the non-ASCII characters of one reading of a file (1.0: every one usual).

    Bytes in the other family read as characters anyway, but as a random draw: rare Han characters,
    private-use or kana ones, pinyin letters and vertical punctuation beside Han characters. Short Chinese
    text is where detectors guess wrong (one GBK row 测试丙 comes out as the Big5 聆彸梡); weighing each
    reading by what a real text holds reads such rows right.
    """
    weights = []
    sample = text[:SAMPLE_CHARS]
    for index, char in enumerate(sample):
        code = ord(char)
        if code < 0x80:
            continue
        before, after = sample[index - 1: index] or " ", sample[index + 1: index + 2] or " "
        beside_han = bool(_HAN.match(before) or _HAN.match(after))
        if _HAN.match(char) or 0x20000 <= code <= 0x3FFFF:
            # one Han character inside a Latin word (S緌 Paulo: São in Windows-1252 read as Big5) is a misreading
            inside_latin = not beside_han and (before.isascii() and before.isalpha() or after.isascii() and after.isalpha())
            weights.append(0.2 if inside_latin else _han_weight(char, family))
            continue
        category = unicodedata.category(char)
        if category in ("Co", "Cn") or char == "\ufffd" or 0xFE10 <= code <= 0xFE4F:
            weights.append(0.0)  # private use, unassigned, vertical forms
        elif category == "So":
            weights.append(0.5)  # ○ in 二○二一年, but also the symbol rows a misread lands in
        elif category[0] in "PZS" or (category[0] == "L" and not beside_han and "LATIN" in unicodedata.name(char, "")):
            weights.append(1.0)  # punctuation, or an accented letter of a Latin word (Mérida)
        else:
            weights.append(0.2)  # kana, Greek, Cyrillic, box drawing, pinyin letters inside Chinese
    return sum(weights) / len(weights) if weights else 1.0


def _double_byte(data: bytes) -> str | None:
    """Return the text of `data` in the double-byte family it most plausibly is in, GB18030 preferred
    (it wins a tie: a short text may read well in both); None when no reading is plausible."""
    readings = {}
    for family in DOUBLE_BYTE:
        try:
            readings[family] = data.decode(family)
        except UnicodeDecodeError:
            continue
    scores = {family: plausibility(text, family) for family, text in readings.items()}
    if not scores:
        return None
    best = "gb18030" if "gb18030" in scores else "big5"
    if "big5" in scores and scores["big5"] > scores.get("gb18030", 0.0) + BIG5_MARGIN:
        best = "big5"
    # with one reading only (the other family refuses the bytes) no Chinese rival is in doubt: a rare character
    # (刘䶮) may pull it lower, a Latin-1 or Windows-1252 text read as GB18030 stays far below
    needed = PLAUSIBLE if len(scores) == 2 else ALONE_PLAUSIBLE
    return readings[best] if scores[best] >= needed else None


def decode(data: bytes, path: Path) -> str:
    """Return the text of a release or glossary file, detecting UTF-8 (with/without BOM), GB18030/GBK, Big5
    and UTF-16; InputError when no reading is plausible (a Latin-1 file, bytes of another encoding).

    A file whose lines are in two encodings (Chinese lines in UTF-8, others not) is refused: any one
    decoding would garble part of it, and a garbled headline or figure must not pass unnoticed.
    """
    # UTF-32's marks first: FF FE 00 00 also starts with UTF-16's, and read as UTF-16 every line break would
    # carry a NUL (lines that are not empty: the metadata and paragraphs run together)
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec).removeprefix("\ufeff")
            except UnicodeDecodeError as error:
                raise InputError(f"not valid {codec.upper()} although it starts with a {codec.upper()} "
                                 f"byte-order mark (byte {error.start:,})", path,
                                 _bad_line(data, error) if codec == "utf-8" else None,
                                 "save the whole file again in one encoding, UTF-8 preferred") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mixed = mixed_lines(data)
    if mixed:
        raise InputError(f"mixed text encodings: line {mixed[0]} is UTF-8, line {mixed[1]} is not "
                         "(GBK/GB18030?)", path, mixed[1],
                         "save the whole file again in one encoding, UTF-8 preferred")
    text = _double_byte(data)
    if text is not None:
        return text
    if not any(_decodes(data, family) for family in DOUBLE_BYTE):  # UTF-16 without a byte-order mark
        best = from_bytes(data, cp_isolation=CANDIDATES).best()
        if best is not None:
            return str(best)
    raise InputError("cannot tell the text encoding (not UTF-8; GB18030 and Big5 readings look garbled)", path,
                     hint="save the file as UTF-8 text (in Excel: CSV UTF-8; in a text editor: Save as UTF-8)")


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def read_bytes(path: Path, empty_hint: str = "pass a release with a headline and text") -> bytes:
    """Return the bytes of an input file, refusing missing, unreadable and empty files."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path, hint="check the path") from None
    except IsADirectoryError:
        raise InputError("is a directory", path, hint="pass a release file") from None
    except OSError as error:
        raise InputError(f"cannot read the file ({error.strerror})", path,
                         hint="check its permissions") from None
    if not data.strip():
        raise InputError("the file is empty", path, hint=empty_hint)
    return data


def read_text(path: Path) -> str:
    """Return the decoded text of `path`, refusing missing, empty and binary files."""
    data = read_bytes(path)
    if looks_binary(data):
        raise InputError("this is not a text file", path,
                         hint="pass a .txt, .docx or .html release")
    return decode(data, path)


def read(path: Path, limits=None) -> Release:
    """Return the Release in a .txt file: first non-empty line headline, then metadata, then paragraphs."""
    text = read_text(path).replace("\r\n", "\n").replace("\r", "\n")
    layout = parse_lines(text.split("\n"))
    if layout is None:
        raise InputError("the file has no text", path, hint="pass a release with a headline and text")
    if not layout.paragraphs:
        raise InputError("the release has a headline but no body paragraphs", path, layout.first_line,
                         "separate the headline from the body with a line break")
    return Release(path=path, headline=layout.headline, meta=layout.meta,
                   paragraphs=layout.paragraphs, first_line=layout.first_line)
