"""The glossary commands of the API: lint, search, edit, import and export, suggestions and proposals."""
from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from .. import config as config_module
from ..config import Config
from ..errors import GlossaryError
from ..files import refuse_overwrite, write_atomic
from ..glossary import Entry, Glossary, revise
from ..glossary import edit as glossary_edit
from ..glossary import proposals as proposal_queue
from ..glossary.catalogue import Found, catalogue
from ..glossary.lint import lint, short_forms
from ..glossary.proposals import Proposal
from ..languages import Languages
from ..model import Release, TermHit
from ..ooxml.package import check_workbook
from ..stages.terms import find_all

if TYPE_CHECKING:  # the aligner's modules load jieba and the dictionary: imported when a command needs them
    pass

from .common import loaded as _loaded
from .memory import memory_exists, open_memory


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
        from ..names.suggest import release_text  # the readers and OpenCC load only for files

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
    return glossary_edit.import_file(Path(directory), Path(path), target, keep_status, limits)


def suggest_names(paths: list[Path], directory: Path, english: list[Path] | None = None,
                  memory: str | Path | None = None) -> tuple[str, int]:
    """Return the names in release files that no glossary entry covers, as proposed TSV rows, and how
    many; `english` (one reviewed translation per release, same order) and the translation memory's
    reviewed units (`memory`, else press.toml's when its file exists) give the English names are written with."""
    from ..names.suggest import as_tsv, suggest_files  # jieba loads only when asked

    for path in [*paths, *(english or [])]:
        if not Path(path).is_file():
            raise GlossaryError("file not found", path, None, "give UTF-8 text files of releases")
    if english and len(english) != len(paths):
        raise GlossaryError(f"{len(english)} English file(s) for {len(paths)} release(s)", english[0], None,
                            "give one --english text per release, in the same order")
    location = memory if memory is not None else config_module.load().memory
    with (open_memory(location) if memory_exists(location) else nullcontext()) as store:
        suggestions = suggest_files([Path(p) for p in paths], Glossary.load(Path(directory)),
                                    [Path(p) for p in english] if english else None, store)
    return as_tsv(suggestions), len(suggestions)


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
    from ..names.suggest import proposals_of  # jieba loads only when asked

    english = "\n".join(release.english.lines) if release.english else ""
    found = proposals_of(Path(source), name, Glossary.load(Path(directory)), english)
    return proposal_queue.add(Path(directory), found)
