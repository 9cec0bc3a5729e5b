"""The runner: the ordered, named stages, run() over them, sign(), and the Context a run needs."""
from __future__ import annotations

import re
import time
from dataclasses import replace
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable

from . import dictionary
from .stages import assemble, check, draft, names, normalise, recall, remember, repair, segment
from .config import Config
from .context import Context
from .engines import make_engine
from .engines.cache import ResultCache
from .errors import PipelineError
from .formats import read_release
from .glossary import Glossary
from .memory import Memory
from .model import Credits, Release

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@lru_cache(maxsize=1)
def package_version() -> str:
    """Return the installed press-pipeline version (read once: the metadata lookup costs ~4 ms)."""
    try:
        return version("press-pipeline")
    except PackageNotFoundError:
        return "0+unknown"


def sign(release: Release, ctx: Context) -> Release:
    """Stage: return the release signed with package, glossary, OpenCC, language-tag and engine settings."""
    signature = {"package": f"press-pipeline {package_version()}",
                 "glossary": ctx.glossary.hash, "opencc": release.signature.get("opencc", ctx.opencc),
                 "languages": ctx.config.languages.label, "engine": "none"}
    if ctx.engine is not None:
        signature.update(ctx.engine.signature)
    return replace(release, signature=signature)


Stage = Callable[[Release, Context], Release]
STAGES: tuple[tuple[str, Stage], ...] = (
    ("normalise", normalise.normalise),
    ("segment", segment.segment),  # sentences, and per sentence one glossary pass and one jieba pass
    ("names", names.hint_names),
    ("sign", sign),
    ("recall", recall.recall),
    ("draft", draft.draft),
    ("repair", repair.repair_drafts),
    ("check", check.check),  # before remember: drafts with QA errors are not stored in the memory
    ("remember", remember.remember),
    ("assemble", assemble.assemble),
)
STAGE_NAMES = tuple(name for name, _ in STAGES)
# The stages that need neither the engine nor the memory: batch runs them in worker processes.
PREPARE_LAST = "names"


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


def check_credits(credits: Credits) -> None:
    """Raise PipelineError when a credit holds a character Word files cannot store."""
    for name, value in credits.as_dict().items():
        if _CONTROL.search(value):
            raise PipelineError(f"the {name.replace('_', ' ')} credit {value!r} contains a control character",
                                hint="type it again without pasting terminal output")


def prepare(source: Path, ctx: Context, credits: Credits = Credits(), stop_after: str = PREPARE_LAST) -> Release:
    """Return the release read from `source`, credited, after the model-free stages (up to `stop_after`).

    The one validated way in for single files and batches alike.
    """
    check_credits(credits)
    release = replace(read_release(Path(source), ctx.config.limits), credits=credits)
    return run(release, ctx, stop_after=stop_after)


def build_context(config: Config) -> Context:
    """Return the Context for `config`: loads the glossary, opens the memory, prepares the engine."""
    glossary = Glossary.load(Path(config.glossary_dir()))
    dictionary.use(config.dictionary)  # read on first use only
    engine = make_engine(config.engine, model=config.model, base_url=config.base_url,
                         api_key_env=config.api_key_env, concurrency=config.concurrency)
    cache = ResultCache.default() if engine is not None else None
    return Context(config=config, glossary=glossary, engine=engine, memory=Memory(config.memory), cache=cache)
