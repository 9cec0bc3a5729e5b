"""Hostile term names, notes and file names in `press serve`: shown as text, never run as markup, never a path.

Each value goes in where a person could put it (a glossary entry, a memory unit, an uploaded file's name, a
URL) and every page that shows it must show it escaped: the raw markup must not appear in the HTML.
"""
from __future__ import annotations

import re
import time
import warnings
from pathlib import Path

import pytest
from web_support import CSRF, make_site

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from pipeline import api  # noqa: E402
from pipeline.web.server import create_app  # noqa: E402
from pipeline.web.workspace import safe_name  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TRAVERSAL = "../../etc/passwd"
HOSTILE = [SCRIPT, IMG, TRAVERSAL, "{{ 7*7 }}", "</textarea><script>alert(2)</script>", "javascript:alert(3)"]
RAW = re.compile(r"<script>alert|<img src=x|</textarea><script>|onerror=alert\(1\)>")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("hostile"))
    site.start()
    yield site, TestClient(create_app(site, {"testserver"}), follow_redirects=False)
    site.close()


def csrf(client, page="/releases") -> str:
    return CSRF.search(client.get(page).text).group(1)


def assert_escaped(html: str, value: str) -> None:
    assert not RAW.search(html), "raw markup in the page"
    assert "49" not in re.findall(r">\s*(\d+)\s*<", html) or value != "{{ 7*7 }}"  # no template injection


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", ["en", "note", "source"])
def test_a_hostile_glossary_value_is_shown_as_text(client, value, field):
    site, http = client
    zh = f"测试{HOSTILE.index(value)}{['en', 'note', 'source'].index(field)}号"
    data = {"csrf_token": csrf(http), "zh": zh, "en": "Test", "kind": "term", "status": "proposed",
            "source": "https://example.org", "note": "", "who": value} | {field: value}
    response = http.post("/glossary/entries", data=data)
    assert response.status_code in (303, 422), response.text
    for page in ("/glossary?q=" + zh, "/glossary/changes", response.headers.get("location", "/glossary")):
        assert_escaped(http.get(page).text, value)
    if response.status_code == 422:  # lint refused it: shown back in the form, escaped
        assert_escaped(response.text, value)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_memory_unit_is_shown_as_text(client, value):
    site, http = client
    with api.Memory(site.memory) as memory:
        memory.store(api.Unit(f"危险句子{HOSTILE.index(value)}。", value, origin="reviewed", reviewer=value))
        unit = memory.exact(f"危险句子{HOSTILE.index(value)}。")
    for page in (f"/memory?q=危险句子{HOSTILE.index(value)}", f"/memory/units/{unit.id}",
                 f"/memory/units/{unit.id}/delete", f"/memory/results?q={value}"):
        assert_escaped(http.get(page).text, value)


@pytest.mark.parametrize("name, stored", [
    (f"{TRAVERSAL}.txt", "passwd.txt"),
    ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
    (f"{SCRIPT}.txt", "script.txt"),  # the last part after "/"
    (f"{IMG}.txt", "img src_x onerror_alert(1).txt"),
    ("....txt", "release.txt"),
    (".hidden.txt", "hidden.txt"),
    ("常德 会议 (final).TXT", "常德 会议 (final).txt"),
    ("a\x00b\x1b[31m.txt", "a_b__31m.txt"),
])
def test_an_uploaded_name_becomes_a_safe_file_name(name, stored):
    assert safe_name(name, [".txt"]) == stored


@pytest.mark.parametrize("name", [f"{TRAVERSAL}.txt", f"{SCRIPT}.txt", f"{IMG}.txt", "../../../../tmp/x.txt"])
def test_a_hostile_file_name_is_stored_inside_its_job_folder_and_shown_escaped(client, name, tmp_path):
    site, http = client
    response = http.post("/releases", data={"csrf_token": csrf(http)},
                         files=[("files", (name, "常德市召开会议\n\n会议在常德举行。\n".encode(), "text/plain"))])
    location = response.headers["location"]
    job = site.runner.get(location.rsplit("/", 1)[1])
    folder = site.runner.shelf.folder(job.id)
    assert (folder / job.file).is_file() and folder.resolve() in (folder / job.file).resolve().parents
    deadline = time.monotonic() + 60
    while site.runner.get(job.id).state in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.1)
    for page in (location, "/releases", "/releases/rows"):
        assert_escaped(http.get(page).text, name)
    assert not Path("/tmp/x.txt").exists() or Path("/tmp/x.txt").stat().st_mtime < time.time() - 120


@pytest.mark.parametrize("path", [
    "/releases/..%2F..%2Fetc%2Fpasswd", "/releases/0123456789abcdef", "/releases/../../etc/passwd",
    "/static/..%2Fapp.py", "/static/../app.py", "/glossary/entries/..%2F..%2Fetc%2Fpasswd:1",
    "/glossary/entries/cities.tsv:99999", "/glossary/export/..%2F..%2Fetc%2Fpasswd", "/reviews/..%2Fx",
    "/memory/units/1%20or%201=1", "/glossary/proposals/..%2F..%2Fproposals.jsonl",
])
def test_a_path_from_the_url_is_never_a_file_path(client, path):
    _, http = client
    response = http.get(path)
    assert response.status_code in (400, 404) and b"root:" not in response.content
    assert "import " not in response.text


def test_a_download_kind_is_looked_up_never_joined(client):
    site, http = client
    job = site.runner.list()[-1]
    for kind in ("..%2F..%2Fetc%2Fpasswd", "record", "review.docx", "json%00"):
        assert http.get(f"/releases/{job.id}/download/{kind}").status_code == 404


def test_the_language_switch_is_no_open_redirect(client):
    _, http = client
    for target in ("//evil.example/", "https://evil.example/", "\\\\evil.example"):
        response = http.post("/language", data={"csrf_token": csrf(http), "lang": "zh", "next": target})
        assert response.headers["location"] == "/"
