"""Plain-text releases: encoding detection (charset-normalizer) and the shared layout."""
from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import InputError
from ..model import Release
from .layout import parse_lines

EXTENSIONS = (".txt",)
# The encodings Chinese releases arrive in; restricting the detector to them avoids exotic guesses.
CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16"]


def _looks_binary(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return b"\x00" in sample or controls > len(sample) * 0.05


def decode(data: bytes, path: Path) -> str:
    """Return the text of a release file, detecting UTF-8 (with/without BOM), GB18030/GBK and Big5."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
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
    if _looks_binary(data):
        raise InputError("this is not a text file", path,
                         hint="pass a .txt, .docx or .html release")
    return decode(data, path)


def read(path: Path) -> Release:
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
