"""Plain-text releases: encoding detection (charset-normalizer) and the shared layout."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import InputError
from ..model import Release
from .layout import parse_lines

EXTENSIONS = (".txt",)
# The encodings Chinese releases arrive in; restricting the detector to them avoids exotic guesses.
CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16"]
_HAN = re.compile(r"[\u3400-\u9fff]")


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


def decode(data: bytes, path: Path) -> str:
    """Return the text of a release file, detecting UTF-8 (with/without BOM), GB18030/GBK, Big5 and UTF-16.

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
    best = from_bytes(data, cp_isolation=CANDIDATES).best()
    if best is None:
        raise InputError("cannot detect the text encoding", path,
                         hint="save the file as UTF-8 (or GB18030/Big5) text")
    return str(best)


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
