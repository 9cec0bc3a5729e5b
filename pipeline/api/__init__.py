"""The public Python API; every CLI command is a thin wrapper around one function here (the glossary's in
api/glossary.py, the memory's in api/memory.py, all importable from `pipeline.api`)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .. import clean
from .. import config as config_module
from ..align.archive import DEFAULT_THRESHOLD as ALIGN_THRESHOLD
from ..batch import BatchReport, collect, default_jobs, translate_batch
from ..batch.pool import warm_up
from ..config import Config
from ..context import Context
from ..engines import ENGINE_NAMES
from ..errors import GlossaryError, PipelineError, ReviewError
from ..files import refuse_overwrite
from ..formats import read_pasted, readers
from ..glossary import COLUMNS as GLOSSARY_COLUMNS
from ..glossary import KINDS, STATUSES, Entry, Glossary, split_cell
from ..glossary import edit as glossary_edit
from ..glossary.catalogue import Found, entry_key
from ..glossary.proposals import Proposal
from ..glossary.revise import EntryConflict, EntryProblems
from ..memory import Memory, Unit
from ..memory.store import DELETABLE_ORIGINS, default_path, describe_location
from ..model import Credits, Release
from ..outputs import write_outputs, xliff
from ..outputs.json import load_release
from ..outputs.review import table_rows
from ..progress import listening as watch_progress
from ..review import export as export_module
from ..review.ingest import (
    REVIEW_READERS,
    IngestResult,
    blocking,
    check_review,
    commit_ingest,
    ingest_outputs,
    ingest_review,
    plan_ingest,
    release_json_for,
)
from ..runner import PREPARE_LAST, STAGE_NAMES, build_context, check_credits, package_version, prepare, run
from ..stages.normalise import MODES as OPENCC_MODES
from ..stages.status import careful, summary
from .common import loaded as _loaded
from .glossary import (
    add_term,
    approve_proposal,
    delete_glossary_entry,
    entry_version,
    export_glossary,
    find_terms,
    glossary_changes,
    glossary_entry,
    glossary_files,
    glossary_proposals,
    glossary_short_forms,
    import_terms,
    lint_glossary,
    propose_names,
    reject_proposal,
    save_glossary_entry,
    search_glossary,
    suggest_names,
)
from .memory import (
    align_archive,
    copy_memory,
    count_origin,
    delete_origin,
    delete_units,
    edit_unit,
    export_memory,
    import_memory,
    ingest_alignment,
    is_alignment_review,
    memory_stats,
    search_memory,
    show_unit,
)

__all__ = ["ALIGN_THRESHOLD", "BatchReport", "Config", "Credits", "DELETABLE_ORIGINS", "ENGINE_NAMES",
           "EXPORT_FORMATS", "Entry", "EntryConflict", "EntryProblems", "FORMATS", "Found", "GLOSSARY_COLUMNS",
           "GlossaryError", "IngestResult", "KINDS", "OPENCC_MODES", "Proposal", "Result", "STAGE_NAMES", "STATUSES",
           "Unit", "add_term", "align_archive", "approve_proposal", "blocking", "build_context", "careful",
           "check_credits", "check_file", "check_review", "configured_reviewer", "copy_memory", "count_origin",
           "default_jobs", "delete_glossary_entry", "delete_origin", "delete_units", "edit_unit", "entry_key",
           "entry_version", "export_glossary", "export_memory", "export_release", "find_terms", "glossary_changes",
           "glossary_entry", "glossary_files", "glossary_proposals", "glossary_short_forms", "import_memory",
           "import_reviewed", "import_terms", "ingest_alignment", "ingest_file", "ingest_review", "input_suffixes",
           "is_alignment_review", "lint_glossary", "load_config", "load_release", "memory_stats", "package_version",
           "preview", "propose_names", "reject_proposal", "review_suffixes", "review_table", "save_glossary_entry",
           "search_glossary", "search_memory", "show_unit", "split_cell", "suggest_names", "summary", "table_rows",
           "translate_batch", "translate_file", "translate_pasted", "warm_up", "watch_progress"]
FORMATS = glossary_edit.FORMATS
EXPORT_FORMATS = export_module.FORMATS  # `press export --format`
load_config = config_module.load
PASTED_NAME = "pasted"  # the outputs of `press translate -` without --name: pasted.review.docx …


@dataclass(frozen=True)
class Result:
    """One translated release and the files written for it."""

    release: Release
    outputs: dict


def translate_file(path: Path, *, out_dir: Path | None = None, credits: Credits = Credits(),
                   ctx: Context | None = None, config: Config | None = None,
                   stop_after: str | None = None) -> Result:
    """Read, translate and write one release; returns the Release and the paths written."""
    last = stop_after or STAGE_NAMES[-1]
    if last not in STAGE_NAMES:
        raise PipelineError(f"unknown stage '{last}'", hint="use one of: " + ", ".join(STAGE_NAMES))
    if ctx is None:  # a context of its own, closed when done
        with build_context(_loaded(config)) as own:
            return translate_file(path, out_dir=out_dir, credits=credits, ctx=own, stop_after=stop_after)
    prepared = STAGE_NAMES[min(STAGE_NAMES.index(last), STAGE_NAMES.index(PREPARE_LAST))]
    release = prepare(path, ctx, credits, stop_after=prepared)
    if prepared != last:
        release = run(release, ctx, start_after=prepared, stop_after=last)
    outputs = write_outputs(release, out_dir) if stop_after is None else {}
    return Result(release, outputs)


def translate_pasted(data: bytes, name: str = PASTED_NAME, *, out_dir: Path | None = None,
                     credits: Credits | None = None, config: Config | None = None,
                     stop_after: str | None = None) -> Result:
    """Read a release pasted on standard input (its bytes), translate it and write <name>.review.docx,
    <name>.en.docx and <name>.json into `out_dir` (default: the working directory)."""
    if not name or name != Path(name).name or name.startswith("."):
        raise PipelineError(f"--name {name!r} is not a file name",
                            hint="give a name without folders, e.g. --name higashiomi")
    credits = credits or Credits()
    check_credits(credits)
    with build_context(_loaded(config)) as ctx:  # a context of its own, closed when done
        release = replace(read_pasted(data, name, ctx.config.limits), credits=credits)
        release = run(release, ctx, stop_after=stop_after or STAGE_NAMES[-1])
    outputs = write_outputs(release, out_dir) if stop_after is None else {}
    return Result(release, outputs)


def preview(inputs: list[Path], stop_after: str, *, config: Config,
            credits: Credits = Credits()) -> list[tuple[Path, Release | PipelineError]]:
    """Return each input file (folders walked) with its release after `stop_after`, or the error it raised."""
    results: list[tuple[Path, Release | PipelineError]] = []
    with build_context(config) as ctx:
        for job in collect(inputs, None):
            try:
                results.append((job.source, translate_file(job.source, credits=credits, ctx=ctx,
                                                           stop_after=stop_after).release))
            except PipelineError as error:
                results.append((job.source, error))
    return results


def input_suffixes() -> list[str]:
    """Return the file suffixes `press translate` reads (.txt, .docx, .html …), from the readers' declarations."""
    return sorted(readers())


def review_suffixes() -> list[str]:
    """Return the suffixes of the reviewed files `press check` and `press ingest` read (.docx, .xlf, .xliff)."""
    return sorted(REVIEW_READERS)


def review_table(path: Path) -> tuple[Release, list[dict]]:
    """Return a translated release (its .json) and its review table as data: the rows of the review .docx."""
    release = load_release(Path(path))
    return release, table_rows(release)


def configured_reviewer(config: Config | None = None) -> str:
    """Return `reviewer` from the [credits] section of the press.toml in force, or ""."""
    return _loaded(config).reviewer


def check_file(review_path: Path, release_path: Path | None = None, glossary_dir: Path | None = None, *,
               config: Config | None = None) -> Release:
    """Return the reviewed release with QA findings, checked against the current glossary."""
    config = _loaded(config)
    directory = Path(glossary_dir) if glossary_dir else config.glossary_dir()
    return check_review(review_path, release_path, Glossary.load(directory), limits=config.limits)


def ingest_file(review_path: Path, memory: str | Path | None = None, release_path: Path | None = None,
                reviewer: str = "", out_dir: Path | None = None, *, translator: str = "",
                accept_errors: bool = False, glossary_dir: Path | None = None,
                config: Config | None = None) -> tuple[IngestResult, str]:
    """Check a reviewed .docx or XLIFF file and ingest it into the memory (a file or a postgresql:// URL)
    unless an unacknowledged error blocks it (then nothing is written); returns the result and the
    memory's location. Credits not given come from the release, else from press.toml's [credits]."""
    clean.check({"--reviewer": reviewer, "--translator": translator})
    config = _loaded(config)
    glossary = Glossary.load(Path(glossary_dir) if glossary_dir else config.glossary_dir())
    plan = plan_ingest(review_path, release_path, credits=Credits(translator, reviewer),
                       defaults=Credits(config.translator, config.reviewer), glossary=glossary,
                       limits=config.limits)
    location = memory if memory is not None else config.memory
    if plan.blocked and not accept_errors:  # the memory is not even opened
        return plan, describe_location(location)
    directory = Path(out_dir) if out_dir is not None else Path(review_path).parent
    given = {"the review file": review_path, "the release data": release_path or release_json_for(review_path),
             "the memory": location or default_path()}
    for output in ingest_outputs(plan, directory):
        refuse_overwrite(output, given, hint="keep the review file's name (<name>.review.docx) or pass -o FOLDER; "
                                             "nothing was written")
    with Memory(location) as opened:
        return commit_ingest(plan, opened, directory, accept_errors), opened.location


def export_release(release_path: Path, fmt: str, output: Path | None = None,
                   glossary_dir: Path | None = None, *, config: Config | None = None) -> tuple[Path, Release]:
    """Write a release (.json, or the review .docx as reviewed so far) as XLIFF for a CAT tool, its terms
    found with the current glossary and QA run afresh; returns the file written and the release."""
    config = _loaded(config)
    directory = Path(glossary_dir) if glossary_dir else config.glossary_dir()
    return export_module.export_release(Path(release_path), fmt, output, Glossary.load(directory), config.limits)


def import_reviewed(xliff_path: Path, memory: str | Path | None = None, release_path: Path | None = None,
                    reviewer: str = "", out_dir: Path | None = None, *, translator: str = "",
                    accept_errors: bool = False, glossary_dir: Path | None = None,
                    config: Config | None = None) -> tuple[IngestResult, str]:
    """Ingest an XLIFF file translated or reviewed in a CAT tool the way `press ingest` takes a review .docx
    (the same QA guard, acknowledgements, credits, and nothing written on refusal)."""
    if Path(xliff_path).suffix.lower() not in xliff.READS:
        raise ReviewError("`press import` reads XLIFF files (.xlf, .xliff)", xliff_path,
                          hint="ingest a review .docx with `press ingest`")
    return ingest_file(xliff_path, memory, release_path, reviewer, out_dir, translator=translator,
                       accept_errors=accept_errors, glossary_dir=glossary_dir, config=config)
