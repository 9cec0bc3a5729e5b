"""Settings: defaults, then press.toml (working directory, else $PRESS_HOME), then command-line flags."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import PipelineError
from .languages import DEFAULT_SOURCE, DEFAULT_TARGET, Languages, checked

CONFIG_NAME = "press.toml"
REPO_GLOSSARY = Path(__file__).resolve().parent.parent / "glossary"


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
    memory: str | None = None
    opencc: str = "auto"
    split_semicolon: bool = False
    quiet: bool = False
    translator: str = ""  # [credits]: credited when --translator is not given
    reviewer: str = ""  # [credits]: credited when --reviewer is not given
    source_language: str = DEFAULT_SOURCE  # [languages] source: the tag every export gives the Chinese
    target_language: str = DEFAULT_TARGET  # [languages] target: the tag every export gives the English
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
    """Return the Config from press.toml (sections [engine], [paths], [normalise], [segment], [credits],
    [languages]) + overrides."""
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
        known = {f.name for f in fields(Config)}
        unknown = sorted(set(flat) - known)
        if unknown:
            raise PipelineError(f"unknown setting(s) {', '.join(unknown)}", path,
                                hint="see README.md, section Configuration")
        config = replace(config, **flat)
        try:
            checked(config.source_language, config.target_language)
        except PipelineError as error:
            raise PipelineError(error.message, path, hint=error.hint) from None
    clean = {key: value for key, value in (overrides or {}).items() if value is not None}
    return replace(config, **clean)
