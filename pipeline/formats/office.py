"""Word 97 .doc, Kingsoft WPS .wps, .rtf, OpenDocument .odt and macro-enabled .docm: converted to .docx
by LibreOffice (`soffice --headless --convert-to docx`), then read by the .docx reader.

Each conversion runs in a temporary folder with a profile of its own (parallel conversions never
share one), macros disabled and links to other files or the network never followed, under [limits]
convert_seconds; the file is checked against [limits] before (input_bytes) and after (input_bytes,
then the .docx reader's zip checks). A ".doc" that is really a web page — what many government sites
serve as "Word download" — is read as the page it is, never handed to LibreOffice.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from ..config import Limits
from ..errors import InputError, PipelineError
from ..model import Release
from . import docx, tools, txt

EXTENSIONS = (".doc", ".wps", ".rtf", ".odt", ".docm")
INSTALL = ("install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui), "
           "or open the file in Word or WPS and save it as .docx")
SAVE_AS_DOCX = "open it in Word or WPS and save it as .docx"
OLE2, RTF, ZIP = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf", b"PK\x03\x04"
_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body|div|p|table|title)\b",
                   re.IGNORECASE | re.DOTALL)
# a private profile that runs no macro and loads nothing a document links to (LibreOffice's registry)
_SETTINGS = {
    "/org.openoffice.Office.Common/Security/Scripting": {"MacroSecurityLevel": "3", "DisableMacrosExecution": "true",
                                                         "BlockUntrustedRefererLinks": "true"},
    "/org.openoffice.Office.Common/Misc": {"UseLocking": "false"},
    "/org.openoffice.Office.Writer/Content/Update": {"Link": "2"},  # links to other files: never updated
}


def kind_of(head: bytes) -> str:
    """Return what the first bytes of a file are: ole2 | rtf | zip | html | mime | other."""
    data = head.removeprefix(b"\xef\xbb\xbf")
    if data.startswith(OLE2):
        return "ole2"
    if data.lstrip().startswith(RTF):
        return "rtf"
    if data.startswith(ZIP):
        return "zip"
    if _HTML.match(data[:4096]):
        return "html"
    if re.match(rb"\s*(?:MIME-Version|Content-Type)\s*:", data[:1024], re.IGNORECASE):
        return "mime"
    return "other"


def _profile(folder: Path) -> Path:
    """Write a LibreOffice user profile with the settings above into `folder`; return its folder."""
    items = "".join(f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value>'
                    f"</prop></item>\n"
                    for path, props in _SETTINGS.items() for name, value in props.items())
    user = folder / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n", encoding="utf-8")
    return folder


def convert(path: Path, limits: Limits) -> tuple[Path, str, Path]:
    """Return (the .docx LibreOffice made of `path`, its version, the temporary folder to remove)."""
    soffice = tools.find(("soffice", "libreoffice"), "LibreOffice", INSTALL, path)
    work = Path(tempfile.mkdtemp(prefix="press-convert-"))
    try:
        # a plain name: LibreOffice names its output after the input, and options look like file names
        source = work / f"input{path.suffix.lower()}"
        shutil.copyfile(path, source)
        done = tools.run([soffice, f"-env:UserInstallation={_profile(work / 'profile').as_uri()}", "--headless",
                          "--norestore", "--nologo", "--nodefault", "--nolockcheck", "--convert-to",
                          "docx:MS Word 2007 XML", "--outdir", str(work / "out"), str(source)],
                         limits=limits, path=path, what="LibreOffice", fix=SAVE_AS_DOCX)
        result = work / "out" / "input.docx"
        if done.returncode != 0 or not result.is_file():
            raise tools.failed(done, "LibreOffice could not convert the file", path,
                               "check that it opens in Word or WPS, then save it as .docx")
        limits.check_size(result)
        return result, tools.version(soffice), work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def read(path: Path, limits: Limits | None = None) -> Release:
    """Return the Release in an office document other than .docx (converted by LibreOffice)."""
    limits = limits or Limits()
    kind = kind_of(txt.read_bytes(path)[:4096])  # a missing, unreadable or empty file: one error line
    if kind == "html":
        from . import read_as  # the page's own reader (a WeChat page stays a WeChat page)

        return read_as(path, ".html", limits)
    if kind == "mime":
        raise InputError(f"this {path.suffix} is a saved web archive (MHTML), not a document", path,
                         hint=SAVE_AS_DOCX)
    if kind == "other":
        raise InputError(f"this is not a {path.suffix} document (no Word, RTF or OpenDocument content)", path,
                         hint=f"if it is text, rename it to .txt; else {SAVE_AS_DOCX}")
    converted, program_version, work = convert(path, limits)
    try:
        release = docx.read(converted, limits)
    except PipelineError as error:
        error.path = str(path)  # the user's file, not our temporary copy
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    signature = {**release.signature, "converted": f"libreoffice {program_version} from {path.suffix.lower()}"}
    return replace(release, path=path, signature=signature)
