"""Where a Chinese name ends: jieba's dictionary decides, not a hand-made word list.

A match of the applicant's name 王伟 may be the start of someone else's longer name (王伟民). The
characters after the match tell which: if they begin an ordinary word (工作, 联系, 同志, 在, 的)
the name ends there and is the applicant's; if the next character is one that ends people's
given names (民, 华, 强) it is someone else's. jieba ships its dictionary (dict.txt: word,
frequency, part of speech), so the decision needs no network and no list of our own. It is read
once per process, directly from the file, so jieba's tokenizer (which logs and writes a cache) is
never started.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class LexiconSettings:
    """What counts as a word and as a given-name character."""

    # Longest word looked up after a name (jieba's multi-character words are rarely longer).
    max_word_chars: int = 8
    # Parts of speech (jieba's tags, by prefix) of single characters that cannot be the last
    # character of a given name in running text: prepositions (在, 于), conjunctions (和, 及),
    # particles (的, 等), adverbs (已, 曾), pronouns (本, 任), numerals (年), measure words (个),
    # locatives (上, 中), time words (现), interjections, onomatopoeia, modal particles and
    # verbs (说, 是, 作). "vn" (verbal nouns: 生) is a name character and is excluded below.
    follower_pos: tuple[str, ...] = tuple("pcudrmqfyeovt")
    name_pos: tuple[str, ...] = ("vn",)
    # A character ends people's names when person-name entries (tag nr) of 2-3 characters in the
    # dictionary have it after the surname at least this many times ...
    min_name_uses: int = 5
    # ... and more often there than as the surname: 李 starts names (another person begins
    # after 王伟 in "王伟李强" whose 、 OCR dropped), 民 ends them (王伟民 is someone else).
    given_over_surname: float = 1.0
    # Values that follow a name directly on forms whose cells OCR reads as one line (姓名 王伟
    # 男 汉族): the sex. 男 and 女 also end given names (胜男), but on a form they are far likelier
    # the next cell, and a visible name costs more than an extra mask.
    form_values: str = "男女"
    # Characters that join two people: in 王伟平和李强 a given-name character, then one of
    # these, then a surname make 王伟平 someone else, though 平和 is a word (issue 12:
    # 赵海涛平和陈海涛同志 failed a clean page).
    joiners: str = "和与及"
    # A distinguishing word (jieba's tag b: 副, 总) right after a name and before a word
    # prefixes a title (副主任医师, 副院长, 总经理) far oftener than it ends a longer name.
    prefix_pos: tuple[str, ...] = ("b",)


SETTINGS = LexiconSettings()


@dataclass(frozen=True)
class Lexicon:
    """The parts of jieba's dictionary that the name-end rule needs."""

    words: frozenset[str]  # words of two or more characters
    single_pos: dict[str, str]  # part of speech of each single-character entry
    given_uses: Counter[str]  # how often a character follows the surname in a person's name
    surname_uses: Counter[str]  # how often it is the first character of a person's name


def dictionary_path() -> Path:
    """jieba's dict.txt, found without importing jieba (its import pulls in pkg_resources:
    about 0.5 s of every worker's first name match)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba is not installed")
    return Path(spec.origin).with_name("dict.txt")


def _dictionary_rows(text: str) -> tuple[list[str], list[str]]:
    """(words, parts of speech) of dict.txt's rows (word, frequency, part of speech).

    Every row of the shipped file has three fields, so one split of the whole text gives them
    as triples (0.3 s instead of 0.5 s a process); a file with a row of another shape (its
    frequencies then fall out of step) is read row by row."""
    tokens = text.split()
    rows = text.count("\n") + (0 if text.endswith("\n") else 1)
    if len(tokens) == 3 * rows and all(freq.isdigit() for freq in tokens[1::3]):
        return tokens[0::3], tokens[2::3]
    words: list[str] = []
    tags: list[str] = []
    for row in text.splitlines():
        parts = row.split()
        if len(parts) >= 3:
            words.append(parts[0])
            tags.append(parts[2])
    return words, tags


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    words, tags = _dictionary_rows(dictionary_path().read_text(encoding="utf-8"))
    longest = SETTINGS.max_word_chars
    people = [w for w, pos in zip(words, tags, strict=True) if pos == "nr" and len(w) in (2, 3)]
    return Lexicon(
        words=frozenset(w for w in words if 1 < len(w) <= longest),
        single_pos={w: pos for w, pos in zip(words, tags, strict=True) if len(w) == 1},
        given_uses=Counter(ch for w in people for ch in w[1:]),
        surname_uses=Counter(w[0] for w in people),
    )


def begins_word(text: str, settings: LexiconSettings = SETTINGS) -> bool:
    """Whether ``text`` begins with a dictionary word of two or more characters."""
    words = lexicon().words
    longest = min(len(text), settings.max_word_chars)
    return any(text[:n] in words for n in range(2, longest + 1))


def is_follower_char(ch: str, settings: LexiconSettings = SETTINGS) -> bool:
    """A single character that, after a name, is a word of the sentence (在, 的, 说, 等)."""
    pos = lexicon().single_pos.get(ch)
    if pos is None or pos in settings.name_pos:
        return False
    return pos.startswith(settings.follower_pos)


def joins_another_person(after: str, settings: LexiconSettings = SETTINGS) -> bool:
    """Whether ``after`` is a character used in given names, a joiner (和, 与) and a surname:
    the end of one person's name and the start of the next (平和李强 after 王伟, 红和刘小国
    after 刘建国). The next person begins after the joiner, so the character before it cannot
    begin one: a character as often a surname as a given name's end (红, 梅) ends a name here,
    as it does before an affiliation mark (see name_continues)."""
    if len(after) < 3 or lexicon().given_uses[after[0]] < settings.min_name_uses:
        return False
    if after[1] not in settings.joiners:
        return False
    lex = lexicon()
    return lex.surname_uses[after[2]] >= settings.min_name_uses and not is_given_name_char(
        after[2], settings
    )


def is_given_name_char(ch: str, settings: LexiconSettings = SETTINGS) -> bool:
    """A character that ends people's given names more often than it starts their names."""
    lex = lexicon()
    uses = lex.given_uses[ch]
    return (
        uses >= settings.min_name_uses
        and uses > settings.given_over_surname * (lex.surname_uses[ch])
    )


def name_continues(after: str, author_mark: bool = False) -> bool:
    """Whether the Han characters ``after`` a name match make it someone else's longer name.

    Lean to the applicant: only a character that ends given names, and begins neither a word
    nor a sentence role, makes a longer name (王伟民、, 王伟华 at a line end, 王伟民李强).
    王伟工作, 王伟在, 王伟李强 (another person next), 王伟明确 and 王伟民主任 (民主 is a word)
    are the applicant. A character used in given names, a joiner and a surname make a longer
    name whether or not the first two are a word (王伟平和李强: 王伟平 and 李强, though 平和 is a
    word; 王伟红和李强, though 红 starts as many names as it ends), and so does such a
    character alone before a word (王伟红同志: no person's name is one character long).

    ``author_mark``: ``after`` is one character followed by an affiliation mark (王伟红², an
    author list), or the name and that character are all of a field (a line of their own;
    通信作者：王伟红，: see match._field_of_one_name). No other person
    can begin in one character, so a character used in given names at all (红, as often a
    surname as a given name's end) makes a longer name there.
    """
    if not after or is_follower_char(after[0]):
        return False
    if begins_word(after):
        return joins_another_person(after)
    if after[0] in SETTINGS.form_values:
        return False
    if joins_another_person(after):
        return True
    if author_mark and len(after) == 1:
        return lexicon().given_uses[after[0]] >= SETTINGS.min_name_uses
    if lexicon().single_pos.get(after[0], "").startswith(SETTINGS.prefix_pos) and begins_word(
        after[1:]
    ):
        # 王伟副主任医师, 王伟副院长 (a table row read as one line): 副 ends a few given names,
        # but before a word (主任医师, 院长) it begins the title.
        return False
    if lexicon().given_uses[after[0]] >= SETTINGS.min_name_uses and begins_word(after[1:]):
        # One character used in given names between the name and a word (吴敏红同志, 王伟红主任):
        # no other person begins in one character, and it begins no word of the sentence, so
        # it ends a longer name, as before an affiliation mark (main bench seed 2026's
        # 065_exif8 masked 吴敏 of 吴敏红同志: 红 is as often a surname as a given name's end).
        return True
    return is_given_name_char(after[0])
