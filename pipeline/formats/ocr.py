"""OCR of PDF pages without a text layer: `pdftoppm` renders each page, the `tesseract` program reads
it (Simplified Chinese, `chi_sim`), and its word boxes become lines for pdflayout.py.

Tesseract writes Chinese with half-width punctuation and spaces between some characters; the
lines are put back in the release's typography: spaces only between Latin words or where the gap is
an ideographic space wide (between 来源：… and 日期：…), and , ; : ( ) ! ? next to Chinese
characters made full-width. What it misreads stays misread: every segment from an OCR'd page gets
a QA finding (check read_by_ocr) asking for a look at the original.
"""
from __future__ import annotations

import csv
import io
import math
import re
import shutil
import tempfile
from pathlib import Path

from ..config import Limits
from ..errors import InputError, MissingDependency
from . import tools
from .layout import META_KEYS
from .pdflayout import Line

LANGUAGE, TRADITIONAL = "chi_sim", "chi_tra"
# under this mean word confidence the first page is read as Traditional Chinese too (measured on the
# corpus: Simplified pages 89.8-90.7 as chi_sim; the Big5 sample 84.0 as chi_sim, 90.0 as chi_tra)
RETRY_CONFIDENCE = 87.0
DPI = 300  # what office scanners are set to; Tesseract reads 10.5-pt Chinese reliably from here
MAX_PIXELS = 60_000_000  # a page rendered larger than this is rendered at a lower resolution
MIN_DPI = 100  # ... and a page so large that this is not reachable is refused
# one thread: pages are read one after another, and batch workers already use every core
ONE_THREAD = {"OMP_THREAD_LIMIT": "1"}
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra (Debian/Ubuntu)"
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
FULL_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})
# a half-width mark beside a Chinese character (not inside 16:30, 4,300 or (City of Ipswich))
_MARK = re.compile(r"(?<=[\u3400-\u9fff\u3001-\u3011\uff01-\uff5e“”])\s*([,;:!?()])|([,;:!?()])\s*(?=[\u3400-\u9fff“”])")


def engine() -> tuple[str, set[str]]:
    """Return (tesseract's path, its languages), refusing a missing program or Simplified Chinese."""
    program = tools.find(("tesseract",), "Tesseract OCR (for PDF pages without a text layer)", INSTALL)
    done = tools.run([program, "--list-langs"], limits=Limits(), path=Path(program), what="tesseract")
    languages = set(done.stdout.decode("utf-8", "replace").split())
    if LANGUAGE not in languages:
        raise MissingDependency(f"Tesseract has no {LANGUAGE} (Simplified Chinese) language data", None,
                                hint="apt-get install tesseract-ocr-chi-sim (Debian/Ubuntu)")
    return program, languages


def resolution(width: float, height: float, page: int, path: Path) -> int:
    """Return the dpi to render a page of `width` x `height` points at, within MAX_PIXELS."""
    square_inches = (width / 72) * (height / 72)
    dpi = min(DPI, int(math.sqrt(MAX_PIXELS / max(square_inches, 1e-6))))
    if dpi < MIN_DPI:
        raise InputError(f"page {page} is {width / 72 * 2.54:,.0f} × {height / 72 * 2.54:,.0f} cm, too large to "
                         "read by OCR", path, hint="ask for the release as a document or a PDF with a text layer")
    return dpi


def _quotes(text: str) -> str:
    """Return the text with straight double quotes beside Chinese made “ or ”, opening and closing in turn."""
    pieces, open_quotes = [], 0
    for index, char in enumerate(text):
        beside = HAN.match(text[index - 1:index] or " ") or HAN.match(text[index + 1:index + 2] or " ")
        if char == '"' and beside:
            char = "”" if open_quotes > 0 else "“"
        open_quotes += {"“": 1, "”": -1}.get(char, 0)
        pieces.append(char)
    return "".join(pieces)


def _metadata(text: str) -> str:
    """Return a metadata line (来源：… 日期：…) with its keys whole and set apart by a space: Tesseract
    reads the ideographic space between fields as a quote mark or nothing, and splits 来 源."""
    keys = "|".join(r"\s*".join(key) for key in sorted(META_KEYS, key=len, reverse=True))
    pattern = re.compile(rf"[\s“”\"'‘’]*({keys})\s*[:：]\s*")
    if not pattern.match(text):
        return text
    return pattern.sub(lambda found: " " + "".join(found.group(1).split()) + "：", text).strip()


def tidy(text: str) -> str:
    """Return OCR'd Chinese with full-width punctuation beside Chinese characters, as it was printed."""
    text = _MARK.sub(lambda found: (found.group(1) or found.group(2)).translate(FULL_WIDTH), text)
    text = re.sub(r"(?<=[\u3400-\u9fff])\.(?=[\u3400-\u9fff])", "·", text)  # 常德·富川: no full stop there
    text = re.sub(r"(?<=[\u3400-\u9fff])\s*[oO](?=\s*$|[\u3400-\u9fff“])", "。", text)  # 。 read as a letter o
    text = re.sub(r"(?<=\d)一(?=\d)", "—", text)  # 2023—2025: 一 is never a dash between figures
    if "〈" in text and "〉" not in text:  # （ read as an angle bracket
        text = text.replace("〈", "（")
    return _metadata(_quotes(text))


def _joined(words: list[dict]) -> str:
    """Return the words of one line as text: a space only between Latin words (Tesseract's boxes of
    Chinese characters are too loose to tell an ideographic space from a wide character)."""
    text, previous = "", None
    for word in words:
        if previous is not None:
            gap, height = word["left"] - (previous["left"] + previous["width"]), max(word["height"], 1)
            latin = not HAN.search(previous["text"][-1]) and not HAN.search(word["text"][0])
            text += " " if latin and gap > 0.25 * height else ""
        text += word["text"]
        previous = word
    return tidy(text)


def _rows(lines: list[list[dict]]) -> list[list[dict]]:
    """Return Tesseract's lines with those on one baseline merged: it cuts a printed line in two
    where a gap looks like a column break."""
    def span(words: list[dict]) -> tuple[int, int]:
        return min(w["top"] for w in words), max(w["top"] + w["height"] for w in words)

    merged: list[list[dict]] = []
    for words in sorted(lines, key=lambda words: span(words)[0]):
        if merged:
            (top, bottom), (new_top, new_bottom) = span(merged[-1]), span(words)
            overlap = min(bottom, new_bottom) - max(top, new_top)
            if overlap > 0.5 * min(bottom - top, new_bottom - new_top):
                merged[-1] = merged[-1] + words
                continue
        merged.append(words)
    return merged


def _size(words: list[dict], box: int) -> float:
    """Return the type size of a line in pixels: the ink of Chinese characters is ~0.9 em tall.
    Tesseract boxes many a third too tall (beside 《》 and quotes) and 一 is flat, so the height taken
    is a low one (30th percentile) of its Chinese words' not flat; a line without Chinese: its box."""
    heights = sorted(word["height"] for word in words if HAN.search(word["text"]))
    heights = [height for height in heights if height >= 0.6 * heights[len(heights) // 2]]
    return heights[int(0.3 * len(heights))] / 0.9 if heights else box / 0.9


def lines_of(tsv: str, page: int, dpi: int) -> list[Line]:
    """Return the lines of Tesseract's TSV output for one page, in points."""
    rows = [row for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
            if row.get("level") == "5" and (row.get("text") or "").strip()]
    grouped: dict[tuple, list[dict]] = {}
    for row in rows:
        word = {key: int(row[key]) for key in ("left", "top", "width", "height")} | {"text": row["text"].strip()}
        grouped.setdefault((int(row["block_num"]), int(row["par_num"]), int(row["line_num"])), []).append(word)
    scale = 72 / dpi
    found = []
    for words in _rows(list(grouped.values())):
        words.sort(key=lambda word: word["left"])
        top, bottom = min(w["top"] for w in words), max(w["top"] + w["height"] for w in words)
        found.append(Line(_joined(words), words[0]["left"] * scale, max(w["left"] + w["width"] for w in words) * scale,
                          top * scale, bottom * scale, _size(words, bottom - top) * scale, page, ocr=True))
    found.sort(key=lambda line: (line.top, line.x0))
    return found


def confidence(tsv: str) -> float:
    """Return Tesseract's mean word confidence (0-100) in its TSV output."""
    values = [float(row["conf"]) for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
              if row.get("level") == "5" and (row.get("text") or "").strip()]
    return sum(values) / len(values) if values else 0.0


class _Reader:
    """One PDF's OCR: renders a page (pdftoppm) and reads it (tesseract) in a temporary folder."""

    def __init__(self, path: Path, limits: Limits, work: Path):
        self.program, self.languages = engine()
        self.renderer = tools.find(("pdftoppm",), "pdftoppm (poppler)", "apt-get install poppler-utils (Debian/Ubuntu)",
                                   path)
        self.path, self.limits, self.work = path, limits, work

    def render(self, number: int, width: float, height: float) -> tuple[Path, int]:
        dpi = resolution(width, height, number, self.path)
        image = self.work / f"page-{number}"
        done = tools.run([self.renderer, "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", str(number), "-l",
                          str(number), str(self.path), str(image)], limits=self.limits, path=self.path,
                         what=f"pdftoppm (page {number})")
        if done.returncode != 0 or not image.with_suffix(".png").is_file():
            raise tools.failed(done, f"pdftoppm could not render page {number}", self.path,
                               "check that the PDF opens in a viewer")
        return image.with_suffix(".png"), dpi

    def read(self, image: Path, dpi: int, language: str, number: int) -> str:
        done = tools.run([self.program, str(image), "stdout", "-l", language, "--dpi", str(dpi), "--psm", "3", "tsv"],
                         limits=self.limits, path=self.path, what=f"tesseract (page {number})", env=ONE_THREAD)
        if done.returncode != 0:
            raise tools.failed(done, f"tesseract could not read page {number}", self.path,
                               "check that the PDF opens in a viewer")
        return done.stdout.decode("utf-8", "replace")


def read_pages(path: Path, pages: list[tuple[int, float, float]], limits: Limits) -> tuple[dict[int, list[Line]], str]:
    """Return ({page number: lines}, the OCR engine's name) for the (number, width, height) pages of a PDF.

    The first page is read as Simplified Chinese; when Tesseract is unsure of it (mean confidence
    under RETRY_CONFIDENCE) and has Traditional Chinese, it is read again as that, and the language
    Tesseract is surer of reads every page (chi_sim reads 與 as 与 and 關係 as 关傈).
    """
    work = Path(tempfile.mkdtemp(prefix="press-ocr-"))
    try:
        reader, found, language = _Reader(path, limits, work), {}, LANGUAGE
        for index, (number, width, height) in enumerate(pages):
            image, dpi = reader.render(number, width, height)
            tsv = reader.read(image, dpi, language, number)
            if index == 0 and confidence(tsv) < RETRY_CONFIDENCE and TRADITIONAL in reader.languages:
                other = reader.read(image, dpi, TRADITIONAL, number)
                if confidence(other) > confidence(tsv):
                    tsv, language = other, TRADITIONAL
            found[number] = lines_of(tsv, number, dpi)
            image.unlink()
        return found, f"tesseract {tools.version(reader.program)} {language}"
    finally:
        shutil.rmtree(work, ignore_errors=True)
