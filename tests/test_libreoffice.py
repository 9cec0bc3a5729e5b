"""The review and English .docx open in LibreOffice: `soffice --headless --convert-to pdf` succeeds.

Skipped when soffice or poppler is absent on a workstation; failed when $CI is set, where .ci/run
installs Debian's libreoffice-writer-nogui and poppler-utils (a silent skip there hid a missing tool).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import sample_sources

pytestmark = pytest.mark.libreoffice
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def missing(tool: str, package: str) -> None:
    """Skip the test (the module when called at import) for a missing tool; fail instead under $CI."""
    message = f"{tool} ({package}) is not installed"
    if os.environ.get("CI"):
        pytest.fail(f"{message}, and CI must run these tests: .ci/run installs it", pytrace=False)
    pytest.skip(message, allow_module_level=True)


if SOFFICE is None:
    missing("soffice", "LibreOffice")

HIGASHIOMI = next(p for p in sample_sources() if "higashiomi" in str(p))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """The Higashiomi sample translated (engine none) and both .docx converted to PDF in one soffice run."""
    from pipeline.api import translate_file
    from pipeline.config import Config
    from pipeline.model import Credits
    from pipeline.runner import build_context

    work = tmp_path_factory.mktemp("libreoffice")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PRESS_HOME", str(work / "press-home"))
        ctx = build_context(Config(engine="none", glossary=str(Path(__file__).parent.parent / "glossary")))
        result = translate_file(HIGASHIOMI, out_dir=work / "out", ctx=ctx,
                                credits=Credits("Wu Yangyue", "", "http://www.changde.gov.cn/"))
    documents = [result.outputs["review"], result.outputs["english"]]
    # a private profile: parallel soffice runs sharing ~/.config/libreoffice block each other
    profile = (work / "profile").as_uri()
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(work / "pdf"), *map(str, documents)],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    return {kind: work / "pdf" / (path.name.removesuffix(".docx") + ".pdf")
            for kind, path in zip(("review", "english"), documents)} | {"release": result.release}


@pytest.mark.parametrize("kind", ["review", "english"])
def test_converts_to_a_non_empty_pdf(pdfs, kind):
    pdf = pdfs[kind]
    assert pdf.exists()
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 5000


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        missing("pdftotext", "poppler-utils")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_review_pdf_shows_the_table_and_the_chinese(pdfs):
    text = pdf_text(pdfs["review"])
    for word in ("ID", "中文", "English", "Notes", "Status", "untranslated", "p0.s1", "p4.s1", "东近江市"):
        assert word in text


def column_text(pdf: Path, page: int, left_cm: float, width_cm: float) -> str:
    """Return the text pdftotext finds in one column band of a landscape A4 page (1 cm = 28.35 pt)."""
    pdf_text(pdf)  # skips when poppler is missing
    band = ["-x", str(int(left_cm * 28.35)), "-y", "0", "-W", str(int(width_cm * 28.35)), "-H", "595"]
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), *band, str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_review_pdf_keeps_each_row_on_one_page(pdfs):
    """Rows do not split (w:cantSplit): each segment's whole Chinese is on the page that shows its ID."""
    from pipeline.outputs.review import WIDTHS_CM

    margin, segments = 2.0, pdfs["release"].segments
    pages = len(pdf_text(pdfs["review"]).split("\f")) - 1
    seen = []
    for page in range(1, pages + 1):
        ids = column_text(pdfs["review"], page, margin, WIDTHS_CM[0]).split()
        chinese = "".join(column_text(pdfs["review"], page, margin + WIDTHS_CM[0], WIDTHS_CM[1]).split())
        for segment in segments:
            if segment.id in ids:
                seen.append(segment.id)
                assert segment.zh in chinese, (page, segment.id)
    assert seen == [segment.id for segment in segments] and pages > 1


def test_review_pdf_embeds_a_cjk_font(pdfs):
    if shutil.which("pdffonts") is None:
        missing("pdffonts", "poppler-utils")
    fonts = subprocess.run(["pdffonts", str(pdfs["review"])], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts or "Han" in fonts or "Ming" in fonts or "Song" in fonts, fonts


def test_english_pdf_has_credits(pdfs):
    text = pdf_text(pdfs["english"])
    assert "Translator: Wu Yangyue" in text
    assert "Chinese source: http://www.changde.gov.cn/" in text


def test_english_pdf_has_the_house_style_dateline(pdfs):
    lines = [line.strip() for line in pdf_text(pdfs["english"]).splitlines() if line.strip()]
    assert lines[:2] == ["[untranslated p0.s1]", "Source: Changde Government Website | Date: November 7, 2021"]


def test_review_pdf_renders_to_png(pdfs, tmp_path):
    if shutil.which("pdftoppm") is None:
        missing("pdftoppm", "poppler-utils")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdfs["review"]),
                    str(tmp_path / "page")], check=True, timeout=60)
    (page,) = tmp_path.glob("page*.png")
    assert page.stat().st_size > 10_000
