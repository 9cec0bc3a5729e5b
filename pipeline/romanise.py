"""Automatic romanisation hints for names the glossary does not cover. The only pypinyin import.

Only Chinese names get pinyin (name_kinds.classify decides); a foreign, Japanese or Korean name gets
a reviewer note instead, and rendering_of() finds the draft's English for it by sound.
"""
from __future__ import annotations

import re
from dataclasses import replace

from . import name_kinds
from .context import Context
from .model import NameHint, Release, Segment

# two-character surnames that must not be cut after the first syllable
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
                     "夏侯", "令狐", "司徒", "宇文", "端木", "轩辕", "独孤", "南宫", "西门", "澹台")
# surnames read differently from the same character in ordinary words (单 shàn, not dān)
SURNAME_READINGS = {"单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha",
                    "朴": "piao", "盖": "ge", "乐": "yue", "缪": "miao", "覃": "qin", "翟": "zhai",
                    "种": "chong", "繁": "po", "尉迟": "yuchi", "万俟": "moqi"}
PLACE_SUFFIXES = {"省": "Province", "市": "", "县": "County", "区": "District", "镇": "Town",
                  "乡": "Township", "村": "Village"}


def _join(syllables: list[str]) -> str:
    """Return syllables written as one word, with an apostrophe before a/o/e: Xi'an, Tian'anmen."""
    word = ""
    for syllable in syllables:
        if word and syllable[:1] in "aoe":
            word += "'"
        word += syllable
    return word.capitalize()


def _syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin  # imported on first use: ~0.5 s that `press --help` skips

    return [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore", v_to_u=True) if s]


def syllables(text: str) -> list[str]:
    """Return the toneless pinyin syllables of the Han characters of `text` ("特梅尔" -> te, mei, er)."""
    return _syllables(text)


def readings(char: str) -> list[str]:
    """Return every toneless pinyin reading of one character (重: zhong, chong)."""
    from pypinyin import Style, pinyin

    return [r for r in pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")[0] if r] if char else []


def romanise(word: str, tag: str) -> str:
    """Return the Hanyu Pinyin form of a name: "Zhao Kezhi" (surname first), "Xiangtan", "Liuyang County"."""
    if tag.startswith("nr"):
        cut = 2 if word[:2] in COMPOUND_SURNAMES or word[:2] in SURNAME_READINGS else 1
        reading = SURNAME_READINGS.get(word[:cut])
        surname = reading.capitalize() if reading else _join(_syllables(word[:cut]))
        given = _join(_syllables(word[cut:]))
        return f"{surname} {given}".strip()
    if tag == "ns":
        for suffix, english in PLACE_SUFFIXES.items():
            if word.endswith(suffix) and len(word) > 2:
                base = _join(_syllables(word[: -len(suffix)]))
                return f"{base} {english}".strip()
        return _join(_syllables(word))
    return " ".join(_join(_syllables(char)) for char in word)


KIND_LABELS = {"foreign": "foreign name", "japanese": "Japanese name", "korean": "Korean name"}


def kind_in(text: str, word: str, tag: str, start: int) -> str:
    """Return the kind of a name found at `start` of `text`: a middle dot beside it (乔治·多尔西) means foreign."""
    before = text[start - 1] if start > 0 else ""
    after = text[start + len(word):start + len(word) + 1]
    if any(char and char in name_kinds.TRANSLITERATION_DOT for char in (before, after)):
        return "foreign"
    return name_kinds.classify(word, tag)


def name_hint(word: str, tag: str, kind: str) -> NameHint:
    """Return the hint for a name: pinyin for a Chinese name, no English for any other kind."""
    return NameHint(word, romanise(word, tag) if kind == "chinese" else "", tag, kind)


def hint_note(hint: NameHint, rendering: str = "") -> str:
    """Return the reviewer note for a hint: "automatic romanisation (check): 王毅 → Wang Yi" or
    "name not in glossary: 特梅尔 (foreign name, verify the English)" / "… 特梅尔 → 'Temer' (verify)"."""
    if hint.kind == "chinese":
        return f"automatic romanisation (check): {hint.zh} → {hint.en}"
    if rendering:
        return f"name not in glossary: {hint.zh} → '{rendering}' (verify)"
    return f"name not in glossary: {hint.zh} ({KIND_LABELS.get(hint.kind, 'name')}, verify the English)"


def hint(release: Release, ctx: Context) -> Release:
    """Stage romanise: return the release with a NameHint (and a reviewer note) for every name the
    segment stage tagged."""
    segments = []
    for segment in release.segments:
        seen, hints = set(), []
        for name in segment.names:
            if name.zh not in seen:
                seen.add(name.zh)
                hints.append(name_hint(name.zh, name.tag, kind_in(segment.zh, name.zh, name.tag, name.start)))
        notes = tuple(hint_note(h) for h in hints)
        segments.append(replace(segment, hints=tuple(hints), notes=segment.notes + notes))
    return replace(release, segments=tuple(segments))


# --- the English of a name in a draft, and names a draft adds ------------------------------------

RENDERING_SOUND = 0.75  # sound_similarity at which a capitalised span is taken for the name's English
STRETCH_ODDS = -1.0  # a character this much likelier in Chinese names (市 -3.3, 常 -2.0) ends a stretch
LICENSE_SOUND = 0.75  # … at which a capitalised word is taken for a detected name of the source
PARTICLES = ("de", "da", "van", "von", "der", "del", "la", "le", "al", "bin", "el", "di", "du")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


def _capitalised_runs(en: str) -> list[list[str]]:
    """Return the runs of capitalised words of `en` (particles such as "de" may join them)."""
    runs, current = [], []
    for match in re.finditer(r"[A-Za-z][A-Za-z'’\-]*|[^A-Za-z\s]+", en):
        token = re.sub(r"['’]s$", "", match.group())
        if token[:1].isupper() and token[:1].isalpha():
            current.append(token)
        elif current and token in PARTICLES:
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _spans(en: str, longest: int = 3) -> list[str]:
    """Return every span of 1..longest consecutive capitalised words of `en`, not ending in a particle."""
    spans = []
    for run in _capitalised_runs(en):
        for start in range(len(run)):
            for end in range(start + 1, min(len(run), start + longest) + 1):
                if run[start] not in PARTICLES and run[end - 1] not in PARTICLES:
                    spans.append(" ".join(run[start:end]))
    return spans


def _core(name_zh: str) -> str:
    return re.sub(r"[·•‧・]", "", name_kinds._strip_place_suffix(name_zh))


def rendering_of(name_zh: str, kind: str, en: str, other_names=()) -> str:
    """Return the English a draft uses for a name not in the glossary (特梅尔 in "… Temer said" -> "Temer"), or "".

    A Japanese, Korean or foreign place the name data knows is found by its English; otherwise the
    capitalised span of `en` that sounds most like the name's pinyin wins, if it sounds enough like it.
    Spans inside `other_names` (the English of glossary terms and other hints) are never taken.
    """
    taken = {name_kinds.fold(name) for name in other_names if name}
    known = name_kinds.known_english(name_zh, kind)
    found = re.search(rf"\b{re.escape(name_kinds.fold(known))}\b", name_kinds.fold(en)) if known else None
    if found and len(name_kinds.fold(en)) == len(en):  # folding kept every offset: cut the draft's own spelling
        return en[found.start():found.end()]
    if found:
        return known
    sounds = syllables(_core(name_zh))
    scored = [(name_kinds.sound_similarity(sounds, span), -len(span.split()), span) for span in _spans(en)
              if not any(name_kinds.fold(span) in other or other in name_kinds.fold(span) for other in taken)]
    score, _size, span = max(scored, default=(0.0, 0, ""))
    return span if score >= RENDERING_SOUND else ""


def with_renderings(segment: Segment) -> Segment:
    """Return a drafted segment whose name notes show the English the draft uses for each non-Chinese
    name: "name not in glossary: 特梅尔 → 'Temer' (verify)" (unchanged where the draft has none).

    For a stage after `translate`; the English of the segment's glossary terms and Chinese hints is
    never taken for another name.
    """
    if not segment.en.strip():
        return segment
    taken = [term.en for term in segment.terms] + [h.en for h in segment.hints if h.en]
    notes = list(segment.notes)
    for hint in segment.hints:
        rendering = rendering_of(hint.zh, hint.kind, segment.en, taken) if hint.kind != "chinese" else ""
        if rendering and hint_note(hint) in notes:
            notes[notes.index(hint_note(hint))] = hint_note(hint, rendering)
    return replace(segment, notes=tuple(notes))


def pinyin_pattern(word: str, tag: str) -> re.Pattern | None:
    """Return a regex finding the name's pinyin as a word in folded English (any reading of each
    character, syllables joined or apart, a person's name in either order), or None for non-Han names."""
    core = _core(word) if tag.startswith("ns") else word
    if not core or not all("\u4e00" <= char <= "\u9fff" for char in core):
        return None
    parts = []
    for char in core:
        options = {r.replace("ü", "u").replace("v", "u") for r in readings(char)}
        options |= {o.replace("u", "v") for o in options}
        parts.append("(?:" + "|".join(sorted(options, key=len, reverse=True)) + ")")
    separator = r"[\s'’\-]?"
    options = [separator.join(parts)]
    if tag.startswith("nr") and len(core) in (2, 3, 4):
        options += [separator.join(parts[cut:]) + r"\s+" + separator.join(parts[:cut]) for cut in (1, 2)
                    if cut < len(core)]
    return re.compile(r"\b(?:" + "|".join(options) + r")\b")


def pinyin_written(word: str, en: str, tag: str = "nr") -> str:
    """Return the pinyin of `word` as an English draft writes it ("Te Mei'er", "Temeier"), or ""."""
    pattern = pinyin_pattern(word, tag)
    found = pattern.search(name_kinds.fold(en)) if pattern else None
    return en[found.start():found.end()] if found else ""


def _pinyin_words(zh: str, longest: int = 4) -> set[str]:
    """Return every run of up to `longest` consecutive syllables of the Han text in `zh`, joined: "xijinping"."""
    words = set()
    for run in re.findall(r"[\u4e00-\u9fff]+", zh):
        sounds = syllables(run)
        for start in range(len(sounds)):
            for end in range(start + 1, min(len(sounds), start + longest) + 1):
                joined = "".join(sounds[start:end])
                words.update((joined, joined.replace("ü", "v"), joined.replace("ü", "u")))
    return words


def _transliteration_sounds(zh: str, shortest: int = 2, longest: int = 5) -> list[list[str]]:
    """Return the syllables of the stretches of `zh` that read like a transliteration (jieba misses many
    foreign names): runs of characters each likelier in a transliteration than in a Chinese name or
    place (埃尔多安 in 总统埃尔多安在), and their windows of 2-5 characters."""
    found = []
    for run in re.findall(r"[\u4e00-\u9fff]+", zh):
        for stretch in re.findall(r"\S+", "".join(c if name_kinds.foreign_odds(c) > STRETCH_ODDS else " "
                                                  for c in run)):
            sounds = syllables(stretch)
            if len(sounds) != len(stretch):
                continue
            for start in range(len(stretch)):
                for end in range(start + shortest, min(len(stretch), start + longest) + 1):
                    found.append(sounds[start:end])
    return found


def unlicensed_names(zh: str, en: str, terms=(), hints=(), lookup=None) -> list[str]:
    """Return the names of places, countries and peoples in `en` that nothing in `zh` licenses
    ("Marseilles", "France" for a source naming only 马里博尔), in order.

    Judged: capitalised words the name data knows as places, countries or peoples (CLDR, Japanese
    municipalities, twin cities; name_kinds.place_name); other capitalised words are never flagged.
    Licensed: words of a glossary term's or a hint's English or of the English found for a hint, the
    pinyin of the source's characters (Beijing), a word that sounds like a detected name (hints,
    or transliteration-like stretches of the source: 埃尔多安 ~ Erdogan), a place or people whose
    Chinese form is in the source (France, French: 法国; 港澳台; `lookup(word)` -> Chinese forms, e.g.
    from the glossary), ordinary English words, months, weekdays and abbreviations.
    """
    licensed = {name_kinds.fold(w) for item in (*terms, *hints) for w in _WORD.findall(item.en or "")}
    licensed |= {name_kinds.fold(w) for h in hints for w in _WORD.findall(rendering_of(h.zh, h.kind, en))}
    pinyin = _pinyin_words(zh)
    sounds = [syllables(_core(h.zh)) for h in hints] + _transliteration_sounds(zh)
    unlicensed: list[str] = []
    for run in _capitalised_runs(en):
        names = [word for word in run if word not in PARTICLES]
        free = [word for word in names
                if _judged(word) and not _licensed(word, zh, licensed, pinyin, sounds, lookup)]
        if free:
            unlicensed.append(" ".join(free))
    return list(dict.fromkeys(unlicensed))


def _judged(word: str) -> bool:
    """Return whether a capitalised word (or a part of a hyphenated one: Sino-French) names a place or people."""
    return any(name_kinds.place_name(part.rstrip("'’")) for part in re.split(r"[-‐]", word) if part)


def _licensed(word: str, zh: str, licensed: set, pinyin: set, sounds: list, lookup) -> bool:
    parts = [part for part in re.split(r"[-‐]", word) if part]
    if len(parts) > 1:
        return all(_licensed(part, zh, licensed, pinyin, sounds, lookup) for part in parts)
    word = word.rstrip("'’")
    folded = re.sub(r"[^a-z]", "", name_kinds.fold(word))
    if not folded or word.isupper() or name_kinds.ordinary_word(word) or folded in licensed \
            or folded.removesuffix("s") in licensed:
        return True
    forms = name_kinds.chinese_forms(word)
    if folded in pinyin or any(form in zh for form in forms):
        return True
    # 港澳台, 中美, 越共, 法方: a country is often named by one character of its Chinese name
    if any(len(form) == 2 and (form[0] in zh or (form[1] != "国" and form[1] in zh)) for form in forms):
        return True
    if lookup is not None and any(form in zh for form in lookup(word) or ()):
        return True
    return any(name_kinds.sound_similarity(s, word) >= LICENSE_SOUND for s in sounds if s)