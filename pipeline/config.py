"""Settings: defaults, then press.toml (working directory, else $PRESS_HOME), then command-line flags."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import LimitError, PipelineError
from .languages import DEFAULT_SOURCE, DEFAULT_TARGET, Languages, checked

CONFIG_NAME = "press.toml"
REPO_GLOSSARY = Path(__file__).resolve().parent.parent / "glossary"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much one input may ask of the machine (press.toml [limits]); docs/formats.md explains each."""

    input_bytes: int = 64 * MIB  # one input file: a release, a review file, a TMX, TBX or CSV file
    docx_part_bytes: int = 64 * MIB  # one part of a .docx (or .xlsx) once inflated (all parts together: 4×)
    docx_ratio: int = 200  # inflated / compressed size of a .docx part larger than 1 MiB
    segments: int = 20_000  # segments (sentences and the headline) of one release
    segment_chars: int = 5_000  # characters of one segment
    pdf_pages: int = 1_000  # pages of one PDF
    ocr_pages: int = 50  # pages of one PDF read by OCR (no text layer), 5-15 s each
    convert_seconds: int = 300  # one conversion by another program (LibreOffice, the PDF reader, one OCR page)

    def exceeded(self, name: str, found: int, what: str, path=None, line: int | None = None) -> LimitError:
        """Return the error for `found` (a count of `what`) over the limit `name`, saying how to raise it."""
        return LimitError(f"{found:,} {what}, over the limit of {getattr(self, name):,}", path, line,
                          hint=f"if the input is genuine, raise the limit in press.toml: "
                               f"[limits] {name} = {_round_up(found)}")

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


def _limits(values: dict, path: Path) -> Limits:
    """Return the Limits of a [limits] section, refusing unknown names and values that are not positive."""
    if not isinstance(values, dict):
        raise PipelineError("limits must be a section", path,
                            hint="write [limits] with one limit a line below it, e.g. segments = 40000")
    known = {f.name for f in fields(Limits)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise PipelineError(f"unknown limit(s) {', '.join(unknown)}", path,
                            hint=f"[limits] knows {', '.join(sorted(known))} (docs/formats.md)")
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise PipelineError(f"[limits] {name} = {value!r} is not a positive whole number", path,
                                hint=f"write for example [limits] {name} = {getattr(Limits(), name)}")
    return Limits(**values)


@dataclass(frozen=True)
class Config:
    """Every setting a run uses; a field left None means "the engine's or the module's default"."""

    engine: str = "llama"  # the embedded model; "none" for structure-only drafts
    model: str | None = None
    base_url: str | None = None
    api_key_env: str = "PRESS_API_KEY"
    concurrency: int = 4
    drafting: str = "paragraph"  # paragraph: one request per paragraph, mapped back to sentences | sentence
    glossary: str | None = None
    dictionary: str | None = None  # [paths] dictionary: a CC-CEDICT file instead of the bundled one
    memory: str | None = None
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


def load(overrides: dict | None = None, path: Path | None = None) -> Config:
    """Return the Config from press.toml (sections [engine], [paths], [normalise], [segment], [run],
    [credits], [languages], [limits]) + overrides."""
    config = Config()
    path = path or config_path()
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise PipelineError(f"invalid configuration ({error})", path,
                                hint="fix the TOML syntax or delete the file") from None
        flat = {}
        for section in ("engine", "paths", "normalise", "segment", "run", "credits"):
            flat.update(data.get(section, {}))
        if "name" in flat:
            flat["engine"] = flat.pop("name")
        tags = data.get("languages", {})
        if not isinstance(tags, dict):
            raise PipelineError("languages must be a section", path,
                                hint='write [languages] with source = "zh-CN" and target = "en-US" below it')
        flat.update({f"{key}_language": value for key, value in tags.items()})
        known = {f.name for f in fields(Config)} - {"limits", "extra"}
        unknown = sorted(set(flat) - known)
        if unknown:
            raise PipelineError(f"unknown setting(s) {', '.join(unknown)}", path,
                                hint="see README.md, section Configuration")
        config = replace(config, **flat, limits=_limits(data.get("limits", {}), path))
        try:
            checked(config.source_language, config.target_language)
        except PipelineError as error:
            raise PipelineError(error.message, path, hint=error.hint) from None
    clean = {key: value for key, value in (overrides or {}).items() if value is not None}
    return replace(config, **clean)
