"""Foreign officials named after their title (澳大利亚驻成都总领事倪瑞兰): who they are and where their name ends.

A foreign diplomat's or mayor's Chinese name is chosen by the embassy or the city and often reads like a
Chinese one (倪瑞兰 is Adelle Neary), so no character statistics can tell it; the title before it can. A
name that follows a foreign title is a foreign person whatever its characters: it gets no pinyin, it is
one name (not jieba's fragments), and its English comes from the glossary or stays open for a reviewer.

The title table was built from real text: the WMT government subset (巴西总统特梅尔, 斯里兰卡外长马拉帕纳,
里瓦斯市长…, 众议员…), the published paragraphs (白俄罗斯驻华大使鲁德, 明斯克州副州长罗戈舒克,
法国图卢兹市副市长…, 澳大利亚驻成都总领事倪瑞兰, and 中国驻珀斯总领事龙定斌, who is not foreign) and
the government work reports 2021–2025 (no foreign official; 扩大使用 holds 大使, which is no title
there). Pure functions over shipped data; no jieba (callers may pass its word boundaries).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import kinds as name_kinds

# a title that is foreign whatever precedes it
FOREIGN_TITLES = ("总统", "副总统", "首相", "副首相", "国务卿", "外务大臣", "外交大臣", "大臣", "知事", "副知事",
                  "国王", "女王", "王储", "议员", "众议员", "参议员", "国会议员", "州议员", "市议员",
                  "总统候选人", "副总统候选人")  # 总统候选人希拉里·克林顿 (WMT19 newstest, outside the subset)
# a title that is foreign when a foreign country, place or mission (驻华) comes right before it
DIPLOMATIC_TITLES = ("特命全权大使", "大使", "总领事", "副总领事", "领事", "公使衔参赞", "公使", "政务参赞",
                     "商务参赞", "经商参赞", "经济商务参赞", "文化参赞", "教育参赞", "科技参赞", "新闻参赞", "参赞",
                     "副馆长", "馆长", "临时代办", "代办", "武官", "一等秘书", "二等秘书", "三等秘书", "首席代表")
OFFICE_TITLES = ("总理", "副总理", "外长", "外交部长", "部长", "副部长", "议长", "副议长", "州长", "副州长",
                 "省长", "副省长", "市长", "副市长", "郡长", "县长", "区长", "总督", "大区主席")
TITLES = tuple(sorted(FOREIGN_TITLES + DIPLOMATIC_TITLES + OFFICE_TITLES, key=len, reverse=True))
_TITLE = re.compile("|".join(TITLES))
# between the place and the title: a former, new, sitting … holder, a mission, an assembly
MODIFIERS = ("前", "原", "时任", "新任", "现任", "在任", "候任", "首任", "卸任", "离任")
MISSIONS = ("驻华使馆", "大使馆", "总领事馆", "领事馆", "使馆", "代表处", "办事处", "政府", "议会", "国会", "众议院",
            "参议院", "下议院", "上议院", "外交部", "外务省", "内阁")
# the People's Republic and the places inside it that the CLDR territory list names separately
CHINA = ("中华人民共和国", "中国", "我国", "中方", "我", "香港", "澳门", "台湾", "立法会", "特区")
# bodies whose envoys are foreign officials too (欧盟驻华大使)
ORGANISATIONS = ("联合国", "欧盟", "欧洲联盟", "东盟", "非盟", "阿盟", "上合组织", "世界卫生组织", "世卫组织")
PLACE_SUFFIXES = ("特别行政区", "自治区", "大区", "省", "市", "县", "州", "郡", "区")
# where a name ends: a word that follows names in releases (never part of one) …
STOP_WORDS = ("一行", "等人", "先生", "女士", "阁下", "夫人", "夫妇", "博士", "教授", "率团", "率领", "带领", "随同",
              "陪同", "一同", "共同", "分别", "出席", "参加", "会见", "会谈", "会晤", "表示", "指出", "强调", "致辞",
              "讲话", "发表", "发来", "访问", "来访", "到访", "抵达", "莅临", "应邀", "代表", "介绍", "感谢", "祝贺",
              "欢迎", "参观", "考察", "见证", "签署", "主持", "认为", "回答", "接受", "一起", "亲切", "此次", "当天",
              "以及", "及其")
# … or one of these characters standing alone (jieba's boundaries say so when the caller has them)
STOP_CHARS = "等率在与和及同对向为将已也还于的是就从说称并到不应一们"  # 首相到瑞士, 首相不愿, 总理一职, 议员们
# jieba's tags of words no name starts with: prepositions, conjunctions, particles, pronouns, numbers …
FUNCTION_FLAGS = ("p", "c", "u", "r", "m", "q", "f", "d", "y", "e", "o")
NAME_FLAGS = ("nr", "ns", "nz", "nt", "x", "j", "eng")  # jieba's tags of names, foreign words and syllables
NAME_CHARS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff·•‧・]")
DOTS = name_kinds.TRANSLITERATION_DOT
KIND = "official"  # NameHint.kind of a foreign official's name
LONGEST_PART = 7  # characters of one part of a name (费斯特拉维奇 is 6); a longer run has no clear end
WINDOW = 30  # characters before a title looked at for its country, place and mission


@dataclass(frozen=True)
class Official:
    """A foreign official named after a title: the name as written, its span, and the title as evidence."""

    zh: str
    start: int
    end: int
    title: str  # everything that makes it foreign, as written: 澳大利亚驻成都总领事, 巴西总统, 驻华大使
    country: str = ""  # the foreign country, place or body named (澳大利亚), "" when only 驻华 or the title says so


def _strip_end(text: str, words) -> tuple[str, str]:
    for word in sorted(words, key=len, reverse=True):
        if text.endswith(word):
            return text[: -len(word)], word
    return text, ""


def place_kind(word: str) -> str:
    """Return "china" for China and the places in it, "foreign" for another country, place or international
    body the name data knows, "" for an unknown word."""
    if not word:
        return ""
    if word in CHINA or word.startswith(("中国", "中华")):
        return "china"
    if word in ORGANISATIONS:
        return "foreign"
    tables = name_kinds.data()
    for form in dict.fromkeys((word, name_kinds._strip_place_suffix(word))):
        if form in tables["cn_places"]:
            return "china"
        if form in tables["foreign_places"] or form in tables["jp_places"] or form in tables["korean_places"]:
            return "foreign"
    return ""


def _place_at_end(text: str) -> tuple[str, str]:
    """Return the longest place (or Latin name, Tower Hamlets) that `text` ends with, and its kind."""
    latin = re.search(r"[A-Za-z][A-Za-z .'’-]*[A-Za-z]\s*$", text)
    if latin:
        return latin.group(0), "foreign"
    for size in range(min(len(text), 10), 0, -1):
        kind = place_kind(text[-size:])
        if kind and (size > 1 or text[-size:] == "我"):
            return text[-size:], kind
    return "", ""


def _unknown_place_at_end(text: str) -> tuple[str, str]:
    """Return a place the name data does not know (图卢兹市, 马里博尔市) when a known foreign country comes right
    before it (法国图卢兹市), with that country; else ("", "")."""
    for size in range(min(len(text), 8), 2, -1):
        place = text[-size:]
        if not place.endswith(PLACE_SUFFIXES) or not all("\u4e00" <= c <= "\u9fff" for c in place):
            continue
        country, kind = _place_at_end(text[:-size])
        if kind == "foreign":
            return place, country
    return "", ""


def _where(rest: str) -> tuple[str, str, str]:
    """Return (the place words `rest` ends with, the foreign country or place among them, their kind):
    斯洛文尼亚马里博尔市 -> (斯洛文尼亚马里博尔市, 斯洛文尼亚, foreign); 成都市 -> (成都市, "", china)."""
    place, kind = _place_at_end(rest)
    if not kind:
        place, country = _unknown_place_at_end(rest)
        return (rest[-len(place) - len(country):], country, "foreign") if place else ("", "", "")
    before, outer = _place_at_end(rest[: len(rest) - len(place)])
    if kind == "foreign" and outer == "foreign":
        return before + place, before.strip(), kind  # 白俄罗斯明斯克州: the country names the official
    return place, place.strip() if kind == "foreign" else "", kind


def _foreign_prefix(text: str, title_start: int, title: str) -> tuple[str, str] | None:
    """Return (the evidence as written, the foreign country or place) when the words before a title make its
    holder foreign, else None (成都市副市长, 中国驻珀斯总领事, 国务院总理)."""
    window = text[max(0, title_start - WINDOW):title_start]
    rest, _ = _strip_end(window, MODIFIERS)
    rest, _ = _strip_end(rest, MISSIONS)
    rest, _ = _strip_end(rest, MODIFIERS)
    station = ""
    at = rest.rfind("驻", max(0, len(rest) - 8))
    if at >= 0 and rest[at + 1:] and all("\u4e00" <= c <= "\u9fff" for c in rest[at + 1:]):
        station, rest = rest[at + 1:], rest[:at]
    place, country, kind = _where(rest)
    evidence = (window[len(rest) - len(place):] + title).strip()
    if kind == "china":
        return None  # 中国驻珀斯总领事, 成都市副市长, 香港立法会议员
    in_china = bool(station) and (station == "华" or place_kind(station) == "china" or station in "沪渝穗港澳京津")
    if kind == "foreign" and (not station or in_china or place_kind(station) == "foreign"):
        return evidence, country
    if in_china:
        return evidence, ""  # 驻华大使 with no country named
    if title in FOREIGN_TITLES and not station:
        return evidence, ""
    return None  # 驻珀斯总领事 with no country: China's consul in Perth


def name_end(text: str, start: int, bounds: set[int] | None = None, verbs: set[int] | frozenset = frozenset()) -> int:
    """Return where the name starting at `start` ends: before punctuation, a word that follows names
    (率团, 出席, 一行 …) or a particle standing alone (等, 在 …); a middle dot joins the parts of one name.
    Returns `start` when no name of two characters or more is there, or none ends within LONGEST_PART."""
    index, part = start, 0
    while index < len(text):
        char = text[index]
        if char in DOTS:
            if part == 0 or index + 1 >= len(text) or not NAME_CHARS.match(text[index + 1]):
                break
            index, part = index + 1, 0
            continue
        if not NAME_CHARS.match(char):
            break
        if part >= 1 and index - start >= 2 and (_stops_at(text, index, bounds) or index in verbs):
            break
        index, part = index + 1, part + 1
        if part > LONGEST_PART:
            return start
    if index - start < 2 or text[index - 1] in DOTS:
        return start
    return index


def _stops_at(text: str, index: int, bounds: set[int] | None) -> bool:
    if text.startswith(STOP_WORDS, index):
        return True
    if text[index] not in STOP_CHARS:
        return False
    return bounds is None or (index in bounds and index + 1 in bounds)


def _unknown_place_before(start: int, title: str, tokens) -> tuple[str, str] | None:
    """Return (evidence, place) when the word jieba cut right before a title is a place name no list knows
    that reads as a transliteration (里瓦斯市长, 提斯谷市长), else None."""
    before = [token for token in tokens or () if token.end == start]
    if not before or not before[0].flag.startswith(("ns", "nr")) or len(before[0].word) < 2:
        return None
    word = before[0].word
    if place_kind(word) or name_kinds.classify(word, "ns") != "foreign":
        return None
    return word + title, word


def _ordinary_words(tokens, start: int, end: int) -> bool:
    """Return whether jieba cut `start:end` into ordinary words only (办公室/n 里/f), none a name or a syllable."""
    inside = [token for token in tokens or () if start <= token.start and token.end <= end]
    return bool(inside) and all(not token.flag.startswith(NAME_FLAGS) and (len(token.word) > 1 or token.flag
                                                                           .startswith(FUNCTION_FLAGS)) for token in inside)


def find(text: str, tokens=None) -> tuple[Official, ...]:
    """Return the foreign officials `text` names after a foreign title, in order.

    `tokens` (jieba's words of `text`, with .word .flag .start .end) make the ends surer: a title must end
    at a word boundary (not 市长 in 城市长期), a single character such as 和 ends a name only where it is a
    word of its own (山田和夫 keeps its 和), and a name does not start with a function word (议员的意见)."""
    bounds = {edge for token in tokens for edge in (token.start, token.end)} if tokens is not None else None
    # where a word begins that no name starts with: a function word of two characters or more (凭借, 刚刚;
    # a single one, 多 or 本, is often a transliteration's syllable); nor goes on into: any ordinary word
    function_words = {token.start for token in tokens or () if len(token.word) > 1
                      and token.flag.startswith(FUNCTION_FLAGS + ("v",))}
    ordinary = {token.start for token in tokens or () if len(token.word) > 1 and not token.flag.startswith(NAME_FLAGS)}
    found: list[Official] = []
    for match in _TITLE.finditer(text):
        title, start = match.group(0), match.end()
        if text.startswith("馆", start) or (bounds is not None and start not in bounds) \
                or start in function_words or text[start:start + 1] in STOP_CHARS:
            continue  # 大使馆, 城市长期, 前国务卿凭借…, 议员的意见
        end = name_end(text, start, bounds, ordinary)
        if end == start or _ordinary_words(tokens, start, end):
            continue  # 加莱省长办公室: the prefect's office
        prefix = _foreign_prefix(text, match.start(), title) or _unknown_place_before(match.start(), title, tokens)
        if prefix is None:
            continue
        evidence, country = prefix
        found.append(Official(text[start:end], start, end, evidence, country))
    return tuple(found)


def mentions(text: str, names, tokens=None) -> list[tuple[int, int, str]]:
    """Return (start, end, name) for every occurrence in `text` of the officials' names `names` (found after
    a title anywhere in the release), longest name first where two overlap.

    With `tokens` (jieba's words of `text`) only whole names count: not 马克 inside 马克思主义, nor 安黎 across
    西安 and 黎明 — a word of jieba's that runs across the name's start or end makes it a fragment, unless a
    title stands right before it (the title says where the name starts)."""
    spans: list[tuple[int, int, str]] = []
    for name in sorted(set(names), key=len, reverse=True):
        for match in re.finditer(re.escape(name), text):
            if tokens is not None and not whole(text, match.start(), match.end(), tokens):
                continue
            if not any(s < match.end() and match.start() < e for s, e, _ in spans):
                spans.append((match.start(), match.end(), name))
    return sorted(spans)


def whole(text: str, start: int, end: int, tokens) -> bool:
    """Return whether `text[start:end]` is a name of its own: no word of jieba's cut `tokens` runs across
    its start or its end, or a title stands right before it (奥地利驻华大使石立德)."""
    if any(token.start < edge < token.end for token in tokens for edge in (start, end)):
        return any(text.endswith(title, 0, start) for title in TITLES)
    return True


def has_title(text: str) -> bool:
    """Return whether `text` holds any title of the table (a cheap test before find())."""
    return _TITLE.search(text) is not None


def placeholder(name: str) -> str:
    """Return how a draft keeps a foreign official's name open until a reviewer enters it: [倪瑞兰]."""
    return f"[{name}]"


def note(official: Official, en: str = "") -> str:
    """Return the reviewer note for a foreign official outside the glossary: kept open, or the English the
    release or the dictionary gives it."""
    if en:
        return f"foreign official ({official.title}): {official.zh} → '{en}' (verify)"
    return f"foreign official ({official.title}): {official.zh} — no pinyin; kept open as {placeholder(official.zh)}"


def open_names(hints) -> tuple[str, ...]:
    """Return the foreign officials' names among `hints` that have no English (kept open), longest first."""
    return tuple(sorted({h.zh for h in hints if h.kind == KIND and not h.en}, key=len, reverse=True))


def without_open(en: str, hints) -> str:
    """Return `en` without the names it keeps open ([倪瑞兰]): they are no untranslated Chinese."""
    for name in open_names(hints):
        en = en.replace(placeholder(name), " ")
    return en


def with_title(text: str, name: str) -> str:
    """Return a mention of `name` in `text` with the title before it (奥地利驻华大使石立德), else the name."""
    for official in find(text):
        if official.zh == name:
            return official.title + name
    return name


def outside(terms, text: str, hints, tokens=None) -> tuple:
    """Return the glossary terms of `text` without those inside a foreign official's name among `hints`
    (巴西 Brazil in 阿巴西 Abbasi): the name is one name, as 兰州 in 昆士兰州 is no term."""
    spans = [(start, end) for start, end, _ in mentions(text, [h.zh for h in hints if h.kind == KIND], tokens)]
    return tuple(term for term in terms if not any(start <= term.start and term.end <= end
                                                   and (term.start, term.end) != (start, end) for start, end in spans))


# words that go on a title's English after the place that anchors it: "Mayor of Higashiomi in Japan"
_TITLE_RUN = re.compile(r"(?:\s+(?:[A-Z](?:[\w'’-]|\.(?=\w))*|of|in|to|the|for|at))*")  # not a full stop
_CONNECTOR = re.compile(r"(?:\s+(?:of|in|to|the|for|at))+$")


def _anchor(term_en: str, en: str) -> re.Match | None:
    """Return the one place where `en` names a term (Austria, Austria's, or its adjective Austrian), or None."""
    if not term_en:
        return None
    if " " in term_en:
        found = list(re.finditer(rf"\b{re.escape(term_en)}\b", en, re.IGNORECASE))
    else:
        found = [m for m in re.finditer(r"\b\w+(?:['’]s)?", en) if name_kinds.names_place(m.group(0), term_en)]
    return found[0] if len(found) == 1 else None


def insertions(text: str, en: str, names, terms, tokens=None) -> list[tuple[int, int, str]]:
    """Return (anchor start, insertion point, name) for each foreign official of `names` whose title a
    draft renders without the name: after the English of the nearest glossary term of the title that the
    draft names once (澳大利亚驻成都总领事 -> "Australian Consul General in Chengdu"), and the title words
    that follow it. No anchor, no insertion."""
    found = []
    for official in find(text, tokens):
        if official.zh not in names:
            continue
        title_start = official.start - len(official.title)
        near = sorted((t for t in terms if title_start <= t.start and t.end <= official.start), key=lambda t: -t.end)
        for term in near:
            match = _anchor(term.en, en)
            if match is not None:
                run = _TITLE_RUN.match(en, match.end())
                end = run.end() if run else match.end()
                connector = _CONNECTOR.search(en[:end])
                end -= len(connector.group(0)) if connector else 0
                if not en.startswith(" [", end):
                    found.append((match.start(), end, official.zh))
                break
    return found
