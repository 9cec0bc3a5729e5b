"""Which Chinese release goes with which published English in folder mode: by name (the relative path
without its suffix and a language mark: `2021/higashiomi.zh.txt` ~ `2021/higashiomi.en.docx`), or by a
CSV map of two columns, zh and en (paths relative to the two folders)."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..formats import readers
from ..formats.txt import decode

# a language mark ending a file name: higashiomi.zh, higashiomi_en, higashiomi-CN, higashiomi (English)
_MARK = re.compile(r"(?:[._\-\s]+(?:zh|cn|chs|chi|chn|chinese|zh[-_]cn|zh[-_]hans|en|eng|english|en[-_][a-z]{2})"
                   r"|\s*[(（](?:中文|英文|english|chinese)[)）])$", re.IGNORECASE)
# what press writes beside releases: never taken for an archived release (x.en.docx is press's English of x
# in a Chinese folder, but may well be the published English in an English one)
OUR_OUTPUTS = (".review.docx", ".align.docx")
OUR_ENGLISH = ".en.docx"


@dataclass(frozen=True)
class Pairing:
    """The release pairs found in two folders, and the files left without a partner."""

    pairs: tuple[tuple[Path, Path], ...]
    lonely_zh: tuple[Path, ...] = ()
    lonely_en: tuple[Path, ...] = ()


def name_key(path: Path, root: Path) -> str:
    """Return the name two files of one release share: the path below `root`, suffix and language mark
    removed, in lower case."""
    relative = path.relative_to(root)
    stem = relative.name[:-len(path.suffix)] if path.suffix else relative.name
    stem = _MARK.sub("", stem)
    return str(relative.parent / stem).lower()


def release_files(folder: Path, outputs: tuple[str, ...] = OUR_OUTPUTS) -> list[Path]:
    """Return the files below `folder` a reader knows (press's `outputs` and hidden files left out)."""
    known = set(readers())
    return sorted(path for path in Path(folder).rglob("*") if path.is_file() and path.suffix.lower() in known
                  and not path.name.startswith(".") and not path.name.lower().endswith(outputs))


def pair_by_name(zh_dir: Path, en_dir: Path) -> Pairing:
    """Return the pairs of files whose names agree (see name_key); two files of one side sharing a name
    are refused, since either could be the release."""
    sides = []
    for folder, outputs in ((zh_dir, (*OUR_OUTPUTS, OUR_ENGLISH)), (en_dir, OUR_OUTPUTS)):
        keyed: dict[str, Path] = {}
        for path in release_files(folder, outputs):
            key = name_key(path, folder)
            if key in keyed:
                raise InputError(f"two files share the name {key!r}: {keyed[key].name} and {path.name}", folder,
                                 hint="rename one, or pair the files with --map FILE.csv (columns zh,en)")
            keyed[key] = path
        sides.append(keyed)
    zh, en = sides
    return Pairing(tuple((zh[key], en[key]) for key in sorted(zh.keys() & en.keys())),
                   tuple(zh[key] for key in sorted(zh.keys() - en.keys())),
                   tuple(en[key] for key in sorted(en.keys() - zh.keys())))


def pair_by_map(zh_dir: Path, en_dir: Path, mapping: Path) -> Pairing:
    """Return the pairs a CSV file lists (columns zh,en; a header row naming them is optional), each path
    relative to its folder; a missing file is refused with its line."""
    try:
        text = decode(Path(mapping).read_bytes(), mapping)
    except OSError as error:
        raise InputError(f"cannot read the map ({error.strerror})", mapping, hint="check the path") from None
    pairs = []
    for line, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (line == 1 and [c.lower() for c in cells[:2]] == ["zh", "en"]):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise InputError("a row needs two file names, the Chinese and the English", mapping, line,
                             "write one pair per line: zh/file.txt,en/file.txt")
        pair = (Path(zh_dir) / cells[0], Path(en_dir) / cells[1])
        for path in pair:
            if not path.is_file():
                raise InputError(f"no such file: {path}", mapping, line,
                                 "paths are relative to the Chinese and the English folder")
        pairs.append(pair)
    if not pairs:
        raise InputError("the map lists no pair", mapping, hint="write one pair per line: zh/file.txt,en/file.txt")
    return Pairing(tuple(pairs))
