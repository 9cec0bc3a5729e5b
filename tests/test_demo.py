"""`make demo` with the real model: the Higashiomi sample drafted with every glossary name right."""
from __future__ import annotations

import json

import pytest

from conftest import REPO
from engine_support import CountingEngine, llama_engine, model_file  # noqa: F401  (fixtures)
from pipeline import runner
from pipeline.stages.assemble import headline_text
from pipeline.cli import main
from pipeline.names.headline import title_case
from pipeline.ooxml import open_document
from pipeline.stages.check import HAN, term_used

SAMPLE = REPO / "samples" / "changde-higashiomi-2021" / "source.zh.txt"


@pytest.fixture
def counted_engine(llama_engine, model_file, tmp_path, monkeypatch):
    """The session's model behind a call counter, in a fresh $PRESS_HOME: an empty draft cache and
    memory (the model file itself is the session's, through a `models` link), so no earlier run's
    drafts can answer for the model."""
    home = tmp_path / "press-home"
    home.mkdir()
    (home / "models").symlink_to(model_file.parent, target_is_directory=True)
    monkeypatch.setenv("PRESS_HOME", str(home))
    counting = CountingEngine(llama_engine)
    monkeypatch.setattr(runner, "make_engine", lambda name, **options: counting)
    return counting


@pytest.mark.slow
def test_demo_drafts_every_glossary_name(counted_engine, tmp_path):
    # the same command as `make demo`, with a fresh memory and draft cache
    argv = ["translate", str(SAMPLE), "-o", str(tmp_path / "out"), "--translator", "Wu Yangyue", "--quiet"]
    assert main(argv) == 0
    assert (tmp_path / "press-home" / "cache" / "drafts.sqlite3").is_file()  # the fresh cache was used
    data = json.loads((tmp_path / "out" / "source.zh.json").read_text(encoding="utf-8"))
    segments = [seg for seg in data["segments"] if seg["zh"].strip()]
    assert len(segments) == 8 and all(seg["origin"] == "engine" for seg in segments)
    # the model drafted every segment in this run: none came from a cache or a memory. Paragraph drafting
    # sends a paragraph's sentences in one request (zh: their concatenation), so every segment's Chinese is
    # in some request, and there is at least one request per paragraph
    assert all(any(seg["zh"] in source for source in counted_engine.sources) for seg in segments)
    assert counted_engine.calls >= len({seg["id"].split(".")[0] for seg in segments})
    # the headline in the house's title case (issue 34; the repair stage makes it so), checked before the terms
    headline = segments[0]
    assert headline["id"] == "p0.s1" and title_case(headline["en"]) == headline["en"], headline["en"]
    terms = [(seg["id"], term["zh"], term["en"]) for seg in segments for term in seg["terms"]]
    assert len(terms) >= 30
    missing = [(sid, zh, en) for sid, zh, en in terms
               if not term_used(en, next(s["en"] for s in segments if s["id"] == sid))]
    assert missing == []
    assert not any(HAN.search(seg["en"]) for seg in segments)
    assert [issue for issue in data["issues"] if issue["severity"] == "error"] == []
    # the clean English release carries every drafted sentence and the credit
    text = "\n".join(p.text for p in open_document(tmp_path / "out" / "source.zh.en.docx").paragraphs)
    assert "Higashiomi" in text and "Translator: Wu Yangyue" in text
    # (the headline as the house style prints it: without a final full stop)
    assert all((headline_text(seg["en"]) if seg["id"] == "p0.s1" else seg["en"]) in text for seg in segments)
