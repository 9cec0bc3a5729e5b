"""The text layer of a PDF, read by pdfplumber (the only pdfplumber import) in a child process.

    python -I pipeline/formats/pdftext.py FILE MAX_PAGES MEMORY_BYTES

pdf.py runs this module as a program: its address space is capped (a stream that inflates without
end hits MemoryError here, not in press) and pdf.py kills it at [limits] convert_seconds. It prints
one JSON object: {"pages": [{"number", "width", "height", "lines", "blank", "scan"}]} where each line
is [text, x0, x1, top, bottom, size, bold] in reading order within its page, or {"error": kind, …}
for an encrypted file, too many pages, a file pdfplumber cannot open, or memory running out.
pdfplumber was measured against pypdf on the corpus (docs/formats.md): pypdf's text puts the
full-width quotes and dashes LibreOffice draws in a second font out of place and gives no glyph
positions; pdfplumber gives every glyph with its box and size.
"""
from __future__ import annotations

import json
import re
import resource
import sys

CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2014\u2026\u201c\u201d\u2018\u2019]")
BOLD = re.compile(r"bold|heavy|black|semibold|demi|粗|黑", re.IGNORECASE)
MIN_TEXT = 5  # a page with fewer non-space glyphs has no text layer to speak of
SCAN_SHAPES = 200  # ... and one drawn with this many curves or lines is text as outlines: OCR it


def _space(previous: dict, char: dict) -> str:
    """Return " " when the gap before `char` is a word space: wide anywhere, narrower between Latin
    letters or digits (LibreOffice's CJK–Latin spacing and justification stretch gaps ~0.2 em)."""
    gap, size = char["x0"] - previous["x1"], max(char["size"], 1.0)
    if char["text"].isspace() or previous["text"].isspace():
        return ""
    if gap > 0.6 * size:
        return " "
    latin = not CJK.match(previous["text"]) and not CJK.match(char["text"])
    return " " if latin and gap > 0.2 * size else ""


def lines_of(chars: list[dict]) -> list[list]:
    """Return the glyphs grouped into lines (top to bottom, each left to right) as
    [text, x0, x1, top, bottom, size, bold]."""
    rows: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2):
        middle = (char["top"] + char["bottom"]) / 2
        if rows:
            row = rows[-1]
            centre = sum((c["top"] + c["bottom"]) / 2 for c in row[-3:]) / len(row[-3:])
            if abs(middle - centre) < 0.45 * max(char["size"], row[-1]["size"]):
                row.append(char)
                continue
        rows.append([char])
    found = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        text, previous = [], None
        for char in row:
            text.append((_space(previous, char) if previous else "") + char["text"])
            previous = char
        visible = [c for c in row if not c["text"].isspace()] or row
        sizes = sorted(round(c["size"], 1) for c in visible)
        found.append(["".join(text), round(visible[0]["x0"], 2), round(visible[-1]["x1"], 2),
                      round(min(c["top"] for c in visible), 2), round(max(c["bottom"] for c in visible), 2),
                      sizes[len(sizes) // 2], sum(bool(BOLD.search(c.get("fontname", ""))) for c in visible)
                      > len(visible) / 2])
    return found


def page_record(page, number: int) -> dict:
    """Return one page: its size, its lines, and whether it is blank or a scan to OCR."""
    chars = [char for char in page.dedupe_chars(tolerance=1).chars
             if char.get("upright", True) and char["text"] and char["size"] > 0
             and -1 <= char["x0"] < page.width + 1 and -1 <= char["top"] < page.height + 1]
    text = sum(1 for char in chars if not char["text"].isspace())
    shapes = len(page.objects.get("curve", [])) + len(page.objects.get("line", []))
    pictures = len(page.objects.get("image", []))
    scan = text < MIN_TEXT and (pictures > 0 or shapes >= SCAN_SHAPES)
    return {"number": number, "width": float(page.width), "height": float(page.height),
            "lines": [] if scan else lines_of(chars), "blank": text == 0 and not scan, "scan": scan}


def page_count(pdf) -> int:
    """Return the page count the document's catalogue declares (no page is parsed to learn it)."""
    from pdfminer.pdftypes import resolve1

    try:
        return int(resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"]))
    except (KeyError, TypeError, ValueError):  # a damaged catalogue: count the pages themselves
        return len(pdf.pages)


def extract(path: str, max_pages: int) -> dict:
    """Return the JSON-ready text layer of the PDF at `path`, or {"error": "pages", "count": …}."""
    import pdfplumber

    pdf = pdfplumber.open(path)
    count = page_count(pdf)
    if count > max_pages:
        return {"error": "pages", "count": count}  # not pdf.close(): it would parse every page first
    pages = []
    for number, page in enumerate(pdf.pages, start=1):
        pages.append(page_record(page, number))
        page.close()  # drop the page's parsed objects: a long PDF is read in constant memory
    pdf.close()
    return {"pages": pages}


def refusal(error: BaseException, memory: int) -> dict:
    """Return the JSON for a PDF that could not be read: encrypted, out of memory, or unreadable."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    # pdfplumber wraps what pdfminer raises in PdfminerException(original)
    while error.args and isinstance(error.args[0], BaseException):
        error = error.args[0]
    if isinstance(error, (PDFPasswordIncorrect, PDFEncryptionError)):
        return {"error": "encrypted"}
    if isinstance(error, MemoryError):
        return {"error": "memory", "limit": memory}
    if isinstance(error, RecursionError):
        return {"error": "unreadable", "detail": "objects nested too deeply"}
    return {"error": "unreadable", "detail": f"{type(error).__name__}: {error}"[:200]}


def main(argv: list[str]) -> int:
    """Program entry: cap memory, read the PDF, print its JSON; exit 0 even for a refused file."""
    path, max_pages, memory = argv[0], int(argv[1]), int(argv[2])
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    memory = memory if hard == resource.RLIM_INFINITY else min(memory, hard)  # a cap press runs under stays
    resource.setrlimit(resource.RLIMIT_AS, (memory, hard))
    sys.setrecursionlimit(5000)
    try:
        result = extract(path, max_pages)
    except Exception as error:  # any parser failure on a damaged or hostile file is one error line
        result = refusal(error, memory)
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
