"""Makers of hostile and careless PDFs and office files for tests/test_hostile.py (written at test time).

PDFs are written object by object (`pdf_bytes`) where the point is their structure (a stream that
inflates to gigabytes, thousands of pages, a page 5 metres wide), and through pypdf/img2pdf where it
is their encryption or their images.
"""
from __future__ import annotations

import io
import zlib
from pathlib import Path

from conftest import REPO

TEXT_PDF = REPO / "tests" / "data" / "formats" / "changde-trade-fair-2021" / "source.zh.pdf"
TEXT_DOC = TEXT_PDF.with_suffix(".doc")


def pdf_bytes(objects: list[bytes]) -> bytes:
    """Return a PDF of `objects` (object 1 the catalogue), numbered in order, with a correct xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start))
    return out.getvalue()


def _stream(data: bytes, flate: bool = False) -> bytes:
    extra = b" /Filter /FlateDecode" if flate else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pages_pdf(count: int, content: bytes = b"", size: tuple[int, int] = (595, 842)) -> bytes:
    """Return a PDF of `count` pages all drawing the one content stream `content` (Helvetica as F1)."""
    kids = b" ".join(b"%d 0 R" % (5 + index) for index in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               _stream(content)]
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents 4 0 R >>" % size)
    return pdf_bytes(objects + [page] * count)


def text_page(lines: int = 40) -> bytes:
    """Return a content stream of `lines` lines of Latin text (a page pdfplumber must measure glyph by glyph)."""
    rows = b"".join(b"BT /F1 11 Tf 60 %d Td (Sister cities exchange delegations every year, line %d.) Tj ET\n"
                    % (800 - 18 * row, row) for row in range(lines))
    return rows


def flate_bomb(inflated: int) -> bytes:
    """Return a one-page PDF whose content stream is 2 MB of Flate that inflates to `inflated` bytes of
    zeros (valid, checksum included: after the first MiB every MiB of zeros compresses to the same bytes)."""
    chunk = b"\0" * (1 << 20)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    first, repeated = (squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH) for _ in range(2))
    count = inflated // len(chunk)
    adler = ((count * len(chunk)) % 65521) << 16 | 1  # Adler-32 of zeros: a = 1, b = length
    data = b"\x78\x9c" + first + repeated * (count - 1) + squeeze.flush() + adler.to_bytes(4, "big")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", _stream(data, flate=True)]
    return pdf_bytes(objects)


def encrypted(path: Path, user_password: str) -> Path:
    """Write the corpus's text PDF encrypted (AES-128) with `user_password` ("" = opens without one)."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(TEXT_PDF))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def scanned(path: Path, pages: int = 1, size_mm: tuple[float, float] | None = None) -> Path:
    """Write an image-only PDF of blank grey pages (img2pdf), A4 or `size_mm` large."""
    import img2pdf
    from PIL import Image

    image = io.BytesIO()
    Image.new("L", (200, 280), 230).save(image, format="PNG")
    size = (img2pdf.mm_to_pt(size_mm[0]), img2pdf.mm_to_pt(size_mm[1])) if size_mm else img2pdf.default_layout_fun
    layout = img2pdf.get_layout_fun(size) if size_mm else size
    path.write_bytes(img2pdf.convert([image.getvalue()] * pages, layout_fun=layout))
    return path


def program(folder: Path, name: str, body: str) -> Path:
    """Write an executable shell script `name` into `folder` (a stand-in for soffice or tesseract)."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return script


def article_page(headline: str, body: str) -> str:
    """Return a city-site article page, as government sites serve it under a .doc name ("Word download")."""
    return (f"<html><head><meta charset='utf-8'><title>{headline}_常德市人民政府</title></head><body>"
            f"<h1>{headline}</h1><div class='info'><span>来源：常德政府网</span></div>"
            f"<div id='zoom'><p>{body}</p></div></body></html>")
