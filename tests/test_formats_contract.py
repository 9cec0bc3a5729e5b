"""The readers' contract: the same release as .txt, .docx and .html gives the same segments and meta.

Each sample exists in these formats (made by tools/make_sample_inputs.py from the sample's .txt); the
formats read through a conversion or a layout (office documents, PDF, WeChat pages, pasted text) pass
the same contract in tests/test_formats_corpus.py, which also checks that every extension a reader
declares is covered by one of the two.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.formats import read_release, readers
from pipeline.model import Release
from pipeline.runner import run

from conftest import SAMPLES

SAMPLE_DIRS = sorted(path for path in SAMPLES.iterdir() if (path / "source.zh.txt").is_file())
# the readers whose samples are in samples/ (made by tools/make_sample_inputs.py); .doc, .wps, .rtf, .odt,
# .docm and .pdf are held to the same contract by tests/test_formats_corpus.py, on the samples and more
SAMPLED = (".docx", ".html")
EXTENSIONS = sorted(set(SAMPLED) & set(readers()))
CASES = [pytest.param(sample, extension, id=f"{sample.name}{extension}")
         for sample in SAMPLE_DIRS for extension in EXTENSIONS]


def segmented(path: Path, ctx) -> Release:
    return run(read_release(path), ctx, stop_after="segment")


def test_every_reader_has_every_sample():
    modules = {module.__name__ for module in readers().values()}
    assert {"pipeline.formats.txt", "pipeline.formats.docx", "pipeline.formats.html"} <= modules
    missing = [str(sample / f"source.zh{extension}") for sample in SAMPLE_DIRS
               for extension in EXTENSIONS if not (sample / f"source.zh{extension}").is_file()]
    assert not missing, "run tools/make_sample_inputs.py"


@pytest.mark.parametrize("sample, extension", CASES)
def test_same_segments_as_txt(sample, extension, spine_context):
    expected = segmented(sample / "source.zh.txt", spine_context)
    got = segmented(sample / f"source.zh{extension}", spine_context)
    assert [(s.id, s.zh) for s in got.segments] == [(s.id, s.zh) for s in expected.segments]
    assert got.headline == expected.headline


@pytest.mark.parametrize("sample, extension", CASES)
def test_same_meta_as_txt(sample, extension):
    expected = read_release(sample / "source.zh.txt").meta
    got = read_release(sample / f"source.zh{extension}").meta
    # a saved page knows its own address (canonical link) where the .txt has none
    assert replace(got, url="") == replace(expected, url="")
    if expected.url:
        assert got.url == expected.url


@pytest.mark.parametrize("sample, extension", CASES)
def test_reader_returns_a_release_of_its_file(sample, extension):
    path = sample / f"source.zh{extension}"
    release = read_release(path)
    assert isinstance(release, Release)
    assert release.path == path
    assert release.headline and release.paragraphs
    assert all(paragraph == paragraph.strip() and paragraph for paragraph in release.paragraphs)
