"""`press serve` in-process, through the ASGI app (Starlette's TestClient): every page and its JSON, CSRF on every
POST, sign-in, the release round trip (upload → outputs → reviewed file → ingest), glossary and memory edits,
the UI languages, and hostile names, notes and file names (tests/test_web_browser.py drives a real browser)."""
from __future__ import annotations

import html
import io
import json
import re
import time
import warnings

import pytest
from conftest import REPO
from review_support import REVIEWED, fill
from web_support import CSRF, SAMPLE, make_site

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette would rather have httpx2; httpx is what the project has
    from starlette.testclient import TestClient

from pipeline import api  # noqa: E402
from pipeline.web.app import Site  # noqa: E402
from pipeline.web.auth import SignIn, add_user, sign_in_for  # noqa: E402
from pipeline.web.server import CSP, create_app  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def client_for(site: Site) -> TestClient:
    return TestClient(create_app(site, {"testserver"}), follow_redirects=False)


def token(client: TestClient, page: str = "/releases") -> str:
    return CSRF.search(client.get(page).text).group(1)


def wait_done(client: TestClient, location: str, seconds: float = 120.0) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = client.get(location + ".json").json()
        if data["job"]["state"] in ("done", "failed") and not data["job"]["step"]:
            return data
        time.sleep(0.1)
    raise AssertionError(f"{location} did not finish")


def upload(client: TestClient, files: list[tuple[str, bytes]], **fields) -> str:
    response = client.post("/releases", data={"csrf_token": token(client)} | fields,
                           files=[("files", (name, data, "text/plain")) for name, data in files])
    assert response.status_code == 303, response.text
    return response.headers["location"]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One site (engine none) with the Higashiomi sample translated, and a client signed in to nothing."""
    site = make_site(tmp_path_factory.mktemp("web"))
    site.start()
    client = client_for(site)
    location = upload(client, [("source.zh.txt", SAMPLE.read_bytes())], translator="Wu Yangyue")
    data = wait_done(client, location)
    assert data["job"]["state"] == "done", data["job"]["message"]
    yield site, client, location, data
    site.close()


# --- pages and their JSON --------------------------------------------------------------------------------------

PAGES = ["/releases", "/glossary", "/glossary?q=city&kind=city", "/glossary/new", "/glossary/proposals",
         "/glossary/changes", "/memory", "/memory?q=常德", "/signin"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_the_security_headers(served, page):
    _, client, _, _ = served
    response = client.get(page)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CSP and "'unsafe-inline'" not in CSP
    assert response.headers["x-frame-options"] == "DENY" and response.headers["x-content-type-options"] == "nosniff"
    assert '<script src="/static/htmx.min.js"' in response.text


@pytest.mark.parametrize("page, key", [("/releases.json", "jobs"), ("/glossary.json?q=Higashiomi", "entries"),
                                       ("/glossary/proposals.json", "pending"), ("/glossary/changes.json", "changes"),
                                       ("/memory.json", "stats")])
def test_each_page_is_also_json(served, page, key):
    _, client, _, _ = served
    response = client.get(page)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert key in response.json() and "csrf" not in response.json()


def test_the_release_page_shows_the_review_table_as_the_word_file_does(served):
    _, client, location, data = served
    assert [row["id"] for row in data["rows"]][:3] == ["p0.s1", "p1.s1", "p2.s1"]
    first = data["rows"][1]
    assert any(note["text"].startswith("glossary: 东近江市 → Higashiomi") for note in first["notes"])
    assert {row["status"] for row in data["rows"]} == {"untranslated"}  # engine none: nothing drafted
    html = client.get(location).text
    assert 'class="status-untranslated"' in html and "glossary: 常德市 → Changde" in html


@pytest.mark.parametrize("kind, check", [
    ("review", lambda content: b"word/document.xml" in content[:2000] or content[:2] == b"PK"),
    ("english", lambda content: content[:2] == b"PK"),
    ("json", lambda content: json.loads(content)["segments"][0]["id"] == "p0.s1"),
    ("xliff", lambda content: b"<xliff" in content and b'version="1.2"' in content)])
def test_every_output_downloads(served, kind, check):
    _, client, location, _ = served
    response = client.get(f"{location}/download/{kind}")
    assert response.status_code == 200 and check(response.content)
    assert "attachment" in response.headers["content-disposition"]


def test_the_review_docx_download_opens_in_python_docx(served):
    import docx

    _, client, location, _ = served
    document = docx.Document(io.BytesIO(client.get(f"{location}/download/review").content))
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header[:4] == ["ID", "中文", "English", "Notes"]
    assert document.tables[0].rows[1].cells[1].text == "常德与东近江市达成“友好城市协议”"


# --- CSRF, sign-in, hosts ---------------------------------------------------------------------------------------

POSTS = ["/releases", "/reviews", "/glossary/entries", "/memory/units/1", "/language", "/signin"]


@pytest.mark.parametrize("path", POSTS)
@pytest.mark.parametrize("csrf", ["", "0" * 40])
def test_every_post_needs_the_sessions_csrf_token(served, path, csrf):
    _, client, _, _ = served
    response = client.post(path, data={"csrf_token": csrf} if csrf else {})
    assert response.status_code == 403 and "did not come from this server" in response.text


def test_a_post_from_another_origin_is_refused(served):
    _, client, _, _ = served
    response = client.post("/language", data={"csrf_token": token(client), "lang": "zh"},
                           headers={"origin": "http://evil.example"})
    assert response.status_code == 403


def test_an_unknown_host_is_refused_dns_rebinding(served):
    site, _, _, _ = served
    response = TestClient(create_app(site), base_url="http://evil.example").get("/releases")
    assert response.status_code == 421


def test_another_address_refuses_to_start_without_sign_in(tmp_path):
    with pytest.raises(api.PipelineError, match="no sign-in"):
        sign_in_for("0.0.0.0")
    assert not sign_in_for("127.0.0.1").required and not sign_in_for("::1").required
    assert sign_in_for("0.0.0.0", token="auto").token  # made up, printed at start
    users = tmp_path / "users"
    add_user(users, "Li Na", "correct horse")
    assert users.read_text().startswith("Li Na:scrypt$") and "correct horse" not in users.read_text()
    assert sign_in_for("0.0.0.0", users=users).check("Li Na", "correct horse") == "Li Na"
    assert sign_in_for("0.0.0.0", users=users).check("Li Na", "wrong horse") is None


def test_with_a_token_every_page_asks_to_sign_in_first(tmp_path):
    site = make_site(tmp_path)
    site.sign_in = SignIn(token="s3cret-token")
    client = client_for(site)
    assert client.get("/glossary").headers["location"] == "/signin"
    assert client.get("/glossary.json").status_code == 401
    csrf = token(client, "/signin")
    assert client.post("/signin", data={"csrf_token": csrf, "secret": "nope"}).status_code == 401
    assert client.post("/signin", data={"csrf_token": csrf, "name": "Li Na", "secret": "s3cret-token"}
                       ).status_code == 303
    page = client.get("/glossary")
    assert page.status_code == 200 and "Li Na" in page.text


# --- languages ------------------------------------------------------------------------------------------------

def test_the_ui_language_follows_the_browser_and_the_switch(served):
    site, _, _, _ = served
    client = client_for(site)
    assert "术语表" in client.get("/glossary", headers={"accept-language": "zh-CN,zh;q=0.9,en;q=0.8"}).text
    assert ">Glossary<" in client.get("/glossary", headers={"accept-language": "de-DE,en;q=0.5"}).text
    client.post("/language", data={"csrf_token": token(client), "lang": "zh", "next": "/memory"})
    assert "翻译记忆库" in client.get("/memory", headers={"accept-language": "en"}).text


def test_the_zh_catalog_translates_every_message_of_the_templates():
    from tools.web_messages import missing, template_messages, updated

    assert missing(updated("zh", template_messages())) == []


def test_no_template_holds_an_inline_script_or_style():
    templates = (REPO / "pipeline" / "web" / "templates").glob("*.html")
    for path in templates:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path.name
        assert not re.search(r"\son[a-z]+\s*=|\sstyle\s*=|<style|javascript:", text, re.IGNORECASE), path.name


# --- uploads --------------------------------------------------------------------------------------------------

def test_a_file_press_cannot_read_is_refused_and_nothing_is_queued(served):
    site, client, _, _ = served
    before = len(site.runner.list())
    response = client.post("/releases", data={"csrf_token": token(client)},
                           files=[("files", ("notes.exe", b"MZ", "application/octet-stream"))])
    assert response.status_code == 400 and "not a file this page reads" in response.text
    assert len(site.runner.list()) == before


def test_an_upload_over_the_limit_is_refused(tmp_path):
    site = make_site(tmp_path, limits=api.Config().limits.__class__(input_bytes=1000))
    client = client_for(site)
    response = client.post("/releases", data={"csrf_token": token(client)},
                           files=[("files", ("big.txt", "常德。\n".encode() * 150, "text/plain"))])
    assert response.status_code == 400 and "over the limit" in response.text
    response = client.post("/releases", data={"csrf_token": token(client)},
                           files=[("files", (f"r{n}.txt", b"x" * 900, "text/plain")) for n in range(6)])
    assert response.status_code == 413


def test_a_batch_of_files_runs_on_and_a_bad_file_fails_alone(served):
    site, client, _, _ = served
    upload(client, [("one.txt", "常德市召开会议\n\n常德市副市长出席会议。\n".encode()), ("empty.txt", b""),
                    ("two.txt", "东近江市代表团访问常德\n\n双方签署协议。\n".encode())])
    deadline = time.monotonic() + 60
    while any(job.state in ("queued", "running") or job.step for job in site.runner.list()) and time.monotonic() < deadline:
        time.sleep(0.1)
    states = {job.name: (job.state, job.message) for job in site.runner.list()}
    assert states["one.txt"][0] == "done" and states["two.txt"][0] == "done"
    assert states["empty.txt"][0] == "failed" and "empty" in states["empty.txt"][1]


def test_the_event_stream_sends_every_jobs_state(served):
    site, _, _, _ = served
    version, text = site.runner.poll(-1)
    assert json.loads(text)[-1]["name"] == "source.zh.txt" and site.runner.poll(version) == (version, None)


def test_finished_jobs_are_listed_again_after_a_restart(served):
    site, _, _, _ = served
    again = Site(site.config, site.workspace)
    assert {job.id: job.state for job in again.runner.list()} == {job.id: job.state for job in site.runner.list()}


# --- the reviewed file comes back ------------------------------------------------------------------------------

def reviewed_docx(client, location, tmp_path, notes=None) -> bytes:
    path = tmp_path / "source.zh.review.docx"
    path.write_bytes(client.get(f"{location}/download/review").content)
    fill(path, notes=notes or {})
    return path.read_bytes()


def test_a_reviewed_docx_is_checked_then_ingested_with_the_reviewers_name(served, tmp_path):
    site, client, location, _ = served
    response = client.post("/reviews", data={"csrf_token": token(client)},
                           files=[("file", ("source.zh (Li Na).docx", reviewed_docx(client, location, tmp_path), DOCX))])
    review = response.headers["location"]
    page = client.get(review + ".json").json()
    assert page["blocked"] == [] and {row["status"] for row in page["rows"]} == {"reviewed"}
    csrf = token(client, review)
    response = client.post(review + "/ingest", data={"csrf_token": csrf, "reviewer": ""})
    assert response.status_code == 400 and "who reviewed" in response.text  # the name is asked for
    response = client.post(review + "/ingest", data={"csrf_token": csrf, "reviewer": "Li Na"})
    assert response.status_code == 303
    ingested = client.get(review + ".json").json()["review"]["ingested"]
    assert ingested["by"] == "Li Na" and ingested["stored"]["added"] == 8
    english = client.get(review + "/download/english")
    assert english.status_code == 200 and english.content[:2] == b"PK"
    hits = client.get("/memory.json?q=Higashiomi").json()["hits"]
    assert hits and hits[0]["reviewer"] == "Li Na" and hits[0]["origin"] == "reviewed"


def test_an_unacknowledged_error_blocks_the_ingest_and_an_acknowledgement_lets_it_pass(served, tmp_path):
    _, client, location, _ = served
    wrong = {**REVIEWED, "p2.s1": REVIEWED["p2.s1"].replace("40 delegation", "41 delegation")}

    def returned(name: str, notes: dict) -> str:
        path = tmp_path / name
        path.write_bytes(client.get(f"{location}/download/review").content)
        fill(path, wrong, notes=notes)
        response = client.post("/reviews", data={"csrf_token": token(client)},
                               files=[("file", (name, path.read_bytes(), DOCX))])
        return response.headers["location"]

    review = returned("wrong.docx", {})
    assert [issue["check"] for issue in client.get(review + ".json").json()["blocked"]] == ["numbers_match"]
    refused = client.post(review + "/ingest", data={"csrf_token": token(client, review), "reviewer": "Li Na"})
    assert refused.status_code == 409 and "Not ingested" in refused.text
    assert "ingested" not in client.get(review + ".json").json()["review"]
    review = returned("acknowledged.docx", {"p2.s1": "ok: numbers_match — the source is wrong"})
    page = client.get(review + ".json").json()
    assert page["blocked"] == []
    assert [i["acknowledged"] for i in page["issues"] if i.get("acknowledged")] == ["the source is wrong"]


# --- glossary and memory in the pages --------------------------------------------------------------------------

def form_of(client, page):
    html = client.get(page).text
    fields = dict(re.findall(r'<input name="(\w+)" value="([^"]*)"', html))
    fields.update(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    return fields, html


def test_an_entry_edited_from_two_pages_gives_the_second_a_conflict(served):
    site, client, _, _ = served
    key = api.entry_key(api.search_glossary(site.glossary, "zh:东近江市").entries[0])
    page = f"/glossary/entries/{key}"
    fields, _ = form_of(client, page)
    base = {name: fields.get(name, "") for name in ("zh", "en", "variants", "source", "version", "csrf_token")}
    base |= {"kind": "city", "status": "approved", "who": "Li Na"}
    first = client.post(page, data=base | {"en": "Higashi-Omi"})
    assert first.status_code == 303
    second = client.post(page, data=base | {"en": "Higashiomi City", "who": "Wu Yangyue"})
    assert second.status_code == 409 and "Someone else changed this entry" in second.text
    assert "Higashi-Omi" in second.text and "Higashiomi City" in second.text  # theirs and mine side by side
    assert api.glossary_entry(site.glossary, key).en == "Higashi-Omi"
    problem = client.post(page, data=base | {"version": form_of(client, page)[0]["version"], "source": ""})
    assert problem.status_code == 422 and 'class="field-error">empty source' in problem.text
    client.post(page, data=base | {"version": form_of(client, page)[0]["version"], "en": "Higashiomi"})


def test_an_entrys_english_variants_are_shown_and_kept_by_a_save_from_its_page(served):
    site, client, _, _ = served
    key = api.entry_key(next(e for e in api.search_glossary(site.glossary, "zh:美国").entries if e.zh == "美国"))
    page = f"/glossary/entries/{key}"
    fields, _ = form_of(client, page)
    assert fields["en_variants"] == "U.S. | US | American"
    saved = {name: fields.get(name, "") for name in ("zh", "en", "variants", "forbidden", "source", "en_variants",
                                                    "version", "csrf_token")}
    response = client.post(page, data=saved | {"kind": "country", "status": "approved", "who": "Li Na",
                                               "note": "checked again 2026"})
    assert response.status_code == 303
    kept = api.glossary_entry(site.glossary, key)
    assert (kept.note, kept.en_variants) == ("checked again 2026", ("U.S.", "US", "American"))


def test_a_memory_unit_is_edited_with_its_reviewer_and_deleted_after_confirmation(served):
    site, client, _, _ = served
    with api.Memory(site.memory) as memory:
        memory.store(api.Unit("东近江市的柑橘。", "Citrus of Higashiomi.", origin="engine"))
        unit_id = memory.exact("东近江市的柑橘。").id
    page = f"/memory/units/{unit_id}"
    csrf = token(client, page)
    assert client.post(page, data={"csrf_token": csrf, "en": "Higashiomi citrus.", "reviewer": ""}).status_code in (303, 422)
    response = client.post(page, data={"csrf_token": csrf, "en": "Higashiomi citrus.", "reviewer": "Zhou Min"})
    assert response.status_code == 303
    shown = client.get(page + ".json").json()["unit"]
    assert (shown["en"], shown["reviewer"], shown["origin"]) == ("Higashiomi citrus.", "Zhou Min", "reviewed")
    hits = client.get("/memory/results?q=citrus").text
    assert "<mark>citrus</mark>" in hits
    assert client.post(page + "/delete", data={"csrf_token": csrf}).status_code == 400  # not confirmed
    assert client.post(page + "/delete", data={"csrf_token": csrf, "confirm": "yes"}).status_code == 303
    assert client.get(page).status_code == 400


def test_glossary_exports_download(served):
    _, client, _, _ = served
    for fmt, start in (("tbx", b"<?xml"), ("csv-deepl", "常德市".encode()), ("xlsx", b"PK")):
        response = client.get(f"/glossary/export/{fmt}")
        assert response.status_code == 200 and start in response.content[:400]
    assert client.get("/glossary/export/pdf").status_code == 404


def test_a_release_with_a_new_name_proposes_it(served):
    site, client, _, _ = served
    location = upload(client, [("visit.txt", "特梅尔访问常德市\n\n巴西前总统特梅尔访问常德市。\n".encode())])
    assert wait_done(client, location)["job"]["state"] == "done"
    pending = client.get("/glossary/proposals.json").json()["pending"]
    assert any(item["zh"] == "特梅尔" and "visit.txt" in item["context"] for item in pending)
    # the page shows where each proposal's English came from (issue 31: the evidence beside the name)
    page = html.unescape(client.get("/glossary/proposals").text)
    assert all(item["source"] and item["source"] in page for item in pending)


def test_an_xliff_file_comes_back_like_a_review_docx(served):
    _, client, location, _ = served
    xliff = client.get(f"{location}/download/xliff").content
    response = client.post("/reviews", data={"csrf_token": token(client)},
                           files=[("file", ("source.zh.xlf", xliff, "application/x-xliff+xml"))])
    assert response.status_code == 303
    page = client.get(response.headers["location"] + ".json").json()
    assert [row["id"] for row in page["rows"]][:2] == ["p0.s1", "p1.s1"]
    assert {issue["check"] for issue in page["blocked"]} == {"not_empty"}  # nothing translated yet: refused


# --- the command ------------------------------------------------------------------------------------------------

def test_press_serve_refuses_another_address_without_sign_in(run_cli):
    result = run_cli(["serve", "--host", "0.0.0.0", "--engine", "none"])
    assert result.code == 2 and "no sign-in is set" in result.stderr and "--token auto" in result.stderr
    result = run_cli(["serve", "--add-user", "Li Na"])
    assert result.code == 2 and "--users" in result.stderr


def test_press_serve_starts_prints_its_address_and_serves(tmp_path):
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"PRESS_HOME": str(tmp_path), "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    server = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--port", str(port), "--engine", "none",
                               "--workspace", str(tmp_path / "web"), "--memory", str(tmp_path / "m.sqlite")],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        line = server.stdout.readline()
        assert line.startswith(f"press serve: http://127.0.0.1:{port}/") and "sign-in: none" in line
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/releases")
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None, server.stderr.read()
                time.sleep(0.1)
        assert response.status_code == 200 and "press_session" in response.headers["set-cookie"]
    finally:
        server.terminate()
        server.wait(20)
