"""Nothing a user hands press breaks it: a corpus of hostile and careless inputs, generated at test time.

Every case runs the real command (`python -m pipeline …`) in a child process whose address space is
limited (RLIMIT_AS, 1 GiB: a normal run needs about 250 MB), and asserts its exit code, exactly one
`error:` line saying what the case expects (none for the cases that must work), no traceback, no raw
control character on the terminal, and nothing left behind: no new file in the work folder after a
failure and no `.part` temporary file anywhere.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from conftest import REPO
from hostile_case import Case, drafted, with_memory, write
from hostile_documents import TEXT_DOC, article_page, encrypted, flate_bomb, pages_pdf, program, scanned, text_page
from hostile_families import families
from hostile_inputs import (
    BODY,
    HEADLINE,
    copy_glossary,
    document_xml,
    docx_with,
    external_dtd,
    inflating_part,
    lol_dtd,
    lying_docx,
    paragraph,
    tbx,
    text_release,
    tmx,
    trans_unit,
    tu,
    xliff,
    xlsx_with,
)

MEMORY_LIMIT = 1 << 30
UTF8, GBK = "utf-8", "gbk"


def translate(*inputs, out: str = "out", extra: tuple = ()) -> list:
    return ["translate", *map(str, inputs), "-o", out, "--engine", "none", "-q", "--jobs", "1", *extra]


def release_files(work: Path, out: str = "out") -> list[str]:
    return sorted(path.name for path in (work / out).rglob("*") if path.is_file())


# --- makers -----------------------------------------------------------------------------------------

def txt(content: str | bytes, name: str = "release.txt", encoding: str = UTF8):
    return lambda work: translate(write(work / name, content, encoding).name)


def mixed_encodings(work: Path) -> list:
    write(work / "mixed.txt", HEADLINE.encode() + b"\n\n" + BODY.encode(GBK) + b"\n")
    return translate("mixed.txt")


def docx_case(part: bytes | None = None, name: str = "word/document.xml", drop: tuple = ()):
    return lambda work: translate(docx_with(work / "release.docx", part, name, drop).name)


def html(content: str, name: str = "page.html"):
    return lambda work: translate(write(work / name, content).name)


def page(body: str, head: str = "") -> str:
    return (f"<html><head><meta charset='utf-8'><title>{HEADLINE}_常德市人民政府</title>{head}</head>"
            f"<body><nav><a href='/'>首页</a></nav>{body}</body></html>")


def jobs_two_with_a_broken_docx(work: Path) -> list:
    write(work / "in" / "good.txt", text_release())
    docx_with(work / "in" / "broken.docx", document_xml(paragraph(HEADLINE)).replace(b"</w:body>", b""))
    return ["translate", "in", "-o", "out", "--engine", "none", "-q", "--jobs", "2"]


def memory_import(content: str, name: str = "units.tmx"):
    return lambda work: ["memory", "import", write(work / name, content).name, "--memory", "home/m.sqlite"]


def glossary_import(content: str | bytes, name: str, encoding: str = UTF8):
    def make(work: Path) -> list:
        copy_glossary(work / "glossary")
        return ["glossary", "import", "--glossary", "glossary", write(work / name, content, encoding).name]
    return make


def glossary_with(name: str, content: bytes):
    def make(work: Path) -> list:
        write(copy_glossary(work / "glossary") / name, content)
        return translate(write(work / "release.txt", text_release()).name, extra=("--glossary", "glossary"))
    return make


def xliff_import(content: str, name: str = "units.xlf"):
    return lambda work: ["import", write(work / name, content).name, "--memory", "home/m.sqlite"]


def xlsx_import(rows: list[list[str]], sheet_xml=None):
    def make(work: Path) -> list:
        copy_glossary(work / "glossary")
        return ["glossary", "import", "--glossary", "glossary", xlsx_with(work / "terms.xlsx", rows, sheet_xml).name]
    return make


def reviewed(change: Callable[[Path], None], command: str = "check", extra: tuple = (),
             review: str = "source.zh.review.docx"):
    """Translate the sample (here, once), damage what `change` damages, then check or ingest `review`."""
    def make(work: Path) -> list:
        change(drafted(work / "draft"))
        return [command, f"draft/{review}", *extra]
    return make


def replace_part(part: bytes, name: str = "word/document.xml"):
    def change(folder: Path) -> None:
        review = folder / "source.zh.review.docx"
        import io
        import zipfile
        source = zipfile.ZipFile(io.BytesIO(review.read_bytes()))
        with zipfile.ZipFile(review, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                target.writestr(item, part if item.filename == name else source.read(item))
    return change


OLD = 1_000_000_000  # a modification time no file written by the run can have


def changes_report_is_a_folder(folder: Path) -> None:
    (folder / "source.zh.changes.txt").mkdir()
    os.utime(folder / "source.zh.en.docx", (OLD, OLD))  # the draft's: ingest must not replace it


# --- checks of cases that must work ----------------------------------------------------------------

def outputs_of(stem: str, out: str = "out"):
    def check(work: Path) -> None:
        names = release_files(work, out)
        assert {f"{stem}.review.docx", f"{stem}.en.docx", f"{stem}.json"} <= set(names), names
    return check


def long_headline_kept(work: Path) -> None:
    from pipeline import ooxml

    headline = json.loads((work / "out" / "release.json").read_text(encoding="utf-8"))["segments"][0]["zh"]
    assert len(headline) > 255
    document = ooxml.open_document(work / "out" / "release.review.docx")
    assert f"Review: {headline}" in [p.text for p in document.paragraphs]  # whole in the document
    assert len(ooxml.properties(document)["title"]) == 255  # only the property is cut
    assert ooxml.open_document(work / "out" / "release.en.docx").paragraphs  # (engine none: no English)


def link_address_recorded(work: Path) -> None:
    data = json.loads((work / "out" / "page.json").read_text(encoding="utf-8"))
    assert data["meta"]["url"] == "http://www.changde.gov.cn/art/1.html"


def nothing_from(secret: str, name: str = "release.json"):
    def check(work: Path) -> None:
        text = (work / "out" / name).read_text(encoding="utf-8")
        assert secret not in text
    return check


def memory_untouched(work: Path) -> None:
    assert (work / "draft" / "source.zh.en.docx").stat().st_mtime == OLD
    memory = work / "home" / "memory.sqlite"
    if memory.exists():
        with sqlite3.connect(memory) as db:
            assert db.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 0


def imported(count: int):
    def check(work: Path) -> None:
        rows = (work / "glossary" / "imported.tsv").read_text(encoding="utf-8").splitlines()
        assert len(rows) == count + 1, rows
    return check


def csv_neutralised(work: Path) -> None:
    cells = (work / "terms.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in cells and "'+1" in cells and "'@SUM" in cells and "'-2" in cells


def export_csv_with_formulas(work: Path) -> list:
    glossary = copy_glossary(work / "glossary")
    rows = "".join(f"{zh}\t{en}\tterm\t\t\tproposed\tseed\t\n" for zh, en in (
        ("公式甲", '=HYPERLINK("http://x")'), ("公式乙", "+1"), ("公式丙", "@SUM(A1)"), ("公式丁", "-2")))
    write(glossary / "formulas.tsv", "zh\ten\tkind\tvariants\tforbidden\tstatus\tsource\tnote\n" + rows)
    return ["glossary", "export", "--glossary", "glossary", "--format", "csv-deepl", "-o", "terms.csv"]


# --- the corpus ---------------------------------------------------------------------------------------

LONG_HEADLINE = "常德市" + "与东近江市" * 60 + "签署友好城市协议"
ESC_NAME = "release\x1b[31m.txt"
def stray_converter_killed(work: Path) -> None:
    """The stand-in converter that hung was killed with its process group, not left running."""
    pid = int((work / "converter.pid").read_text())
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]


def made(name: str, maker: Callable[[Path], object], extra: tuple = ()):
    """A case translating the file `maker` writes at work/name."""
    def make(work: Path) -> list:
        maker(work / name)
        return translate(name, extra=extra)
    return make


def without(*programs: str):
    """The environment of a machine without `programs`: PATH holds links to every other program needed."""
    def env(work: Path) -> dict:
        folder = work / "bin"
        folder.mkdir(exist_ok=True)
        for name in ("soffice", "pdftoppm", "tesseract"):
            found = shutil.which(name)
            if found and name not in programs and not (folder / name).exists():
                (folder / name).symlink_to(found)
        return {"PATH": str(folder)}
    return env


def hanging(name: str):
    """The environment of a machine whose `name` never finishes (it records its process id first)."""
    def env(work: Path) -> dict:
        program(work / "bin", name, f'echo $$ > "{work}/converter.pid"; exec sleep 600')
        return {"PATH": f"{work / 'bin'}:{os.environ['PATH']}"}
    return env


STDIN_RELEASE = text_release().replace("\n\n", "\n").encode()
FORMAT_CASES = [
    Case("doc-really-an-article-page", made("release.doc", lambda path: write(path, article_page(HEADLINE, BODY))),
         0, check=outputs_of("release")),
    Case("doc-really-a-list-page", made("release.doc", lambda path: write(path, page(
        "<ul>" + "<li><a href='/a'>常德市新闻标题一则</a></li>" * 30 + "</ul>"))), 2, "no article text"),
    Case("doc-really-plain-text", made("release.doc", lambda path: write(path, text_release())), 2,
         "rename it to .txt"),
    Case("doc-web-archive", made("release.doc", lambda path: write(path, "MIME-Version: 1.0\nContent-Type: "
                                                                    "multipart/related; boundary=x\n\n--x\n")),
         2, "web archive"),
    Case("doc-empty", made("release.doc", lambda path: write(path, b"")), 2, "empty"),
    Case("doc-converter-hangs", made("release.doc", lambda path: shutil.copyfile(TEXT_DOC, path)), 2,
         "[limits] convert_seconds", limits={"convert_seconds": 3}, env=hanging("soffice"),
         check=stray_converter_killed),
    Case("doc-without-libreoffice", made("release.wps", lambda path: shutil.copyfile(TEXT_DOC, path)), 2,
         "apt-get install libreoffice-writer-nogui", env=without("soffice")),
    Case("doc-over-input-bytes", made("release.rtf", lambda path: write(path, b"{\\rtf1 " + b"x" * 9000 + b"}")), 2,
         "[limits] input_bytes", limits={"input_bytes": 5000}),
    Case("pdf-not-a-pdf", made("release.pdf", lambda path: write(path, text_release())), 2, "not a PDF"),
    Case("pdf-encrypted", made("release.pdf", lambda path: encrypted(path, "secret")), 2, "encrypted"),
    Case("pdf-owner-password-only", made("release.pdf", lambda path: encrypted(path, "")), 0,
         check=outputs_of("release")),
    Case("pdf-10000-pages", made("release.pdf", lambda path: write(path, pages_pdf(10_000))), 2,
         "10,000 pages in the PDF, over the limit of 1,000 — if the input is genuine, raise the limit in "
         "press.toml: [limits] pdf_pages = 12000"),
    Case("pdf-inflates-to-1-gib", made("release.pdf", lambda path: write(path, flate_bomb(1 << 30))), 2,
         "MiB of memory"),
    Case("pdf-slow-to-read", made("release.pdf", lambda path: write(path, pages_pdf(900, text_page()))), 2,
         "[limits] convert_seconds", limits={"convert_seconds": 2}),
    Case("pdf-no-text", made("release.pdf", lambda path: write(path, pages_pdf(2))), 2, "the PDF has no text"),
    Case("pdf-scanned-page-5-metres-wide", made("release.pdf", lambda path: scanned(path, 1, (5000, 3000))), 2,
         "too large to read by OCR"),
    Case("pdf-too-many-scanned-pages", made("release.pdf", lambda path: scanned(path, 3)), 2, "[limits] ocr_pages",
         limits={"ocr_pages": 2}),
    Case("pdf-scanned-without-tesseract", made("release.pdf", lambda path: scanned(path, 1)), 2,
         "apt-get install tesseract-ocr tesseract-ocr-chi-sim", env=without("tesseract")),
    Case("stdin-empty", lambda work: translate("-"), 2, "nothing was pasted"),
    Case("stdin-binary", lambda work: translate("-"), 2, "not text", stdin=bytes(range(256)) * 8),
    Case("stdin-name-with-a-folder", lambda work: translate("-", extra=("--name", "../escape")), 2,
         "not a file name", stdin=STDIN_RELEASE),
    Case("stdin-pasted-release", lambda work: translate("-", extra=("--name", "pasted-release")), 0,
         stdin=STDIN_RELEASE, check=outputs_of("pasted-release")),
]

# press.toml as a schema (issue 28 item 5): every case is one line naming press.toml, its line and the fix
CONFIG_CASES = [Case(f"config-{name}", txt(text_release()), 2, says, toml=toml) for name, toml, says in (
    ("engine-a-number", "engine = 5\n", "press.toml:1: engine = 5 is not a section"),
    ("engine-name-a-number", "[engine]\nname = 5\n", 'press.toml:2: [engine] name = 5 is not one of "none"'),
    ("paths-not-a-section", 'paths = "x"\n', 'press.toml:1: paths = "x" is not a section'),
    ("memory-a-number", "[paths]\nmemory = 5\n", "[paths] memory = 5 is not a file path"),
    ("glossary-a-list", '[paths]\nglossary = ["a", "b"]\n', '[paths] glossary = ["a", "b"] is not a folder path'),
    ("translator-a-list", '[credits]\ntranslator = ["Wu"]\n', '[credits] translator = ["Wu"] is not a name'),
    ("opencc-unknown", '[normalise]\nopencc = "x2y"\n', '[normalise] opencc = "x2y" is not one of "auto"'),
    ("concurrency-in-words", '[engine]\nconcurrency = "four"\n', 'concurrency = "four" is not a whole number'),
    ("split-semicolon-no", '[segment]\nsplit_semicolon = "no"\n', 'split_semicolon = "no" is not true or false'),
    ("section-misspelt", "[limit]\nsegments = 50\n", "unknown section [limit] — did you mean [limits]?"),
    ("key-misspelt", '[paths]\nmemroy = "m.sqlite"\n', "unknown setting memroy in [paths] — did you mean memory?"),
    ("key-outside-its-section", 'memory = "m.sqlite"\n', "is outside its section — write it below [paths]"),
    ("reviewer-with-escape", '[credits]\nreviewer = "Li\\u001b[2J"\n', "[credits] reviewer ="),
    ("limit-misspelt", "[limits]\nsegment = 50\n", "unknown setting segment in [limits] — did you mean segments?"),
    ("not-toml", "[engine\n", "invalid configuration"),
)]

# no command writes over one of its inputs, the memory or a glossary file (issue 28 item 1)
def hard_link(work: Path, name: str) -> str:
    os.link(with_memory(work), work / name)
    return name


def review_saved_as_english(folder: Path) -> None:
    os.replace(folder / "source.zh.review.docx", folder / "source.zh.en.docx")


def glossary_export_onto(name: str, link: bool = False):
    def make(work: Path) -> list:
        glossary = copy_glossary(work / "glossary")
        if link:
            os.link(glossary / "cities.tsv", work / name)
        return ["glossary", "export", "--glossary", "glossary", "--format", "csv-deepl", "-o", name]
    return make


OVERWRITE_CASES = [
    Case("overwrite-memory-export-onto-the-memory", lambda work: [
        "memory", "export", with_memory(work).relative_to(work), "--memory", "home/m.sqlite"], 2,
        "home/m.sqlite: this is the memory; the output would replace it"),
    Case("overwrite-memory-export-onto-a-hard-link", lambda work: [
        "memory", "export", hard_link(work, "units.tmx"), "--memory", "home/m.sqlite"], 2,
        "units.tmx: this is the memory (home/m.sqlite)"),
    Case("overwrite-memory-export-onto-a-symbolic-link", lambda work: [
        "memory", "export", (work / "units.tmx").symlink_to(with_memory(work)) or "units.tmx", "--memory",
        "home/m.sqlite"], 2, "this is the memory"),
    Case("overwrite-memory-copy-into-itself", lambda work: [
        "memory", "copy", with_memory(work).relative_to(work), "home/m.sqlite"], 2,
        "a memory cannot be copied into itself"),
    Case("overwrite-ingest-review-saved-as-english", reviewed(review_saved_as_english, "ingest", (
        "--accept-errors",), review="source.zh.en.docx"), 2,
        "source.zh.en.docx: this is the review file; the output would replace it — keep the review file's name"),
    Case("overwrite-export-onto-its-review-file", reviewed(lambda folder: None, "export", (
        "--format", "xliff12", "-o", "draft/source.zh.review.docx")), 2, "this is the release it exports"),
    Case("overwrite-export-onto-its-json", reviewed(lambda folder: None, "export", (
        "--format", "xliff21", "-o", "draft/source.zh.json")), 2, "this is the release data"),
    Case("overwrite-export-json-onto-itself", lambda work: reviewed(lambda folder: None)(work) and [
        "export", "draft/source.zh.json", "--format", "xliff12", "-o", "draft/./source.zh.json"], 2,
        "this is the release it exports"),
    Case("overwrite-glossary-export-onto-a-glossary-file", glossary_export_onto("glossary/cities.tsv"), 2,
         "this is the glossary file cities.tsv"),
    Case("overwrite-glossary-export-onto-a-hard-link", glossary_export_onto("terms.csv", link=True), 2,
         "terms.csv: this is the glossary file cities.tsv (glossary/cities.tsv)"),
]


# one text-cleaning rule at every door of the memory (issue 28 item 2); what is printed is escaped
def memory_with_raw_escape(work: Path) -> Path:
    """Return home/m.sqlite holding one unit whose English was stored raw before the rule (an old memory)."""
    memory = with_memory(work)
    with sqlite3.connect(memory) as db:
        db.execute("UPDATE units SET en = 'Chang\x1b[2Jde', reviewer = 'Li\x07'")
    db.close()
    return memory


def many_units(work: Path) -> Path:
    from pipeline.memory import Memory, Unit

    (work / "home").mkdir(parents=True, exist_ok=True)
    with Memory(work / "home" / "m.sqlite") as memory:
        memory.store_many([Unit(f"常德市第{number}次会议", f"Changde meeting {number}", origin="reviewed")
                           for number in range(3000)])
    return work / "home" / "m.sqlite"


def memory_command(*args: str, memory: Callable[[Path], Path] = with_memory):
    return lambda work: ["memory", *args, "--memory", memory(work).relative_to(work)]


def file_name_escaped(work: Path) -> None:
    with sqlite3.connect(work / "home" / "m.sqlite") as db:
        (release,) = db.execute("SELECT release FROM units").fetchone()
    assert release == "units\\x1b[31m.tmx", release


def exported_tmx_reads_back(work: Path) -> None:
    from pipeline.memory import Memory
    from pipeline.memory.tmx import import_tmx

    with Memory(work / "again.sqlite") as memory:
        assert import_tmx(work / "units.tmx", memory).added == 1
        assert [unit.en for unit in memory.units()] == ["Chang[2Jde"]


def xliff_with(*extra: str):
    return lambda work: ["import", write(work / "units.xlf", xliff(trans_unit("你好", "hello"))).name, *extra]


ESC, BEL, CSI = "\x1b[2J", "\x07", "\x9b2J"
CLEAN_CASES = [
    Case("clean-memory-edit-english-escape", memory_command("edit", "1", "--en", f"Chang{ESC}de", "--reviewer", "Li"),
         2, "error: --en holds a control character: U+001B (ESC)"),
    Case("clean-memory-edit-english-c1", memory_command("edit", "1", "--en", f"Chang{CSI}de", "--reviewer", "Li"),
         2, "--en holds a control character: U+009B"),
    Case("clean-memory-edit-reviewer-bel", memory_command("edit", "1", "--en", "Changde", "--reviewer", f"Li{BEL}"),
         2, "--reviewer holds a control character: U+0007 (BEL)"),
    Case("clean-memory-edit-nul", memory_command("edit", "1", "--en", "Chang\x01de", "--reviewer", "Li"), 2,
         "--en holds a control character: U+0001"),
    Case("clean-ingest-reviewer-escape", reviewed(lambda folder: None, "ingest", (
        "--accept-errors", "--reviewer", f"Li{ESC}")), 2, "--reviewer holds a control character"),
    Case("clean-import-translator-escape", xliff_with("--translator", f"Wu{BEL}"), 2,
         "--translator holds a control character: U+0007"),
    Case("clean-tmx-c1-in-the-english", memory_import(tmx(tu("你好", "hello") + tu("再见", f"bye{CSI}"))), 2,
         "units.tmx:1: the English holds a control character: U+009B"),
    Case("clean-tmx-c1-in-the-translator", memory_import(tmx(tu("你好", "hello").replace(
        "<tu>", '<tu creationid="Wu\u0085">'))), 2, "the translator holds a control character: U+0085"),
    Case("clean-tmx-file-name-with-escape", memory_import(tmx(tu("你好", "hello")), name="units\x1b[31m.tmx"), 0,
         check=file_name_escaped),
    Case("clean-memory-show-escapes-an-old-unit", memory_command("show", "1", memory=memory_with_raw_escape), 0),
    Case("clean-memory-search-escapes-an-old-unit", memory_command("search", "常德", memory=memory_with_raw_escape),
         0),
    Case("clean-memory-export-of-an-old-unit-reads-back", memory_command("export", "units.tmx",
                                                                         memory=memory_with_raw_escape), 0,
         check=exported_tmx_reads_back),
]

# tracebacks (issue 28 item 4): ids past 64 bits, a pipe closed early, an output that cannot show Chinese
ASCII = lambda work: {"PYTHONIOENCODING": "ascii"}  # noqa: E731
LATIN1 = lambda work: {"PYTHONIOENCODING": "latin-1"}  # noqa: E731
CRASH_CASES = [
    Case("crash-memory-show-id-past-64-bits", memory_command("show", "99999999999999999999999"), 2,
         "no unit with id 99999999999999999999999"),
    Case("crash-memory-edit-id-past-64-bits", memory_command("edit", str(2 ** 64), "--en", "x", "--reviewer", "Li"),
         2, f"no unit with id {2 ** 64}"),
    Case("crash-memory-delete-id-past-64-bits", memory_command("delete", "1", str(2 ** 63)), 2,
         f"no unit with id {2 ** 63}"),
    Case("crash-memory-delete-negative-id", lambda work: ["memory", "delete", "--memory", with_memory(work).relative_to(
        work), "--", "-1"], 2, "no unit with id -1"),
    Case("crash-memory-search-json-into-a-closed-pipe", memory_command("search", "常德", "--json", "--limit", "3000",
                                                                       memory=many_units), 141, pipe="head -c 100"),
    # (`| head -1` would race: findings smaller than the pipe's buffer may be written before head exits;
    # `true` has gone before press prints, as head has once it read its line of a longer output)
    Case("crash-check-json-into-a-closed-pipe", reviewed(lambda folder: None, extra=("--json",)), 141,
         pipe="true"),
    Case("crash-xliff-import-g-nested-10000-deep", xliff_import(xliff(trans_unit(
        "你好", "<g id='1'>" * 10_000 + "hello" + "</g>" * 10_000))), 2,
        "10,005 levels of nested elements, over the limit of 256 — if the input is genuine, raise the limit in "
        "press.toml: [limits] xml_depth"),
    Case("crash-xliff-check-pc-nested-10000-deep", lambda work: ["check", write(work / "units.xlf", xliff(trans_unit(
        "<pc id='1'>" * 10_000 + "你好" + "</pc>" * 10_000, "hello"))).name], 2, "[limits] xml_depth"),
    Case("crash-memory-search-ascii-output", memory_command("search", "常德"), 0, env=ASCII),
    Case("crash-memory-show-latin1-output", memory_command("show", "1"), 0, env=LATIN1),
    Case("crash-ingest-ascii-output", reviewed(lambda folder: None, "ingest", ("--accept-errors",)), 0, env=ASCII,
         new_files=True),
]


# issue 28, harden2: glossary encodings, imported units' length, spreadsheet rows, memories that cannot be written
# or whose server goes away, output encodings, credits through clean.py
def imported_as(*pairs: tuple[str, str]):
    """The glossary's imported.tsv holds exactly these (Chinese, English) rows, read back as UTF-8."""
    def check(work: Path) -> None:
        rows = (work / "glossary" / "imported.tsv").read_text(encoding="utf-8").splitlines()[1:]
        assert [tuple(row.split("\t")[:2]) for row in rows] == list(pairs), rows
    return check


GBK_TSV = ("zh\ten\tkind\tvariants\tforbidden\tstatus\tsource\tnote\n测试县\tTest County\tcounty\t\t\tproposed\tseed\t\n"
           ).encode(GBK)


def gbk_tsv_matches(work: Path) -> None:
    """The term of the GBK glossary file is found in the release (before: read as Big5, it never matched)."""
    data = json.loads((work / "out" / "release.json").read_text(encoding="utf-8"))
    assert "Test County" in json.dumps(data, ensure_ascii=False), "the GBK glossary's term was not found"


def translate_with_gbk_glossary(work: Path) -> list:
    write(copy_glossary(work / "glossary") / "zz-gbk.tsv", GBK_TSV)
    release = text_release(paragraphs=("测试县与常德市签署友好合作协议。",))
    return translate(write(work / "release.txt", release).name, extra=("--glossary", "glossary"))


def lint_with(name: str, content: bytes):
    def make(work: Path) -> list:
        write(copy_glossary(work / "glossary") / name, content)
        return ["glossary", "lint", "--glossary", "glossary"]
    return make


def tmx_into_a_memory(body: str):
    """Import a TMX into a memory holding one unit already (which a refusal must leave byte-identical)."""
    return lambda work: ["memory", "import", write(work / "units.tmx", tmx(body)).name, "--memory",
                         with_memory(work).relative_to(work)]


def xliff_target_replaced(english: str):
    """Export the drafted sample as XLIFF 1.2, then give its first unit this reviewed English."""
    def change(folder: Path) -> None:
        import re

        from pipeline.api import export_release

        export_release(folder / "source.zh.json", "xliff12", folder / "source.zh.xlf", REPO / "glossary")
        text = (folder / "source.zh.xlf").read_text(encoding="utf-8")
        text = re.sub(r"<target[^>]*>.*?</target>|(?<=</source>)", f'<target state="final">{english}</target>',
                      text, count=1, flags=re.S)
        (folder / "source.zh.xlf").write_text(text, encoding="utf-8")
    return change


def no_shared_strings(xml: bytes) -> bytes:
    """Cells pointing at shared string 0 of a workbook that has no shared-strings part."""
    import re

    return re.sub(rb't="inlineStr"><is><t>[^<]*</t></is>', b't="s"><v>0</v>', xml)


def _lock_command(path: Path, lock: bool) -> list[str] | None:
    """Return how to make `path` unwritable (or writable again) here: chmod for a user, chattr for root."""
    if os.geteuid() != 0:
        return None
    return ["chattr", "+i" if lock else "-i", str(path)] if shutil.which("chattr") else None


def _can_lock() -> bool:
    """Whether this machine can make a file unwritable for us (root needs chattr and CAP_LINUX_IMMUTABLE)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "probe"
        probe.write_text("x")
        locked = lock(probe)
        unlocked = not locked or unlock(probe)
        return locked and unlocked


def lock(path: Path) -> bool:
    command = _lock_command(path, True)
    if command is None:
        if os.geteuid() == 0:
            return False
        path.chmod(0o555 if path.is_dir() else 0o444)
        return True
    if subprocess.run(command, capture_output=True).returncode:
        return False
    import atexit

    atexit.register(unlock, path)  # pytest must be able to delete its folders, whatever the case's outcome
    return True


def unlock(path: Path) -> bool:
    command = _lock_command(path, False)
    if command is None:
        path.chmod(0o755 if path.is_dir() else 0o644)
        return True
    return subprocess.run(command, capture_output=True).returncode == 0


def locked_memory(*args: str, folder: bool = False, tmx_body: str = ""):
    """A memory command on a memory whose file (or folder) cannot be written."""
    def make(work: Path) -> list:
        memory = with_memory(work)
        inputs = [write(work / "units.tmx", tmx(tmx_body)).name] if tmx_body else []
        lock(memory.parent if folder else memory)
        return ["memory", *args, *inputs, "--memory", memory.relative_to(work)]
    return make


def no_wal_files_and_unlocked(work: Path) -> None:
    home = work / "home"
    unlock(home)
    unlock(home / "m.sqlite")
    assert sorted(path.name for path in home.iterdir()) == ["m.sqlite"]  # no -wal/-shm left behind


PG_CLUSTERS: dict[Path, object] = {}


def postgres_stopped_mid_import(work: Path) -> list:
    """A throw-away PostgreSQL cluster that a watcher stops (pg_ctl stop -m fast) as soon as press's import
    transaction is writing 30,000 units."""
    import atexit
    import threading

    from postgres_support import Cluster, server_binary

    cluster = Cluster()
    atexit.register(cluster.stop)  # whatever the case's outcome (stopping twice is harmless)
    url = cluster.start()
    PG_CLUSTERS[work] = cluster
    write(work / "units.tmx", tmx("".join(tu(f"常德市第{n}次会议", f"Changde meeting {n}") for n in range(30_000))))

    def watch() -> None:
        import time

        import psycopg

        with psycopg.connect(url, autocommit=True) as db:
            for _ in range(3000):
                busy = db.execute("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND "
                                  "backend_type = 'client backend' AND xact_start IS NOT NULL AND "
                                  "query ILIKE '%INSERT%'").fetchone()[0]
                if busy:
                    break
                time.sleep(0.02)
        cluster.run(server_binary("pg_ctl"), "-D", str(cluster.data), "-m", "fast", "-w", "stop")

    threading.Thread(target=watch, daemon=True).start()
    return ["memory", "import", "units.tmx", "--memory", url]


def postgres_memory_unchanged(work: Path) -> None:
    """Started again, the server holds no unit of the interrupted import (its transaction was rolled back)."""
    import psycopg

    cluster = PG_CLUSTERS.pop(work)
    try:
        with psycopg.connect(cluster.serve()) as db:
            assert db.execute("SELECT count(*) FROM units").fetchone()[0] == 0
    finally:
        cluster.stop()


def _postgres_available() -> bool:
    from postgres_support import server_binary

    return bool(os.environ.get("CI") or server_binary("initdb"))


HARDEN2_LOCKED = _can_lock()


CASES = [
    # plain text
    Case("txt-empty", txt(""), 2, "empty"),
    Case("txt-binary", txt(bytes(range(256)) * 8), 2, "not a text file"),
    Case("txt-utf16-no-bom", txt(text_release(), encoding="utf-16-le"), 2, "not a text file"),
    Case("txt-utf8-headline-gbk-body", mixed_encodings, 2, "mixed text encodings"),
    Case("txt-bad-utf8-after-bom", txt(b"\xef\xbb\xbf" + HEADLINE.encode() + b"\n\n\xff\xfe\xfd\n"), 2,
         "byte-order mark"),
    Case("txt-headline-only", txt(HEADLINE + "\n"), 2, "no body paragraphs"),
    Case("txt-gbk-whole", txt(text_release(), encoding=GBK), 0, check=outputs_of("release")),
    Case("txt-over-input-bytes", txt(text_release(paragraphs=(BODY,) * 50)), 2, "[limits] input_bytes",
         limits={"input_bytes": 1000}),
    Case("txt-too-many-paragraphs", txt(text_release(paragraphs=(BODY,) * 60)), 2, "[limits] segments",
         limits={"segments": 50}),
    Case("txt-too-many-sentences", txt(text_release(paragraphs=(BODY * 60,))), 2, "[limits] segments",
         limits={"segments": 50}),
    Case("txt-segment-too-long", txt(text_release(paragraphs=("长" * 600 + "。",))), 2,
         "[limits] segment_chars", limits={"segment_chars": 500}),
    Case("txt-200000-short-lines", txt(HEADLINE + "\n\n" + "常德市召开会议\n" * 200_000), 2,
         "[limits] segment_chars"),
    Case("txt-one-line-of-1.5-million-characters", txt(HEADLINE + "\n\n" + "会议" * 750_000 + "\n"), 2,
         "[limits] segment_chars"),
    Case("txt-long-headline-kept-whole", txt(text_release(headline=LONG_HEADLINE)), 0,
         check=long_headline_kept),
    Case("txt-control-characters-in-text", txt(text_release(paragraphs=("双方\x1b[31m共互访\x0740批。",))), 0,
         check=outputs_of("release")),
    # Word
    Case("docx-not-a-zip", txt(b"PK\x03\x04 not really a zip", name="release.docx"), 2, "not a Word .docx"),
    Case("docx-no-document-part", docx_case(drop=("word/document.xml",)), 2, "not a readable Word .docx"),
    Case("docx-malformed-xml", docx_case(document_xml(paragraph(HEADLINE)).replace(b"</w:body>", b"")), 2,
         "not a readable Word .docx"),
    Case("docx-malformed-xml-jobs-2", jobs_two_with_a_broken_docx, 2, "not a readable Word .docx",
         new_files=True, check=outputs_of("good")),
    Case("docx-inflates-past-the-part-limit", docx_case(inflating_part(80 * 2**20)), 2,
         "[limits] docx_part_bytes"),
    Case("docx-inflation-ratio", docx_case(inflating_part(3 * 2**20)), 2, "[limits] docx_ratio"),
    Case("docx-zip-directory-lies", lambda work: translate(lying_docx(work / "release.docx").name), 2,
         "[limits] docx_part_bytes"),
    Case("docx-billion-laughs", docx_case(document_xml(
        paragraph(HEADLINE) + paragraph(BODY + "&e9;"), lol_dtd("w:document"))), 2, "amplification"),
    Case("docx-external-entity", docx_case(document_xml(
        paragraph(HEADLINE) + paragraph(BODY + "&x;"), external_dtd("w:document"))), 0,
        check=nothing_from("root:")),
    Case("docx-nested-too-deep", docx_case(document_xml(
        paragraph(HEADLINE) + "<w:sdt><w:sdtContent>" * 400 + paragraph(BODY) + "</w:sdtContent></w:sdt>" * 400)),
        2, "not a readable Word .docx"),
    Case("docx-no-text", docx_case(document_xml("<w:p/>")), 2, "no text"),
    Case("docx-too-many-paragraphs", docx_case(document_xml(paragraph(HEADLINE) + paragraph(BODY) * 80)), 2,
         "[limits] segments", limits={"segments": 50}),
    # saved web pages
    Case("html-empty", html("  \n"), 2, "empty"),
    Case("html-no-headline", html("<html><body><div id='zoom'><p>" + BODY + "</p></div></body></html>"), 2,
         "no headline"),
    Case("html-index-page", html(page("<ul>" + "<li><a href='/a'>常德市新闻标题一则</a></li>" * 30 + "</ul>")), 2,
         "no article text"),
    Case("html-nested-100000-deep", html(page(f"<h1>{HEADLINE}</h1>" + "<div>" * 100_000 + f"<p>{BODY}</p>"
                                              + "</div>" * 100_000)), 2, "no article text"),
    Case("html-billion-laughs", html(lol_dtd("html") + page(f"<h1>{HEADLINE}</h1><div id='zoom'><p>{BODY}&e9;"
                                                              "</p></div>")), 0,
         check=nothing_from("lollol", "page.json")),
    Case("html-over-input-bytes", html(page(f"<h1>{HEADLINE}</h1><div id='zoom'>" + f"<p>{BODY}</p>" * 100
                                            + "</div>")), 2, "[limits] input_bytes", limits={"input_bytes": 5000}),
    Case("html-link-text-is-not-the-address", html(page(
        f"<h1>{HEADLINE}</h1><div class='info'><span>来源：常德日报</span><span>原文链接：<a "
        f"href='http://www.changde.gov.cn/art/1.html'>点此查看</a></span></div><div id='zoom'><p>{BODY}</p></div>")),
        0, check=link_address_recorded),
    # office documents LibreOffice converts, PDFs, text on standard input
    *FORMAT_CASES,
    *CONFIG_CASES,
    *OVERWRITE_CASES,
    *CLEAN_CASES,
    *CRASH_CASES,
    # translation memory (TMX)
    Case("tmx-billion-laughs", memory_import(tmx(tu("你好", "&e9;"), lol_dtd("tmx"))), 2, "declares entities"),
    Case("tmx-external-entity", memory_import(tmx(tu("你好", "&x;"), external_dtd("tmx"))), 2,
         "declares entities"),
    Case("tmx-malformed", memory_import(tmx(tu("你好", "hello")).replace("</body>", "")), 2, "not well-formed"),
    Case("tmx-not-tmx", memory_import("<?xml version='1.0'?><html/>"), 2, "not <tmx>"),
    Case("tmx-missing", lambda work: ["memory", "import", "missing.tmx", "--memory", "home/m.sqlite"], 2,
         "not found"),
    Case("tmx-over-input-bytes", memory_import(tmx(tu("你好", "hello") * 200)), 2, "[limits] input_bytes",
         limits={"input_bytes": 2000}),
    # terminology (TBX, CSV, the glossary's own .tsv)
    Case("tbx-billion-laughs", glossary_import(tbx(prolog=lol_dtd("tbx")), "terms.tbx"), 2, "declares entities"),
    Case("tbx-malformed", glossary_import(tbx().replace("</body>", ""), "terms.tbx"), 2, "not well-formed"),
    Case("tbx-term-with-a-line-break", glossary_import(tbx(
        '<conceptEntry id="c1"><langSec xml:lang="zh"><termSec><term>测试术语</term></termSec></langSec>'
        '<langSec xml:lang="en"><termSec><term>test\nterm</term></termSec></langSec></conceptEntry>'),
        "terms.tbx"), 2, "control character"),
    Case("csv-line-break-in-a-cell", glossary_import('zh,en\n测试甲,"one\ntwo"\n', "terms.csv"), 2,
         "terms.csv:2: a cell holds a control character"),
    Case("csv-tab-in-a-cell", glossary_import("zh,en\n测试乙,one\ttwo\n", "terms.csv"), 2, "control character"),
    Case("csv-nul", glossary_import(b"zh,en\n\xe6\xb5\x8b\xe8\xaf\x95,a\x00b\n", "terms.csv"), 2,
         "terms.csv:2: binary data"),
    Case("csv-gbk", glossary_import("zh,en\n测试丙,test C\n", "terms.csv", GBK), 0, check=imported(1)),
    Case("csv-export-formulas", export_csv_with_formulas, 0, check=csv_neutralised),
    Case("glossary-tsv-binary", glossary_with("zz-binary.tsv", bytes(range(256)) * 4), 2, "zz-binary.tsv"),
    Case("glossary-tsv-gbk", glossary_with("zz-gbk.tsv", (
        "zh\ten\tkind\tvariants\tforbidden\tstatus\tsource\tnote\n测试县\tTest County\tcounty\t\t\tproposed\t"
        "seed\t\n").encode(GBK)), 0, check=outputs_of("release")),
    # review files
    Case("review-not-a-docx", reviewed(lambda folder: write(folder / "source.zh.review.docx", b"PK\x03\x04")),
         2, "not a Word .docx"),
    Case("review-malformed-xml", reviewed(replace_part(b"<w:document><w:body>")), 2, "not a readable Word .docx"),
    Case("review-billion-laughs", reviewed(replace_part(document_xml(paragraph("&e9;"), lol_dtd("w:document")))),
         2, "amplification"),
    # (the review file carries its release data: a missing .json matters only when --release names it)
    Case("review-json-missing", reviewed(lambda folder: (folder / "source.zh.json").unlink(),
                                         extra=("--release", "draft/source.zh.json")), 2, "missing"),
    Case("review-over-input-bytes", reviewed(lambda folder: None), 2, "[limits] input_bytes",
         limits={"input_bytes": 4000}),
    # (--accept-errors: engine none leaves every English cell empty, an error the QA guard stops an ingest for)
    Case("ingest-report-path-is-a-folder", reviewed(changes_report_is_a_folder, "ingest", ("--accept-errors",)), 2,
         "a folder has this name", new_files=True, check=memory_untouched),
    # XLIFF from a CAT tool (`press import`) and Excel glossaries: parsed as safely as TMX, TBX and CSV
    Case("xliff-billion-laughs", xliff_import(xliff(trans_unit("你好", "&e9;"), lol_dtd("xliff"))), 2,
         "declares entities"),
    Case("xliff-external-entity", xliff_import(xliff(trans_unit("你好", "&x;"), external_dtd("xliff"))), 2,
         "declares entities"),
    Case("xliff-malformed", xliff_import(xliff(trans_unit("你好", "hello")).replace("</body>", "")), 2,
         "not well-formed"),
    Case("xliff-over-input-bytes", xliff_import(xliff(trans_unit("你好", "hello") * 100)), 2,
         "[limits] input_bytes", limits={"input_bytes": 2000}),
    Case("xlsx-control-character", xlsx_import([["zh", "en"], ["测试丁", "one\x9btwo"]]), 2,
         "terms.xlsx:2: a cell holds a control character (U+009B)"),
    Case("xlsx-malformed-sheet", xlsx_import([["zh", "en"], ["测试戊", "test"]],
                                             lambda xml: xml.replace(b"</sheetData>", b"")), 2,
         "not a readable Excel .xlsx file"),
    # 3 MB of spaces after the sheet's root element (legal XML) compress ~1000×: refused by the zip directory
    Case("xlsx-inflation-ratio", xlsx_import([["zh", "en"], ["测试庚", "test"]], lambda xml: xml + b" " * 3_000_000),
         2, "[limits] docx_ratio"),
    Case("xlsx-billion-laughs", xlsx_import([["zh", "en"], ["测试己", "LAUGHS"]], lambda xml: (
        lol_dtd("worksheet").encode() + xml.replace(b"LAUGHS", b"&e9;"))), 2, "not a readable Excel .xlsx file"),
    # paths and names
    Case("path-missing-input", lambda work: translate("missing.txt"), 2, "no such file"),
    Case("path-unsupported-type", txt("x", name="release.pages"), 2, "unsupported file type"),
    Case("path-folder-without-releases", lambda work: translate((work / "empty").mkdir() or "empty"), 2,
         "no release files found"),
    Case("path-out-under-a-file", lambda work: translate(write(work / "release.txt", text_release()).name,
                                                           out=write(work / "afile", "x").name + "/out"),
         2, "cannot create the output folder"),
    Case("path-out-not-writable", lambda work: translate(write(work / "release.txt", text_release()).name,
                                                           out="/proc/1/out"), 2, "cannot create the output folder"),
    Case("path-output-name-is-a-folder", lambda work: (work / "out" / "release.json").mkdir(parents=True) or
         translate(write(work / "release.txt", text_release()).name), 2, "a folder has the name of this output"),
    Case("path-same-folder-in-and-out", lambda work: ["translate", write(work / "in" / "release.txt",
                                                                         text_release()).parent.name,
                                                      "-o", "in", "--engine", "none", "-q"], 0,
         new_files=True, check=outputs_of("release", "in")),
    Case("path-escape-in-file-name", txt(text_release(), name=ESC_NAME), 0,
         check=outputs_of("release\x1b[31m")),
    Case("path-escape-in-translator", lambda work: translate(write(work / "release.txt", text_release()).name,
                                                             extra=("--translator", "Wu\x1b[2J Yangyue")),
         2, "control character"),
    Case("path-memory-under-a-file", lambda work: translate(write(work / "release.txt", text_release()).name,
                                                            extra=("--memory", write(work / "afile", "x").name
                                                                   + "/m.sqlite")), 2, "translation memory"),
    Case("path-glossary-export-not-writable", lambda work: ["glossary", "export", "--format", "tbx", "-o",
                                                            "/proc/1/glossary.tbx"], 2, "cannot write here"),
    Case("path-memory-export-to-a-folder", lambda work: ["memory", "export", (work / "afolder").mkdir() or
                                                         "afolder", "--memory", "home/m.sqlite"], 2,
         "a folder has this name"),
    # issue 28, harden2
    # glossary files decoded like releases: short GBK rows read as GBK, not as Big5 mojibake (测试丙 -> 聆彸梡)
    Case("glossary-csv-gbk-one-row", glossary_import("zh,en\n测试丙,test C\n", "terms.csv", GBK), 0,
         check=imported_as(("测试丙", "test C"))),
    Case("glossary-csv-gbk-two-rows", glossary_import("zh,en\n测试丙,test C\n测试县,Test County\n", "terms.csv", GBK),
         0, check=imported_as(("测试丙", "test C"), ("测试县", "Test County"))),
    Case("glossary-csv-gbk-one-row-no-header", glossary_import("洛美市,Lomé\n", "terms.csv", GBK), 0,
         check=imported_as(("洛美市", "Lomé"))),
    Case("glossary-tsv-gbk-one-row-imported", glossary_import(GBK_TSV, "terms.tsv"), 0,
         check=imported_as(("测试县", "Test County"))),
    Case("glossary-tsv-gbk-one-row-matches", translate_with_gbk_glossary, 0, check=gbk_tsv_matches),
    Case("glossary-tsv-gbk-lint-clean", lint_with("zz-gbk.tsv", GBK_TSV), 0),
    Case("glossary-csv-gb18030-only-character", glossary_import("zh,en\n刘䶮,Liu Yan\n", "terms.csv", "gb18030"), 0,
         check=imported_as(("刘䶮", "Liu Yan"))),
    Case("glossary-csv-utf8-bom", glossary_import("\ufeffzh,en\n测试丙,test C\n", "terms.csv"), 0,
         check=imported_as(("测试丙", "test C"))),
    Case("glossary-csv-big5-two-rows", glossary_import("zh,en\n臺北市,Taipei\n高雄市,Kaohsiung\n", "terms.csv", "big5"),
         0, check=imported_as(("臺北市", "Taipei"), ("高雄市", "Kaohsiung"))),
    Case("glossary-csv-undecidable-bytes", glossary_import(b"zh,en\n\xe9t\xe9,summer\n", "terms.csv"), 2,
         "terms.csv: cannot tell the text encoding"),
    Case("glossary-tsv-undecidable-bytes-import", glossary_import(b"zh\ten\n\xe9t\xe9\tsummer\n", "terms.tsv"), 2,
         "terms.tsv: cannot tell the text encoding"),
    # (lint reports it among its findings, exit 1, as it reports any file it cannot read)
    Case("glossary-tsv-undecidable-bytes-lint", lint_with("zz-latin1.tsv", b"zh\ten\n\xe9t\xe9\tsummer\n"), 1),
    # imported English is bounded: [limits] unit_chars
    Case("tmx-target-of-5.28-million-characters", tmx_into_a_memory(tu("你好", "x" * 5_280_000)), 2,
         "units.tmx:1: 5,280,000 characters in the English of the unit (你好), over the limit of 20,000 — if the "
         "input is genuine, raise the limit in press.toml: [limits] unit_chars"),
    Case("tmx-chinese-over-unit-chars", tmx_into_a_memory(tu("你好", "hello") + tu("长" * 120, "long")), 2,
         "120 characters in the Chinese of the unit", limits={"unit_chars": 100}),
    Case("xliff-target-of-5.28-million-characters", reviewed(xliff_target_replaced("x" * 5_280_000), "import", (
        "--memory", "home/m.sqlite"), review="source.zh.xlf"), 2,
        "5,280,000 characters in the English of trans-unit 1 (p0.s1), over the limit of 20,000"),
    Case("xliff-check-target-over-unit-chars", reviewed(xliff_target_replaced("x" * 300), review="source.zh.xlf"), 2,
         "[limits] unit_chars", limits={"unit_chars": 200}),
    # spreadsheets: rows bounded, read a row at a time; a workbook without its shared strings
    Case("xlsx-rows-over-sheet-rows", xlsx_import([["zh", "en"]] + [[f"测试{n}号", f"test {n}"] for n in range(80)]), 2,
         "terms.xlsx:51: 51 rows or more in the sheet, over the limit of 50", limits={"sheet_rows": 50}),
    Case("xlsx-without-shared-strings", xlsx_import([["zh", "en"], ["测试辛", "test"]], no_shared_strings), 2,
         "terms.xlsx: not a readable Excel .xlsx file (a cell refers to a shared string"),
    # output encodings that cannot show Chinese
    Case("crash-memory-search-latin1-output", memory_command("search", "常德"), 0, env=LATIN1),
    Case("crash-memory-show-ascii-output", memory_command("show", "1"), 0, env=ASCII),
    Case("crash-memory-stats-ascii-output", memory_command("stats"), 0, env=ASCII),
    Case("crash-ingest-latin1-output", reviewed(lambda folder: None, "ingest", ("--accept-errors",)), 0, env=LATIN1,
         new_files=True),
    # credits: the one text-cleaning rule
    Case("clean-translate-translator-bel", lambda work: translate(write(work / "release.txt", text_release()).name,
                                                                  extra=("--translator", f"Wu{BEL}")), 2,
         "the translator credit holds a control character: U+0007 (BEL)"),
    Case("clean-translate-reviewer-c1", lambda work: translate(write(work / "release.txt", text_release()).name,
                                                               extra=("--reviewer", f"Li{CSI}")), 2,
         "the reviewer credit holds a control character: U+009B"),
    # memories that cannot be written: read without -wal/-shm files, writes refused with one line
    *([Case("memory-immutable-file-search", locked_memory("search", "常德"), 0, check=no_wal_files_and_unlocked),
       Case("memory-immutable-file-edit", locked_memory("edit", "1", "--en", "Changde City", "--reviewer", "Li"), 2,
            "home/m.sqlite: the translation memory is read-only", check=no_wal_files_and_unlocked),
       Case("memory-read-only-folder-show", locked_memory("show", "1", folder=True), 0,
            check=no_wal_files_and_unlocked),
       Case("memory-read-only-folder-import", locked_memory("import", folder=True, tmx_body=tu("你好", "hello")), 2,
            "the translation memory is read-only", check=no_wal_files_and_unlocked)] if HARDEN2_LOCKED else []),
    # the PostgreSQL server stopped while an import writes
    *([Case("memory-postgres-server-stopped-mid-import", postgres_stopped_mid_import, 2,
            "the PostgreSQL server went away", check=postgres_memory_unchanged)] if _postgres_available() else []),
]


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


CASES += families()  # the generated families: each kind of hostile input at every door it can come through


def files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


def contents_under(folder: Path) -> dict[Path, str]:
    """Return every file under `folder` (not a link to a program) with the sha256 of its bytes: what a refused
    command must leave as it was."""
    return {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in files_under(folder)
            if not path.is_symlink()}


@dataclass
class Outcome:
    code: int
    stderr: str
    before: set
    after: set
    contents_before: dict
    contents_after: dict
    stdout: str = ""


def run_case(case: Case, root: Path) -> Outcome:
    """Make the case's inputs in its own folder and run `press` on them in a memory-limited child."""
    work = root / case.id
    home = work / "home"
    home.mkdir(parents=True)
    if case.limits or case.toml:
        (home / "press.toml").write_text(case.toml or "[limits]\n" + "".join(
            f"{key} = {value}\n" for key, value in case.limits.items()))
    argv = case.make(work)
    # the case's stand-in programs (work/bin) are made before the files are counted: they are not the command's
    env = {**os.environ, "PRESS_HOME": str(home), "PYTHONPATH": str(REPO), **(case.env(work) if case.env else {})}
    before, contents_before = files_under(work), contents_under(work)
    env.pop("PRESS_GLOSSARY", None)
    command = [sys.executable, "-m", "pipeline", *map(str, argv)]
    if case.pipe:  # press's own exit code, its reader closing the pipe early
        command = ["bash", "-c", 'set -o pipefail; "$@" | ' + case.pipe + '; exit "${PIPESTATUS[0]}"', "-", *command]
    done = subprocess.run(command, cwd=work, env=env, preexec_fn=limit_memory, capture_output=True, timeout=300,
                          input=case.stdin)
    done = subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(errors="replace"),
                                       done.stderr.decode(errors="replace"))
    return Outcome(done.returncode, done.stderr, before, files_under(work), contents_before, contents_under(work),
                   done.stdout)


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory):
    """Every case selected (`-k config-` runs the config cases only) run once, two at a time (each is mostly a
    process start)."""
    root = tmp_path_factory.mktemp("hostile")
    selected = {item.callspec.params["case"].id for item in request.session.items  # other files' "case" are not Cases
                if getattr(item, "callspec", None) and isinstance(item.callspec.params.get("case"), Case)}
    with ThreadPoolExecutor(2) as pool:
        futures = {case.id: pool.submit(run_case, case, root) for case in CASES if case.id in selected}
    return {name: future.result() for name, future in futures.items()}, root


def test_the_corpus_is_large_and_covers_every_kind():
    kinds = {case.id.split("-")[0] for case in CASES}
    assert len(CASES) >= 300 and {"txt", "docx", "html", "doc", "pdf", "stdin", "tmx", "tbx", "csv", "review",
                                  "path", "control", "schema", "output", "id", "xml", "encoding", "empty"} <= kinds
    assert len({case.id for case in CASES}) == len(CASES), "two cases share an id"


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id, marks=pytest.mark.xfail(strict=True, reason=case.xfail)
                                                 if case.xfail else ()) for case in CASES])
def test_hostile_input(case, outcomes):
    results, root = outcomes
    outcome = results[case.id]
    # press's own one line, or argparse's (`press memory show: error: argument ID: invalid int value`)
    errors = [line for line in outcome.stderr.splitlines() if line.startswith("error:")
              or re.match(r"press( [a-z]+)*: error: ", line)]
    assert "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    assert "MemoryError" not in outcome.stderr, outcome.stderr[-3000:]
    assert outcome.code == case.code, outcome.stderr[-3000:]
    assert "\x1b" not in outcome.stderr + outcome.stdout  # control characters are escaped on the terminal
    if case.says:
        assert len(errors) == 1 and case.says in errors[0], outcome.stderr[-3000:]
    else:
        assert errors == [], outcome.stderr[-3000:]
    assert not [path for path in outcome.after if path.name.endswith(".part")]
    work = root / case.id
    if case.code != 0:  # every input, the memory and press.toml byte-identical after a refused command
        changed = [path.relative_to(work) for path, content in outcome.contents_before.items()
                   if outcome.contents_after.get(path) != content]
        assert changed == [], "changed by a refused command"
    if case.code != 0 and not case.new_files:  # nothing left behind by a failure ($PRESS_HOME may
        # hold the memory the command opened)
        assert sorted(path for path in outcome.after - outcome.before  # converter.pid: the hanging stand-in's
                      if work / "home" not in path.parents and path.name != "converter.pid") == [], "files left behind"
    if case.check is not None:
        case.check(work)
