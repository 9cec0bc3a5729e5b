"""The public Python API; every CLI command is a thin wrapper around one function here."""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from . import config as config_module
from .review import export as export_module
from .batch import BatchReport, collect, default_jobs, translate_batch
from .config import Config
from .context import Context
from .engines import ENGINE_NAMES
from .errors import GlossaryError, PipelineError, ReviewError
from .files import write_atomic
from .glossary import KINDS, STATUSES, Entry, Glossary, split_cell
from .glossary import edit as glossary_edit
from .glossary.lint import lint, short_forms
from .review.ingest import IngestResult, blocking, check_review, commit_ingest, ingest_review, plan_ingest
from .languages import Languages
from .memory import Memory, Merge, SearchHit, Unit
from .memory.store import SEARCH_THRESHOLD, describe_location
from .memory.tmx import ImportReport, export_tmx, import_tmx
from .model import Credits, Release, TermHit
from .stages.normalise import MODES as OPENCC_MODES
from .ooxml.package import check_workbook
from .outputs import write_outputs, xliff
from .stages.status import summary
from .runner import PREPARE_LAST, STAGE_NAMES, build_context, check_credits, package_version, prepare, run

__all__ = ["BatchReport", "Config", "Credits", "ENGINE_NAMES", "EXPORT_FORMATS", "Entry", "FORMATS", "IngestResult",
           "KINDS", "OPENCC_MODES", "Result", "STAGE_NAMES", "STATUSES", "add_term", "blocking", "check_credits",
           "check_file", "check_review", "configured_reviewer", "copy_memory", "default_jobs", "delete_units",
           "edit_unit", "export_glossary", "export_memory", "export_release", "find_terms", "glossary_short_forms",
           "import_memory", "import_reviewed", "import_terms", "ingest_file", "ingest_review", "lint_glossary",
           "load_config", "memory_stats", "package_version", "preview", "search_memory", "show_unit", "split_cell",
           "suggest_names", "summary", "translate_batch", "translate_file"]
FORMATS = glossary_edit.FORMATS
EXPORT_FORMATS = export_module.FORMATS  # `press export --format`
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


def glossary_short_forms(directory: Path) -> list[tuple[str, str, str]]:
    """Return (short form, full form, why) for the places whose short form does not stand on its own."""
    return short_forms(Path(directory))


def find_terms(text: str, directory: Path) -> list[TermHit]:
    """Return the glossary terms in a text, or in a release file when `text` names one (normalised first)."""
    glossary = Glossary.load(Path(directory))
    path = Path(text)
    if len(text) < 4096 and path.is_file():
        from .names.suggest import release_text  # the readers and OpenCC load only for files

        text = release_text(path, glossary)
    return glossary.find(text)


def add_term(directory: Path, entry: Entry, file: Path | str | None = None) -> Path:
    """Append a validated entry to the glossary; returns the file it went to."""
    return glossary_edit.add_entry(Path(directory), entry, file)


def export_glossary(directory: Path, fmt: str, output: Path | None = None, approved_only: bool = False,
                    tags: Languages | None = None) -> str | bytes:
    """Return the glossary in format `fmt` (bytes for xlsx, which needs `output`), also written atomically
    to `output` when given; language tags from press.toml unless `tags` is given."""
    if fmt in glossary_edit.BINARY_FORMATS and output is None:
        raise GlossaryError(f"a {fmt} glossary is a file, not text for the terminal", None, None,
                            f"pass -o FILE.{fmt}")
    tags = tags or config_module.load().languages
    content = glossary_edit.export_glossary(Glossary.load(Path(directory)), fmt, approved_only, tags)
    if output is not None:
        write_atomic(Path(output), content)
    return content


def import_terms(directory: Path, path: Path, target: Path | str | None = None,
                 keep_status: bool = False) -> glossary_edit.ImportReport:
    """Append the new terms of a .tbx/.csv/.xlsx/.tsv file to the glossary as proposed; conflicts are reported."""
    limits = config_module.load().limits
    limits.check_size(Path(path))
    if Path(path).suffix.lower() in glossary_edit.xlsx_format.SUFFIXES:
        check_workbook(Path(path), limits)  # a zip package: refused by its directory before openpyxl inflates it
    return glossary_edit.import_file(Path(directory), Path(path), target, keep_status)


def suggest_names(paths: list[Path], directory: Path, english: list[Path] | None = None,
                  memory: str | Path | None = None) -> tuple[str, int]:
    """Return the names in release files that no glossary entry covers, as proposed TSV rows, and how
    many; `english` (one reviewed translation per release, same order) and the translation memory's
    reviewed units (`memory`, else press.toml's when its file exists) give the English names are written with."""
    from .names.suggest import as_tsv, suggest_files  # jieba loads only when asked

    for path in [*paths, *(english or [])]:
        if not Path(path).is_file():
            raise GlossaryError("file not found", path, None, "give UTF-8 text files of releases")
    if english and len(english) != len(paths):
        raise GlossaryError(f"{len(english)} English file(s) for {len(paths)} release(s)", english[0], None,
                            "give one --english text per release, in the same order")
    location = memory if memory is not None else config_module.load().memory
    with (_memory(location) if _memory_exists(location) else nullcontext()) as store:
        suggestions = suggest_files([Path(p) for p in paths], Glossary.load(Path(directory)),
                                    [Path(p) for p in english] if english else None, store)
    return as_tsv(suggestions), len(suggestions)


def _memory_exists(location: str | Path | None) -> bool:
    """Return whether a --memory value names a memory to read: a database URL, or a file that exists
    (looking must not create one)."""
    from .memory.postgres import is_url

    return is_url(location) or Path(describe_location(location)).is_file()


def _memory(location: str | Path | None) -> Memory:
    """Return the memory named by --memory, else by [paths] memory in press.toml, else the default file."""
    return Memory(location if location is not None else config_module.load().memory)


def import_memory(tmx: Path, memory: str | Path | None = None, overwrite: bool = False) -> tuple[ImportReport, str]:
    """Store the zh/en units of a TMX file in the memory, in trust order; returns what changed and the memory."""
    config_module.load().limits.check_size(Path(tmx))  # streamed, but an input like any other: [limits]
    with _memory(memory) as opened:
        return import_tmx(tmx, opened, overwrite), opened.location


def export_memory(tmx: Path, memory: str | Path | None = None, tags: Languages | None = None) -> tuple[int, str]:
    """Write every unit of the memory to a TMX 1.4b file (language tags from press.toml unless given);
    returns the unit count and the memory's location."""
    tags = tags or config_module.load().languages
    with _memory(memory) as opened:
        return export_tmx(opened, tmx, tags), opened.location


def copy_memory(source: str | Path, target: str | Path, overwrite: bool = False) -> tuple[Merge, str, str]:
    """Copy every unit of one memory into another (e.g. SQLite into PostgreSQL) in trust order."""
    with Memory(source) as origin, Memory(target) as destination:
        merge = destination.merge(lambda: ((None, unit) for unit in origin.units()), overwrite)
        return merge, origin.location, destination.location


def memory_stats(memory: str | Path | None = None) -> dict:
    """Return the memory's location, backend, schema version and unit counts."""
    with _memory(memory) as opened:
        return opened.stats()


def search_memory(text: str, memory: str | Path | None = None, limit: int = 20,
                  threshold: float = SEARCH_THRESHOLD) -> list[SearchHit]:
    """Return the units whose Chinese or English contains or comes close to `text`, best first."""
    with _memory(memory) as opened:
        return opened.search(text, limit=limit, threshold=threshold)


def show_unit(unit_id: int, memory: str | Path | None = None) -> Unit:
    """Return one memory unit by id (an unknown id is a MemoryError_)."""
    with _memory(memory) as opened:
        return opened.get(unit_id)


def edit_unit(unit_id: int, en: str, reviewer: str = "", memory: str | Path | None = None) -> Unit:
    """Replace a unit's English as reviewed by `reviewer` (else [credits] reviewer) now; returns the unit."""
    with _memory(memory) as opened:
        return opened.edit(unit_id, en, reviewer or configured_reviewer())


def delete_units(unit_ids: list[int], memory: str | Path | None = None) -> list[Unit]:
    """Delete memory units by id, all or none; returns the deleted units."""
    with _memory(memory) as opened:
        return opened.delete(unit_ids)


def configured_reviewer() -> str:
    """Return `reviewer` from the [credits] section of the press.toml in force, or ""."""
    return config_module.load().reviewer


def check_file(review_path: Path, release_path: Path | None = None, glossary_dir: Path | None = None) -> Release:
    """Return the reviewed release with QA findings, checked against the current glossary."""
    config = config_module.load()
    directory = Path(glossary_dir) if glossary_dir else config.glossary_dir()
    return check_review(review_path, release_path, Glossary.load(directory), limits=config.limits)


def ingest_file(review_path: Path, memory: str | Path | None = None, release_path: Path | None = None,
                reviewer: str = "", out_dir: Path | None = None, *, translator: str = "",
                accept_errors: bool = False, glossary_dir: Path | None = None,
                config: Config | None = None) -> tuple[IngestResult, str]:
    """Check a reviewed .docx or XLIFF file and ingest it into the memory (a file or a postgresql:// URL)
    unless an unacknowledged error blocks it (then nothing is written); returns the result and the
    memory's location. Credits not given come from the release, else from press.toml's [credits]."""
    config = config or config_module.load()
    glossary = Glossary.load(Path(glossary_dir) if glossary_dir else config.glossary_dir())
    plan = plan_ingest(review_path, release_path, credits=Credits(translator, reviewer),
                       defaults=Credits(config.translator, config.reviewer), glossary=glossary,
                       limits=config.limits)
    location = memory if memory is not None else config.memory
    if plan.blocked and not accept_errors:  # the memory is not even opened
        return plan, describe_location(location)
    with Memory(location) as opened:
        directory = Path(out_dir) if out_dir is not None else Path(review_path).parent
        return commit_ingest(plan, opened, directory, accept_errors), opened.location


def export_release(release_path: Path, fmt: str, output: Path | None = None,
                   glossary_dir: Path | None = None) -> tuple[Path, Release]:
    """Write a release (.json, or the review .docx as reviewed so far) as XLIFF for a CAT tool, its terms
    found with the current glossary and QA run afresh; returns the file written and the release."""
    config = config_module.load()
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
