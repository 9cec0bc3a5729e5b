"""PDF releases: the text layer (pdftext.py, in a child process with capped memory), pages without
one read by OCR (ocr.py), then the page layout (pdflayout.py) into the .txt layout.

Refused in one line each: a file that is no PDF, an encrypted PDF (a password to open it), more
pages than [limits] pdf_pages, more scanned pages than [limits] ocr_pages, a file whose reading
needs more than MEMORY bytes (a compressed stream that inflates without end) or more than [limits]
convert_seconds, and a PDF without any text.
"""
from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

from ..config import MIB, Limits
from ..errors import InputError
from ..model import Meta, Release
from . import ocr_note, tools, txt
from .layout import parse_lines, trailing_meta
from .pdflayout import Line, Page, Paragraph, release_parts

EXTENSIONS = (".pdf",)
MEMORY = 512 * MIB  # address space of the child reading the text layer (it needs ~50 MB)
READER = Path(__file__).with_name("pdftext.py")


def text_layer(path: Path, limits: Limits) -> list[dict]:
    """Return the pages pdftext.py reads from the PDF (see its docstring), refusing what it refused."""
    # -I: no user site, no PYTHON* variables, and not this folder on sys.path (html.py is not `html`)
    done = tools.run([sys.executable, "-I", str(READER), str(path), str(limits.pdf_pages), str(MEMORY)],
                     limits=limits, path=path, what="reading the PDF",
                     fix="a PDF this slow to read may be built to be: ask for the release as a document")
    try:
        result = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise tools.failed(done, "the PDF reader stopped", path, "check that the PDF opens in a viewer") from None
    error = result.get("error")
    if error == "encrypted":
        raise InputError("the PDF is encrypted (it needs a password to open)", path,
                         hint="ask for a copy without a password, or open it and print it to a new PDF")
    if error == "pages":
        raise limits.exceeded("pdf_pages", result["count"], "pages in the PDF", path)
    if error == "memory":
        raise InputError(f"reading the PDF needs more than {result.get('limit', MEMORY) // MIB:,} MiB of memory "
                         "(a compressed stream that inflates without end?)", path,
                         hint="ask for the release as a document or another PDF")
    if error:
        raise InputError(f"cannot read the PDF ({result.get('detail', error)})", path,
                         hint="check that it opens in a viewer; else ask for the release as a document")
    return result["pages"]


def _pages(found: list[dict], path: Path, limits: Limits) -> tuple[list[Page], str]:
    """Return the pages as Page objects, scanned pages read by OCR, and the OCR engine's name ("" if none)."""
    scans = [(page["number"], page["width"], page["height"]) for page in found if page["scan"]]
    if len(scans) > limits.ocr_pages:
        raise limits.exceeded("ocr_pages", len(scans), "pages without a text layer (each read by OCR)", path)
    read: dict[int, list[Line]] = {}
    engine = ""
    if scans:
        from . import ocr  # the OCR programs are looked for only when a page needs them

        read, engine = ocr.read_pages(path, scans, limits)
    pages = []
    for page in found:
        lines = read.get(page["number"]) or [Line(text, x0, x1, top, bottom, size, page["number"])
                                             for text, x0, x1, top, bottom, size, _bold in page["lines"]]
        pages.append(Page(page["number"], page["width"], page["height"], tuple(lines)))
    return pages, engine


def _numbered(body: tuple[str, ...], parts: list[Paragraph]) -> list[tuple[int, Paragraph]]:
    """Return (paragraph number in the release, part) for the parts that became body paragraphs."""
    numbered, start = [], 0
    for number, text in enumerate(body, start=1):
        for index in range(start, len(parts)):
            if parts[index].text.strip() == text:
                numbered.append((number, parts[index]))
                start = index + 1
                break
    return numbered


def read(path: Path, limits: Limits | None = None) -> Release:
    """Return the Release in a PDF: headline, metadata and paragraphs from its text layer or OCR."""
    limits = limits or Limits()
    if b"%PDF-" not in txt.read_bytes(path)[:1024]:  # a missing, unreadable or empty file: one error line
        raise InputError("this is not a PDF file", path, hint="pass the release itself (.pdf, .docx, .txt …)")
    pages, engine = _pages(text_layer(path, limits), path, limits)
    headline, parts = release_parts(pages)
    if headline is None:
        raise InputError("the PDF has no text", path, hint="pass a PDF of the release, or the release as a document")
    layout = parse_lines([headline.text, ""] + [line for part in parts for line in (part.text, "")])
    if layout is None or not layout.paragraphs:
        raise InputError("the PDF has a headline but no body text", path,
                         hint="pass the whole release, or the release as a document")
    body, closing = trailing_meta(layout.paragraphs)
    found = layout.meta.as_dict()
    meta = Meta(**{key: found[key] or closing.get(key, "") for key in found})
    release = Release(path=path, headline=layout.headline, meta=meta, paragraphs=body, first_line=1)
    if not engine:
        return release
    read_by_ocr = [0] * headline.ocr + [number for number, part in _numbered(body, parts) if part.ocr]
    return replace(release, signature={"ocr": ocr_note(engine, read_by_ocr)})
