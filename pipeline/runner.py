"""The runner: the ordered, named stages, run() over them, and the Context a run needs.

Each stage module declares what it REQUIRES and ASSIGNS (Release fields, or `segments.<field>` for a
Segment field); tests/test_architecture.py checks that every requirement is assigned by an earlier stage.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable

from . import dictionary
from .config import Config
from .context import Context
from .engines import make_engine
from .engines.cache import ResultCache
from .errors import PipelineError
from .glossary import Glossary
from .memory import Memory
from .model import Credits, Release
from .stages import assemble, check, draft, names, normalise, read, recall, remember, repair, segment, sign, terms
from .stages.read import check_credits
from .stages.sign import package_version

__all__ = ["STAGES", "STAGE_NAMES", "PREPARE_LAST", "build_context", "check_credits", "declared",
           "package_version", "prepare", "run"]


Stage = Callable[[Release, Context], Release]
STAGES: tuple[tuple[str, Stage], ...] = (
    ("normalise", normalise.normalise),
    ("segment", segment.segment),
    ("terms", terms.find_terms),
    ("names", names.hint_names),
    ("sign", sign.sign),
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


def declared(stage: Stage) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return what a stage REQUIRES and ASSIGNS, as its module declares them."""
    module = sys.modules[stage.__module__]
    return module.REQUIRES, module.ASSIGNS


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


def prepare(source: Path, ctx: Context, credits: Credits = Credits(), stop_after: str = PREPARE_LAST) -> Release:
    """Return the release read from `source`, credited, after the model-free stages (up to `stop_after`).

    The one validated way in for single files and batches alike.
    """
    return run(read.read(source, ctx, credits), ctx, stop_after=stop_after)


def build_context(config: Config) -> Context:
    """Return the Context for `config`: loads the glossary, opens the memory, prepares the engine."""
    glossary = Glossary.load(Path(config.glossary_dir()))
    dictionary.use(config.dictionary)  # read on first use only
    engine = make_engine(config.engine, model=config.model, base_url=config.base_url,
                         api_key_env=config.api_key_env, concurrency=config.concurrency)
    cache = ResultCache.default() if engine is not None else None
    return Context(config=config, glossary=glossary, engine=engine, memory=Memory(config.memory), cache=cache)
