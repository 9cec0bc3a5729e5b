"""The English of names in a draft: which span renders a name the glossary does not cover, and the
names a draft adds that nothing in the source licenses (QA's no_added_names)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from .. import dictionary
from ..model import Release, Segment
from . import kinds as name_kinds
from .romanise import core_of, hint_note, is_pinyin, pinyin_words, pinyin_written, spelled_in, surname_pinyin, syllables

RENDERING_SOUND = 0.75  # sound_similarity at which a capitalised span is taken for the name's English
STRETCH_ODDS = -1.0  # a character this much likelier in Chinese names (市 -3.3, 常 -2.0) ends a stretch
LICENSE_SOUND = 0.75  # … at which a capitalised word is taken for a detected name of the source
PARTICLES = ("de", "da", "van", "von", "der", "del", "la", "le", "al", "bin", "el", "di", "du")
CHARACTER_NAME_KINDS = ("chinese", "vietnamese", "korean")  # Han-character names; the English may use another reading
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
# titles after which a word that is no English word names a person (Consul General Bauer, Mayor Zhou)
PERSON_TITLES = frozenset({
    "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Professor", "Sir", "Madam", "Lord", "Lady", "King", "Queen", "Prince",
    "Princess", "President", "Premier", "Chancellor", "Minister", "Ambassador", "Consul", "Envoy", "Governor",
    "Mayor", "Chairman", "Chairwoman", "Chairperson", "Secretary", "Director", "Commissioner", "Senator",
    "Representative", "Congressman", "Congresswoman"})
LINKING = frozenset({"in", "of", "the", "to", "for", "at"})  # words inside a title's phrase (Consul General in X)


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


def _titled_runs(en: str) -> list[tuple[list[str], bool]]:
    """Return the runs of capitalised words of `en`, each with whether a person's title came before it in
    the same phrase: in an earlier run joined to it only by in, of, the … ("Consul General in Guangzhou
    Katherine Bauer": Guangzhou Katherine Bauer follows the title)."""
    runs: list[tuple[list[str], bool]] = []
    current: list[str] = []
    context = linked = False  # a title's phrase is open / only linking words since the last run
    for match in re.finditer(r"[A-Za-z][A-Za-z'’\-]*|[^A-Za-z\s]+", en):
        token = re.sub(r"['’]s$", "", match.group())
        if token[:1].isupper() and token[:1].isalpha() or current and token in PARTICLES:
            if not current:
                context = context and linked
            current.append(token)
            continue
        if current:
            runs.append((current, context))
            context = context or any(_is_title(word) for word in current)
            current, linked = [], True
        linked = linked and token.lower() in LINKING
    if current:
        runs.append((current, context))
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
    sounds = syllables(core_of(name_zh))
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


def unlicensed_names(zh: str, en: str, terms=(), hints=(), lookup=None, also=()) -> list[str]:
    """Return the names of places, countries, peoples and persons in `en` that nothing in `zh` licenses
    ("Marseilles", "France" for a source naming only 马里博尔; "Zhou Derui" for one naming nobody), in order.

    Judged: capitalised words the name data knows as places, countries or peoples (CLDR, Japanese
    municipalities, twin cities; name_kinds.place_name), and persons as far as that is certain: a
    Chinese surname and given name in pinyin (Zhou Derui), and a given or family name the dictionary knows
    after a person's title in the same phrase (Consul General in Guangzhou Katherine Bauer) — unless a
    Chinese name of the source that the English does not write in pinyin can account for it (阮富仲
    Nguyen Phu Trong). Other capitalised words are never flagged.
    Licensed: words of a glossary term's English or accepted variants, of a hint's English or of the
    English found for a hint, of Latin text in the source or in `also` (the release's bracketed names:
    曹赛先（Cao Saixian）), the pinyin of the source's characters in any reading (Beijing, Saixian), a word
    that sounds like a detected name (hints, or transliteration-like stretches of the source: 埃尔多安 ~
    Erdogan), a place or people whose Chinese form is in the source (France, French: 法国; 港澳台;
    `lookup(word)` -> Chinese forms, e.g. from the glossary), ordinary English words, months, weekdays and
    abbreviations.
    """
    english = [form for item in (*terms, *hints) for form in (item.en, *getattr(item, "en_variants", ()))]
    english += [*latin_words(zh), *also]
    licensed = {name_kinds.fold(w) for form in english for w in _WORD.findall(form or "")}
    licensed |= {name_kinds.fold(w) for h in hints for w in _WORD.findall(rendering_of(h.zh, h.kind, en))}
    pinyin = pinyin_words(zh)
    sounds = [syllables(core_of(h.zh)) for h in hints] + _transliteration_sounds(zh)
    certain: list[str] = []  # places and pinyin names nothing licenses
    titled: list[str] = []  # names the dictionary knows after a title, nothing licenses
    for run, after_title in _titled_runs(en):
        names = [word for word in run if word not in PARTICLES]
        pairs, by_title = _person_words(names, after_title, zh)
        in_pairs = {index for start, end in pairs for index in range(start, end)}
        for index, word in enumerate(names):
            if index not in in_pairs | by_title and _judged(word) \
                    and not _licensed(word, zh, licensed, pinyin, sounds, lookup):
                certain.append(word)
        for start, end in pairs:  # the name as a whole (Zhou Derui) or each of its words
            words = names[start:end]
            if not spelled_in("".join(words), zh) \
                    and not all(_licensed(word, zh, licensed, pinyin, sounds, lookup) for word in words):
                certain.append(" ".join(words))
        for block in _blocks(sorted(by_title)):
            words = [names[index] for index in block]
            if not all(_licensed(word, zh, licensed, pinyin, sounds, lookup) for word in words):
                titled.append(" ".join(words))
    # a Chinese name of the source that the English does not write in pinyin may be in another reading
    # (Vietnamese Nguyen for 阮, Cantonese Lam for 林): each such name may account for one titled name;
    # a name the names stage knows as Vietnamese or Korean (阮富仲) is never written in pinyin
    unwritten = sum(1 for h in hints if h.tag.startswith("nr") and h.kind in CHARACTER_NAME_KINDS
                    and not pinyin_written(h.zh, en, h.tag))
    return list(dict.fromkeys(certain + (titled if len(titled) > unwritten else [])))


def _person_words(names: list[str], after_title: bool, zh: str) -> tuple[list[tuple[int, int]], set[int]]:
    """Return where a run of capitals names a person: (start, end) of each Chinese surname and given name in
    pinyin (Cao Saixian, He Baoxiang), and the positions of given and family names the dictionary knows
    after a person's title (Consul General Bauer, Consul General in Guangzhou Katherine Bauer; not Tilak or
    Presidium, which it does not know)."""
    pairs, by_title = [], set()
    for index, word in enumerate(names):
        given = names[index + 1] if index + 1 < len(names) else ""
        if _letters_of(word) in surname_pinyin() and given and not _ordinary(given) and is_pinyin(given, longest=2) \
                and not _judged(word) and not _judged(given):  # Hong Kong is a place
            pairs.append((index, index + 2))
    in_pairs = {index for start, end in pairs for index in range(start, end)}
    for index, word in enumerate(names):
        titled = after_title or any(_is_title(earlier) for earlier in names[:index])
        if index not in in_pairs and titled and not _ordinary(word) and not _judged(word) \
                and name_kinds.person_name(word) and not spelled_in(word, zh):  # Guangzhou is the source's
            by_title.add(index)
    return pairs, by_title


def _blocks(positions: list[int]) -> list[list[int]]:
    """Return sorted positions cut into runs of consecutive ones: [1, 2, 5] -> [[1, 2], [5]]."""
    blocks: list[list[int]] = []
    for position in positions:
        if blocks and blocks[-1][-1] == position - 1:
            blocks[-1].append(position)
        else:
            blocks.append([position])
    return blocks


def _ordinary(word: str) -> bool:
    return word.isupper() or len(word) < 2 or name_kinds.ordinary_word(word)


def _letters_of(word: str) -> str:
    return re.sub(r"[^a-z]", "", name_kinds.fold(word).lower())


# the release whose Latin words were gathered last, and those words: once per release, not per segment
_NAMES: tuple = (None, ())


def release_names(release: Release) -> tuple[str, ...]:
    """Return the Latin words anywhere in a release's Chinese (its bracketed names: 曹赛先（Cao Saixian）)."""
    global _NAMES
    last, names = _NAMES
    if last is not release:
        names = tuple(dict.fromkeys(word for segment in release.segments for word in latin_words(segment.zh)))
        _NAMES = (release, names)
    return names


def latin_words(text: str) -> list[str]:
    """Return the Latin-script words written inside a Chinese text (a name given in brackets: Cao Saixian)."""
    return _WORD.findall(text)


def _is_title(word: str) -> bool:
    return any(part.rstrip(".") in PERSON_TITLES for part in re.split(r"[-‐]", word))


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
    if folded in pinyin or any(form in zh for form in forms) or spelled_in(word, zh):
        return True
    # 港澳台, 中美, 越共, 法方: a country is often named by one character of its Chinese name
    if any(len(form) == 2 and (form[0] in zh or (form[1] != "国" and form[1] in zh)) for form in forms):
        return True
    if lookup is not None and any(form in zh for form in lookup(word) or ()):
        return True
    return any(name_kinds.sound_similarity(s, word) >= LICENSE_SOUND for s in sounds if s)


def fold(text: str) -> str:
    """Return text for tolerant comparison: case-folded, straight quotes, accents dropped (Türkiye =
    Turkiye), hyphens and dashes as spaces (Secretary-General = Secretary General), single spaces."""
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d\u2013\u2014\u00a0-", "''\"\"    "))
    text = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", text).strip().casefold()


def without_article(text: str) -> str:
    return re.sub(r"^the ", "", text)


def term_used(english: str, draft: str) -> bool:
    """Return whether a glossary rendering appears in a draft: any case, quotes, spacing or leading
    "the", and the last word may be plural ("sister city" is used by "sister cities")."""
    words = without_article(fold(english)).split()
    if not words:
        return True
    *head, last = words
    tail = re.escape(last[:-1]) + "(?:y|ies)" if last.endswith("y") else re.escape(last) + "(?:e?s)?"
    pattern = r"\b" + r"\s+".join([re.escape(word) for word in head] + [tail])  # Japan~Japanese
    return re.search(pattern, fold(draft)) is not None


# --- the English of an organisation in reviewed English: its words, as CC-CEDICT glosses them ----------

CONNECTORS = ("of", "for", "and", "the", "&", "on", "in")
GLOSS_NOISE = frozenset("to the a an of and or in on for by with as at from sb sth one's abbr cl used see "
                        "variant surname etc also".split())
ORGANISATION_SHARE = 0.6  # of the organisation's words glossed in the span, and of the span's words glossed


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'").removesuffix("'s")
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _glossed(zh: str) -> list[tuple[int, int, set[str]]]:
    """Return (start, end, stems) for every word of `zh` CC-CEDICT glosses: each part of two or more
    characters, and the last character (部 ministry, 委 committee), with the stems of their glosses."""
    cedict = dictionary.load()
    found = []
    for start in range(len(zh)):
        for end in range(start + 1, len(zh) + 1):
            if end - start < 2 and end != len(zh):
                continue
            glosses = cedict.glosses(zh[start:end])
            stems = {_stem(word) for gloss in glosses
                     for word in re.findall(r"[A-Za-z']+", dictionary.content_gloss(re.sub(r"\[[^\]]*\]", "", gloss)))
                     if word.lower() not in GLOSS_NOISE}
            if stems:
                found.append((start, end, stems))
    return found


def _organisation_spans(en: str) -> list[list[str]]:
    """Return every run of capitalised words of `en` (connectors such as "of" inside), and its parts that
    start and end with a capitalised word."""
    spans = []
    for run in re.findall(r"[A-Z][\w'’\-]*(?:\s+(?:(?:of|for|and|the|&|on|in)\s+)*[A-Z][\w'’\-]*)*", en):
        words = run.split()
        for start in range(len(words)):
            for end in range(start + 1, len(words) + 1):
                if words[start][:1].isupper() and words[end - 1][:1].isupper():
                    spans.append(words[start:end])
    return spans


def _explain(content: list[str], glossed: list[tuple[int, int, set[str]]],
             specific_first: bool = False) -> tuple[int, set[int]]:
    """Return how many of the English words a part of the name explains, and the characters used: each
    part explains one word, or a run of neighbouring words (民盟: China Democratic League)."""
    order = list(range(len(content)))
    if specific_first:  # words that few parts gloss first (discipline before commission)
        order = sorted(order, key=lambda i: min((end - start for start, end, stems in glossed
                                                 if content[i] in stems), default=99))
    used: set[int] = set()
    parts: dict[int, tuple[int, int]] = {}
    for i in order:
        near = [parts[j] for j in (i - 1, i + 1) if j in parts]
        part = next((p for p in near if any(start == p[0] and end == p[1] and content[i] in stems
                                              for start, end, stems in glossed)), None)
        part = part or next(((start, end) for start, end, stems in glossed
                             if content[i] in stems and not used & set(range(start, end))), None)
        if part is not None:
            parts[i] = part
            used |= set(range(*part))
    return len(parts), used


def organisation_rendering(zh: str, en: str) -> str:
    """Return the words of reviewed English that render an organisation's name, judged by CC-CEDICT's
    glosses of its parts ("Central Commission for Discipline Inspection" for 中央纪律检查委员会), or "".

    Each English word is explained by the shortest part of the name that glosses it and no other word
    used (商务 explains Commerce, 部 Ministry; 民盟 China Democratic League, a run of neighbours); the span
    with the most words explained wins, if most of its words are explained and they use most of the
    name's characters."""
    glossed = sorted(_glossed(zh), key=lambda part: part[1] - part[0])
    if not glossed:
        return ""
    best, best_score = "", 0.0
    for words in _organisation_spans(en):
        content = [_stem(word) for word in words if word.lower() not in CONNECTORS]
        if words[0] in ("The", "A", "An") or not content:
            continue
        explained, used = max(_explain(content, glossed), _explain(content, glossed, specific_first=True))
        share = explained / len(content)
        score = explained + share - 0.001 * len(words)
        if share >= ORGANISATION_SHARE and len(used) / len(zh) >= ORGANISATION_SHARE and len(zh) - 1 in used \
                and score > best_score:  # the head (…部 Ministry) rendered too: not "Agriculture" for 农业部
            best, best_score = " ".join(words), score
    return best
