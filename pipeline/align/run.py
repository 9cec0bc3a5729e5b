"""`press memory align`: pair the releases, align each pair, then write the alignment review file and the
term proposals and store the accepted pairs in the memory — all or nothing (the files are renamed into
place only once the memory took the units)."""
from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from .. import dictionary
from ..config import Config
from ..context import Context
from ..errors import InputError, PipelineError
from ..files import atomic_path
from ..glossary import Glossary
from ..memory import Memory
from ..memory.store import describe_location
from ..names.suggest import as_tsv
from . import review
from .aligner import Model
from .anchors import Lexicon
from .archive import DEFAULT_THRESHOLD, AlignedRelease, align_release
from .pairing import Pairing, pair_by_map, pair_by_name
from .terms import Proposal, propose

TERMS_SUFFIX = ".terms.tsv"


@dataclass
class AlignReport:
    """What one `press memory align` did: per pair its alignment or its error, and what was written."""

    threshold: float
    aligned: list[AlignedRelease] = field(default_factory=list)
    failed: list[tuple[Path, Path, PipelineError]] = field(default_factory=list)
    lonely_zh: tuple[Path, ...] = ()
    lonely_en: tuple[Path, ...] = ()
    proposals: list[Proposal] = field(default_factory=list)
    stored: dict[str, int] = field(default_factory=dict)
    review_path: Path | None = None
    terms_path: Path | None = None
    memory: str = ""
    seconds: float = 0.0

    @property
    def accepted(self) -> int:
        return sum(1 for release in self.aligned for pair in release.pairs if pair.accepted(self.threshold))

    @property
    def doubtful(self) -> int:
        return len(review.doubtful(self.aligned, self.threshold))


def align_archive(zh: Path, en: Path, config: Config, *, mapping: Path | None = None, out_dir: Path | None = None,
                  memory: str | Path | None = None, threshold: float = DEFAULT_THRESHOLD,
                  glossary_dir: Path | None = None, dry_run: bool = False) -> AlignReport:
    """Align one pair of releases or two folders of them (api.align_archive); `dry_run` writes nothing."""
    if not 0 < threshold <= 1:
        raise PipelineError(f"the threshold {threshold} is not a score", hint="give a score above 0 and at most 1, "
                            f"e.g. --threshold {DEFAULT_THRESHOLD}")
    found = pairing(zh, en, Path(mapping) if mapping is not None else None)
    ctx = Context(config, Glossary.load(Path(glossary_dir) if glossary_dir else config.glossary_dir()))
    dictionary.use(config.dictionary)
    report, lexicon = AlignReport(threshold), Lexicon(dictionary.load())
    align_pairs(found, ctx, lexicon, report, one=not zh.is_dir())
    paths, title = output_paths(zh, out_dir), zh.name
    location = memory if memory is not None else config.memory
    if dry_run:
        commit(report, None, paths, title, lexicon)
        report.memory = describe_location(location)
        return report
    with Memory(location) as opened:
        commit(report, opened, paths, title, lexicon)
    return report


def pairing(zh: Path, en: Path, mapping: Path | None = None) -> Pairing:
    """Return the release pairs to align: the two files, or the files of two folders paired by name or map."""
    zh, en = Path(zh), Path(en)
    for path in (zh, en):
        if not path.exists():
            raise InputError("no such file or folder", path, hint="check the path")
    if zh.is_dir() != en.is_dir():
        raise InputError("give two files (a release and its English) or two folders", en if zh.is_dir() else zh,
                         hint="press memory align ZH EN, or press memory align ZH_DIR EN_DIR")
    if not zh.is_dir():
        if mapping is not None:
            raise InputError("--map pairs the files of two folders", mapping, hint="give ZH_DIR and EN_DIR")
        if zh.resolve() == en.resolve():
            raise InputError("the Chinese and the English are the same file", zh, hint="give the English release")
        return Pairing(((zh, en),))
    return pair_by_map(zh, en, mapping) if mapping is not None else pair_by_name(zh, en)


def output_paths(zh: Path, out_dir: Path | None) -> tuple[Path, Path]:
    """Return where the alignment review file and the term proposals go: named after the Chinese file (or
    folder), in `out_dir`, else beside it."""
    zh = Path(zh)
    stem = zh.name if zh.is_dir() else zh.name[:-len(zh.suffix)] if zh.suffix else zh.name
    folder = Path(out_dir) if out_dir is not None else zh.parent
    return folder / f"{stem}{review.SUFFIX}", folder / f"{stem}{TERMS_SUFFIX}"


def align_pairs(found: Pairing, ctx: Context, lexicon: Lexicon, report: AlignReport, model: Model | None = None,
                one: bool = False) -> None:
    """Align every pair into `report`; a pair that fails is recorded (raised when it is the `one` pair)."""
    started = time.perf_counter()
    for zh, en in found.pairs:
        try:
            report.aligned.append(align_release(zh, en, ctx, lexicon, model))
        except PipelineError as error:
            if one:
                raise
            report.failed.append((zh, en, error))
    report.lonely_zh, report.lonely_en = found.lonely_zh, found.lonely_en
    report.seconds = time.perf_counter() - started


def commit(report: AlignReport, memory: Memory | None, paths: tuple[Path, Path], title: str,
           lexicon: Lexicon) -> None:
    """Write the review file (when a pair is doubtful) and the proposals (when there are any) to temporary
    files, store the accepted pairs, then rename the files into place; `memory` None writes nothing."""
    report.proposals = propose(report.aligned, report.threshold, lexicon)
    if memory is None:
        return
    review_path, terms_path = paths
    with ExitStack() as stack:
        if report.doubtful:
            review.write(report.aligned, report.threshold, title, stack.enter_context(atomic_path(review_path)))
            report.review_path = review_path
        if report.proposals:
            stack.enter_context(atomic_path(terms_path)).write_text(as_tsv(report.proposals), encoding="utf-8")
            report.terms_path = terms_path
        units = [unit for release in report.aligned for unit in release.units(report.threshold)]
        report.stored = memory.store_many(units)
        report.memory = memory.location
