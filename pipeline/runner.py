"""The runner: a Context (settings, glossary, memory, engine) and the ordered, named stages."""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable

from . import draft, memory, names, normalise, qa, segment, translate
from .cache import ResultCache
from .config import Config
from .engines import make_engine
from .errors import PipelineError
from .glossary import Glossary
from .model import Release


def package_version() -> str:
    """Return the installed press-pipeline version."""
    try:
        return version("press-pipeline")
    except PackageNotFoundError:
        return "0+unknown"


@dataclass
class Context:
    """What the stages share for a run: settings and the loaded glossary, memory and engine."""

    config: Config
    glossary: Glossary
    engine: object | None = None
    memory: object | None = None
    cache: object | None = None
    timings: dict = field(default_factory=dict)

    @property
    def opencc(self) -> str:
        return self.config.opencc

    @property
    def split_semicolon(self) -> bool:
        return self.config.split_semicolon

    @property
    def quiet(self) -> bool:
        return self.config.quiet


def apply_glossary(release: Release, ctx: Context) -> Release:
    """Stage: return the release with the glossary terms of every segment (longest match first)."""
    segments = tuple(replace(seg, terms=tuple(ctx.glossary.find(seg.zh))) for seg in release.segments)
    return replace(release, segments=segments)


def sign(release: Release, ctx: Context) -> Release:
    """Stage: return the release signed with package, glossary, OpenCC and engine settings."""
    signature = {"package": f"press-pipeline {package_version()}",
                 "glossary": ctx.glossary.hash, "opencc": release.signature.get("opencc", ctx.opencc),
                 "engine": "none"}
    if ctx.engine is not None:
        signature.update(ctx.engine.signature)
    return replace(release, signature=signature)


Stage = Callable[[Release, Context], Release]
STAGES: tuple[tuple[str, Stage], ...] = (
    ("normalise", normalise.normalise),
    ("segment", segment.segment),
    ("glossary", apply_glossary),
    ("names", names.hint),
    ("sign", sign),
    ("recall", memory.recall),
    ("translate", translate.translate),
    ("check", qa.check),  # before remember: drafts with QA errors are not stored in the memory
    ("remember", memory.remember),
    ("assemble", draft.assemble),
)
STAGE_NAMES = tuple(name for name, _ in STAGES)


# The stages that need neither the engine nor the memory: batch runs them in worker processes.
PREPARE_LAST = "names"
PREPARE = STAGE_NAMES[: STAGE_NAMES.index(PREPARE_LAST) + 1]


def run(release: Release, ctx: Context, stop_after: str | None = None,
        start_after: str | None = None) -> Release:
    """Return the release after the stages after `start_after` up to `stop_after`, naming a broken stage."""
    for name in (stop_after, start_after):
        if name is not None and name not in STAGE_NAMES:
            raise PipelineError(f"unknown stage '{name}'", hint="use one of: " + ", ".join(STAGE_NAMES))
    first = STAGE_NAMES.index(start_after) + 1 if start_after else 0
    for name, stage in STAGES[first:]:
        started = time.perf_counter()
        result = stage(release, ctx)
        if not isinstance(result, Release):
            raise TypeError(f"stage '{name}' returned {type(result).__name__}, not a Release")
        ctx.timings[name] = ctx.timings.get(name, 0.0) + time.perf_counter() - started
        release = result
        if name == stop_after:
            break
    return release


def build_context(config: Config) -> Context:
    """Return the Context for `config`: loads the glossary, opens the memory, prepares the engine."""
    glossary = Glossary.load(Path(config.glossary_dir()))
    engine = make_engine(config.engine, model=config.model, base_url=config.base_url,
                         api_key_env=config.api_key_env, concurrency=config.concurrency)
    cache = ResultCache.default() if engine is not None else None
    return Context(config=config, glossary=glossary, engine=engine,
                   memory=memory.Memory(config.memory), cache=cache)
