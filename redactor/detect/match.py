"""Find the applicant's name and unit (and their other spellings) in lines of text.

Matching works on a *normalised* view of each line (letters, digits and Han characters only,
NFKC-folded, lower-cased) that remembers where each kept character came from, so a match maps
back to exactly the characters it covers: "王　伟" and "W ang-Wei" match like "王伟" and "wangwei",
and the mask covers those glyphs and nothing else on the line.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from rapidfuzz.distance import Levenshtein

from redactor.detect.lexicon import name_continues
from redactor.options import Identity
from redactor.types import IDENTIFIER, NAME, UNIT, Finding, Quad, TextLine


@dataclass(frozen=True)
class Target:
    """One string to look for, with how strictly to match it."""

    text: str  # normalised
    kind: str  # name, unit or identifier
    label: str  # what the audit says was matched (the user's own spelling)
    max_edits: int  # OCR slips tolerated
    person: bool  # apply the "not someone else's longer name" rule
    latin: bool  # Latin-script target: must start and end on word boundaries
    # For the own part of a name in parts (艾尔肯 of 艾尔肯·吐尔逊): the name's other parts'
    # Han characters, to tell another person's name joined to it (see joined_to_another).
    other_parts: str = ""


@dataclass(frozen=True)
class NormText:
    """A line's normalised text; ``index[i]`` is the char index in the line of ``text[i]``."""

    text: str
    index: tuple[int, ...]


@lru_cache(maxsize=1)
def _t2s():  # noqa: ANN202 - opencc's converter is untyped
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def fold(ch: str) -> str:
    """One character folded for matching: NFKC (full-width forms), lower case, traditional
    to simplified (PP-OCR sometimes reads 医 as 醫, and forms may be in traditional), and a
    Latin letter without its accents: pinyin with tone marks (Wáng Wěi, Lǚ) is the name."""
    folded = unicodedata.normalize("NFKC", ch).lower()
    if len(folded) == 1 and is_han(folded):
        simple = _t2s().convert(folded)
        if len(simple) == 1:
            return simple
    if folded and not folded.isascii() and unicodedata.category(folded[0]).startswith("L"):
        bare = "".join(
            c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
        )
        if bare.isascii() and bare.isalpha():
            return bare
    return folded


def is_han(ch: str) -> bool:
    return bool(ch) and ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")


def normalise(text: str) -> str:
    return "".join(c for ch in text for c in fold(ch) if c.isalnum())


def norm_line(line: TextLine) -> NormText:
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(line.chars):
        for c in fold(ch.text):
            if c.isalnum():
                out.append(c)
                index.append(i)
    return NormText("".join(out), tuple(index))


def _ascii_letter(line: TextLine, i: int) -> bool:
    if not 0 <= i < len(line.chars):
        return False
    c = fold(line.chars[i].text)
    return len(c) == 1 and c.isascii() and c.isalpha()


def zeros_as_letter_o(line: TextLine, norm: NormText) -> NormText:
    """``norm`` with each zero read between two letters of the line taken as the letter O:
    OCR reads a monospaced font's O, drawn like a zero, as 0 (an itinerary's MA/XIA0YAN), and
    a digit inside a word of letters is no number. What Latin targets are searched in."""
    if "0" not in norm.text:
        return norm
    text = [
        "o" if c == "0" and _ascii_letter(line, i - 1) and _ascii_letter(line, i + 1) else c
        for c, i in zip(norm.text, norm.index, strict=True)
    ]
    return NormText("".join(text), norm.index)


def edits_allowed(target: str, kind: str) -> int:
    """OCR slips tolerated: none for names (short, and others share their characters),
    one for a long unit name, two for a very long one or a long Latin string."""
    if kind in (NAME, IDENTIFIER):
        return 0
    han = sum(1 for c in target if is_han(c))
    if han:
        if len(target) >= 18:
            return 2
        return 1 if len(target) >= 8 else 0
    # Latin aliases (English unit names): about one slip in ten letters.
    return min(4, len(target) // 10)


@dataclass(frozen=True)
class PinyinSettings:
    """How pypinyin is loaded for the pinyin forms of a name."""

    # pypinyin's documented switch (read when it is first imported) that skips its phrase
    # dictionary: a name is read character by character, so the 2.5 MB of phrases (0.2-0.6 CPU s
    # of every process's start-up, with the segmenter trained on them) are never used.
    no_phrases_env: str = "PYPINYIN_NO_PHRASES"


PINYIN = PinyinSettings()


def _import_pypinyin_without_phrases() -> None:
    """Import pypinyin with its switch set, leaving the environment as it was."""
    before = os.environ.get(PINYIN.no_phrases_env)
    os.environ[PINYIN.no_phrases_env] = "1"
    try:
        import pypinyin  # noqa: F401
    finally:
        if before is None:
            del os.environ[PINYIN.no_phrases_env]
        else:
            os.environ[PINYIN.no_phrases_env] = before


def char_readings(chars: tuple[str, ...]) -> list[list[str]] | None:
    """Every reading (toneless, most common first) of each character, from pypinyin's
    single-character dictionary; None when a character has none.

    Each character is passed as a word of its own, so no phrase can replace the readings of two
    characters by the one reading they have together in a word (曾经 gives 曾 only ceng): a name
    is not a word of the dictionary. pypinyin is imported without its phrase dictionary unless
    something in the process imported it with it before.
    """
    if "pypinyin" not in sys.modules:
        _import_pypinyin_without_phrases()
    from pypinyin import Style, pinyin

    readings = pinyin(list(chars), style=Style.NORMAL, heteronym=True, errors="ignore")
    return readings if len(readings) == len(chars) and all(readings) else None


@lru_cache(maxsize=256)
def name_syllables(name: str) -> tuple[tuple[str, ...], ...] | None:
    """Each Han character's toneless pinyin spellings (every reading, ü also as u and yu; at
    most four, in sorted order); None for a name of fewer than two Han characters or a
    character without a reading."""
    chars = [c for c in name if is_han(c)]
    if len(chars) < 2:
        return None
    readings = char_readings(tuple(chars))
    if readings is None:
        return None

    # ü is written v by pypinyin; papers write u or yu.
    def variants(r: str) -> set[str]:
        return {r, r.replace("v", "u"), r.replace("v", "yu")} if "v" in r else {r}

    return tuple(tuple(sorted({v for r in rs for v in variants(r)})[:4]) for rs in readings)


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable with a vowel (ü also as u and yu), from pypinyin's
    single-character dictionary: the syllables a Chinese name is spelled with (the interjections
    m, n, ng, hm are no name's)."""
    if "pypinyin" not in sys.modules:
        _import_pypinyin_without_phrases()
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    out: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            r = to_normal(reading)
            if any(v in r for v in "aeiouv"):
                out |= {r, r.replace("v", "u"), r.replace("v", "yu")} if "v" in r else {r}
    return frozenset(out)


@lru_cache(maxsize=1024)
def spells_pinyin(letters: str) -> bool:
    """Whether ``letters`` (lower case) are one or more whole pinyin syllables run together:
    the rest of a longer name (Weiming, Weihua), not another word (has, and, worked)."""
    syllables = pinyin_syllables()
    longest = max(map(len, syllables))
    ends = {0}
    for i in range(1, len(letters) + 1):
        if any(i - k in ends and letters[i - k : i] in syllables for k in range(1, longest + 1)):
            ends.add(i)
    return len(letters) in ends and bool(letters)


def surname_splits(n_chars: int) -> tuple[int, ...]:
    """How many characters the surname may take: one, or for names of three or more characters
    also two (欧阳), so no surname table is needed."""
    return (1,) if n_chars < 3 else (1, 2)


@lru_cache(maxsize=256)
def pinyin_forms(name: str) -> tuple[str, ...]:
    """Normalised pinyin spellings of a Chinese name: surname-first and given-name-first.

    Every reading of a polyphonic character is tried (单 is Shan as a surname, Dan elsewhere),
    and for names of three or more characters both one- and two-character surnames (欧阳), so no
    surname table is needed. Spaces, hyphens and case do not matter after normalisation, so
    "ZHANG Wei", "Zhang Wei", "Zhang-Wei" and "ZHANGWEI" are all "zhangwei".
    """
    per_char = name_syllables(name)
    if per_char is None:
        return ()
    forms: set[str] = set()
    for combo in itertools.islice(itertools.product(*per_char), 64):
        for s in surname_splits(len(per_char)):
            surname, given = "".join(combo[:s]), "".join(combo[s:])
            forms.add(surname + given)
            forms.add(given + surname)
    return tuple(sorted(forms))


@dataclass(frozen=True)
class UnitInitialsSettings:
    """A unit's pinyin initials, as its e-mail and web domains spell it (博州人民医院:
    wangwei@bzrmyy.cn, www.bzrmyy.cn: a reviewer of the prefecture reads the hospital there).
    Matched as Latin targets are: a whole word, or, from ``ENGLISH_UNITS.run_on_letters``
    letters (the full name's: betlmgzzzrmyy), also run into a neighbouring word."""

    # Shorter initials (bzyy) are too many bodies' and words' letters.
    min_letters: int = 5
    # Polyphonic characters give more than one spelling: at most this many are kept.
    max_spellings: int = 8


UNIT_INITIALS = UnitInitialsSettings()


@lru_cache(maxsize=64)
def pinyin_initials(text: str, s: UnitInitialsSettings = UNIT_INITIALS) -> tuple[str, ...]:
    """The first letters of the pinyin of ``text``'s Han characters (every reading of a
    polyphonic one), when it has at least ``min_letters`` and nothing else."""
    # each reading's first letter, commonest first
    return _spelt(text, s.min_letters, s.max_spellings, lambda rs: dict.fromkeys(r[0] for r in rs))


def _spelt(
    text: str, min_chars: int, max_spellings: int, per_char: Callable[[list[str]], Iterable[str]]
) -> tuple[str, ...]:
    """``text``'s spellings, each character written as ``per_char`` gives of its readings
    (commonest first), at most ``max_spellings``; none when ``text`` has fewer than
    ``min_chars`` characters or any but Han ones."""
    chars = tuple(text)
    if len(chars) < min_chars or not all(map(is_han, chars)):
        return ()
    readings = char_readings(chars)
    if readings is None:
        return ()
    options = [list(per_char([r for r in rs if r])) for rs in readings]
    return tuple(
        "".join(combo) for combo in itertools.islice(itertools.product(*options), max_spellings)
    )


@dataclass(frozen=True)
class UnitPinyinSettings:
    """A unit spelt out in pinyin (a bilingual certificate's `Bólè Shì Dì-qī Zhōngxué`, a
    school's gate or badge): its syllables run together once normalised, matched as Latin
    targets are (a long one may run into a neighbouring word, see ENGLISH_UNITS)."""

    # A shorter name (医院, 一中) spells too many bodies' and words' letters.
    min_chars: int = 4
    # Polyphonic characters give more than one spelling (乐: le, yue): at most this many are
    # kept, commonest readings first.
    max_spellings: int = 8


UNIT_PINYIN = UnitPinyinSettings()


@lru_cache(maxsize=64)
def unit_pinyin(text: str, s: UnitPinyinSettings = UNIT_PINYIN) -> tuple[str, ...]:
    """``text``'s Han characters spelt in toneless pinyin (commonest readings first), when it
    has at least ``min_chars`` and nothing else."""
    return _spelt(text, s.min_chars, s.max_spellings, lambda rs: rs)


@dataclass(frozen=True)
class ShortFormSettings:
    """How a unit inside an autonomous division is also written: without the people's name
    and 自治, and for a prefecture by its first character (博尔塔拉蒙古自治州人民医院 is
    博尔塔拉州人民医院 and 博州人民医院 on letterheads, forms and seals of the prefecture)."""

    # The division words, each with the one character its short form keeps.
    divisions: tuple[tuple[str, str], ...] = (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗"))
    # Divisions whose place name is also cut to its first character (博州, 巴州, 克州).
    one_char: tuple[str, ...] = ("自治州",)
    # The place keeps at least this many characters when the people's name (the longest
    # dictionary word ending just before 自治) is taken off.
    min_place_chars: int = 2


SHORT_FORMS = ShortFormSettings()


@dataclass(frozen=True)
class ParentDivisionSettings:
    """A unit is also written without the divisions above it: 新疆维吾尔自治区博尔塔拉蒙古自治州
    中医医院 is 博尔塔拉蒙古自治州中医医院 on most of its pages, and 博尔塔拉蒙古自治州精河县人民
    医院 is 精河县人民医院. A leading place name and its division word (新疆维吾尔 + 自治区) is
    taken off as long as what is left starts with a place and its division too, and goes on:
    人民医院 alone, 温州市's 市人民医院 or the place 温州市 alone is no unit's name."""

    # Division words, longest first where one ends another (自治区 before 区).
    divisions: tuple[str, ...] = (
        "自治区",
        "自治州",
        "自治县",
        "自治旗",
        "地区",
        "省",
        "州",
        "盟",
        "市",
        "县",
        "区",
        "旗",
        "乡",
        "镇",
    )
    # A place name before its division word has this many characters (新疆维吾尔: 5).
    min_place_chars: int = 2
    max_place_chars: int = 12


PARENT_DIVISIONS = ParentDivisionSettings()


def _division_end(
    text: str, start: int = 0, settings: ParentDivisionSettings = PARENT_DIVISIONS
) -> int:
    """Where the place and division word that ``text[start:]`` begins with end (0: none): the
    fewest characters a place may have, then a division word. A division character that ends a
    dictionary word begun inside the place is that word's, not a division (城乡 of 住房和城乡
    建设局, whose place was 博尔塔拉蒙古自治州住房和城乡, and 住房和城乡建设局 a form of the unit
    matched in every county); the place's own word (博乐市) is one."""
    from redactor.detect.lexicon import lexicon

    words = lexicon().words
    if start >= len(text) or not text[start].isalnum():
        return 0
    for n in range(settings.min_place_chars, settings.max_place_chars + 1):
        at = start + n
        if at >= len(text) or not text[at - 1].isalnum():
            return 0
        division = next((d for d in settings.divisions if text.startswith(d, at)), "")
        end = at + len(division)
        if division and not any(text[j:end] in words for j in range(start + 1, at)):
            return end
    return 0


def _own_place(place: str) -> str:
    """``place`` (the words before a division word) without the divisions that lead it:
    新疆维吾尔自治区博尔塔拉蒙古 -> 博尔塔拉蒙古."""
    while (end := _division_end(place)) and end < len(place):
        place = place[end:]
    return place


def leading_places(unit: str) -> str:
    """The place names and their division words a unit starts with (博尔塔拉蒙古自治州 of
    博尔塔拉蒙古自治州人民医院, 新疆维吾尔自治区博尔塔拉蒙古自治州 of a unit under both; 博乐市
    of 博乐市第七中学), "" for none, or where nothing follows them (see ParentDivisionSettings)."""
    end = 0
    while (head := _division_end(unit, end)) and head < len(unit):
        end = head
    return unit[:end]


def unit_without_parents(unit: str) -> tuple[str, ...]:
    """The unit with its leading divisions taken off one by one, outermost first, while what is
    left still starts with a place and its division (see ParentDivisionSettings)."""
    forms: list[str] = []
    rest = unit
    while head := _division_end(rest):
        inner = rest[head:]
        # What is left starts with a place and its division, and names more than the place.
        place = _division_end(inner)
        if not place or place == len(inner):
            break
        forms.append(rest := inner)
    return tuple(forms)


def unit_short_forms(unit: str, settings: ShortFormSettings = SHORT_FORMS) -> tuple[str, ...]:
    """Short forms of a unit inside an autonomous division (see ``ShortFormSettings``); none
    for other units, or for the division itself (博州 alone names no unit). The people's name
    is the longest word of jieba's dictionary that ends where 自治 begins (蒙古, 哈萨克,
    柯尔克孜), so no list of peoples is kept here."""
    from redactor.detect.lexicon import lexicon

    words = lexicon().words
    for division, kept in settings.divisions:
        at = unit.find(division)
        rest = unit[at + len(division) :] if at >= 0 else ""
        if not rest:
            continue
        # The place is the autonomous division's own: 新疆维吾尔自治区 before it is dropped
        # (its short form is 博州, not 新州).
        before = _own_place(unit[:at])
        cut = max(
            (
                n
                for n in range(2, len(before) - settings.min_place_chars + 1)
                if before[-n:] in words
            ),
            default=0,
        )
        if not cut:
            continue
        place = before[:-cut]
        forms = [place + kept + rest]
        if division in settings.one_char:
            forms.append(place[0] + kept + rest)
        return tuple(forms)
    return ()


@dataclass(frozen=True)
class SchoolShortFormSettings:
    """How a numbered school is also written: without 第 and 学, and without its place's
    division word (博乐市第七中学 is 博乐市七中 and 博乐七中 in notices, tables and chats; 精河县第
    二小学 is 精河二小). Only with its place: the number alone (七中) names a school in every
    town. Matched like any form of the unit: a slip never changes a numeral (十七中 is not 七中)."""

    # 第, the school's number (Chinese numerals or digits), then what the school is (中学, 小学).
    pattern: str = r"第([零〇一二三四五六七八九十百]+|[0-9]+)(中学|小学)"
    # Each school word with what its short form keeps (中学: 中).
    kept: tuple[tuple[str, str], ...] = (("中学", "中"), ("小学", "小"))
    # The division words a place drops before the number (博乐市七中: 博乐七中). A prefecture's
    # short form is 博州 already (ShortFormSettings).
    dropped_divisions: tuple[str, ...] = ("市", "县", "区")
    # The place before the number has at least this many characters (博州), and keeps them
    # when its division word is dropped.
    min_place_chars: int = 2


SCHOOL_SHORT_FORMS = SchoolShortFormSettings()


def school_short_forms(
    unit: str, settings: SchoolShortFormSettings = SCHOOL_SHORT_FORMS
) -> tuple[str, ...]:
    """Short forms of a numbered school and of its forms without parents and inside an
    autonomous division (see SchoolShortFormSettings); none for other units."""
    kept = dict(settings.kept)
    forms: list[str] = []
    for form in (unit, *unit_without_parents(unit), *unit_short_forms(unit)):
        numbered = re.search(settings.pattern, form)
        place = form[: numbered.start()] if numbered else ""
        if numbered is None or len(place) < settings.min_place_chars:
            continue
        school = numbered.group(1) + kept[numbered.group(2)] + form[numbered.end() :]
        forms.append(place + school)
        division = next((d for d in settings.dropped_divisions if place.endswith(d)), "")
        if division and len(place) - len(division) >= settings.min_place_chars:
            forms.append(place[: -len(division)] + school)
    return tuple(dict.fromkeys(forms))


@dataclass(frozen=True)
class ContractionSettings:
    """How a unit inside a place is also written, contracted: the first character of two or
    more of its words, the first word's always (a contraction starts as the body's name does),
    then its type: 博尔塔拉蒙古自治州疾病预防控制中心 is 博州疾控中心, 人力资源和社会保障局 人社局,
    住房和城乡建设局 住建局, 妇幼保健院 妇保院, 卫生健康委员会 卫健委, 市场监督管理局 市监局 and
    市场监管局, 农业技术推广中心 农技中心 and 农技推广中心; 中医医院 is 中医院 (the 医 said once);
    人民医院 is 医院 after its place (温泉县医院, 博州医院), as 人民政府 is 政府 (博乐市政府).
    Probes round 25: 博州疾控中心, 博尔塔拉州疾控中心 and 博尔塔拉蒙古自治州疾控中心 stayed in view
    on a text-layer page. Only with one of the unit's own places before it (疾控中心 alone names
    one in every county), and matched exactly, without the slips a unit allows. The words are
    jieba's dictionary's, finest first (疾病 预防 控制 中心, not 控制中心), so no list of
    contractions is kept.

    The type is the last word (中心, 医院, 局) or, where the last word is a dictionary word and one
    character (建设局: 建设 and 局; 保健院, 兽医站, 管理局), that character, the rest a word like
    the others (住建局's 建). A contraction never leaves out the first word (社保局 of 人力资源和
    社会保障局 is another body, the social insurance bureau; 计生中心 of 妇幼保健计划生育服务中心
    another), nor leaves out a word while keeping the others whole (林业局 of 林业和草原局 is
    another body), but for a two-word body's typed last word's stem (畜牧兽医站 is 畜牧站) where
    what is left is no dictionary word (卫生所, a clinic, is a kind of body of its own)."""

    # Words dropped from a contraction (和 of 人力资源和社会保障局).
    joiners: tuple[str, ...] = ("和", "与", "及", "暨", "的")
    # Words a body's name leaves out whole before its type: 人民医院 is the county's 医院
    # (温泉县医院), 人民政府 its 政府, 人民检察院 its 检察院.
    dropped: tuple[str, ...] = ("人民",)
    # Types written by their first character after the contracted words (卫健委, 发改委): other
    # long last words' first characters are a word cut short (人社保 of 保障局, 市监管 of 管理局).
    head_types: tuple[str, ...] = ("委员会",)
    # At most this many words before the type (a bound on the 2^n ways to contract them).
    max_words: int = 6
    # A contraction keeps at least this many characters (疾中心 is the least; 人院 says nothing);
    # a body left with its type alone (医院, 政府 of 人民医院, 人民政府) at least this many.
    min_chars: int = 3
    min_type_chars: int = 2


CONTRACTIONS = ContractionSettings()


def _finest_words(text: str) -> list[str]:
    """``text`` cut into jieba's dictionary words: as few single characters as can be, then
    as many words as can be (疾病 预防 控制 中心 rather than 疾病 预防 控制中心)."""
    from redactor.detect.lexicon import lexicon

    words = lexicon().words
    n = len(text)
    # best[i]: (single characters, -words) of the best cut of text[i:], and its first word.
    best: list[tuple[tuple[int, int], int]] = [((0, 0), n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        options = [(((best[i + 1][0][0] + 1), best[i + 1][0][1] - 1), i + 1)]
        options += [
            ((best[j][0][0], best[j][0][1] - 1), j)
            for j in range(i + 2, n + 1)
            if text[i:j] in words
        ]
        best[i] = min(options)
    cut, i = [], 0
    while i < n:
        cut.append(text[i : best[i][1]])
        i = best[i][1]
    return cut


def _typed(cut: list[str], settings: ContractionSettings) -> tuple[list[str], set[str], str]:
    """The words a contraction picks from, the forms of its type and the last word's stem where
    the type is its last character (see ContractionSettings): 保障局 is 保障 and 局, 委员会 委 or
    itself, 中心 itself."""
    from redactor.detect.lexicon import lexicon

    *words, last = cut
    if last in settings.head_types:
        return words, {last, last[0]}, ""
    if len(last) > 2 and last[:-1] in lexicon().words:
        return [*words, last[:-1]], {last[-1]}, last[:-1]
    return words, {last}, ""


def _heads(words: list[str], types: set[str]) -> set[str]:
    """The first characters of two or more of ``words`` (the first word's always), or of the
    first few words and the rest whole (农技推广), or the first few whole and the rest's first
    characters (市场监管), each then a type."""
    heads = [w[0] for w in words]
    picks = set()
    for picked in itertools.product((False, True), repeat=len(words) - 1):
        keep = (True, *picked)
        if sum(keep) >= 2:
            picks.add("".join(h for h, k in zip(heads, keep, strict=True) if k))
    for k in range(1, len(words)):
        if k >= 2:
            picks.add("".join(heads[:k] + words[k:]))
        if len(words) - k >= 2:
            picks.add("".join(words[:k] + heads[k:]))
    return {p + t for p in picks for t in types}


def _whole_forms(cut: list[str]) -> set[str]:
    """A body's words (joiners left out) written whole, and with a character two words share
    said once (中医 医院: 中医院)."""
    whole = "".join(cut)
    if len(cut) >= 2 and cut[-2][-1] == cut[-1][0]:
        return {whole, whole[: -len(cut[-1])] + cut[-1][1:]}
    return {whole}


def _body_contractions(cut: list[str], settings: ContractionSettings) -> set[str]:
    """A body's words written whole (_whole_forms) and contracted (_typed, _heads); a body of
    one word and a typed last word also by that word and the type (畜牧 兽医站: 畜牧站; 妇幼
    保健院: 妇幼院), unless that is a word of the dictionary, a kind of body of its own (卫生所
    of 卫生监督所 is a clinic)."""
    from redactor.detect.lexicon import lexicon

    out = _whole_forms(cut)
    words, types, stem = _typed(cut, settings)
    if 2 <= len(words) <= settings.max_words:
        out |= {c for c in _heads(words, types) if len(c) >= settings.min_chars}
    if stem and len(words) == 2:
        out |= {c for c in (words[0] + t for t in types) if c not in lexicon().words}
    return out


# Cached: build_targets asks once for the forms and once for which of them are contracted.
@lru_cache(maxsize=64)
def unit_contractions(unit: str, settings: ContractionSettings = CONTRACTIONS) -> tuple[str, ...]:
    """The unit contracted after each of its places (the unit's own, without its parent
    divisions, and its short forms; see ContractionSettings); none for a unit that starts
    with no place."""
    place = leading_places(unit)
    body = unit[len(place) :]
    if not place or not body or school_short_forms(unit):
        return ()  # a numbered school's short forms are its own (SchoolShortFormSettings)
    cut = [w for w in _finest_words(body) if w not in settings.joiners]
    # A word left out whole (人民) gives no character either: 人检院 of 人民检察院 is no one's.
    kept = [w for w in cut if w not in settings.dropped]
    short = _body_contractions(kept, settings) if len(cut) >= 2 and kept else set()
    short = {c for c in short if len(c) >= settings.min_type_chars}  # 医院 of 人民医院
    short |= _whole_forms(cut)
    short.discard(body)
    forms = (unit, *unit_without_parents(unit), *unit_short_forms(unit))
    places = [f[: -len(body)] for f in forms if f.endswith(body)]
    return tuple(sorted({p + c for p in places for c in short}))


@dataclass(frozen=True)
class EnglishUnitSettings:
    """How a unit's English name (a Latin --unit-alias) is also written. English affiliations
    of Chinese units come in two word orders, the place first (Bortala Mongol Autonomous
    Prefecture People's Hospital) or after "of" (People's Hospital of Bortala Mongol Autonomous
    Prefecture), and inside an autonomous division without its people's name, as 博州 drops
    蒙古自治 (Bortala Prefecture People's Hospital). The place ends at its last division word;
    the people's name is the one word before "Autonomous", so no list of peoples is kept."""

    # English division words a place name ends with (case-insensitive).
    division_words: tuple[str, ...] = (
        "prefecture",
        "county",
        "city",
        "region",
        "province",
        "district",
        "banner",
        "township",
        "town",
    )
    # The word that, with the people's name before it, the short form leaves out.
    autonomous: str = "autonomous"
    # The word joining the institution to its place in the second order.
    joiner: str = "of"
    # An English unit name of at least this many letters is the unit even where OCR ran the
    # word before or after it onto its edge ("Works atBortala Prefecture People's Hospital."):
    # so long a string inside a longer word is no accident. Shorter ones (an alias "Bole")
    # must start and end on word boundaries.
    run_on_letters: int = 12
    # The other way round: a short English alias (Bortala Prefecture Center for Disease Control
    # and Prevention) of a unit whose Chinese name holds an autonomous division (博尔塔拉蒙古自治州)
    # is also the long form with "<people> Autonomous" before its division word, the people
    # named from the Chinese as below (the Chinese people's name before 自治, with or without
    # 族; its English forms). Bench seed 2151 (corpus v7), 013_affiliations: the unit written
    # "Bortala Mongol Autonomous Prefecture Center for Disease Control and Prevention" over two
    # lines, given as its short form, was not masked (4 of 36 units).
    peoples: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("蒙古", ("Mongol", "Mongolian")),
        ("哈萨克", ("Kazakh",)),
        ("维吾尔", ("Uygur", "Uyghur")),
        ("回", ("Hui",)),
        ("柯尔克孜", ("Kirgiz", "Kyrgyz")),
        ("塔吉克", ("Tajik",)),
        ("锡伯", ("Xibe",)),
        ("藏", ("Tibetan",)),
        ("壮", ("Zhuang",)),
        ("朝鲜", ("Korean",)),
        ("彝", ("Yi",)),
        ("苗", ("Miao",)),
        ("土家", ("Tujia",)),
    )
    # The autonomous division's English word by its Chinese one (自治州 Autonomous Prefecture).
    autonomous_divisions: tuple[tuple[str, str], ...] = (
        ("州", "prefecture"),
        ("县", "county"),
        ("区", "region"),
        ("旗", "banner"),
    )


ENGLISH_UNITS = EnglishUnitSettings()


def latin_autonomous_forms(
    alias: str, unit: str, settings: EnglishUnitSettings = ENGLISH_UNITS
) -> tuple[str, ...]:
    """The long forms of a short English alias of a unit inside an autonomous division, in
    both word orders (see EnglishUnitSettings.peoples); nothing when ``alias`` already names
    the people or ``unit`` names no autonomous division."""
    if settings.autonomous in alias.lower():
        return ()
    divisions = dict(settings.autonomous_divisions)
    peoples = [
        (english, divisions[m.group(1)])
        for chinese, english in settings.peoples
        if (m := re.search(f"{chinese}族?自治([{''.join(divisions)}])", unit))
    ]
    if not peoples:
        return ()
    names, division = peoples[0]
    out: list[str] = []
    for form in (alias, *latin_unit_forms(alias, settings)):
        words = form.split()
        end = _place_end(words, settings)
        if not 1 < end < len(words) or words[end - 1].lower().strip(",.") != division:
            continue  # not place first, or not the autonomous division's word
        for people in names:
            long = " ".join((*words[: end - 1], people, "Autonomous", *words[end - 1 :]))
            out += [long, *latin_unit_forms(long, settings)]
    return tuple(f for f in dict.fromkeys(out) if f != alias)


def _place_end(words: list[str], settings: EnglishUnitSettings) -> int:
    """Index after the last division word of ``words`` (0: none)."""
    ends = [i + 1 for i, w in enumerate(words) if w.lower().strip(",.") in settings.division_words]
    return ends[-1] if ends else 0


def _without_people(place: list[str], settings: EnglishUnitSettings) -> list[str]:
    """The place without "<people> Autonomous" (Bortala Mongol Autonomous Prefecture -> Bortala
    Prefecture); the place itself when it has no such words or nothing would be left before."""
    low = [w.lower() for w in place]
    if settings.autonomous not in low:
        return place
    at = low.index(settings.autonomous)
    return place if at < 2 else place[: at - 1] + place[at + 1 :]


def latin_unit_forms(alias: str, settings: EnglishUnitSettings = ENGLISH_UNITS) -> tuple[str, ...]:
    """An English unit name in its other word order and, inside an autonomous division, by its
    short place (see EnglishUnitSettings); nothing for a name with no division word."""
    words = alias.split()
    low = [w.lower() for w in words]
    end = _place_end(words, settings)
    if 0 < end < len(words):  # place first: "<place> <institution>"
        place, institution = words[:end], words[end:]
    elif end == len(words) and settings.joiner in low[:-1]:  # "<institution> of <place>"
        at = len(low) - 1 - low[::-1].index(settings.joiner)
        place, institution = words[at + 1 :], words[:at]
        if not institution or _place_end(place, settings) != len(place):
            return ()
    else:
        return ()
    forms: list[str] = []
    for p in dict.fromkeys((tuple(place), tuple(_without_people(place, settings)))):
        forms += [" ".join((*p, *institution)), " ".join((*institution, settings.joiner, *p))]
    return tuple(f for f in dict.fromkeys(forms) if f != alias)


@dataclass(frozen=True)
class NamePartSettings:
    """Names written in parts (Kazakh, Uyghur, Mongolian and other names in Chinese characters:
    古丽娜尔·吐尔逊, the person's own name, a middle dot, the father's name). The first part
    alone is how colleagues, certificates and letters call the person (古丽娜尔同志), so it is
    masked as the name; the father's name alone names someone else as often and is not."""

    # The own part has at least this many characters: a one-character part is no name alone.
    min_chars: int = 2
    # Marks that join the parts of one name (as typed, and as OCR reads the middle dot; full
    # widths are folded first). Own part, mark, another father's name (艾尔肯·买买提), or a
    # name, mark, the own part as the father's (买买提·艾尔肯), is another person: a space or
    # a sentence's dash is no such mark.
    joiners: str = "·•・.‧∙-‐‑"
    # A part joined to the own part that is the applicant's other part read with at most this
    # many slips (吐尔逆 for 吐尔逊) is still the applicant's name; compared over its first
    # characters, and with no slip when fewer than ``slip_from_chars`` of them are read (艾尔肯·吐
    # at a line's end is the applicant, 艾尔肯·买 is not).
    other_part_slips: int = 1
    slip_from_chars: int = 3


NAME_PARTS = NamePartSettings()


def other_name_parts(name: str) -> str:
    """The Han characters of a name in parts after its own part (吐尔逊 of 艾尔肯·吐尔逊), or
    '' for a name of one part."""
    own = own_name_part(name)
    if own is None:
        return ""
    rest = name.strip()[name.strip().index(own) + len(own) :]
    return "".join(ch for ch in rest if is_han(ch))


def joined_to_another(
    raw: str, start: int, end: int, others: str, settings: NamePartSettings = NAME_PARTS
) -> bool:
    """Whether raw[start:end], a match of the applicant's own name part, is joined by a name's
    mark to Han characters other than the applicant's other parts ``others``: a part of
    another person's name (艾尔肯·买买提, 买买提·艾尔肯). A mark with nothing after it on the
    line (a name wrapped at its dot) names no one else."""
    after = end < len(raw) and fold(raw[end]) in settings.joiners
    before = start > 0 and fold(raw[start - 1]) in settings.joiners
    runs = [_neighbour_run(raw, end + 1, +1) if after else "", ""]
    runs[1] = _neighbour_run(raw, start - 2, -1) if before else ""
    for run in runs:
        part = "".join(fold(c) for c in run)
        if not part:
            continue
        n = min(len(part), len(others))
        slips = settings.other_part_slips if n >= settings.slip_from_chars else 0
        if Levenshtein.distance(part[:n], others[:n]) > slips:
            return True
    return False


def own_name_part(name: str, settings: NamePartSettings = NAME_PARTS) -> str | None:
    """The first part of a name written in parts of Han characters joined by a mark (·, •, ・,
    a dot, a hyphen), or None for a name of one part. A space is no joiner: 欧阳 丽华 is a
    surname and a given name, and the surname alone names no one."""
    parts: list[str] = []
    run = ""
    for ch in name.strip():
        if is_han(ch):
            run += ch
        elif ch.isalnum() or ch.isspace():  # Latin, digits, or a surname set apart
            return None
        elif run:
            parts.append(run)
            run = ""
    parts += [run] if run else []
    if len(parts) < 2 or len(parts[0]) < settings.min_chars:
        return None
    return parts[0]


def name_forms(identity: Identity) -> list[tuple[str, str]]:
    """The applicant's name in every form matched, each with the label the audit gives it: the
    name, its aliases, the own part of a name in parts, its pinyin forms. Pages (build_targets)
    and output file names (naming) look for the same ones."""
    forms = [(identity.name, identity.name), *((a, a) for a in identity.aliases)]
    for name in (identity.name, *identity.aliases):
        part = own_name_part(name)
        if part:
            forms.append((part, name + " (own name)"))
    if identity.pinyin:
        forms += [(f, identity.name + " (pinyin)") for f in pinyin_forms(identity.name)]
    return forms


def _unit_han_forms(unit: str) -> tuple[str, ...]:
    """The unit and its Chinese forms: without its parent divisions, its short forms."""
    forms = [unit, *unit_without_parents(unit), *unit_short_forms(unit), *school_short_forms(unit)]
    return tuple(dict.fromkeys(forms))


def unit_spellings(unit: str) -> dict[str, str]:
    """Each pinyin spelling of the unit's Chinese forms (unit_pinyin), with the form it spells:
    a slip in a syllable is a slip in a character, so a spelling allows the edits its Chinese
    form does (博乐市第七中学: none, as Diyi for Diqi is the 一 of another school)."""
    return {f: han for han in _unit_han_forms(unit) for f in unit_pinyin(han)}


def unit_forms(identity: Identity) -> list[tuple[str, str]]:
    """The unit in every form matched, each with its audit label: the unit, its aliases, the
    unit without its parent divisions, its short forms (see name_forms)."""
    unit = identity.unit
    forms = [(unit, unit), *((a, a) for a in identity.unit_aliases)]
    forms += [(f, unit + " (without its parent division)") for f in unit_without_parents(unit)]
    forms += [(f, unit + " (short form)") for f in unit_short_forms(unit)]
    forms += [(f, unit + " (school's short form)") for f in school_short_forms(unit)]
    forms += [(f, unit + " (contracted)") for f in unit_contractions(unit)]
    if identity.pinyin:
        for han in _unit_han_forms(unit):
            forms += [(f, unit + " (pinyin initials)") for f in pinyin_initials(han)]
        forms += [(f, unit + " (pinyin)") for f in unit_spellings(unit)]
    for alias in identity.unit_aliases:
        if not any(is_han(c) for c in alias):
            forms += [(f, alias + " (word order, short form)") for f in latin_unit_forms(alias)]
            forms += [(f, alias + " (long form)") for f in latin_autonomous_forms(alias, unit)]
    return forms


def build_targets(identity: Identity) -> list[Target]:
    targets: list[Target] = []
    seen: set[tuple[str, str]] = set()

    def add(
        text: str,
        kind: str,
        label: str,
        person: bool,
        others: str = "",
        edits_as: str = "",
        exact: bool = False,
    ) -> None:
        """``edits_as``: the text whose allowed edits the target takes (its own by default);
        ``exact``: none."""
        norm = normalise(text)
        if not norm or (norm, kind) in seen:
            return
        seen.add((norm, kind))
        latin = not any(is_han(c) for c in norm)
        edits = 0 if exact else edits_allowed(normalise(edits_as) or norm, kind)
        targets.append(Target(norm, kind, label, edits, person, latin, normalise(others)))

    names = (identity.name, *identity.aliases)
    own_parts = {own_name_part(n): other_name_parts(n) for n in names if own_name_part(n)}
    for text, label in name_forms(identity):
        add(text, NAME, label, person=True, others=own_parts.get(text, ""))
    spelt = unit_spellings(identity.unit) if identity.pinyin else {}
    # A contraction is matched as it is: a slip (人民院 for 人民政 under a seal) makes it
    # another body's name (ContractionSettings).
    contracted = set(unit_contractions(identity.unit))
    for text, label in unit_forms(identity):
        add(text, UNIT, label, False, edits_as=spelt.get(text, ""), exact=text in contracted)
    for term in identity.terms:
        add(term, IDENTIFIER, term, person=False)
    return targets


# --- searching ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    start: int  # in normalised text
    end: int
    edits: int


def _search(hay: str, target: Target) -> list[_Hit]:
    """Non-overlapping occurrences of target in hay, with up to target.max_edits edits."""
    needle, k = target.text, target.max_edits
    n = len(needle)
    if k == 0:
        hits, start = [], hay.find(needle)
        while start >= 0:
            hits.append(_Hit(start, start + n, 0))
            start = hay.find(needle, start + n)
        return hits
    if len(hay) < n - k or not _shares_enough(hay, needle, k):
        return []
    candidates: list[_Hit] = []
    for i in range(0, len(hay) - (n - k) + 1):
        for length in range(max(1, n - k), n + k + 1):
            if i + length > len(hay):
                break
            window = hay[i : i + length]
            d = Levenshtein.distance(window, needle, score_cutoff=k)
            if d <= k and not _edits_touch_numerals(window, needle):
                candidates.append(_Hit(i, i + length, d))
    return _best_apart(candidates, n)


def _best_apart(candidates: list[_Hit], n: int) -> list[_Hit]:
    """Non-overlapping hits, best first (fewest edits, then closest to the target's length
    ``n``, then leftmost), in reading order."""
    candidates = sorted(candidates, key=lambda h: (h.edits, abs((h.end - h.start) - n), h.start))
    taken: list[_Hit] = []
    for h in candidates:
        if all(h.end <= t.start or h.start >= t.end for t in taken):
            taken.append(h)
    return sorted(taken, key=lambda h: h.start)


@dataclass(frozen=True)
class HiddenSlipSettings:
    """A unit read across a stamp drawn over it. Glyphs under a stamp's opaque ink
    (TextChar.hidden: an e-seal placed in front of the text) are read as other glyphs or lost;
    a slip there is the stamp's, not the text's, so it is not counted against a unit target
    (names are short and shared: never). The slips elsewhere still count (max_edits)."""

    # A hidden glyph read at least this surely is what it says: its slip counts (the print
    # under a translucent seal stays readable; another body's 政府 under its own seal read as
    # 政府 is not 医院). The probes' misreads under opaque red scored 0.48-0.88.
    max_sure_score: float = 0.95
    # At most this share of the target's characters (and at least one) may be hidden slips.
    max_share: float = 0.25
    # A unit wrapped over two lines whose break lies under the stamp (the first line's run
    # stops at the seal, ``text.mark_hidden``'s run-on gap): any number of its glyphs may be
    # the stamp's when at least this many are read beside them, in a row. 2231 022_eseal_unit:
    # 精河县第二中学 wrapped after 我在, 精河 under the e-seal, 县第二中学 alone on the next line
    # was left. Four (第二中学) is the tail of many bodies' names; five holds a glyph of the
    # unit's own place on units of seven or more.
    seen_at_a_break: int = 5
    # A line read again over the pieces of a row a stamp cut (the re-read without red, over at
    # least this share of each piece's box) says what lies under the stamp: where it holds no
    # hit of the unit, the pieces' hidden slips are not the unit's (probes round 15: a notice's
    # issuer 博尔塔拉蒙古自治州卫生健康委员会 under its own seal, read as 博尔塔拉 | 自治州卫 |
    # 康委员会 and again whole; 博尔塔拉 + 自治州卫 was taken for 博尔塔拉蒙古自治州人民医院).
    over_read_share: float = 0.5


HIDDEN_SLIPS = HiddenSlipSettings()


def _hidden_hits(
    line: TextLine,
    norm: NormText,
    target: Target,
    s: HiddenSlipSettings = HIDDEN_SLIPS,
    free_max: int | None = None,
) -> list[_Hit]:
    """Occurrences of a unit target in a line with slips on its hidden glyphs (see
    HiddenSlipSettings; at most ``free_max`` of them, by default ``max_share`` of the target
    and only on a target long enough to allow an edit) besides the target's own max_edits;
    none when the line has none."""
    chars = line.chars
    if target.person or target.latin or not (target.max_edits or free_max):
        return []
    if not any(c.hidden for c in chars):
        return []
    hidden = [chars[i].hidden and chars[i].score < s.max_sure_score for i in norm.index]
    hay, needle, k = norm.text, target.text, target.max_edits
    n = len(needle)
    gap = _hidden_gaps(line, norm)
    if free_max is None:
        free_max = max(1, int(s.max_share * n))
    # Inserting a target glyph before hay[p] is the stamp's slip where a hidden glyph is there.
    at = [
        gap[p] or (p > 0 and hidden[p - 1]) or (p < len(hay) and hidden[p])
        for p in range(len(hay) + 1)
    ]
    # Each slip, paid or free, leaves at most one of the target's glyphs unmatched, so a window
    # holding fewer of them than the target less its slips cannot match: most starts (and most
    # lines) are passed over before the slip costs, a Python DP, are counted.
    least = n - k - free_max
    glyphs = Counter(needle)
    if _shared_glyphs(hay, glyphs) < least:
        return []
    candidates: list[_Hit] = []
    for i in range(len(hay)):
        longest = min(len(hay) - i, n + k + free_max)
        if _shared_glyphs(hay[i : i + longest], glyphs) < least:
            continue
        costs = _slip_costs(
            hay[i : i + longest], needle, hidden[i : i + longest], at[i : i + longest + 1]
        )
        for length in range(max(1, n - k - free_max), longest + 1):
            paid, free = costs[length]
            window = hay[i : i + length]
            # A slip on a hidden glyph may be paid for too: free slips past free_max use the
            # edits the target allows anyway (a garbled glyph at the seal's edge, hidden since
            # it is read unsurely there, no longer pushes a match of 2371's 020_eseal_header,
            # 精可县农业 推广中心, over free_max while its paid edit went unused).
            if (
                paid + max(0, free - free_max) <= k
                and free > 0
                and not _edits_touch_numerals(
                    window, needle, gap[i : i + length + 1], hidden[i : i + length]
                )
            ):
                candidates.append(_Hit(i, i + length, paid + free))
    return _best_apart(candidates, n)


def _shared_glyphs(window: str, glyphs: Counter[str]) -> int:
    """How many of the target's glyphs (``glyphs``, counted) ``window`` holds, each at most as
    often as the target does: a bound on the glyphs any alignment of the two can match."""
    return sum((Counter(window) & glyphs).values())


# A (paid, free) pair of slips kept as one integer, paid * _PAID + free: integer addition adds
# both and integer order is the pair's order (paid first), as long as free stays under _PAID
# (a window and a target are tens of glyphs).
_PAID = 1 << 20


def _slip_costs(
    window: str, needle: str, hidden: list[bool], at: list[bool]
) -> list[tuple[int, int]]:
    """For each prefix length L of ``window``: the fewest (paid, free) slips turning
    ``window[:L]`` into ``needle``, paid ones first; a slip on a hidden glyph (or an insertion
    where ``at`` says one is) is free. An edit distance whose costs depend on the place, which
    rapidfuzz's editops (one alignment of many) does not give."""
    m, n = len(window), len(needle)
    slip_at = [1 if a else _PAID for a in at]
    # row[j]: the best for window[:i] against needle[:j]; i grows down the window.
    row = [slip_at[0] * j for j in range(n + 1)]
    best = [row[n]]
    for i in range(1, m + 1):
        glyph = window[i - 1]
        under = 1 if hidden[i - 1] else _PAID
        insert = slip_at[i]
        new = [row[0] + under]
        for j in range(1, n + 1):
            same = row[j - 1] if glyph == needle[j - 1] else row[j - 1] + under
            new.append(min(same, row[j] + under, new[j - 1] + insert))
        row = new
        best.append(row[n])
    return [divmod(cost, _PAID) for cost in best]


@dataclass(frozen=True)
class UnsureCharSettings:
    """A Chinese name read with one character OCR was unsure of is the name.

    OCR reads a rare name character (马骉, 王堃) as a common one at a low score: 申请人：马骉 came
    out 申请人：马弱, 弱 at 0.5, and stayed visible while the other three 马骉 of the page were
    masked. Names allow no slip (others share their characters), but a character read at under
    ``max_score`` is no reading of anything: a window of the name's length that matches it
    everywhere else, on sure characters, is taken. Read surely (王强 at 1.0) it stays someone
    else's, and only where the name's own character there is rare (outside GB 2312's common
    level: ``is_common_hanzi``): OCR reads a common one surely, so 签名：张小明 with 小 at 0.59 is
    someone else's, not 张晓明 (bench.verify seed 108 failed two clean pages on it).
    """

    # A character read under this is unsure. Other people's names sharing a character
    # (罗强 for 罗祎, 黄磊 for 赵磊), drawn degraded and read by OCR: 7 of 816 taken at 0.8,
    # their other character read right at 0.65-0.8; at 0.6, 2 (罗強 and 陈强, 强 at 0.52 in one).
    max_score: float = 0.6
    sure_score: float = 0.9  # every other character of the window is read at least this surely
    min_length: int = 2  # names of at least this many characters
    # A Chinese unit of at least this many characters (under the length that allows a slip
    # anyway, ``edits_allowed``) read so is the unit too, whatever its character there: no
    # other body's name shares all but one of seven glyphs read surely (the generator's
    # siblings differ by two glyphs or a numeral, never taken). Main bench seed 2441's
    # 004_strip_stamp: the unit's strip stamp across print read 精问县人民医院, 问 at 0.41 and
    # the rest at 1.0, stayed in view.
    min_unit_length: int = 7
    # A unit's other glyphs are read at least this surely. A blur lowers every glyph's score:
    # probes round 24's form photographed while the hand moved read its 工作单位 cell
    # 博乐市第七申学, 申 at 0.56, 乐 at 0.90 and 学 at 0.74, and the unit stayed in view. Seven
    # glyphs read fairly surely in their order, one unsure, leave no other body (a numeral
    # never differs); a name's two or three glyphs keep ``sure_score``.
    unit_sure_score: float = 0.7


UNSURE_CHARS = UnsureCharSettings()
# GB 2312's first level, the common hanzi: rows 16-55, first bytes 0xB0-0xD7.
GB2312_COMMON = (0xB0, 0xD7)


def _unsure_hits(
    line: TextLine,
    norm: NormText,
    target: Target,
    taken: list[_Hit],
    settings: UnsureCharSettings = UNSURE_CHARS,
) -> list[_Hit]:
    """Windows of a Chinese name's (or unit's) length in ``norm`` that differ from it in one Han
    character read unsurely, all others sure (see UnsureCharSettings); none overlapping
    ``taken``."""
    needle, hay = target.text, norm.text
    n = len(needle)
    least = settings.min_length if target.person else settings.min_unit_length
    if target.kind not in (NAME, UNIT) or target.latin or target.max_edits or n < least:
        return []
    if not _shares_enough(hay, needle, 1):
        return []  # most lines: too few of the name's characters for a window to differ in one
    hits: list[_Hit] = []
    for i in range(len(hay) - n + 1):
        if any(i < t.end and i + n > t.start for t in (*taken, *hits)):
            continue
        window = hay[i : i + n]
        differ = [j for j in range(n) if window[j] != needle[j]]
        if len(differ) != 1 or not is_han(window[differ[0]]):
            continue
        if {window[differ[0]], needle[differ[0]]} & _NUMERALS:
            continue  # 第一中学 is not 第二中学, however it is read
        if target.person and is_common_hanzi(needle[differ[0]]):
            continue  # OCR reads a common character surely: 张小明 is not 张晓明 read unsurely
        scores = [line.chars[norm.index[i + j]].score for j in range(n)]
        unsure = scores.pop(differ[0])
        sure = settings.sure_score if target.person else settings.unit_sure_score
        if unsure < settings.max_score and min(scores) >= sure:
            hits.append(_Hit(i, i + n, 1))
    return hits


def is_common_hanzi(ch: str) -> bool:
    """Whether ``ch`` is one of GB 2312's 3,755 first-level (common) hanzi, which OCR reads
    surely; a rare name character (骉, 堃, 垚, 玥) is not."""
    try:
        code = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and GB2312_COMMON[0] <= code[0] <= GB2312_COMMON[1]


@lru_cache(maxsize=4096)
def _char_counts(needle: str) -> tuple[tuple[str, int], ...]:
    return tuple(Counter(needle).items())


def _shares_enough(hay: str, needle: str, k: int) -> bool:
    """Whether ``hay`` holds at least len(needle) - k of the needle's characters (counted with
    repeats): a window within k edits of the needle keeps that many of them in place, so a line
    without them holds no match and its windows are not tried (most lines of a page)."""
    common = sum(min(hay.count(c), m) for c, m in _char_counts(needle))
    return common >= len(needle) - k


# Numerals tell institutions apart (第一中学 and 第二中学 are different schools), so an OCR slip
# is never assumed on one.
_NUMERALS = set("0123456789零〇一二三四五六七八九十百千")


def _edits_touch_numerals(
    window: str, needle: str, lost: Sequence[bool] = (), misread: Sequence[bool] = ()
) -> bool:
    """Whether an edit turning ``window`` into ``needle`` changes, drops or adds a numeral.

    ``lost[p]``: a stamp took away the glyph before window position p (a hidden glyph read as a
    space or a mark: ``_hidden_hits``' gap). The needle's numeral put there is no slip of a
    numeral OCR read, only what the stamp hides, and does not count: 2381's 012_monitor read
    the unit under its own seal as 精河县第 | 中学, its 二 under the seal's star read as nothing,
    and the line stayed in view beside the seal's fill. A numeral read there as another (第三)
    still tells another body.

    ``misread[p]``: the glyph at window position p lies under a stamp's ink and was read
    unsurely (``_hidden_hits``' hidden). A numeral read there in place of a glyph that is no
    numeral is the stamp's misreading, not another body's number: test_coloured_ink's
    certificate, read in float32, had 人民医院 right of its seal as 八民医院 (八 at 0.34), and
    人民医院 stayed in view."""
    for op in Levenshtein.editops(window, needle):
        if op.src_pos < len(window) and window[op.src_pos] in _NUMERALS:
            stamps = op.tag == "replace" and op.src_pos < len(misread) and misread[op.src_pos]
            if stamps and needle[op.dest_pos] not in _NUMERALS:
                continue
            return True
        if op.dest_pos < len(needle) and needle[op.dest_pos] in _NUMERALS:
            if op.tag == "insert" and op.src_pos < len(lost) and lost[op.src_pos]:
                continue
            return True
    return False


def _neighbour_run(text: str, pos: int, step: int) -> str:
    """The run of Han characters starting at ``pos`` and going in direction ``step``."""
    run = []
    while 0 <= pos < len(text) and is_han(text[pos]):
        run.append(text[pos])
        pos += step
    return "".join(run) if step > 0 else "".join(reversed(run))


# What follows an author's name in a paper's author list (王伟红², 王伟红1,2, 王伟红*), folded.
_AUTHOR_MARKS = frozenset("0123456789*")


@dataclass(frozen=True)
class SpacedNameSettings:
    """When a name written with gaps between its characters (a hand-signed 孙 丽 强, a spaced
    form value) goes on past a gap: OCR puts a space in each gap, which would end the name."""

    # The next character belongs to the name when its centre is at most this many times the
    # widest step between the match's own characters from the previous one's.
    max_step: float = 1.4


SPACED = SpacedNameSettings()


def spaced_run(line: TextLine, start: int, end: int, s: SpacedNameSettings = SPACED) -> str:
    """The Han characters after line.chars[start:end], a match written with gaps (a space
    between its characters), that go on at the match's own spacing: 强 of "签名： 孙 丽 强"
    after 孙丽. Empty when the match has no gap in it or the next character is not so placed."""
    chars = line.chars
    if not any(not c.text.strip() for c in chars[start:end]):
        return ""
    centres = [
        np.asarray(c.quad.points, np.float64).mean(axis=0)
        for c in chars[start:end]
        if c.text.strip()
    ]
    if len(centres) < 2:
        return ""
    step = max(float(np.linalg.norm(b - a)) for a, b in itertools.pairwise(centres))
    run, last, i = [], centres[-1], end
    while i < len(chars):
        while i < len(chars) and not chars[i].text.strip():
            i += 1
        if i >= len(chars) or not is_han(chars[i].text):
            break
        centre = np.asarray(chars[i].quad.points, np.float64).mean(axis=0)
        if float(np.linalg.norm(centre - last)) > s.max_step * step:
            break
        run.append(chars[i].text)
        last, i = centre, i + 1
    return "".join(run)


def is_someone_else(
    raw: str, start: int, end: int, spaced: str = "", next_lines: Sequence[str] = ()
) -> bool:
    """Whether raw[start:end], a match of a Han name, is the start of a longer name.

    ``raw`` is the line text with spaces; a space, punctuation, a digit or a Latin letter ends a
    name. The Han characters after the match decide (see lexicon.name_continues): 王伟 inside
    "、王伟民、" or "王伟华" (at a line end) is someone else's; "王伟同志", "王伟工作认真" and
    "王伟联系电话" are the applicant. A character glued in front is not checked: "由王伟" and
    "感谢王伟" are far commoner than a compound surname around a shorter name. ``spaced``: the
    characters that go on at the spacing of a match written with gaps (see ``spaced_run``),
    read as following it directly. ``next_lines``: the texts of the lines that may continue
    this one (lines_below); see read_on.
    """
    # Folded as the match was: OCR reads 性别 as 性別 now and then; the dictionary is simplified.
    run = _neighbour_run(raw, end, +1)
    if not run and spaced:
        return name_continues("".join(fold(c) for c in spaced))
    after = "".join(fold(c) for c in run)
    mark_at = end + len(run)
    author_mark = mark_at < len(raw) and fold(raw[mark_at])[:1] in _AUTHOR_MARKS
    field = _field_of_one_name(raw, start, mark_at, run)
    if not name_continues(after, author_mark or field):
        return False
    # A name alone in its field (王伟红 a line of its own) is no sentence wrapped on.
    return not (run and not field and not raw[mark_at:].strip() and read_on(after, next_lines))


def read_on(after: str, next_lines: Sequence[str]) -> bool:
    """Whether the Han characters ``after`` a name, running to its line's end, are the applicant's
    name and the start of a word that a paragraph wrapped to the next line: probes round 19's
    book spread, …组织编写，王伟主 | 任负责全书统稿 (王伟主 alone looks like someone else's
    longer name; read on, 主任 is a word). Any line that may continue this one reading so is
    enough: the read-on only ever adds a mask, a visible name costing more than an extra one."""
    for text in next_lines:
        head = _neighbour_run(text.lstrip(), 0, +1)
        if head and not name_continues(after + "".join(fold(c) for c in head)):
            return True
    return False


# What may end a field that holds one name (通信作者：王伟红，E-mail), and end its label.
_FIELD_ENDS = frozenset("，,、;；。")
_LABEL_ENDS = frozenset("：:")


def _field_of_one_name(raw: str, start: int, mark_at: int, run: str) -> bool:
    """Whether the match and one character after it are all of a field: a line's start or a
    label's colon before, the line's end or a comma after (a co-author's line under a paper's
    title, 通信作者：王伟红，). No sentence and no other person fits in one character there,
    as after an affiliation mark."""
    before = raw[:start].rstrip()
    rest = raw[mark_at:].lstrip()
    return (
        len(run) == 1
        and (not before or before[-1] in _LABEL_ENDS)
        and (not rest or rest[0] in _FIELD_ENDS)
    )


def _latin_boundary_ok(raw: str, start: int, end: int) -> bool:
    """A Latin match must not start or end inside a word: Wang Wei is not in 'Wang Weiming'."""
    before = raw[start - 1] if start > 0 else " "
    after = raw[end] if end < len(raw) else " "
    return not before.isalpha() and not after.isalpha()


def _joined_word(word: str) -> bool:
    """Whether ``word``, the letters of a pinyin name's edge and those OCR ran onto it, is two
    words joined, not one longer name: OCR of English lines often drops the space (`Dr.WANG
    Weihas worked`), while a longer name spells pinyin whole (`Weiming`, `Xiaowang`, and
    `Nan` of Li Nan, where the letter run on completes the name's own last syllable)."""
    return not spells_pinyin(fold(word).lower())


def _letters_end(text: str) -> str:
    """The letters ``text`` ends with (str.isalpha: a superscript ², a word character to \\w, is
    an affiliation mark, not a letter)."""
    i = len(text)
    while i and text[i - 1].isalpha():
        i -= 1
    return text[i:]


def _letters_start(text: str) -> str:
    """The letters ``text`` starts with (see _letters_end)."""
    i = 0
    while i < len(text) and text[i].isalpha():
        i += 1
    return text[:i]


def _latin_name_boundary_ok(raw: str, start: int, end: int) -> bool:
    """A pinyin name's match may run into a word only where the two do not spell pinyin
    together (see ``_joined_word``); a word boundary is always fine. Lean to masking: the
    name followed by a word is the applicant's."""
    before = _letters_end(raw[:start])
    if before and not _joined_word(before + _letters_start(raw[start:end])):
        return False
    after = _letters_start(raw[end:])
    return not after or _joined_word(_letters_end(raw[start:end]) + after)


@dataclass(frozen=True)
class LineSpan:
    """A stretch of one line: the characters [start, end) of ``line``."""

    line: TextLine
    start: int
    end: int
    # Its ends are glyphs a stamp took away (read as spaces): their places are the span's.
    lost_ends: bool = False

    def quad(self) -> Quad:
        chars = self.line.chars
        # Leading/trailing spaces carry no ink: trim them.
        s, e = self.start, self.end
        while s < e - 1 and not chars[s].text.strip() and not self.lost_ends:
            s += 1
        while e - 1 > s and not chars[e - 1].text.strip() and not self.lost_ends:
            e -= 1
        # Along the line's own axis and across its full height: joining the first glyph's
        # left corners to the last one's right corners gave thin diagonal slivers where OCR
        # had ordered the corners of a vertical line across it.
        return self.line.span_quad(s, e)


def _spans_for_hit(
    lines: list[TextLine], norms: list[NormText], hit: _Hit
) -> list[LineSpan] | None:
    """Map a hit in the concatenated normalised text of ``lines`` back to per-line spans."""
    spans: list[LineSpan] = []
    offset = 0
    for line, norm in zip(lines, norms, strict=True):
        lo, hi = max(hit.start, offset), min(hit.end, offset + len(norm.text))
        if lo < hi:
            spans.append(LineSpan(line, norm.index[lo - offset], norm.index[hi - 1 - offset] + 1))
        offset += len(norm.text)
    return spans or None


def _code_char(raw: str, i: int) -> bool:
    """Whether raw[i] (full-width forms folded) is an ASCII letter or digit: a --term (an ID or
    phone number) next to one is part of a longer number or code, not the term."""
    if not 0 <= i < len(raw):
        return False
    c = fold(raw[i])
    return len(c) == 1 and c.isascii() and c.isalnum()


def _accept(
    target: Target,
    spans: list[LineSpan],
    others: tuple[str, ...] = (),
    next_lines: Sequence[str] = (),
) -> bool:
    """Whether a hit of ``target`` (its spans) is the target; ``others``: the normalised texts
    of the identity's targets that are not people (the unit, its forms, terms): a name followed
    directly by one of them is the applicant's (王伟博州人民医院, a table row read as one line).
    ``next_lines``: the texts of the lines that may continue a one-line hit's line."""
    if target.kind == IDENTIFIER:
        first, last = spans[0], spans[-1]
        return not _code_char(first.line.text, first.start - 1) and not _code_char(
            last.line.text, last.end
        )
    if target.latin and target.person:
        # "Min, WU Xiaomin" is not "Min Wu": a comma ends one author and starts the next.
        raw = "".join(s.line.text[s.start : s.end] for s in spans)
        if any(p in raw for p in ",，;；、"):
            return False
    if target.latin and not target.person and len(target.text) >= ENGLISH_UNITS.run_on_letters:
        return True
    if target.latin:
        ok = _latin_name_boundary_ok if target.person else _latin_boundary_ok
        return all(ok(s.line.text, s.start, s.end) for s in spans[:1]) and all(
            ok(s.line.text, s.start, s.end) for s in spans[-1:]
        )
    if target.person and len(spans) == 1:
        s = spans[0]
        if target.other_parts and joined_to_another(
            s.line.text, s.start, s.end, target.other_parts
        ):
            return False
        if _followed_by(s, others):
            return True
        spaced = spaced_run(s.line, s.start, s.end)
        return not is_someone_else(s.line.text, s.start, s.end, spaced, next_lines)
    return True


def _followed_by(span: LineSpan, texts: tuple[str, ...]) -> bool:
    """Whether the line goes on, right after ``span``, with one of ``texts`` (normalised)."""
    rest = normalise(span.line.text[span.end :])
    return any(t and rest.startswith(t) for t in texts)


def span_findings(target: Target, spans: list[LineSpan], edits: int) -> list[Finding]:
    """One finding a span of a matched target, scored by its edits and its weakest character."""
    score = 1.0 - edits / max(1, len(target.text))
    out = []
    for span in spans:
        conf = (
            min(c.score for c in span.line.chars[span.start : span.end])
            if span.end > span.start
            else 0.0
        )
        text = "".join(c.text for c in span.line.chars[span.start : span.end])
        out.append(
            Finding(
                target.kind, span.quad(), round(score * max(conf, 0.5), 3), span.line.source, text
            )
        )
    return out


@dataclass(frozen=True)
class WrapSettings:
    """How many lines a target may be wrapped over (continuation_chains' length)."""

    # Chains of at least this many lines are always searched (a paragraph's line break, a
    # cell's wrap of a short unit).
    min_lines: int = 3
    # The fewest glyphs a wrapped line of a unit holds: the narrowest 工作单位 cell seen holds
    # four (main bench seed 2461's 004_narrow_cell: 博尔塔拉 | 蒙古自治 | 州林业和 | 草原局,
    # four lines that chains of three did not reach, and 蒙古自治 was left in view). A target
    # of n glyphs is searched over chains of up to ceil(n / min_glyphs_a_line) lines.
    min_glyphs_a_line: int = 4


WRAPS = WrapSettings()


def _chain_length(targets: list[Target], s: WrapSettings = WRAPS) -> int:
    """The longest chain of lines any of ``targets`` may be wrapped over (see WrapSettings):
    a Chinese unit's (a name is too short to wrap further, and a Latin alias's words wrap
    by several letters a line)."""
    longest = max((len(t.text) for t in targets if t.kind == UNIT and not t.latin), default=0)
    return max(s.min_lines, -(-longest // s.min_glyphs_a_line))


def find_in_lines(
    lines: list[TextLine], targets: list[Target], context: list[TextLine] | None = None
) -> list[Finding]:
    """Every occurrence of every target: within a line, and across line breaks or cell wraps
    (a long unit in a narrow table cell can take four lines, see WrapSettings). ``context``:
    the page's lines round them, where a name's next cell is looked for (_letter_beside_end),
    when ``lines`` are some of them only."""
    around = lines if context is None else context
    plain_norms = [norm_line(line) for line in lines]
    latin_norms = [zeros_as_letter_o(line, n) for line, n in zip(lines, plain_norms, strict=True)]
    # A hit that uses every line of a chain holds all of its middle lines, so a chain whose
    # middle lines read more than any hit can span holds none: such chains are not grown (a
    # paragraph's lines, not a narrow cell's). A hit spans at most twice its target (slips on
    # hidden glyphs may each add one read glyph, up to one a glyph of the target).
    reach = max((2 * len(t.text) + t.max_edits for t in targets), default=0)
    sizes = [len(n.text) for n in plain_norms]
    pairs = list(continuation_pairs(lines))
    chains = continuation_chains(lines, _chain_length(targets), sizes, reach, pairs)
    next_lines = lines_below(lines)
    others = tuple(t.text for t in targets if not t.person)
    findings: list[Finding] = []
    for target in targets:
        norms = latin_norms if target.latin else plain_norms
        for i, (line, norm) in enumerate(zip(lines, norms, strict=True)):
            exact = _search(norm.text, target) or _hidden_hits(line, norm, target)
            letter = [] if exact else _lost_letter_hits(line, norm, target)
            stroke = [] if exact or letter else _lost_stroke_hits(line, norm, target)
            lost = letter + stroke
            for hit in exact + _unsure_hits(line, norm, target, exact) + lost:
                spans = _spans_for_hit([line], [norm], hit)
                if spans and hit in stroke and _letter_beside_end(spans, around):
                    continue
                if spans and hit in lost:
                    spans = [_over_hidden_ends(spans[0])]
                if spans and _accept(target, spans, others, next_lines.get(i, ())):
                    findings.extend(span_findings(target, spans, hit.edits))
        for chain in chains:
            chain_lines = [lines[i] for i in chain]
            chain_norms = [norms[i] for i in chain]
            first = len(chain_norms[0].text)
            last_start = sum(len(n.text) for n in chain_norms[:-1])
            hay = "".join(n.text for n in chain_norms)
            plain = _search(hay, target)
            hidden = [] if plain else _hidden_chain_hits(chain_lines, target)
            if hidden and _read_over_without(chain_lines, lines, norms, target):
                hidden = []
            lost = [] if plain or hidden else _lost_stroke_hits_in(hay, target)
            for hit in plain or hidden or lost:
                # Only hits that use every line of the chain (shorter ones are found above),
                # or the piece after a break the stamp hides.
                tail = hit in hidden and _after_a_hidden_break(chain_lines, hit, first)
                if not tail and (hit.start >= first or hit.end <= last_start):
                    continue
                spans = _spans_for_hit(chain_lines, chain_norms, hit)
                whole = spans is not None and len(spans) == len(chain)
                if spans and hit in lost and _letter_beside_end(spans, around):
                    continue
                if spans and (whole or tail) and _accept(target, spans, others):
                    kept = _spans_with_a_match(spans, chain_norms, hay, hit, target.text)
                    findings.extend(span_findings(target, kept, hit.edits))
    return findings


def _hidden_gaps(line: TextLine, norm: NormText) -> list[bool]:
    """For each place p of ``norm`` (0..len): whether a hidden glyph read as a space or a mark
    lies before its character p (a glyph a stamp took away: 治 lost, 自 州)."""
    bounds = [-1, *norm.index, len(line.chars)]
    return [
        any(line.chars[j].hidden for j in range(bounds[p] + 1, bounds[p + 1]))
        for p in range(len(norm.text) + 1)
    ]


def _lost_letter_hits(line: TextLine, norm: NormText, target: Target) -> list[_Hit]:
    """A pinyin name whose first or last letter a stamp took away: the rest of the name read
    in full beside a hidden gap (a hidden glyph read as a space or a mark), where the word so
    read spells no pinyin, so it is no one's name. Main bench seed 2371's 012_alpha_png: the
    applicant's seal's rim over the O of OUYANG Lihua, read ` UYANG Lihua` (the O's place a
    hidden gap), left the name in view beside the seal's fill; UYANG is nobody's surname, while
    YANG Lihua or ANG Wei read so could be someone's (ang, yang spell pinyin) and stay."""
    if not (target.person and target.latin) or not any(c.hidden for c in line.chars):
        return []
    hay, needle, raw = norm.text, target.text, line.text
    n, gaps = len(target.text), _hidden_gaps(line, norm)
    hits = []
    for p in range(len(hay) - n + 2):
        if gaps[p] and hay[p : p + n - 1] == needle[1:]:
            word = _letters_start(raw[norm.index[p] :])
            if not spells_pinyin(fold(word).lower()):
                hits.append(_Hit(p, p + n - 1, 1))
        end = p + n - 1
        if end <= len(hay) and gaps[end] and hay[p:end] == needle[:-1]:
            word = _letters_end(raw[: norm.index[end - 1] + 1])
            if not spells_pinyin(fold(word).lower()):
                hits.append(_Hit(p, end, 1))
    return _best_apart(hits, n)


# Letters of a single upright stroke: between a comb's cell rules OCR takes one for a rule.
LONE_STROKES = frozenset("il")


def _lost_stroke_hits(line: TextLine, norm: NormText, target: Target) -> list[_Hit]:
    """A pinyin name whose last letter is a lone upright stroke (I, l) that the read lost: the
    rest of the name read in full, where the read's letters end, and the name without that
    letter spells no pinyin, so it is no one's name. Probes round 18: WANGWEI written a letter
    to a cell of a form's comb (方格) was read W A N G W E: the I between two cell rules was
    taken for a rule, and the name was left in view. LIME (LIMEI without its I) spells li me
    and could be someone's: it stays."""
    return _lost_stroke_hits_in(norm.text, target)


def _lost_stroke_hits_in(hay: str, target: Target) -> list[_Hit]:
    """_lost_stroke_hits in ``hay``: a line's text, or a chain's (a comb's letters read as
    boxes of their own on one row, W A N G | W | E)."""
    needle = target.text
    if not (target.person and target.latin) or needle[-1:] not in LONE_STROKES:
        return []
    if spells_pinyin(needle[:-1]):
        return []
    n = len(needle)
    hits, start = [], hay.find(needle[:-1])
    while start >= 0:
        end = start + n - 1
        # where the letters end: in the text without spaces (a comb's letters are read apart)
        if not hay[end : end + 1].isalpha():
            hits.append(_Hit(start, end, 1))
        start = hay.find(needle[:-1], end)
    return hits


@dataclass(frozen=True)
class NextCellSettings:
    """Where a comb's next cell is: a letter read in a box of its own after a name's last read
    letter ends the name there only if no letter follows it on the row (probes round 18's
    comb drawn again on a CPU reading in float32: WANGWEN read as the line WANGWE and its N
    in a box of its own, so WANGWE with its I "lost" was someone else's name masked)."""

    # The next box's first letter starts within this many glyph heights after the last one
    # read (a comb's cells: 1.1), and its middle lies within ``row`` glyph heights of it.
    reach: float = 2.0
    row: float = 0.5


NEXT_CELL = NextCellSettings()


def _letter_beside_end(
    spans: list[LineSpan], lines: list[TextLine], s: NextCellSettings = NEXT_CELL
) -> bool:
    """Whether a Latin letter read in another line follows the last glyph of ``spans`` on its
    row (see NextCellSettings)."""
    last = spans[-1]
    end = next(
        (c for c in reversed(last.line.chars[last.start : last.end]) if c.text.strip()), None
    )
    if end is None:
        return False
    u, v = end.quad.axes()
    pts = np.asarray(end.quad.points, dtype=np.float64)
    h = max(end.quad.height, 1.0)
    right, middle = float((pts @ u).max()), float((pts @ v).mean())
    for line in lines:
        if line is last.line:
            continue
        first = next((c for c in line.chars if c.text.strip()), None)
        # a Latin letter: the next field's Chinese label (性别) ends a comb's row, not a name
        if first is None or not (first.text[0].isascii() and first.text[0].isalpha()):
            continue
        q = np.asarray(first.quad.points, dtype=np.float64)
        start = float((q @ u).min())
        if -0.2 * h <= start - right <= s.reach * h and abs((q @ v).mean() - middle) <= s.row * h:
            return True
    return False


def _over_hidden_ends(span: LineSpan) -> LineSpan:
    """``span`` grown over the hidden glyphs (read as spaces or marks) right before and after it:
    the place of a letter the stamp took away is the name's, and is masked with it."""
    chars, start, end = span.line.chars, span.start, span.end
    while start > 0 and chars[start - 1].hidden and not chars[start - 1].text.isalnum():
        start -= 1
    while end < len(chars) and chars[end].hidden and not chars[end].text.isalnum():
        end += 1
    return LineSpan(span.line, start, end, lost_ends=True)


def _hidden_chain_hits(
    chain: list[TextLine], target: Target, s: HiddenSlipSettings = HIDDEN_SLIPS
) -> list[_Hit]:
    """Hits of a unit across a chain of lines with slips on hidden glyphs (_hidden_hits over
    the lines joined), up to all but ``seen_at_a_break`` of the unit's glyphs (see
    HiddenSlipSettings)."""
    if target.person or target.latin or not any(c.hidden for ln in chain for c in ln.chars):
        return []
    joined = replace(chain[0], chars=tuple(c for ln in chain for c in ln.chars))
    n = len(target.text)
    shared = max(1, int(s.max_share * n)) if target.max_edits else 0
    free_max = max(shared, n - s.seen_at_a_break)
    return _hidden_hits(joined, norm_line(joined), target, s, free_max) if free_max > 0 else []


def _read_over_without(
    chain: list[TextLine],
    lines: list[TextLine],
    norms: list[NormText],
    target: Target,
    s: HiddenSlipSettings = HIDDEN_SLIPS,
) -> bool:
    """Whether a line read over every piece of ``chain`` (see HiddenSlipSettings.over_read_share)
    holds no hit of ``target``, its hidden slips allowed: what is under the stamp is read there
    as something else."""
    boxes = [ln.quad.bbox for ln in chain]
    over = [
        (line, norm)
        for line, norm in zip(lines, norms, strict=True)
        if not any(line is c for c in chain)
        and all(line.quad.bbox.intersection(b).area >= s.over_read_share * b.area for b in boxes)
    ]
    return bool(over) and not any(
        _search(norm.text, target) or _hidden_hits(line, norm, target) for line, norm in over
    )


def _after_a_hidden_break(chain: list[TextLine], hit: _Hit, first: int) -> bool:
    """Whether ``hit`` starts the second of two lines right after the first line's run-on gap
    (``text.mark_hidden``: the first line stops at the stamp, the unit's head under it)."""
    if len(chain) != 2 or hit.start != first:
        return False
    glyphs = chain[0].chars
    return bool(glyphs) and glyphs[-1].hidden and not glyphs[-1].text.strip()


def _spans_with_a_match(
    spans: list[LineSpan], norms: list[NormText], hay: str, hit: _Hit, needle: str
) -> list[LineSpan]:
    """The spans of a hit across lines (one per line, as _spans_for_hit gives them) that hold a
    character of ``needle`` itself: a line's piece that is nothing but the hit's slip is
    another cell's text (工作单位's 位 before 州疾病预防控制中 / 心, taken for 博州…'s 博;
    bench seed 2121 006_multi p2 masked 位, 邮 and 师 of three cells round a wrapped unit)."""
    if not hit.edits:
        return spans
    window = hay[hit.start : hit.end]
    matched = [True] * len(window)
    for op in Levenshtein.editops(window, needle):
        if op.tag in ("replace", "delete"):
            matched[op.src_pos] = False
    kept, offset, i = [], 0, 0
    for norm in norms:
        lo, hi = max(hit.start, offset), min(hit.end, offset + len(norm.text))
        if lo < hi:
            if any(matched[lo - hit.start : hi - hit.start]):
                kept.append(spans[i])
            i += 1
        offset += len(norm.text)
    return kept


@dataclass(frozen=True)
class ReadOnSettings:
    """Which lines a line may go on into where a name's characters run to its end (see
    read_on): the paragraph's next line, told in the line's own reading frame."""

    # The next line's top at most this many of the line's heights under the line's bottom
    # (as continuation_pairs' line under a line), and its middle under that bottom.
    max_below: float = 1.6
    # Its height this share of the line's, at least and at most (as continuation_pairs').
    heights: tuple[float, float] = (0.5, 2.0)


READ_ON = ReadOnSettings()


def lines_below(lines: list[TextLine], s: ReadOnSettings = READ_ON) -> dict[int, list[str]]:
    """For each line that ends in a Han character, the texts of the lines under it that may
    continue it: a paragraph's next line, where a word wrapped at the line's end goes on. Not
    a box beside it on its row: another cell or field (a shifted text layer's 王伟红 | 王斌, two
    people). The next line need not lie under the line itself, only start before its end: it
    starts at the paragraph's left edge, and OCR may have read the line from the middle of its
    row on (probes round 19's book spread as mask's start code left it: the unit's fill cut
    书由 | 检验科组织编写，王伟主, and the short next line 任负责全书统稿。 lay under 书由 only;
    the same after a seal, or in a page's second column). A line of another column started
    left of it is read on into too: the read-on only ever adds a mask."""
    out: dict[int, list[str]] = {}
    ends = [i for i, ln in enumerate(lines) if ln.text.rstrip() and is_han(ln.text.rstrip()[-1])]
    if not ends:
        return out
    points = np.asarray([ln.quad.points for ln in lines], np.float64)  # (n, 4, 2)
    heights = np.asarray([max(min(ln.quad.height, ln.quad.width), 1.0) for ln in lines])
    low, high = s.heights
    for a in ends:
        along, down = lines[a].axis()
        u, v = points @ along, points @ down  # (n, 4)
        ha = heights[a]
        bottom = v[a].max()
        ratio = heights / ha
        wanted = (
            (v.min(axis=1) - bottom <= s.max_below * ha)
            & (v.mean(axis=1) > bottom)
            & (u.min(axis=1) < u[a].max())
            & (ratio > low)
            & (ratio < high)
        )
        wanted[a] = False
        if wanted.any():
            out[a] = [lines[b].text for b in np.flatnonzero(wanted)]
    return out


def continuation_chains(
    lines: list[TextLine],
    max_lines: int = 3,
    sizes: Sequence[int] | None = None,
    reach: int | None = None,
    pairs: Sequence[tuple[int, int]] | None = None,
) -> list[tuple[int, ...]]:
    """Runs of 2..max_lines lines, each continuing the one before (see continuation_pairs).
    With ``sizes`` (each line's length) and ``reach``, a run is grown only while the lines
    after its first hold at most ``reach`` - 1 characters: the longer runs' middles alone
    would be longer than what is searched for. ``pairs``: continuation_pairs(lines), when the
    caller has them already."""
    following: dict[int, list[int]] = {}
    for a, b in continuation_pairs(lines) if pairs is None else pairs:
        following.setdefault(a, []).append(b)
    chains: list[tuple[int, ...]] = []
    frontier = [(a, b) for a, bs in following.items() for b in bs]
    while frontier:
        chains.extend(frontier)
        if len(frontier[0]) >= max_lines:
            break
        if sizes is not None and reach is not None:
            frontier = [c for c in frontier if sum(sizes[i] for i in c[1:]) < reach - 1]
        frontier = [(*c, n) for c in frontier for n in following.get(c[-1], []) if n not in c]
    return chains


def continuation_pairs(lines: list[TextLine]) -> Iterator[tuple[int, int]]:
    """Pairs (a, b) where line b may continue line a: the next line of a paragraph or a table
    cell (below, overlapping horizontally) or the next box on the same row (OCR splits a line at
    wide gaps). All in the reading frame of line a, so sideways pages work too. Every b is
    tested against a at once (a text-layer page has hundreds of lines: pair by pair, this was
    a third of such a page's time)."""
    if not lines:
        return
    points = np.asarray([line.quad.points for line in lines], dtype=np.float64)  # (n, 4, 2)
    # A line's glyph size is its box's shorter side: OCR gives a column of vertical text (竖排)
    # an upright box, whose height is the column's length (温 | 泉县水利局, one column that
    # the detector cut in two, were no continuation of each other).
    heights = np.asarray([max(min(ln.quad.height, ln.quad.width), 1.0) for ln in lines])
    read_ends = np.asarray([_read_ends(ln) for ln in lines], dtype=np.float64)  # (n, 8, 2)
    across = (points[:, 1] - points[:, 0]) + (points[:, 2] - points[:, 3])
    norms = np.linalg.norm(across, axis=1)
    safe = np.where(norms > 1e-9, norms, 1.0)[:, None]
    reading = np.where(norms[:, None] > 1e-9, across / safe, np.array([1.0, 0.0]))
    for a in range(len(lines)):
        ua = reading[a]
        va = np.array([-ua[1], ua[0]])  # reading "down"
        ha = heights[a]
        u = points @ ua  # (n, 4): every line's corners along and across line a's reading
        v = points @ va
        below = v.min(axis=1) - v[a].max()
        overlap = np.minimum(u[a].max(), u.max(axis=1)) - np.maximum(u[a].min(), u.min(axis=1))
        v_mean = v.mean(axis=1)
        # Boxes may overlap by half a glyph: the detector's cut through a column (温 |
        # 泉县水利局) left the two boxes overlapping by 0.46 of a glyph.
        under = (-0.5 * ha <= below) & (below <= 1.6 * ha) & (overlap > 0) & (v_mean > v_mean[a])
        # Side by side, the gap is the one between the glyphs read: OCR's box of a line read
        # through a seal reaches back over the piece before it (see _read_ends).
        u_ends = read_ends @ ua
        gap = u_ends.min(axis=1) - u_ends[a].max()
        # Beside: where a ends and b starts lie on one row, told at those ends (each box's
        # end and start edge), not by the boxes' middles. A tilted page's long line rises
        # or falls along its length: main bench seed 2441's 014_alpha_png read "(1. Jingl"
        # and then " ne County People's Hospital, … Sciences," 893 px long, whose middle lay
        # 0.7 of a glyph above the short piece's, though its start met the piece's end.
        ends = v[a, [1, 2]].mean()
        starts = v[:, [0, 3]].mean(axis=1)
        beside = (np.abs(starts - ends) < 0.4 * ha) & (-0.2 * ha <= gap) & (gap <= 4 * ha)
        ratio = heights / ha
        wanted = (ratio > 0.5) & (ratio < 2.0) & (under | beside)
        wanted[a] = False
        for b in np.flatnonzero(wanted):
            yield a, int(b)


def _read_ends(line: TextLine) -> np.ndarray:
    """The corners (8, 2) of ``line``'s first and last glyphs read (not a stamp's hidden gap,
    ``text.mark_hidden``), or its box's twice when it has none. Where a seal lies over the
    middle of the unit's line, OCR reads it in pieces, and the box of the piece read through
    the seal reaches back over the one before it: a certificate's 博尔塔 | 拉蒙古白治州 | 民医院
    under the unit's seal (probes round 17), the middle box 32 px over 博尔塔's (0.55 of a
    glyph), its 拉 9 px past 塔. Told by the boxes, the pieces were no neighbours, and 博尔塔
    stayed in view beside the seal's fill."""
    read = [c.quad.points for c in line.chars if c.text.strip()]
    return np.asarray([*read[0], *read[-1]] if read else [*line.quad.points] * 2)


@dataclass(frozen=True)
class OwnSealCutSettings:
    """A unit line cut by the unit's own seal. OCR stops a Latin line at an opaque seal over
    it, or reads it on through the seal garbled; the hidden-glyph slips of Chinese units do not
    carry over (letters under a seal read as nothing or as noise, and the prefecture's English
    head, "Bortala Mongol Autonomous Prefecture", begins the issuers' names as well as the
    unit's). Where the seal itself reads as the unit (policy decides,
    ``seals.policy.seal_reads_as_unit``), the letters of a line before it that end in the
    alias's head, and those after it that begin with the alias's tail, are the unit (probes
    round 15: an English reference letter's "Director, Bortala Mongol Autonomous Prefe" before
    the applicant's own seal on its copy and phone photo, left readable). So are a Chinese
    unit's glyphs: a seal drawn in front of the text (a vector drawing, fully opaque) makes
    OCR misread the glyphs under it surely, where no hidden slip is taken (probes round 19: a
    born-digital form's 博尔塔拉蒙古自治州人民医院 under its vector seal read
    溥尔 立蒙古自台州人民医院 at 0.98-0.99, and 州人民医院 was left beside the seal's fill)."""

    # Of the alias's letters, at least this share read before the seal, from a word's start,
    # or after it, up to a word's end: "Bortala Mongol" or "People's Hospital", not "Hospital"
    # alone. Short, since the seal's own reading says whose name runs under it.
    end_share: float = 0.25
    # Of a Chinese unit's glyphs, at least this share: 州人民医院 of 博尔塔拉蒙古自治州人民医院,
    # not 人民医院 (the tail of every people's hospital).
    han_end_share: float = 0.35
    # A Chinese glyph next to the seal (the first after it, the last before it) may be
    # misread without cost: the seal's rim cuts it (台 for 治).
    han_free_at_seal: int = 1
    # A glyph whose centre lies inside the seal's outline grown by this share of its size is
    # under the seal; a line whose next glyph's place lies there stops at it.
    reach: float = 0.05
    # The mask over the head (tail) is stretched along the line until it meets the seal, by
    # at most this many line heights, in steps of ``stretch_step``.
    stretch: float = 3.0
    stretch_step: float = 0.25


OWN_SEAL_CUTS = OwnSealCutSettings()


def units_cut_by_seals(
    lines: Sequence[TextLine],
    targets: Sequence[Target],
    seals: Sequence[Sequence[tuple[float, float]]],
    s: OwnSealCutSettings = OWN_SEAL_CUTS,
) -> list[Finding]:
    """The heads and tails of unit targets on lines cut by one of ``seals`` (the unit's own
    seals' convex outlines: see OwnSealCutSettings)."""
    return _stretched_to_seals(
        seals, s.reach, lambda under: unit_ends_cut(lines, targets, under, s), s
    )


def _stretched_to_seals(
    seals: Sequence[Sequence[tuple[float, float]]],
    reach: float,
    cut: Callable[[Callable[[np.ndarray], bool]], list[tuple[Finding, TextLine, int]]],
    stretch: OwnSealCutSettings = OWN_SEAL_CUTS,
) -> list[Finding]:
    """What ``cut`` finds where a place lies under one of ``seals`` (their outlines grown by
    ``reach``), each finding stretched along its line to the seal (see ``stretch``)."""
    if not seals:
        return []
    outlines = [np.asarray(p, np.float64) for p in seals]
    grown = [_grown(p, reach) for p in outlines]
    return [
        _to_the_seal(f, line, outlines, on, stretch)
        for f, line, on in cut(lambda point: any(_in_convex(point, p) for p in grown))
    ]


@dataclass(frozen=True)
class NameSealCutSettings:
    """A pinyin name whose first or last letters a seal's rim hides. OCR reads such a line
    from the first letter clear of the seal, or stops at the seal: main bench seed 2521's
    013_eseal_unit had the unit's seal over the Z of a byline's ZHOU Zhiqiang, read
    "HOU Zhiqiang", and the rest of the name stayed in view beside the seal's fill. Where a
    line comes out of a seal (or runs into one), the name less a letter or two at that end is
    the name, though what is read may spell pinyin (HOU is a surname too): a namesake right at
    the rim of a seal on the applicant's own page is far less likely than the seal's hiding.
    Any seal hides letters, the unit's own or another's. Chinese names are short and shared:
    never."""

    # At most this many letters lost under the seal.
    max_lost: int = 2
    # Of the name's letters, at least this share read beside the seal.
    min_read: float = 0.75
    # A letter's place inside a seal's outline grown by this share of its size is under it.
    reach: float = 0.05


NAME_SEAL_CUTS = NameSealCutSettings()


def names_cut_by_seals(
    lines: Sequence[TextLine],
    targets: Sequence[Target],
    seals: Sequence[Sequence[tuple[float, float]]],
    s: NameSealCutSettings = NAME_SEAL_CUTS,
) -> list[Finding]:
    """Pinyin names whose first or last letters lie under one of ``seals`` (convex outlines),
    the rest read beside it (see NameSealCutSettings); each stretched along its line to the
    seal."""
    return _stretched_to_seals(
        seals, s.reach, lambda under: pinyin_names_cut(lines, targets, under, s)
    )


def pinyin_names_cut(
    lines: Sequence[TextLine],
    targets: Sequence[Target],
    under: Callable[[np.ndarray], bool],
    s: NameSealCutSettings = NAME_SEAL_CUTS,
) -> list[tuple[Finding, TextLine, int]]:
    """Pinyin names less a letter or two where ``under`` says a place of the page (x, y) is
    hidden: a seal for mask, a fill for verify (``verify.pieces.names_at_fills``). Each
    finding comes with its line and the way to the cover (1: forward, -1: back)."""
    names = [t for t in targets if t.person and t.latin]
    found: list[tuple[Finding, TextLine, int]] = []
    for line in lines if names else ():
        norm = zeros_as_letter_o(line, norm_line(line))
        # The pixels are looked at only where the name's middle is read.
        shown = [t for t in names if t.text[s.max_lost : -s.max_lost] in norm.text]
        at_cover = _at_cover(line, norm, under) if shown else []
        if not any(at_cover):
            continue
        for target in shown:
            for hit, on in _names_less_an_end(line, norm, target, at_cover, s):
                spans = _spans_for_hit([line], [norm], hit) or []
                found += [(f, line, on) for f in span_findings(target, spans, hit.edits)]
    return found


def _at_cover(line: TextLine, norm: NormText, under: Callable[[np.ndarray], bool]) -> list[bool]:
    """For each place p of ``norm`` (0..len): whether a cover lies there, between its
    characters p - 1 and p: one of them is under it, or p is the line's start (end) and the
    place before its first glyph (after its last) is. One step along the line is a line
    height, about two Latin letters (see _cut_by)."""
    u, v = line.axis()
    step = u * float(np.ptp(np.asarray(line.quad.points, np.float64) @ v))

    def centre(i: int, steps: int = 0) -> np.ndarray:
        return np.asarray(line.chars[i].quad.points, np.float64).mean(axis=0) + steps * step

    under_glyph = [under(centre(i)) for i in norm.index]
    n = len(norm.index)
    if not n:
        return []
    return [
        (p > 0 and under_glyph[p - 1])
        or (p < n and under_glyph[p])
        or (p == 0 and under(centre(norm.index[0], -1)))
        or (p == n and under(centre(norm.index[-1], 1)))
        for p in range(n + 1)
    ]


def _names_less_an_end(
    line: TextLine, norm: NormText, target: Target, at_cover: list[bool], s: NameSealCutSettings
) -> list[tuple[_Hit, int]]:
    """The name less up to ``max_lost`` letters where a cover lies: its tail read from a
    place at the cover up to a word's end (the cover behind it: -1), or its head read from a
    word's start up to a place at the cover (ahead: 1)."""
    hay, needle = norm.text, target.text
    hits: list[tuple[_Hit, int]] = []
    for lost in range(1, s.max_lost + 1):
        kept = len(needle) - lost
        if kept < s.min_read * len(needle):
            break
        tail, head = needle[lost:], needle[:kept]
        for p in (p for p, here in enumerate(at_cover) if here):
            if hay.startswith(tail, p) and _ends_word(line, norm, p + kept):
                hits.append((_Hit(p, p + kept, lost), -1))
            if p >= kept and hay.endswith(head, 0, p) and _starts_word(line, norm, p - kept):
                hits.append((_Hit(p - kept, p, lost), 1))
        if hits:  # the fewest letters lost: HOU Zhiqiang, not its OU Zhiqiang too
            return hits
    return hits


def _starts_word(line: TextLine, norm: NormText, p: int) -> bool:
    at = norm.index[p]
    return at == 0 or not line.chars[at - 1].text[-1:].isalpha()


def _ends_word(line: TextLine, norm: NormText, end: int) -> bool:
    after = norm.index[end - 1] + 1
    return after >= len(line.chars) or not line.chars[after].text[:1].isalpha()


def unit_ends_cut(
    lines: Sequence[TextLine],
    targets: Sequence[Target],
    under: Callable[[np.ndarray], bool],
    s: OwnSealCutSettings = OWN_SEAL_CUTS,
) -> list[tuple[Finding, TextLine, int]]:
    """The heads and tails of unit targets (at least OwnSealCutSettings' share of them) on
    lines cut where ``under`` says a place of the page (x, y) is hidden: a seal of the unit's
    own for mask, a fill for verify (``verify.pieces.unit_ends_at_fills``). Each finding comes
    with the part of the line it lies on and the way to the cut (1: forward, -1: back)."""
    units = [t for t in targets if not t.person and t.kind == UNIT]
    found: list[tuple[Finding, TextLine, int]] = []
    for line in lines if units else ():
        before, after = _cut_by(line, under)
        for target in units:
            for part, hit_at, on in ((before, _head_ending, 1), (after, _tail_starting, -1)):
                if part is None:
                    continue
                norm = norm_line(part)
                hit = hit_at(part, norm, target, s)
                spans = _spans_for_hit([part], [norm], hit) if hit else None
                if hit and spans:
                    found += [(f, part, on) for f in span_findings(target, spans, hit.edits)]
    return found


def _to_the_seal(
    finding: Finding,
    line: TextLine,
    seals: list[np.ndarray],
    on: int,
    s: OwnSealCutSettings,
) -> Finding:
    """``finding`` (a span's quad: its start edge first, its end edge second) stretched along
    its line, forward (``on`` 1) or back (-1), until that edge's corners lie under one of
    ``seals``: the letters between the last one OCR read and the seal's rim (a glyph it read
    only in part, the start of one the seal half hides) go under the mask too."""
    u, v = line.axis()
    height = float(np.ptp(np.asarray(line.quad.points, np.float64) @ v))
    pts = np.asarray(finding.quad.points, np.float64)
    edge = [1, 2] if on > 0 else [0, 3]
    for n in range(int(s.stretch / s.stretch_step) + 1):
        shift = on * n * s.stretch_step * height * u
        if any(all(_in_convex(pts[i] + shift, p) for i in edge) for p in seals):
            if n:
                pts[edge] += shift
                return replace(finding, quad=Quad.from_seq(pts.tolist()))
            return finding
    return finding


def _grown(poly: np.ndarray, share: float) -> np.ndarray:
    centre = poly.mean(axis=0)
    size = float(np.ptp(poly, axis=0).max())
    radii = np.linalg.norm(poly - centre, axis=1, keepdims=True)
    return centre + (poly - centre) * (1 + share * size / np.maximum(radii, 1e-6))


def _in_convex(point: np.ndarray, poly: np.ndarray) -> bool:
    edges = np.roll(poly, -1, axis=0) - poly
    cross = edges[:, 0] * (point[1] - poly[:, 1]) - edges[:, 1] * (point[0] - poly[:, 0])
    return bool((cross >= 0).all() or (cross <= 0).all())


def _cut_by(
    line: TextLine, under: Callable[[np.ndarray], bool]
) -> tuple[TextLine | None, TextLine | None]:
    """The part of ``line`` before a cover it runs into and the part after one it comes out of
    (None where it does neither): glyphs whose centres lie ``under`` it are hidden, and a
    line whose next glyph's place (or the one before its first) lies under it stops at it."""
    chars = line.chars
    glyphs = [i for i, c in enumerate(chars) if c.text.strip()]
    if not glyphs:
        return None, None

    # One step along the line is a line height: about a Chinese glyph, two Latin letters
    # (OCR's Latin glyph boxes are its words' boxes, and may be ordered across the line).
    u, v = line.axis()
    outline = np.asarray(line.quad.points, np.float64)
    step = u * float(np.ptp(outline @ v))

    def centre(i: int, steps: int = 0) -> np.ndarray:
        return np.asarray(chars[i].quad.points, np.float64).mean(axis=0) + steps * step

    inside = [i for i in glyphs if under(centre(i))]
    if inside:
        first, last = inside[0], inside[-1]
        return (
            replace(line, chars=chars[:first]) if first > glyphs[0] else None,
            replace(line, chars=chars[last + 1 :]) if last < glyphs[-1] else None,
        )
    return (
        line if under(centre(glyphs[-1], 1)) else None,
        line if under(centre(glyphs[0], -1)) else None,
    )


def _end_rule(target: Target, s: OwnSealCutSettings) -> tuple[int, int]:
    """The fewest characters of ``target`` a head or tail must hold, and how many glyphs next
    to the seal are free (see OwnSealCutSettings): Latin aliases and Chinese units differ."""
    if target.latin:
        return int(np.ceil(s.end_share * len(target.text))), 0
    return int(np.ceil(s.han_end_share * len(target.text))), s.han_free_at_seal


def _head_ending(
    line: TextLine, norm: NormText, target: Target, s: OwnSealCutSettings
) -> _Hit | None:
    """The longest head of ``target`` (at least ``end_share`` of it) that ends the line's
    text, starting a word (a Latin one), with the slips its length allows."""
    hay, needle = norm.text, target.text
    shortest, free = _end_rule(target, s)
    for length in range(min(len(needle) - 1, len(hay)), shortest - 1, -1):
        start = len(hay) - length
        at = norm.index[start]
        # Han glyphs have no word bounds to keep: 检验科博尔塔拉… as well as 单位：博尔塔拉…
        starts_word = not target.latin or at == 0 or not line.chars[at - 1].text[-1:].isalpha()
        head = needle[:length]
        edits = Levenshtein.distance(hay[start : len(hay) - free], head[: length - free])
        if starts_word and edits <= edits_allowed(head, UNIT):
            return _Hit(start, len(hay), edits)
    return None


def _tail_starting(
    line: TextLine, norm: NormText, target: Target, s: OwnSealCutSettings
) -> _Hit | None:
    """The longest tail of ``target`` (at least ``end_share`` of it) that begins the line's
    text, up to a word's end (a Latin one), with the slips its length allows."""
    hay, needle = norm.text, target.text
    shortest, free = _end_rule(target, s)
    for length in range(min(len(needle) - 1, len(hay)), shortest - 1, -1):
        after = norm.index[length - 1] + 1
        # A Han tail may run on into the next word: 州人民医院检验科 (round 19's m09 drawn again)
        ends_word = (
            not target.latin or after >= len(line.chars) or not line.chars[after].text[:1].isalpha()
        )
        tail = needle[-length:]
        edits = Levenshtein.distance(hay[free:length], tail[free:])
        if ends_word and edits <= edits_allowed(tail, UNIT):
            return _Hit(0, length, edits)
    return None


def find_identity(
    lines: Iterable[TextLine], identity: Identity, targets: Sequence[Target] | None = None
) -> list[Finding]:
    """All places where the applicant's name or unit (or an alias, or pinyin, or the name as
    surname, comma, given name or initials in an author list) appears. ``targets``: the identity's
    targets built already (mask builds them once per identity). The one finder of names that
    mask, its self-check and verify share, so what verify fails mask has masked."""
    # Imported here: latin_names builds on this module's matching; text's OCR needs none of
    # it at start-up.
    from redactor.detect.latin_names import find_author_forms
    from redactor.detect.text import OCR_ENDS, joined_ocr_rows

    lines = list(lines)
    # OCR pieces whose boxes overlap end to end, read as one (text.OCR_ENDS), where only what
    # reads without a slip counts: a label's or the next cell's glyph there (the 位 of 工作单位,
    # the 主 of 主任医师) would be a unit's one slip
    ends = joined_ocr_rows(lines, OCR_ENDS)
    lines += joined_ocr_rows(lines)
    wanted = list(targets) if targets is not None else build_targets(identity)
    found = find_in_lines(lines, wanted) + find_author_forms(lines, identity)
    found += find_in_lines(ends, [replace(t, max_edits=0) for t in wanted], lines)
    found += find_given_name_alone(lines, identity) + find_partly_hidden_names(lines, identity)
    return dedupe(found)


@dataclass(frozen=True)
class GivenNameSettings:
    """A Han name's given name as the whole of a line. Office apps (DingTalk, WeCom, Feishu)
    draw a member without a photo as a coloured square or disc holding the name's last two
    characters (刘海燕 -> 海燕), beside the full name in every approval and chat screenshot;
    a greeting or a signature may give the given name alone. In running text the given name
    is as often an ordinary word (海燕, 建军, 国庆) and is left; alone on its line it is the
    person."""

    # A given name of one character (周敏 -> 敏) alone names no one.
    min_chars: int = 2


GIVEN_NAMES = GivenNameSettings()


def given_names(name: str, settings: GivenNameSettings = GIVEN_NAMES) -> tuple[str, ...]:
    """The given names of a name of Han characters, for a surname of one character or two
    (surname_splits: no surname table), each of at least ``min_chars``; () for other names."""
    name = name.strip()
    if not name or not all(is_han(c) for c in name):
        return ()
    splits = surname_splits(len(name))
    return tuple(dict.fromkeys(name[s:] for s in splits if len(name) - s >= settings.min_chars))


def find_given_name_alone(lines: Iterable[TextLine], identity: Identity) -> list[Finding]:
    """Lines whose whole text is the applicant's given name (GivenNameSettings): an office
    app's avatar, a signature of the given name."""
    names = (identity.name, *identity.aliases)
    givens = {normalise(g) for name in names for g in given_names(name)}
    if not givens:  # a name of two characters, or not of Han characters: no line to look at
        return []
    out: list[Finding] = []
    for line in lines:
        norm = norm_line(line)
        if norm.text in givens:
            out.append(_name_at(line, norm.index[0], norm.index[-1] + 1))
    return out


def _name_at(line: TextLine, start: int, end: int) -> Finding:
    """A name finding over ``line``'s characters [start, end), scored by its weakest one."""
    span = LineSpan(line, start, end)
    chars = line.chars[start:end]
    text = "".join(c.text for c in chars)
    return Finding(NAME, span.quad(), round(min(c.score for c in chars), 3), line.source, text)


@dataclass(frozen=True)
class PartlyHiddenNameSettings:
    """A name an app printed partly hidden: payment, bank and courier apps show a payer or a
    payee as *晓燕, 马*燕 or 马** (each hidden character one mark). The characters shown, at
    their places in the name, name the applicant when ``min_shown`` or more show: *晓燕 beside
    马** on one transfer record (probes round 21) gave the whole name 马晓燕. One character
    shown (马**, **燕) names no one, as a one-character given name does not (GivenNameSettings).
    Someone else's name hidden the same way (马*燕 for 马春燕) is masked too: the extra mask
    costs a reviewer little."""

    # The marks apps hide characters with, as fold gives them (＊ folds to *).
    marks: str = "*✱※×"
    min_shown: int = 2


PARTLY_HIDDEN = PartlyHiddenNameSettings()


def _glyphs_and_marks(line: TextLine, marks: str) -> list[tuple[str, int]]:
    """The line's folded glyphs that matching keeps, and the hiding marks, each with the
    index of its character in the line."""
    return [
        (c, i)
        for i, ch in enumerate(line.chars)
        for c in fold(ch.text)
        if c.isalnum() or c in marks
    ]


def _partly_hidden_at(window: Sequence[tuple[str, int]], name: str, marks: str) -> int:
    """How many of ``name``'s characters ``window`` shows at their places, when every other
    place holds a mark and at least one does; 0 otherwise."""
    shown = sum(c == want for (c, _), want in zip(window, name, strict=True))
    hidden = sum(c in marks for c, _ in window)
    return shown if hidden and shown + hidden == len(name) else 0


def find_partly_hidden_names(
    lines: Iterable[TextLine],
    identity: Identity,
    settings: PartlyHiddenNameSettings = PARTLY_HIDDEN,
) -> list[Finding]:
    """The applicant's Han name as an app prints it partly hidden (PartlyHiddenNameSettings)."""
    names = {normalise(n) for n in (identity.name, *identity.aliases)}
    names = {n for n in names if len(n) > settings.min_shown and all(is_han(c) for c in n)}
    out: list[Finding] = []
    for line in lines if names else ():
        seq = _glyphs_and_marks(line, settings.marks)
        for name in names:
            for s in range(len(seq) - len(name) + 1):
                window = seq[s : s + len(name)]
                if _partly_hidden_at(window, name, settings.marks) < settings.min_shown:
                    continue
                out.append(_name_at(line, window[0][1], window[-1][1] + 1))
    return out


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop findings whose box lies inside another finding of the same kind."""
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: -f.bbox.area):
        fb = f.bbox
        inside = False
        for g in out:
            gb = g.bbox.expand(2)
            if (
                g.kind == f.kind
                and gb.x0 <= fb.x0
                and gb.y0 <= fb.y0
                and fb.x1 <= gb.x1
                and fb.y1 <= gb.y1
            ):
                inside = True
                break
        if not inside:
            out.append(f)
    return out
