"""Which files a batch does: folders walked, output folders chosen, collisions and up-to-date outputs found."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..context import Context
from ..formats import readers
from ..model import Release
from ..outputs import SUFFIXES, output_paths
from ..stages.sign import sign


@dataclass(frozen=True)
class Job:
    """One input file and the folder its outputs go to; `walked` when found by walking a folder."""

    source: Path
    out_dir: Path | None
    walked: bool = False


def collect(inputs: list[Path], out_dir: Path | None) -> list[Job]:
    """Return the jobs for files and folders; a folder's files keep their relative folders under OUT."""
    extensions = set(readers())
    folders = [Path(p) for p in inputs if Path(p).is_dir()]
    # two folders given together each get their own subfolder of OUT, so a/x.txt and b/x.txt never meet
    prefix = {folder: (_unique_name(folder, folders) if len(folders) > 1 else "") for folder in folders}
    files = _explicit_targets([Path(p) for p in inputs if not Path(p).is_dir()], out_dir)
    jobs: list[Job] = []
    for path in map(Path, inputs):
        if not path.is_dir():
            jobs.append(Job(path, files[path]))
            continue
        for found in sorted(path.rglob("*")):
            if (found.is_file() and found.suffix.lower() in extensions and not _hidden(found, path)
                    and not _ours(found, out_dir, path)):
                relative = found.parent.relative_to(path)
                target = None if out_dir is None else out_dir / prefix[path] / relative
                jobs.append(Job(found, target, walked=True))
    return jobs


def _explicit_targets(files: list[Path], out_dir: Path | None) -> dict[Path, Path | None]:
    """Return {file: output folder}; files sharing a name keep their folders below their common one."""
    if out_dir is None:
        return dict.fromkeys(files)
    stems: dict[str, list[Path]] = {}
    for path in files:
        stems.setdefault(path.stem, []).append(path)
    targets: dict[Path, Path | None] = {}
    for group in stems.values():
        parents = {path.resolve().parent for path in group}
        common = Path(os.path.commonpath(parents)) if len(parents) > 1 else None
        for path in group:
            targets[path] = out_dir / path.resolve().parent.relative_to(common) if common else out_dir
    return targets


def _unique_name(folder: Path, folders: list[Path]) -> str:
    same = [other for other in folders if other.resolve().name == folder.resolve().name]
    name = folder.resolve().name or "input"
    return name if len(same) == 1 else f"{name}-{same.index(folder) + 1}"


def _ours(found: Path, out_dir: Path | None, folder: Path) -> bool:
    """True for our own outputs: <stem>.review.docx/.en.docx, and anything inside OUT when OUT is a
    subfolder of the walked folder (OUT the walked folder itself or above it holds the inputs too,
    and only the names tell outputs apart)."""
    if found.name.endswith(tuple(SUFFIXES.values())):
        return True
    if out_dir is None or folder.resolve() not in out_dir.resolve().parents:
        return False
    return out_dir.resolve() in found.resolve().parents


def _hidden(found: Path, root: Path) -> bool:
    # our own temporary outputs (.press-*) and editor/OS files (.~lock, .DS_Store) are not releases
    return any(part.startswith((".", "~$")) for part in found.relative_to(root).parts)


def collisions(jobs: list[Job]) -> dict[Path, str]:
    """Return {source: reason} for inputs whose outputs would overwrite an earlier input's."""
    owners: dict[Path, Path] = {}
    clashes: dict[Path, str] = {}
    for job in jobs:
        target = output_paths(job.source, job.out_dir)["json"].resolve()
        if target in owners and owners[target] != job.source.resolve():
            clashes[job.source] = (f"{job.source}: its outputs would overwrite those of {owners[target]} "
                                   "(same name); rename one or translate them into separate -o folders")
        owners.setdefault(target, job.source.resolve())
    return clashes


def current_signature(ctx: Context) -> dict:
    """Return the signature a release translated now would carry (OpenCC mode left out: per release)."""
    signature = sign(Release(path=Path("-"), headline=""), ctx).signature
    return {key: value for key, value in signature.items() if key != "opencc"}


def up_to_date(job: Job, signature: dict) -> bool:
    """True when all outputs exist, are newer than the input and were made with `signature`."""
    paths = output_paths(job.source, job.out_dir)
    try:
        newest_input = job.source.stat().st_mtime
        if any(path.stat().st_mtime < newest_input for path in paths.values()):
            return False
        stored = json.loads(paths["json"].read_text(encoding="utf-8")).get("signature", {})
    except (OSError, ValueError):
        return False
    return all(stored.get(key) == value for key, value in signature.items())
