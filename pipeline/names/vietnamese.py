"""Vietnamese persons written in Chinese characters: their Sino-Vietnamese reading (陈大光 -> Tran Dai Quang).

A Vietnamese name is the Sino-Vietnamese reading of its characters, each syllable capitalised; the
press writes it without diacritics (Nguyen Phu Trong, Tran Dai Quang). The readings are the Unicode
Han Database's `kVietnamese` field (UAX #38; Unicode License v3), read from `Unihan_Readings.txt` (plain
or .bz2) in the folder $PRESS_UNIHAN names, else /usr/share/unicode (Debian's `unicode-data` package);
a simplified character without a reading is read through its traditional variant (陈 -> 陳 trần,
`Unihan_Variants.txt`). The field is incomplete (Unicode 15.0 has none for 仲 or 春): a name with a
character it cannot read gets no reading, never half of one. No data file, no readings.
"""
from __future__ import annotations

import bz2
import os
import unicodedata
from functools import lru_cache
from pathlib import Path

DEBIAN = Path("/usr/share/unicode")  # Debian's unicode-data package (.ci/run installs it)
READINGS, VARIANTS = "Unihan_Readings.txt", "Unihan_Variants.txt"


def folder() -> Path:
    """Return the folder the Unihan files are read from: $PRESS_UNIHAN, else Debian's."""
    return Path(os.environ.get("PRESS_UNIHAN") or DEBIAN)


def _lines(path: Path, field: str):
    """Yield (character, value) of one field of a Unihan file, plain or .bz2; nothing when neither exists."""
    marker = f"\t{field}\t"
    for candidate, opener in ((path, open), (path.with_name(path.name + ".bz2"), bz2.open)):
        if candidate.is_file():
            with opener(candidate, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
                for line in handle:
                    if marker in line and line.startswith("U+"):
                        code, _, value = line.rstrip("\n").split("\t", 2)
                        yield chr(int(code[2:], 16)), value
            return


@lru_cache(maxsize=4)
def table(where: Path) -> dict[str, str]:
    """Return {character: its first kVietnamese reading}, simplified characters read through their
    traditional variant when they have no reading of their own."""
    readings = {char: value.split()[0] for char, value in _lines(where / READINGS, "kVietnamese")}
    for char, value in _lines(where / VARIANTS, "kTraditionalVariant"):
        if char not in readings:
            read = [readings[v] for v in (chr(int(code[2:], 16)) for code in value.split()) if v in readings]
            if read:
                readings[char] = read[0]
    return readings


def plain(syllable: str) -> str:
    """Return a Vietnamese syllable without diacritics, capitalised (trần -> Tran, đại -> Dai)."""
    letters = unicodedata.normalize("NFD", syllable.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in letters if not unicodedata.combining(c)).capitalize()


def reading(zh: str, where: Path | None = None) -> str:
    """Return the reading of a Vietnamese person's name ("Nguyen Thi Kim Ngan" for 阮氏金银), or "" when a
    character has none (阮富仲: 仲 has no kVietnamese reading) or the Unihan files are not there."""
    readings = table(where or folder())
    syllables = [readings.get(char) for char in zh]
    if not zh or any(syllable is None for syllable in syllables):
        return ""
    return " ".join(plain(str(syllable)) for syllable in syllables)
