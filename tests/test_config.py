"""press.toml is a schema: every key typed and checked on load, unknown names refused with the nearest valid one."""
from __future__ import annotations

import re

import pytest
from conftest import REPO

from pipeline import config as config_module
from pipeline.config import SCHEMA, Config, Limits
from pipeline.errors import PipelineError

BAD = [
    # (press.toml, the line of the error, what the message must hold) — issue 28 item 5 first
    ("[engine]\nname = 5\n", 2, '[engine] name = 5 is not one of "none", "llama", "openai"'),
    ("engine = 5\n", 1, "engine = 5 is not a section — write [engine]"),
    ('paths = "x"\n', 1, 'paths = "x" is not a section'),
    ("[paths]\nmemory = 5\n", 2, "[paths] memory = 5 is not a file path"),
    ('[paths]\nglossary = ["a", "b"]\n', 2, '[paths] glossary = ["a", "b"] is not a folder path'),
    ('[credits]\ntranslator = ["Wu"]\n', 2, '[credits] translator = ["Wu"] is not a name'),
    ('[normalise]\nopencc = "x2y"\n', 2, '[normalise] opencc = "x2y" is not one of "auto"'),
    ('[engine]\nconcurrency = "four"\n', 2, '[engine] concurrency = "four" is not a whole number from 1 to 64'),
    ('[segment]\nsplit_semicolon = "no"\n', 2, '[segment] split_semicolon = "no" is not true or false'),
    ("[limit]\nsegments = 3\n", 1, "unknown section [limit] — did you mean [limits]?"),
    ('[paths]\nmemroy = "m.sqlite"\n', 2, "unknown setting memroy in [paths] — did you mean memory?"),
    # further ones a careless hand writes
    ('memory = "m.sqlite"\n', 1, 'memory = "m.sqlite" is outside its section — write it below [paths]'),
    ("[engine]\nconcurrency = 0\n", 2, "concurrency = 0 is not a whole number from 1 to 64"),
    ("[engine]\nconcurrency = 5000\n", 2, "concurrency = 5000 is not a whole number from 1 to 64"),
    ('[engine]\ndrafting = "paragraphs"\n', 2, 'is not one of "paragraph", "sentence" — did you mean "paragraph"?'),
    ('[engine]\nname = "lama"\n', 2, 'did you mean "llama"?'),
    ('[engine]\nbase_url = "ftp://host/v1"\n', 2, "is not an http:// or https:// address"),
    ('[engine]\napi_key_env = "my key"\n', 2, "is not the name of an environment variable"),
    ('[engine]\nmodel = ""\n', 2, 'model = "" is not a file path or a model name'),
    ("[run]\nquiet = 1\n", 2, "[run] quiet = 1 is not true or false"),
    ('[credits]\nreviewer = "Li\\u001b[2J Na"\n', 2, 'reviewer = "Li\\u001b[2J Na" is not a name'),
    ("[paths]\ndictionary = 3\n", 2, "[paths] dictionary = 3 is not the path of a CC-CEDICT file"),
    ('[languages]\nsource = "fr"\n', 2, "is not a simplified Chinese language tag"),
    ("[limits]\nsegment = 10\n", 2, "unknown setting segment in [limits] — did you mean segments?"),
    ("[limits]\nsegments = -1\n", 2, "[limits] segments = -1 is not a positive whole number"),
    ("[limits]\npdf_pages = 1.5\n", 2, "[limits] pdf_pages = 1.5 is not a positive whole number"),
    ('[engine]\nname = "none"\nmemory = "m.sqlite"\n', 3, "memory belongs in [paths]"),
    ("[Engine]\n", 1, "unknown section [Engine] — did you mean [engine]?"),
    ("[engine.extra]\nx = 1\n", 1, "unknown setting extra in [engine]"),
]


@pytest.mark.parametrize("toml, line, message", BAD, ids=[toml.split("\n")[-2][:30] for toml, _, _ in BAD])
def test_a_bad_setting_is_one_line_naming_file_line_and_fix(tmp_path, toml, line, message):
    path = tmp_path / "press.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(PipelineError) as raised:
        config_module.load(path=path)
    shown = str(raised.value)
    assert shown.startswith(f"{path}:{line}: ") and message in shown and " — " in shown, shown
    assert "\n" not in shown and "\x1b" not in shown


def test_every_setting_and_every_limit_is_typed():
    assert set(SCHEMA["limits"]) == {field for field in Limits.__dataclass_fields__}
    fields = {setting.field for keys in SCHEMA.values() for setting in keys.values()}
    assert fields | {"limits", "extra"} >= set(Config.__dataclass_fields__) - set(Limits.__dataclass_fields__)


def test_good_settings_load_typed(tmp_path):
    path = tmp_path / "press.toml"
    path.write_text('[engine]\nname = "none"\nconcurrency = 8\ndrafting = "sentence"\n[paths]\nmemory = "m.sqlite"\n'
                    'dictionary = "cedict_ts.u8"\n[segment]\nsplit_semicolon = true\n[credits]\ntranslator = "Wu"\n'
                    '[languages]\ntarget = "en-GB"\n[limits]\npdf_pages = 10\n', encoding="utf-8")
    config = config_module.load(path=path)
    assert (config.engine, config.concurrency, config.drafting, config.memory, config.dictionary) == (
        "none", 8, "sentence", "m.sqlite", "cedict_ts.u8")
    assert config.split_semicolon is True and config.translator == "Wu" and config.target_language == "en-GB"
    assert config.limits == Limits(pdf_pages=10)


@pytest.mark.parametrize("overrides, message", [
    ({"engine": "lama"}, '--engine "lama" is not one of'),
    ({"opencc": "x2y"}, '--opencc "x2y" is not one of'),
])
def test_command_line_choices_are_checked_by_the_same_schema(tmp_path, overrides, message):
    (tmp_path / "press.toml").write_text("", encoding="utf-8")
    with pytest.raises(PipelineError, match=re.escape(message)):
        config_module.load(overrides, path=tmp_path / "press.toml")


def test_every_key_is_documented():
    text = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")
    table = text[text.index("## press.toml"):text.index("## Limits")]
    for section, keys in SCHEMA.items():
        assert f"`[{section}]`" in table
        for key in keys if section != "limits" else ():
            assert f"`{key}`" in table, key
    limits = text[text.index("## Limits"):]
    for name, default in vars(Limits()).items():
        assert f"| `{name}` | {default:,}" in limits, name
