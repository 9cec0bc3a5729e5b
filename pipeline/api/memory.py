"""The translation-memory commands of the API: import, export, copy, search, edit, delete, align."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import clean
from ..align.archive import DEFAULT_THRESHOLD as ALIGN_THRESHOLD
from ..config import Config
from ..errors import PipelineError
from ..files import refuse_overwrite
from ..languages import Languages
from ..memory import Memory, Merge, SearchHit, Unit
from ..memory.store import SEARCH_THRESHOLD, default_path, describe_location
from ..memory.tmx import ImportReport, export_tmx, import_tmx
from .common import loaded as _loaded

if TYPE_CHECKING:  # the aligner's modules load jieba and the dictionary: imported when a command needs them
    from ..align.review import AlignmentReview
    from ..align.run import AlignReport



def memory_exists(location: str | Path | None) -> bool:
    """Return whether a --memory value names a memory to read: a database URL, or a file that exists
    (looking must not create one)."""
    from ..memory.postgres import is_url

    return is_url(location) or Path(describe_location(location)).is_file()


def open_memory(location: str | Path | None, config: Config | None = None) -> Memory:
    """Return the memory named by --memory, else by [paths] memory in press.toml, else the default file."""
    return Memory(location if location is not None else _loaded(config).memory)


def import_memory(tmx: Path, memory: str | Path | None = None, overwrite: bool = False, *,
                  config: Config | None = None) -> tuple[ImportReport, str]:
    """Store the zh/en units of a TMX file in the memory, in trust order; returns what changed and the memory."""
    limits = _loaded(config).limits
    limits.check_size(Path(tmx))  # streamed, but an input like any other: [limits]
    with open_memory(memory, config) as opened:
        return import_tmx(tmx, opened, overwrite, limits), opened.location


def export_memory(tmx: Path, memory: str | Path | None = None, tags: Languages | None = None, *,
                  config: Config | None = None) -> tuple[int, str]:
    """Write every unit of the memory to a TMX 1.4b file (language tags from press.toml unless given);
    returns the unit count and the memory's location."""
    tags = tags or _loaded(config).languages
    location = memory if memory is not None else _loaded(config).memory
    refuse_overwrite(Path(tmx), {"the memory": location or default_path()})
    with open_memory(memory, config) as opened:
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
    with open_memory(memory, config) as opened:
        return opened.stats()


def search_memory(text: str, memory: str | Path | None = None, limit: int = 20,
                  threshold: float = SEARCH_THRESHOLD, *, config: Config | None = None) -> list[SearchHit]:
    """Return the units whose Chinese or English contains or comes close to `text`, best first."""
    with open_memory(memory, config) as opened:
        return opened.search(text, limit=limit, threshold=threshold)


def show_unit(unit_id: int, memory: str | Path | None = None, *, config: Config | None = None) -> Unit:
    """Return one memory unit by id (an unknown id is a MemoryError_)."""
    with open_memory(memory, config) as opened:
        return opened.get(unit_id)


def edit_unit(unit_id: int, en: str, reviewer: str = "", memory: str | Path | None = None, *, config: Config | None = None) -> Unit:
    """Replace a unit's English as reviewed by `reviewer` (else [credits] reviewer) now; returns the unit."""
    clean.check({"--en": en, "--reviewer": reviewer})
    with open_memory(memory, config) as opened:
        return opened.edit(unit_id, en, reviewer or _loaded(config).reviewer)


def delete_units(unit_ids: list[int], memory: str | Path | None = None, *, config: Config | None = None) -> list[Unit]:
    """Delete memory units by id, all or none; returns the deleted units."""
    with open_memory(memory, config) as opened:
        return opened.delete(unit_ids)


def align_archive(zh: Path, en: Path, *, mapping: Path | None = None, out_dir: Path | None = None,
                  memory: str | Path | None = None, threshold: float = ALIGN_THRESHOLD,
                  glossary_dir: Path | None = None, dry_run: bool = False, config: Config | None = None) -> AlignReport:
    """Align a Chinese release and its published English (or two folders of them, paired by name or by a
    CSV `mapping`) into the memory as `aligned` units; pairs scoring below `threshold` go to an alignment
    review file and recurring names to term proposals (in `out_dir`, else beside `zh`). `dry_run` aligns
    and reports but writes nothing."""
    from ..align import run as align_run  # jieba and the dictionary load only when asked

    return align_run.align_archive(Path(zh), Path(en), _loaded(config), mapping=mapping, out_dir=out_dir,
                                   memory=memory, threshold=threshold, glossary_dir=glossary_dir, dry_run=dry_run)


def is_alignment_review(path: Path, config: Config | None = None) -> bool:
    """Return whether a .docx is an alignment review file (`press ingest` reads it with ingest_alignment)."""
    from ..align import review as alignment

    return alignment.is_alignment_review(Path(path), _loaded(config).limits)


def ingest_alignment(path: Path, memory: str | Path | None = None, reviewer: str = "",
                     config: Config | None = None) -> tuple[AlignmentReview, dict[str, int], str]:
    """Store the pairs a person kept (or corrected) in an alignment review file as `aligned` units, credited
    to `reviewer` (else [credits] reviewer); returns the decisions, what the memory did and its location."""
    from ..align import review as alignment

    return alignment.ingest(Path(path), _loaded(config), memory, reviewer)


def count_origin(origin: str, memory: str | Path | None = None, *, config: Config | None = None) -> tuple[int, str]:
    """Return how many units of one origin the memory holds, and the memory's location."""
    with open_memory(memory, config) as opened:
        return opened.stats()["by_origin"].get(origin, 0), opened.location


def delete_origin(origin: str, memory: str | Path | None = None, *, config: Config | None = None) -> tuple[int, str]:
    """Delete every unit of one origin (not reviewed: those are deleted by id); returns the count and the
    memory's location."""
    with open_memory(memory, config) as opened:
        return opened.delete_origin(origin), opened.location
