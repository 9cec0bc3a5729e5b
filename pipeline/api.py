"""The public Python API; every CLI command is a thin wrapper around one function here."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import config as config_module
from .batch import BatchReport, collect, default_jobs, translate_batch
from .config import Config
from .context import Context
from .engines import ENGINE_NAMES
from .errors import GlossaryError, PipelineError
from .files import write_atomic
from .glossary import KINDS, STATUSES, Entry, Glossary, split_cell
from .glossary import edit as glossary_edit
from .glossary.lint import lint
from .ingest import IngestResult, check_review, ingest_review
from .memory import Memory
from .memory.tmx import ImportReport, export_tmx, import_tmx
from .model import Credits, Release, TermHit
from .normalise import MODES as OPENCC_MODES
from .outputs import write_outputs
from .qa import summary
from .runner import PREPARE_LAST, STAGE_NAMES, build_context, check_credits, package_version, prepare, run

__all__ = ["BatchReport", "Config", "Credits", "ENGINE_NAMES", "Entry", "FORMATS", "IngestResult", "KINDS",
           "OPENCC_MODES", "Result", "STAGE_NAMES", "STATUSES", "add_term", "check_credits", "check_file",
           "check_review", "default_jobs", "export_glossary", "export_memory", "find_terms", "import_memory",
           "import_terms", "ingest_file", "ingest_review", "lint_glossary", "load_config", "memory_stats", "package_version", "preview",
           "split_cell", "suggest_names", "summary", "translate_batch", "translate_file"]
FORMATS = glossary_edit.FORMATS
load_config = config_module.load


@dataclass(frozen=True)
class Result:
    """One translated release and the files written for it."""

    release: Release
    outputs: dict


def translate_file(path: Path, *, out_dir: Path | None = None, credits: Credits = Credits(),
                   ctx: Context | None = None, config: Config | None = None,
                   stop_after: str | None = None) -> Result:
    """Read, translate and write one release; returns the Release and the paths written."""
    ctx = ctx or build_context(config or config_module.load())
    last = stop_after or STAGE_NAMES[-1]
    if last not in STAGE_NAMES:
        raise PipelineError(f"unknown stage '{last}'", hint="use one of: " + ", ".join(STAGE_NAMES))
    prepared = STAGE_NAMES[min(STAGE_NAMES.index(last), STAGE_NAMES.index(PREPARE_LAST))]
    release = prepare(path, ctx, credits, stop_after=prepared)
    if prepared != last:
        release = run(release, ctx, start_after=prepared, stop_after=last)
    outputs = write_outputs(release, out_dir) if stop_after is None else {}
    return Result(release, outputs)


def preview(inputs: list[Path], stop_after: str, *, config: Config,
            credits: Credits = Credits()) -> list[tuple[Path, Release | PipelineError]]:
    """Return each input file (folders walked) with its release after `stop_after`, or the error it raised."""
    ctx = build_context(config)
    results: list[tuple[Path, Release | PipelineError]] = []
    for job in collect(inputs, None):
        try:
            results.append((job.source, translate_file(job.source, credits=credits, ctx=ctx,
                                                       stop_after=stop_after).release))
        except PipelineError as error:
            results.append((job.source, error))
    return results


def lint_glossary(directory: Path) -> tuple[list[str], int]:
    """Return the glossary's problems as `file:line: message` lines and its entry count (0 when not clean)."""
    messages = lint(Path(directory))
    return messages, (0 if messages else len(Glossary.load(Path(directory))))


def find_terms(text: str, directory: Path) -> list[TermHit]:
    """Return the glossary terms in a text, or in a release file when `text` names one (normalised first)."""
    glossary = Glossary.load(Path(directory))
    path = Path(text)
    if len(text) < 4096 and path.is_file():
        from .suggest import release_text  # the readers and OpenCC load only for files

        text = release_text(path, glossary)
    return glossary.find(text)


def add_term(directory: Path, entry: Entry, file: Path | str | None = None) -> Path:
    """Append a validated entry to the glossary; returns the file it went to."""
    return glossary_edit.add_entry(Path(directory), entry, file)


def export_glossary(directory: Path, fmt: str, output: Path | None = None, approved_only: bool = False) -> str:
    """Return the glossary in format `fmt`, also written atomically to `output` when given."""
    text = glossary_edit.export_glossary(Glossary.load(Path(directory)), fmt, approved_only)
    if output is not None:
        write_atomic(Path(output), text)
    return text


def import_terms(directory: Path, path: Path, target: Path | str | None = None,
                 keep_status: bool = False) -> glossary_edit.ImportReport:
    """Append the new terms of a .tbx/.csv/.tsv file to the glossary as proposed; conflicts are reported."""
    config_module.load().limits.check_size(Path(path))
    return glossary_edit.import_file(Path(directory), Path(path), target, keep_status)


def suggest_names(paths: list[Path], directory: Path) -> str:
    """Return the names in release files that no glossary entry covers, as proposed TSV rows."""
    from .suggest import as_tsv, suggest_files  # jieba loads only when asked

    for path in paths:
        if not Path(path).is_file():
            raise GlossaryError("file not found", path, None, "give UTF-8 text files of releases")
    return as_tsv(suggest_files([Path(p) for p in paths], Glossary.load(Path(directory))))


def import_memory(tmx: Path, memory_path: Path | None = None) -> tuple[ImportReport, Path]:
    """Store the zh/en units of a TMX file in the memory; returns what changed and the memory's path."""
    config_module.load().limits.check_size(Path(tmx))  # the TMX is parsed whole
    with Memory(memory_path) as memory:
        return import_tmx(tmx, memory), memory.path


def export_memory(tmx: Path, memory_path: Path | None = None) -> tuple[int, Path]:
    """Write every unit of the memory to a TMX 1.4b file; returns the unit count and the memory's path."""
    with Memory(memory_path) as memory:
        return export_tmx(memory, tmx), memory.path


def memory_stats(memory_path: Path | None = None) -> dict:
    """Return the memory's path, schema version, journal mode and unit counts."""
    with Memory(memory_path) as memory:
        return memory.stats()


def check_file(review_path: Path, release_path: Path | None = None, glossary_dir: Path | None = None) -> Release:
    """Return the reviewed release with QA findings, checked against the current glossary."""
    config = config_module.load()
    directory = Path(glossary_dir) if glossary_dir else config.glossary_dir()
    return check_review(review_path, release_path, Glossary.load(directory), limits=config.limits)


def ingest_file(review_path: Path, memory_path: Path | None = None, release_path: Path | None = None,
           reviewer: str = "", out_dir: Path | None = None) -> tuple[IngestResult, Path]:
    """Ingest a reviewed .docx into the memory; returns the result and the memory's path."""
    limits = config_module.load().limits
    with Memory(memory_path) as memory:
        return ingest_review(review_path, memory, release_path, reviewer, out_dir, limits), memory.path

