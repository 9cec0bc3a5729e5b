"""Settings: defaults, then press.toml (working directory, else $PRESS_HOME), then command-line flags."""
from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Callable

from . import clean
from .errors import LimitError, PipelineError
from .languages import DEFAULT_SOURCE, DEFAULT_TARGET, Languages
from .model import UNIT_ORIGINS

CONFIG_NAME = "press.toml"
# the choices of the settings that have a few (the modules that use them take them from here)
ENGINE_NAMES = ("none", "llama", "openai")
OPENCC_MODES = ("auto", "t2s", "hk2s", "tw2s", "none")
DRAFTING = ("paragraph", "sentence")
MAX_CONCURRENCY = 64
CONTRASTIVE = ("gated", "off")  # [engine] contrastive: adequacy/contrastive.py
REPO_GLOSSARY = Path(__file__).resolve().parent.parent / "glossary"
MIB = 1024 * 1024
# memory units given to the engine as examples unless press.toml says otherwise ([memory] trusted): a
# reviewer's English and the office's published archive; another tool's memory only when an office says so
TRUSTED = ("reviewed", "aligned")
UNTRUSTABLE = ("engine",)  # the engine's own unreviewed drafts are never examples (docs/decisions/engine-drafts.md)


@dataclass(frozen=True)
class Limits:
    """How much one input may ask of the machine (press.toml [limits]); docs/formats.md explains each."""

    input_bytes: int = 64 * MIB  # one input file: a release, a review file, a TMX, TBX or CSV file
    docx_part_bytes: int = 64 * MIB  # one part of a .docx (or .xlsx) once inflated (all parts together: 4×)
    docx_ratio: int = 200  # inflated / compressed size of a .docx part larger than 1 MiB
    segments: int = 20_000  # segments (sentences and the headline) of one release
    segment_chars: int = 5_000  # characters of one segment (its Chinese)
    # characters of one side of a unit another tool hands in: a TMX <seg>, an XLIFF source or target, a review
    # table's cell (an English sentence runs to ~3× its Chinese; 5.28 M characters is no sentence)
    unit_chars: int = 20_000
    xml_depth: int = 256  # nesting of elements in an XLIFF or TMX file (libxml2 bounds a .docx the same way)
    pdf_pages: int = 1_000  # pages of one PDF
    sheet_rows: int = 100_000  # rows of a spreadsheet glossary's sheet (openpyxl reads 10,000-30,000 a second)
    ocr_pages: int = 50  # pages of one PDF read by OCR (no text layer), 5-15 s each
    convert_seconds: int = 300  # one conversion by another program (LibreOffice, the PDF reader, one OCR page)

    def exceeded(self, name: str, found: int, what: str, path=None, line: int | None = None) -> LimitError:
        """Return the error for `found` (a count of `what`) over the limit `name`, saying how to raise it."""
        return LimitError(f"{found:,} {what}, over the limit of {getattr(self, name):,}", path, line,
                          hint=f"if the input is genuine, raise the limit in press.toml: "
                               f"[limits] {name} = {_round_up(found)}")

    def check_unit(self, zh: str, en: str, unit: str, path=None, line: int | None = None) -> None:
        """Raise LimitError when either side of a unit another tool hands in (a TMX <tu>, an XLIFF or review-table
        row, named by `unit`) has more characters than unit_chars."""
        for side, text in (("Chinese", zh), ("English", en)):
            if len(text) > self.unit_chars:
                raise self.exceeded("unit_chars", len(text), f"characters in the {side} of {unit}", path, line)

    def check_size(self, path: Path) -> None:
        """Raise LimitError when the file at `path` has more bytes than input_bytes (a missing file passes)."""
        try:
            size = Path(path).stat().st_size
        except OSError:
            return  # the reader reports a missing or unreadable file in its own words
        if size > self.input_bytes:
            raise self.exceeded("input_bytes", size, "bytes in the file", path)


def _round_up(number: int) -> int:
    """Return a round number a little above `number` (two significant digits): 80,123,456 -> 89,000,000."""
    target = int(number * 1.1) + 1
    step = 10 ** max(0, len(str(target)) - 2)
    return -(-target // step) * step


@dataclass(frozen=True)
class Config:
    """Every setting a run uses; a field left None means "the engine's or the module's default"."""

    engine: str = "llama"  # the embedded model; "none" for structure-only drafts
    model: str | None = None
    base_url: str | None = None
    api_key_env: str = "PRESS_API_KEY"
    concurrency: int = 4
    drafting: str = "paragraph"  # paragraph: one request per paragraph, mapped back to sentences | sentence
    # gated: the embedded model decides the clauses and sentences lexical coverage doubts (adequacy/contrastive.py);
    # off by default: ~2,400 scored tokens per release, detection not yet shown better (docs/decisions/contrastive.md)
    contrastive: str = "off"
    glossary: str | None = None
    dictionary: str | None = None  # [paths] dictionary: a CC-CEDICT file instead of the bundled one
    memory: str | None = None
    trusted: tuple[str, ...] = TRUSTED  # [memory] trusted: origins of the units given to the engine as examples
    opencc: str = "auto"
    split_semicolon: bool = False
    quiet: bool = False
    translator: str = ""  # [credits]: credited when --translator is not given
    reviewer: str = ""  # [credits]: credited when --reviewer is not given
    source_language: str = DEFAULT_SOURCE  # [languages] source: the tag every export gives the Chinese
    target_language: str = DEFAULT_TARGET  # [languages] target: the tag every export gives the English
    limits: Limits = field(default_factory=Limits)
    extra: dict = field(default_factory=dict)

    def glossary_dir(self) -> Path:
        """Return the glossary directory: configured, else ./glossary, else the repository's."""
        if self.glossary:
            return Path(self.glossary)
        if os.environ.get("PRESS_GLOSSARY"):
            return Path(os.environ["PRESS_GLOSSARY"])
        local = Path("glossary")
        return local if local.is_dir() else REPO_GLOSSARY

    @property
    def languages(self) -> Languages:
        """Return the configured language tags (checked when the configuration was loaded)."""
        return Languages(self.source_language, self.target_language)


def config_path() -> Path | None:
    """Return the press.toml in force, if any."""
    candidates = [Path.cwd() / CONFIG_NAME]
    if os.environ.get("PRESS_HOME"):
        candidates.append(Path(os.environ["PRESS_HOME"]) / CONFIG_NAME)
    return next((path for path in candidates if path.is_file()), None)




# --- press.toml as a schema: every section, every key, its type --------------------------------------------

@dataclass(frozen=True)
class Setting:
    """One key of press.toml: the Config field it sets, what it must be, and an example of a good value."""

    field: str
    check: Callable[[object], bool]
    wanted: str  # what the value must be, as the error says it
    example: str
    choices: tuple[str, ...] = ()


def _text(value: object) -> bool:
    return isinstance(value, str) and clean.refused_character(value) is None


def _name(value: object) -> bool:
    return _text(value) and bool(str(value).strip()) and "\n" not in str(value)


def _choice(choices: tuple[str, ...]) -> Callable[[object], bool]:
    return lambda value: isinstance(value, str) and value in choices


def _count(low: int, high: int) -> Callable[[object], bool]:
    return lambda value: isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


def _url(value: object) -> bool:
    return _name(value) and re.match(r"https?://[^\s/]+", str(value)) is not None


def _variable(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value) is not None


def _tag(side: str) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        from .languages import side as side_of

        return isinstance(value, str) and side_of(value) == side
    return check


TRUSTABLE = tuple(origin for origin in UNIT_ORIGINS if origin not in UNTRUSTABLE)


def _origins(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(origin, str) and origin in TRUSTABLE for origin in value)


def _one_of(choices: tuple[str, ...]) -> str:
    return "one of " + ", ".join(f'"{choice}"' for choice in choices)


_LIMITS = {name: Setting(name, _count(1, 2 ** 62), "a positive whole number", str(getattr(Limits(), name)))
           for name in (f.name for f in fields(Limits))}
SCHEMA: dict[str, dict[str, Setting]] = {
    "engine": {
        "name": Setting("engine", _choice(ENGINE_NAMES), _one_of(ENGINE_NAMES), '"llama"', ENGINE_NAMES),
        "model": Setting("model", _name, "a file path or a model name (text)", '"/models/other.gguf"'),
        "base_url": Setting("base_url", _url, "an http:// or https:// address", '"http://127.0.0.1:8080/v1"'),
        "api_key_env": Setting("api_key_env", _variable, "the name of an environment variable", '"PRESS_API_KEY"'),
        "concurrency": Setting("concurrency", _count(1, MAX_CONCURRENCY),
                               f"a whole number from 1 to {MAX_CONCURRENCY}", "4"),
        "drafting": Setting("drafting", _choice(DRAFTING), _one_of(DRAFTING), '"paragraph"', DRAFTING),
        "contrastive": Setting("contrastive", _choice(CONTRASTIVE), _one_of(CONTRASTIVE), '"off"', CONTRASTIVE),
    },
    "paths": {
        "glossary": Setting("glossary", _name, "a folder path (text)", '"glossary"'),
        "memory": Setting("memory", _name, "a file path or a postgresql:// address (text)",
                          '"/srv/press/memory.sqlite"'),
        "dictionary": Setting("dictionary", _name, "the path of a CC-CEDICT file (text)", '"cedict_ts.u8"'),
    },
    "normalise": {"opencc": Setting("opencc", _choice(OPENCC_MODES), _one_of(OPENCC_MODES), '"auto"', OPENCC_MODES)},
    "segment": {"split_semicolon": Setting("split_semicolon", _is_bool, "true or false", "false")},
    "run": {"quiet": Setting("quiet", _is_bool, "true or false", "false")},
    "credits": {
        "translator": Setting("translator", _text, "a name (text without control characters)", '"Wu Yangyue"'),
        "reviewer": Setting("reviewer", _text, "a name (text without control characters)", '"Li Na"'),
    },
    "languages": {
        "source": Setting("source_language", _tag("zh"), "a simplified Chinese language tag (zh-CN, zh-Hans or "
                          "zh)", '"zh-CN"'),
        "target": Setting("target_language", _tag("en"), "an English language tag (en-US, en-GB or en)", '"en-US"'),
    },
    "memory": {"trusted": Setting("trusted", _origins, "a list of memory origins to give the engine as examples, "
                                  f"some of {', '.join(TRUSTABLE)} (never the engine's unreviewed drafts)",
                                  '["reviewed", "aligned"]')},
    "limits": _LIMITS,
}
# a command-line flag checked by the same schema: the flag as the user typed it -> (section, key)
FLAGS = {"engine": ("--engine", "engine", "name"), "opencc": ("--opencc", "normalise", "opencc"),
         "drafting": ("--drafting", "engine", "drafting")}


def _nearest(word: str, candidates) -> str | None:
    """Return the candidate closest to a misspelt `word` (memroy -> memory, rows -> table_rows), if any is close."""
    found = difflib.get_close_matches(word.lower(), list(candidates), n=1, cutoff=0.6)
    if found:
        return found[0]
    return next((name for name in candidates if len(word) >= 4 and word.lower() in name), None)


def _toml(value: object) -> str:
    """Return a value as press.toml spells it (true, "four", ["a"]), control characters escaped."""
    return clean.escaped(json.dumps(value, ensure_ascii=False))


def _line_of(text: str, section: str | None, key: str | None = None) -> int | None:
    """Return the line of `[section]` (or of `key` below it; a top-level key when section is None), if found."""
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[+\s*([^\]]+?)\s*\]+", line)
        if header:
            current = header.group(1).strip().strip('"')
            if key is None and current == section:
                return number
            continue
        if key is not None and current == section and re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return number
    return None


def _home_of(key: str) -> str | None:
    """Return the section a key belongs in, if any knows it."""
    return next((section for section, keys in SCHEMA.items() if key in keys), None)


def _unknown_section(name: str, value: object, text: str, path: Path | None) -> PipelineError:
    line = _line_of(text, name) or _line_of(text, None, name)
    home = _home_of(name)
    if not isinstance(value, dict) and home:
        return PipelineError(f"{name} = {_toml(value)} is outside its section", path, line,
                             hint=f"write it below [{home}]")
    close = _nearest(name, SCHEMA)
    hint = f"did you mean [{close}]? " if close else ""
    return PipelineError(f"unknown section [{name}]", path, line,
                         hint=hint + "press.toml knows " + ", ".join(f"[{known}]" for known in SCHEMA))


def _unknown_key(section: str, key: str, text: str, path: Path | None) -> PipelineError:
    line = _line_of(text, section, key) or _line_of(text, f"{section}.{key}")  # a key or a [section.key] table
    close = _nearest(key, SCHEMA[section])
    home = _home_of(key)
    if close:
        hint = f"did you mean {close}? "
    elif home:
        hint = f"{key} belongs in [{home}]; "
    else:
        elsewhere = [(other, _nearest(key, keys)) for other, keys in SCHEMA.items()]
        other, near = next(((other, near) for other, near in elsewhere if near), (None, None))
        hint = f"did you mean [{other}] {near}? " if near else ""
    return PipelineError(f"unknown setting {key} in [{section}]", path, line,
                         hint=hint + f"[{section}] knows " + ", ".join(SCHEMA[section]))


def _bad_value(section: str, key: str, value: object, text: str, path: Path | None) -> PipelineError:
    setting = SCHEMA[section][key]
    shown = _toml(value)
    close = _nearest(value, setting.choices) if setting.choices and isinstance(value, str) else None
    hint = f"did you mean \"{close}\"? " if close else ""
    if path is None:  # a command-line flag
        flag = next(flag for flag, *where in FLAGS.values() if tuple(where) == (section, key))
        return PipelineError(f"{flag} {shown} is not {setting.wanted}", hint=hint + f"for example {flag} "
                             f"{setting.example.strip(chr(34))}")
    return PipelineError(f"[{section}] {key} = {shown} is not {setting.wanted}", path, _line_of(text, section, key),
                         hint=hint + f"write for example [{section}] {key} = {setting.example}")


def validated(data: dict, text: str = "", path: Path | None = None) -> dict:
    """Return {Config field: value} of a parsed press.toml, every section and key checked against SCHEMA;
    PipelineError (one line, with the nearest valid name) on the first unknown or ill-typed one."""
    values: dict = {}
    limits: dict = {}
    for section, content in data.items():
        if section not in SCHEMA or not isinstance(content, dict):
            # a key written above every section whose name is also a section's ([paths] memory, [memory])
            outside = not isinstance(content, dict) and _home_of(section) is not None
            raise _unknown_section(section, content, text, path) if section not in SCHEMA or outside else PipelineError(
                f"{section} = {_toml(content)} is not a section", path, _line_of(text, None, section),
                hint=f"write [{section}] with one setting a line below it")
        for key, value in content.items():
            if key not in SCHEMA[section]:
                raise _unknown_key(section, key, text, path)
            if not SCHEMA[section][key].check(value):
                raise _bad_value(section, key, value, text, path)
            if section == "languages":
                value = value.strip()
            if section == "memory":
                value = tuple(dict.fromkeys(value))
            (limits if section == "limits" else values)[SCHEMA[section][key].field] = value
    values["limits"] = Limits(**limits)
    return values


def _checked_flags(overrides: dict) -> dict:
    """Return the command-line overrides (None: not given), the ones with a few choices checked as press.toml's."""
    clean_overrides = {key: value for key, value in overrides.items() if value is not None}
    for name, (_, section, key) in FLAGS.items():
        if name in clean_overrides and not SCHEMA[section][key].check(clean_overrides[name]):
            raise _bad_value(section, key, clean_overrides[name], "", None)
    return clean_overrides


def load(overrides: dict | None = None, path: Path | None = None) -> Config:
    """Return the Config from press.toml (the sections and keys of SCHEMA, each typed) + overrides."""
    config = Config()
    path = path or config_path()
    if path is not None:
        try:
            text = path.read_bytes().decode("utf-8")
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise PipelineError(f"invalid configuration ({error})", path,
                                hint="fix the TOML syntax (UTF-8 text) or delete the file") from None
        except OSError as error:
            raise PipelineError(f"cannot read the configuration ({error.strerror})", path,
                                hint="check its permissions, or delete the file") from None
        config = replace(config, **validated(data, text, path))
    return replace(config, **_checked_flags(overrides or {}))
