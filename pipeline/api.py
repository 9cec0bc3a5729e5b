"""The public Python API; every CLI command is a thin wrapper around one function here."""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import clean
from . import config as config_module
from .align.archive import DEFAULT_THRESHOLD as ALIGN_THRESHOLD
from .batch import BatchReport, collect, default_jobs, translate_batch
from .batch.pool import warm_up
from .config import Config
from .context import Context
from .engines import ENGINE_NAMES
from .errors import GlossaryError, PipelineError, ReviewError
from .files import refuse_overwrite, write_atomic
from .formats import read_pasted, readers
from .glossary import COLUMNS as GLOSSARY_COLUMNS
from .glossary import KINDS, STATUSES, Entry, Glossary, revise, split_cell
from .glossary import edit as glossary_edit
from .glossary import proposals as proposal_queue
from .glossary.catalogue import Found, catalogue, entry_key
from .glossary.lint import lint, short_forms
from .glossary.proposals import Proposal
from .glossary.revise import EntryConflict, EntryProblems
from .languages import Languages
from .memory import Memory, Merge, SearchHit, Unit
from .memory.store import DELETABLE_ORIGINS, SEARCH_THRESHOLD, default_path, describe_location
from .memory.tmx import ImportReport, export_tmx, import_tmx
from .model import Credits, Release, TermHit
from .ooxml.package import check_workbook
from .outputs import write_outputs, xliff
from .outputs.json import load_release
from .outputs.review import table_rows
from .progress import listening as watch_progress
from .review import export as export_module
from .review.ingest import (
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
from .runner import PREPARE_LAST, STAGE_NAMES, build_context, check_credits, package_version, prepare, run
from .stages.normalise import MODES as OPENCC_MODES
from .stages.status import careful, summary
from .stages.terms import find_all

if TYPE_CHECKING:  # the aligner's modules load jieba and the dictionary: imported when a command needs them
    from .align.review import AlignmentReview
    from .align.run import AlignReport

__all__ = ["ALIGN_THRESHOLD", "BatchReport", "Config", "Credits", "DELETABLE_ORIGINS", "ENGINE_NAMES",
           "EXPORT_FORMATS", "Entry", "EntryConflict", "EntryProblems", "FORMATS", "Found", "GLOSSARY_COLUMNS",
           "IngestResult", "KINDS", "OPENCC_MODES", "Proposal", "Result", "STAGE_NAMES", "STATUSES", "add_term",
           "align_archive", "approve_proposal", "blocking", "build_context", "careful", "check_credits",
           "check_file", "check_review", "configured_reviewer", "copy_memory", "count_origin", "default_jobs",
           "delete_glossary_entry", "delete_origin", "delete_units", "edit_unit", "entry_key", "entry_version",
           "export_glossary", "export_memory", "export_release", "find_terms", "glossary_changes", "glossary_entry",
           "glossary_files", "glossary_proposals", "glossary_short_forms", "import_memory", "import_reviewed",
           "import_terms", "ingest_alignment", "ingest_file", "ingest_review", "input_suffixes",
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
    return list(find_all([text], glossary)[0])  # found as `press translate` finds them


def add_term(directory: Path, entry: Entry, file: Path | str | None = None) -> Path:
    """Append a validated entry to the glossary; returns the file it went to."""
    return glossary_edit.add_entry(Path(directory), entry, file)


def export_glossary(directory: Path, fmt: str, output: Path | None = None, approved_only: bool = False,
                    tags: Languages | None = None, *, config: Config | None = None) -> str | bytes:
    """Return the glossary in format `fmt` (bytes for xlsx, which needs `output`), also written atomically
    to `output` when given; language tags from press.toml unless `tags` is given."""
    if fmt in glossary_edit.BINARY_FORMATS and output is None:
        raise GlossaryError(f"a {fmt} glossary is a file, not text for the terminal", None, None,
                            f"pass -o FILE.{fmt}")
    tags = tags or _loaded(config).languages
    content = glossary_edit.export_glossary(Glossary.load(Path(directory)), fmt, approved_only, tags)
    if output is not None:
        refuse_overwrite(Path(output), {f"the glossary file {path.relative_to(directory)}": path
                                        for path in Path(directory).rglob("*") if path.is_file()})
        write_atomic(Path(output), content)
    return content


def import_terms(directory: Path, path: Path, target: Path | str | None = None,
                 keep_status: bool = False, *, config: Config | None = None) -> glossary_edit.ImportReport:
    """Append the new terms of a .tbx/.csv/.xlsx/.tsv file to the glossary as proposed; conflicts are reported."""
    limits = _loaded(config).limits
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


def input_suffixes() -> list[str]:
    """Return the file suffixes `press translate` reads (.txt, .docx, .html …), from the readers' declarations."""
    return sorted(readers())


def review_suffixes() -> list[str]:
    """Return the suffixes of the reviewed files `press check` and `press ingest` read (.docx, .xlf, .xliff)."""
    return sorted(REVIEW_READERS)


def search_glossary(directory: Path, query: str, kind: str = "", status: str = "", limit: int = 50) -> Found:
    """Return the entries holding every word of `query` in zh, en, variants, kind, status or source (`kind:city`
    looks in one field), of `kind` and `status` when given, best first; read again only when a file changed."""
    return catalogue(Path(directory)).search(query, kind, status, limit)


def glossary_entry(directory: Path, key: str) -> Entry | None:
    """Return the entry named by `key` (`file.tsv:line`, as search results name it), or None."""
    return catalogue(Path(directory)).get(key)


def entry_version(entry: Entry) -> str:
    """Return the version an edit form carries, so that a second edit of the same entry is a conflict."""
    return revise.version(entry)


def glossary_files(directory: Path) -> list[str]:
    """Return the names of the hand-curated glossary files new entries may go to."""
    return [path.name for path in sorted(Path(directory).glob("*.tsv"))
            if not path.name.startswith(glossary_edit.GENERATED_PREFIX)]


def save_glossary_entry(directory: Path, entry: Entry, who: str, key: str = "", expected: str = "",
                        file: str | None = None) -> Entry:
    """Add an entry, or replace entry `key` last seen at version `expected`, linted first and logged with who
    and when; raises EntryProblems (by field) or EntryConflict and then writes nothing."""
    return revise.save_entry(Path(directory), entry, who, key, expected, file)


def delete_glossary_entry(directory: Path, key: str, expected: str, who: str) -> Entry:
    """Remove entry `key` last seen at version `expected` (logged); EntryConflict when it changed meanwhile."""
    return revise.delete_entry(Path(directory), key, expected, who)


def glossary_changes(directory: Path, limit: int = 200) -> list[dict]:
    """Return the latest changes made to the glossary (who, when, action, before, after), newest first."""
    return revise.changes(Path(directory), limit)


def glossary_proposals(directory: Path) -> list[Proposal]:
    """Return the names proposed for the glossary, pending and decided."""
    return proposal_queue.proposals(Path(directory))


def approve_proposal(directory: Path, proposal_id: str, entry: Entry, who: str) -> Entry:
    """Add a proposed name as `entry` (as the maintainer corrected it, with its source), linted and logged."""
    return proposal_queue.approve(Path(directory), proposal_id, entry, who)


def reject_proposal(directory: Path, proposal_id: str, who: str) -> Proposal:
    """Reject a proposed name (it is not proposed again); logged with who and when."""
    return proposal_queue.reject(Path(directory), proposal_id, who)


def propose_names(release: Release, source: Path, name: str, directory: Path) -> int:
    """Queue as glossary proposals the names of a translated release that no entry covers (foreign names with
    the English its draft uses); returns how many new names were queued."""
    from .names.suggest import proposals_of  # jieba loads only when asked

    english = "\n".join(release.english.lines) if release.english else ""
    found = proposals_of(Path(source), name, Glossary.load(Path(directory)), english)
    return proposal_queue.add(Path(directory), found)


def review_table(path: Path) -> tuple[Release, list[dict]]:
    """Return a translated release (its .json) and its review table as data: the rows of the review .docx."""
    release = load_release(Path(path))
    return release, table_rows(release)


def _loaded(config: Config | None) -> Config:
    """Return the settings a caller loaded (the CLI, with its flags), else press.toml's."""
    return config if config is not None else config_module.load()


def _memory_exists(location: str | Path | None) -> bool:
    """Return whether a --memory value names a memory to read: a database URL, or a file that exists
    (looking must not create one)."""
    from .memory.postgres import is_url

    return is_url(location) or Path(describe_location(location)).is_file()


def _memory(location: str | Path | None, config: Config | None = None) -> Memory:
    """Return the memory named by --memory, else by [paths] memory in press.toml, else the default file."""
    return Memory(location if location is not None else _loaded(config).memory)


def import_memory(tmx: Path, memory: str | Path | None = None, overwrite: bool = False, *,
                  config: Config | None = None) -> tuple[ImportReport, str]:
    """Store the zh/en units of a TMX file in the memory, in trust order; returns what changed and the memory."""
    _loaded(config).limits.check_size(Path(tmx))  # streamed, but an input like any other: [limits]
    with _memory(memory, config) as opened:
        return import_tmx(tmx, opened, overwrite), opened.location


def export_memory(tmx: Path, memory: str | Path | None = None, tags: Languages | None = None, *,
                  config: Config | None = None) -> tuple[int, str]:
    """Write every unit of the memory to a TMX 1.4b file (language tags from press.toml unless given);
    returns the unit count and the memory's location."""
    tags = tags or _loaded(config).languages
    location = memory if memory is not None else _loaded(config).memory
    refuse_overwrite(Path(tmx), {"the memory": location or default_path()})
    with _memory(memory, config) as opened:
        return export_tmx(opened, tmx, tags), opened.location


def copy_memory(source: str | Path, target: str | Path, overwrite: bool = False) -> tuple[Merge, str, str]:
    """Copy every unit of one memory into another (e.g. SQLite into PostgreSQL) in trust order."""
    if str(source) == str(target):
        raise PipelineError("a memory cannot be copied into itself", source, hint="name two different memories")
    refuse_overwrite(Path(target), {"the memory copied from": source}, hint="name two different memories")
    with Memory(source) as origin, Memory(target) as destination:
        merge = destination.merge(lambda: ((None, unit) for unit in origin.units()), overwrite)
        return merge, origin.location, destination.location


def memory_stats(memory: str | Path | None = None, *, config: Config | None = None) -> dict:
    """Return the memory's location, backend, schema version and unit counts."""
    with _memory(memory, config) as opened:
        return opened.stats()


def search_memory(text: str, memory: str | Path | None = None, limit: int = 20,
                  threshold: float = SEARCH_THRESHOLD, *, config: Config | None = None) -> list[SearchHit]:
    """Return the units whose Chinese or English contains or comes close to `text`, best first."""
    with _memory(memory, config) as opened:
        return opened.search(text, limit=limit, threshold=threshold)


def show_unit(unit_id: int, memory: str | Path | None = None, *, config: Config | None = None) -> Unit:
    """Return one memory unit by id (an unknown id is a MemoryError_)."""
    with _memory(memory, config) as opened:
        return opened.get(unit_id)


def edit_unit(unit_id: int, en: str, reviewer: str = "", memory: str | Path | None = None, *, config: Config | None = None) -> Unit:
    """Replace a unit's English as reviewed by `reviewer` (else [credits] reviewer) now; returns the unit."""
    clean.check({"--en": en, "--reviewer": reviewer})
    with _memory(memory, config) as opened:
        return opened.edit(unit_id, en, reviewer or _loaded(config).reviewer)


def delete_units(unit_ids: list[int], memory: str | Path | None = None, *, config: Config | None = None) -> list[Unit]:
    """Delete memory units by id, all or none; returns the deleted units."""
    with _memory(memory, config) as opened:
        return opened.delete(unit_ids)


def align_archive(zh: Path, en: Path, *, mapping: Path | None = None, out_dir: Path | None = None,
                  memory: str | Path | None = None, threshold: float = ALIGN_THRESHOLD,
                  glossary_dir: Path | None = None, dry_run: bool = False, config: Config | None = None) -> AlignReport:
    """Align a Chinese release and its published English (or two folders of them, paired by name or by a
    CSV `mapping`) into the memory as `aligned` units; pairs scoring below `threshold` go to an alignment
    review file and recurring names to term proposals (in `out_dir`, else beside `zh`). `dry_run` aligns
    and reports but writes nothing."""
    from .align import run as align_run  # jieba and the dictionary load only when asked

    return align_run.align_archive(Path(zh), Path(en), _loaded(config), mapping=mapping, out_dir=out_dir,
                                   memory=memory, threshold=threshold, glossary_dir=glossary_dir, dry_run=dry_run)


def is_alignment_review(path: Path, config: Config | None = None) -> bool:
    """Return whether a .docx is an alignment review file (`press ingest` reads it with ingest_alignment)."""
    from .align import review as alignment

    return alignment.is_alignment_review(Path(path), _loaded(config).limits)


def ingest_alignment(path: Path, memory: str | Path | None = None, reviewer: str = "",
                     config: Config | None = None) -> tuple[AlignmentReview, dict[str, int], str]:
    """Store the pairs a person kept (or corrected) in an alignment review file as `aligned` units, credited
    to `reviewer` (else [credits] reviewer); returns the decisions, what the memory did and its location."""
    from .align import review as alignment

    return alignment.ingest(Path(path), _loaded(config), memory, reviewer)


def count_origin(origin: str, memory: str | Path | None = None, *, config: Config | None = None) -> tuple[int, str]:
    """Return how many units of one origin the memory holds, and the memory's location."""
    with _memory(memory, config) as opened:
        return opened.stats()["by_origin"].get(origin, 0), opened.location


def delete_origin(origin: str, memory: str | Path | None = None, *, config: Config | None = None) -> tuple[int, str]:
    """Delete every unit of one origin (not reviewed: those are deleted by id); returns the count and the
    memory's location."""
    with _memory(memory, config) as opened:
        return opened.delete_origin(origin), opened.location


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
