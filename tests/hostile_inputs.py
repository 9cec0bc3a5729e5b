"""Hostile and careless inputs, written at test time (no binary blobs in git): the makers test_hostile.py uses.

Each maker writes its files into a work folder and returns the `press` arguments that hand them over.
"""
from __future__ import annotations

import io
import struct
import zipfile
from functools import lru_cache
from pathlib import Path

from conftest import GLOSSARY_DIR, SAMPLES

SAMPLE = SAMPLES / "changde-higashiomi-2021" / "source.zh.txt"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADLINE, BODY = "常德市与东近江市签署友好城市协议", "双方自1994年结为友好城市以来，共互访40批350人次。"


def text_release(headline: str = HEADLINE, paragraphs: tuple[str, ...] = (BODY,)) -> str:
    return "\n\n".join((headline, "来源：常德市外事办　日期：2021-11-07", *paragraphs)) + "\n"


def lol_dtd(root: str, levels: int = 9) -> str:
    """Return a DOCTYPE whose entity `e{levels}` expands to 10**levels × "lol" ("billion laughs")."""
    entities = ['<!ENTITY e0 "lol">'] + [f'<!ENTITY e{n} "{("&e%d;" % (n - 1)) * 10}">'
                                          for n in range(1, levels + 1)]
    return f"<!DOCTYPE {root} [{''.join(entities)}]>"


def external_dtd(root: str, target: str = "file:///etc/passwd") -> str:
    return f'<!DOCTYPE {root} [<!ENTITY x SYSTEM "{target}">]>'


# --- .docx ---

@lru_cache(maxsize=1)
def base_docx() -> bytes:
    """A valid release .docx (headline, metadata, two paragraphs), written by python-docx."""
    from pipeline import ooxml

    document = ooxml.new_document()
    document.add_paragraph(HEADLINE, style="Title")
    document.add_paragraph("来源：常德市外事办")
    document.add_paragraph(BODY)
    document.add_paragraph("两市将继续加强交流。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def document_xml(body: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>').encode()


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx_with(path: Path, part: bytes | None = None, name: str = "word/document.xml",
              drop: tuple[str, ...] = ()) -> Path:
    """Write the base .docx to `path` with part `name` replaced by (or added as) `part`."""
    with zipfile.ZipFile(io.BytesIO(base_docx())) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in drop or (part is not None and item.filename == name):
                continue
            target.writestr(item, source.read(item))
        if part is not None:
            target.writestr(name, part)
    return path


def lying_docx(path: Path, declared: int = 0xFFFF0000) -> Path:
    """A .docx whose zip directory claims word/document.xml inflates to `declared` bytes."""
    data = bytearray(docx_with(path).read_bytes())
    entry = data.find(b"PK\x01\x02")  # central directory entries
    while entry != -1:
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46:entry + 46 + name_length] == b"word/document.xml":
            struct.pack_into("<I", data, entry + 24, declared)  # uncompressed size
        entry = data.find(b"PK\x01\x02", entry + 4)
    path.write_bytes(bytes(data))
    return path


def inflating_part(size: int) -> bytes:
    """Return well-formed document XML of about `size` bytes that compresses ~1000×."""
    return document_xml(paragraph(HEADLINE) + paragraph(BODY) + " " * size)


# --- TMX, TBX, CSV ---

def tmx(body: str, prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<tmx version="1.4"><header creationtool="x" '
            f'srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" '
            f'creationtoolversion="1"/><body>{body}</body></tmx>')


def tu(zh: str, en: str) -> str:
    return (f'<tu><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>'
            f'<tuv xml:lang="en"><seg>{en}</seg></tuv></tu>')


def tbx(terms: str = "", prolog: str = "") -> str:
    concept = terms or ('<conceptEntry id="c1"><langSec xml:lang="zh"><termSec><term>测试术语</term>'
                        '</termSec></langSec><langSec xml:lang="en"><termSec><term>test term</term>'
                        '</termSec></langSec></conceptEntry>')
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<tbx type="TBX-Basic" style="dca" '
            f'xmlns="urn:iso:std:iso:30042:ed-2"><text><body>{concept}</body></text></tbx>')


# --- XLIFF, Excel ---

def xliff(units: str = "", prolog: str = "") -> str:
    """Return an XLIFF 1.2 file (Chinese into English) holding `units`."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" '
            f'version="1.2"><file original="x" source-language="zh-CN" target-language="en-US" '
            f'datatype="plaintext"><body>{units}</body></file></xliff>')


def trans_unit(zh: str, en: str, unit_id: str = "p1.s1") -> str:
    return f'<trans-unit id="{unit_id}"><source>{zh}</source><target state="final">{en}</target></trans-unit>'


def xlsx_with(path: Path, rows: list[list[str]], sheet_xml=None) -> Path:
    """Write an .xlsx of `rows` (first sheet) with openpyxl; `sheet_xml(bytes) -> bytes` then rewrites the
    sheet's XML (for what openpyxl itself would never write)."""
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    if sheet_xml is not None:
        parts["xl/worksheets/sheet1.xml"] = sheet_xml(parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def copy_glossary(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in GLOSSARY_DIR.glob("*.tsv"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder

