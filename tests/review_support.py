"""Shared helpers for the reviewer-loop tests: edit a review .docx the way Word saves a reviewer's work,
damage its table the ways reviewers do, re-save it with LibreOffice, and English that passes QA."""
from __future__ import annotations

import copy
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "changde-higashiomi-2021" / "source.zh.txt"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REVIEWER = "Li Na"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# English for every segment of the Higashiomi sample that QA finds no error in (glossary, figures, dates)
REVIEWED = {
    "p0.s1": 'Changde and Higashiomi Reached the "Sister City Agreement"',
    "p1.s1": "On the morning of November 5, taking the opportunity of the 22nd China-Japan-Korea Friendship "
             "Cities Exchange Conference, the Foreign Affairs Office of Changde Municipal Party Committee, the "
             "Municipal Bureau of Commerce of Changde and the heads of the Planning Division of Higashiomi, Japan "
             "held talks by video link on further exchanges and continued friendship, and discussed future "
             "exchange plans.",
    "p2.s1": "Changde and Higashiomi have been sister cities since 1994, and the two sides have exchanged 40 "
             "delegation visits with 350 people.",
    "p2.s2": "In the meantime, the two sides have also maintained close economic and trade exchanges, and "
             "Changde exports citrus, grapes, vegetables and other products to Higashiomi all year round.",
    "p3.s1": "Since the outbreak of COVID-19, our city has given equal weight to the number and the quality of "
             "its sister cities, deepened exchanges and cooperation with its existing sister cities Higashiomi in "
             "Japan, Hannover in Germany and Apasco in Mexico, donated medical supplies to Anuradhapura in Sri "
             "Lanka, and started friendly cooperation with Bucheon and Wonju in South Korea and Mukono in Uganda.",
    "p3.s2": 'At the same time, more than 50 rounds of "cloud diplomacy" were carried out through donations, '
             "letters, telephone calls and video conferences to exchange information, care for each other, "
             "jointly fight the epidemic, enhance friendship and build consensus.",
    "p4.s1": "At the meeting, the Foreign Affairs Office of Changde Municipal Party Committee said that the city "
             "will continue to integrate its human resources and characteristic industries into the Yangtze "
             "River Economic Belt, the Yangtze River Delta and the Guangdong-Hong Kong-Macao Greater Bay Area, "
             "actively build its cross-border e-commerce platform, carry out international exchanges and "
             "cooperation in an orderly manner, show the strength of foreign affairs and serve the city's open "
             "economy.",
    "p4.s2": "It is hoped that Higashiomi will strengthen in-depth exchanges and cooperation with Changde in "
             "industrial development, modern agriculture, urban construction, cultural tourism and other fields.",
}

# the Chinese of the Higashiomi sample's p3.s1
P3 = ("新冠肺炎疫情发生以来，我市坚持友城数量与质量提升并重，不断深化与日本东近江市、德国汉诺威市、墨西哥阿帕斯科市等现有友好城市"
      "的交流合作，向斯里兰卡阿努拉达普拉市捐赠医疗物资，并与韩国富川市、原州市和乌干达穆科诺市开展友好合作。")
# the embedded model's draft of Higashiomi p3 (prompt 18, `press translate` of 2026-12-07): it renders the donation
# but makes its recipient one more sister city ("Sri Lanka in Anuradhapura")
P3_MODEL = ("Since the COVID-19 pandemic began, our city has prioritized the enhancement of both the quantity and quality "
            "of its friendly city relationships. We have strengthened cooperation with existing sister cities such as "
            "Higashiomi in Japan, Hannover in Germany, Apasco in Mexico, Sri Lanka in Anuradhapura, Bucheon in South "
            "Korea, Wonju in Korea, and Mukono in Uganda. We have also donated medical supplies to Sri Lanka and "
            "conducted friendly cooperation with Bucheon, Wonju, and Mukono in South Korea.")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def run(text: str, deleted: bool = False, bold: bool = False):
    element = etree.Element(w("r"))
    if bold:
        etree.SubElement(etree.SubElement(element, w("rPr")), w("b"))
    t = etree.SubElement(element, w("delText" if deleted else "t"))
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    return element


def tracked(kind: str, text: str, number: int, author: str = REVIEWER):
    change = etree.Element(w(kind), {w("id"): str(number), w("author"): author, w("date"): "2026-11-28T05:00:00Z"})
    change.append(run(text, deleted=kind == "del"))
    return change


def read_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_parts(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def change_body(path: Path, change) -> None:
    """Rewrite word/document.xml of `path` with change(root) (an lxml element changed in place)."""
    parts = read_parts(path)
    root = etree.fromstring(parts["word/document.xml"])
    change(root)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    write_parts(path, parts)


def rows_by_id(root) -> dict[str, list]:
    """Return {segment id: its table cells (w:tc)} of the first table in a document.xml root."""
    found = {}
    for row in root.iter(w("tr")):
        cells = row.findall(w("tc"))
        found["".join(cells[0].itertext())] = cells
    return found


def edit_review(path: Path, edits: dict[str, list[tuple]], zh_edits: dict[str, str] = {},
                id_edits: dict[str, str] = {}, drop: tuple[str, ...] = (), notes: dict[str, str] = {}) -> None:
    """Rewrite word/document.xml of a review file the way Word saves a reviewer's edits.

    edits: the English by segment id as ("t", text) plain run, ("b", text) bold run, ("ins", text) tracked
    insertion, ("del", text) tracked deletion, ("p",) a new paragraph in the cell, ("comment",) a reviewer's
    comment mark (no text). notes: a line typed (tracked) as a new paragraph of the Notes cell.
    """
    def change(root) -> None:
        number = 100
        for row in list(root.iter(w("tr"))):
            cells = row.findall(w("tc"))
            segment_id = "".join(cells[0].itertext())
            if segment_id in drop:
                row.getparent().remove(row)
                continue
            if segment_id in id_edits:
                cells[0].find(f".//{w('t')}").text = id_edits[segment_id]
            if segment_id in zh_edits:
                cells[1].find(f".//{w('t')}").text = zh_edits[segment_id]
            if segment_id in notes:
                number += 1
                etree.SubElement(cells[3], w("p")).append(tracked("ins", notes[segment_id], number))
            if segment_id not in edits:
                continue
            paragraph = cells[2].find(w("p"))
            for old in paragraph.findall(w("r")):
                paragraph.remove(old)
            for kind, *text in edits[segment_id]:
                number += 1
                if kind in ("t", "b"):
                    paragraph.append(run(text[0], bold=kind == "b"))
                elif kind in ("ins", "del"):
                    paragraph.append(tracked(kind, text[0], number))
                elif kind == "p":
                    paragraph = etree.SubElement(cells[2], w("p"))
                elif kind == "comment":  # Word's marks for a reviewer comment: ranges and a reference run
                    paragraph.insert(1, etree.Element(w("commentRangeStart"), {w("id"): "900"}))
                    paragraph.append(etree.Element(w("commentRangeEnd"), {w("id"): "900"}))
                    reference = etree.SubElement(paragraph, w("r"))
                    etree.SubElement(reference, w("commentReference"), {w("id"): "900"})

    change_body(path, change)


def fill(path: Path, english: dict[str, str] = REVIEWED, tracked_by: str = REVIEWER, notes: dict[str, str] = {}):
    """Type `english` into the English cells as tracked insertions by `tracked_by` (Track Changes is on)."""
    def change(root) -> None:
        for number, (segment_id, cells) in enumerate(rows_by_id(root).items(), start=200):
            if segment_id in english:
                paragraph = cells[2].find(w("p"))
                for old in paragraph.findall(w("r")):
                    paragraph.remove(old)
                paragraph.append(tracked("ins", english[segment_id], number, tracked_by))
            if segment_id in notes:
                etree.SubElement(cells[3], w("p")).append(tracked("ins", notes[segment_id], number + 500, tracked_by))

    change_body(path, change)


# --- the ways a reviewer's table stops mapping one row to one segment ---

def merge_across(segment_id: str, first: int = 2):
    """Merge the cell at `first` with the next one in the row of `segment_id` (Word: Merge Cells)."""
    def change(root) -> None:
        cells = rows_by_id(root)[segment_id]
        properties = cells[first].find(w("tcPr"))
        etree.SubElement(properties, w("gridSpan"), {w("val"): "2"})
        for paragraph in cells[first + 1].findall(w("p")):
            cells[first].append(paragraph)
        cells[first + 1].getparent().remove(cells[first + 1])
    return change


def merge_down(upper: str, lower: str, column: int = 2):
    """Merge the cell in `column` of row `upper` with the one below it (w:vMerge restart/continue)."""
    def change(root) -> None:
        rows = rows_by_id(root)
        top, bottom = rows[upper][column], rows[lower][column]
        etree.SubElement(top.find(w("tcPr")), w("vMerge"), {w("val"): "restart"})
        for paragraph in bottom.findall(w("p")):
            top.append(paragraph)
        etree.SubElement(bottom, w("p"))
        etree.SubElement(bottom.find(w("tcPr")), w("vMerge"))
    return change


def stale_copy_above(root) -> None:
    """Paste a copy of the review table above the real one."""
    table = next(root.iter(w("tbl")))
    table.addprevious(copy.deepcopy(table))


def note_in_english(segment_id: str, note: str):
    """Paste a line of the Notes cell into the English cell (a second paragraph)."""
    def change(root) -> None:
        cell = rows_by_id(root)[segment_id][2]
        etree.SubElement(cell, w("p")).append(run(note))
    return change


def extra_row_after(segment_id: str, english: str):
    """Insert a row (empty ID) after `segment_id` holding some English: one segment split over two rows."""
    def change(root) -> None:
        row = rows_by_id(root)[segment_id][0].getparent()
        extra = copy.deepcopy(row)
        for cell in extra.findall(w("tc")):
            for paragraph in cell.findall(w("p")):
                cell.remove(paragraph)
            etree.SubElement(cell, w("p"))
        extra.findall(w("tc"))[2].find(w("p")).append(run(english))
        row.addnext(extra)
    return change


def drop_cell(segment_id: str, index: int = 3):
    """Delete one cell of a row (Word: Delete Cells, shift left)."""
    def change(root) -> None:
        cell = rows_by_id(root)[segment_id][index]
        cell.getparent().remove(cell)
    return change


def resave_with_libreoffice(path: Path, folder: Path, profile: Path) -> Path:
    """Open `path` in LibreOffice and save it as .docx into `folder` (what a reviewer's Save does)."""
    done = subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to",
                           "docx", "--outdir", str(folder), str(path)], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    saved = folder / (path.stem + ".docx")
    assert saved.exists(), done.stdout + done.stderr
    return saved
