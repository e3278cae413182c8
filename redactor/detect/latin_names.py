"""The applicant's name written surname, comma, given name: `Wang, W., Li, Q. (2024)`.

Reference lists, English CVs and some author lines put the surname first and a comma after it,
then the given name in full (`WANG, Wei`) or as initials (`Wang, W.`, `Zhang, X.-M.`). The
pinyin targets of match.py refuse a comma inside a Latin name (in a given-name-first list,
`Min, WU Xiaomin` is two people), so this form is found here, on each line's own characters:

- the surname is a whole word, first in its author entry: nothing but punctuation, a digit or a
  list word (and, et) before it (`Li Wang, Wei Zhang` is Li Wang and Wei Zhang);
- after the comma, the whole given name, or initials that fit it: the first initial is enough
  (`Zhang, X.` for 张晓明: an initial that fits is the applicant, as the project leans to
  masking), but an initial or syllable that does not fit makes it someone else (`Wang, Q.`,
  `Wang, W.-M.`, `Wang, Weiming`).

Author lists also write initials without the comma (``find_author_forms``): Vancouver, as
medical journals do (`Wang W, Li Q`), and given name first (`W. Wang`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from redactor.detect.match import (
    LineSpan,
    Target,
    fold,
    name_syllables,
    normalise,
    span_findings,
    surname_splits,
)
from redactor.options import Identity
from redactor.types import NAME, Finding, TextLine


@dataclass(frozen=True)
class SurnameCommaSettings:
    """How the surname-comma form is written and where an author entry starts."""

    # The comma after the surname (full-width forms are folded to these first).
    commas: str = ","
    # Between syllables of a given name or its initials: Xiao-Ming, X.-M., Xiao'an.
    joiners: str = "-\u2010\u2011\u2013'\u2019"
    # Words that may stand right before an author entry besides punctuation: `Li, Q. and Wang, W.`
    list_words: tuple[str, ...] = ("and", "et")
    # Surname spellings tried per split (polyphonic surnames: 单 Shan/Dan; 曾 Zeng/Ceng).
    max_surnames: int = 16


SETTINGS = SurnameCommaSettings()


@dataclass(frozen=True)
class _AuthorPatterns:
    """The regexes of the applicant's name in author lists, over a folded line (``_folded``):
    surname-comma, Vancouver and given name first (see ``_author_patterns``)."""

    comma: re.Pattern[str]
    vancouver: re.Pattern[str]
    given_first: re.Pattern[str]
    target: Target


def _alt(options: set[str] | tuple[str, ...]) -> str:
    return "(?:" + "|".join(re.escape(o) for o in sorted(options, key=len, reverse=True)) + ")"


def _surname_spellings(
    per_char: tuple[tuple[str, ...], ...], split: int, s: SurnameCommaSettings
) -> set[str]:
    """The surname's spellings when it takes the first ``split`` characters (at most
    ``max_surnames``: polyphonic surnames)."""
    combos = itertools.islice(itertools.product(*per_char[:split]), s.max_surnames)
    return {"".join(c) for c in combos}


@lru_cache(maxsize=64)
def _author_patterns(name: str, s: SurnameCommaSettings = SETTINGS) -> _AuthorPatterns | None:
    """Three ways author lists write ``name``, one regex each for every split and spelling:

    - surname, comma, the given name or initials that fit (`Wang, W.`, `WANG, Wei`,
      `Zhang, X.-M.`);
    - Vancouver (medical journals, PubMed): the surname, a space, the given name's initials run
      together, then a comma, a full stop, an affiliation mark or the line's end (`Wang W, Li Q`;
      `Zhang XM`);
    - given name first (IEEE, English bylines): the initials, then the surname (`W. Wang`,
      `X.-M. Zhang`, `X M Zhang`).

    Groups ``ini<split>`` and ``sur<split>`` of the last two let the caller check the case the
    line was written in."""
    per_char = name_syllables(name)
    if per_char is None:
        return None
    join = f"[\\s{re.escape(s.joiners)}]*"
    comma, vancouver, given_first = [], [], []
    for split in surname_splits(len(per_char)):
        surnames = _alt(_surname_spellings(per_char, split, s))
        given = per_char[split:]
        full = join.join(_alt(g) for g in given)
        firsts = [_alt({r[0] for r in g}) for g in given]
        run = firsts[0] + "".join(f"(?:{f})?" for f in firsts[1:])
        dotted = firsts[0] + "".join(f"(?:\\.?{join}{f})?" for f in firsts[1:])
        comma.append(f"{surnames}\\s*[{re.escape(s.commas)}]\\s*(?:{full}|{dotted})")
        vancouver.append(f"(?P<sur{split}>{surnames})\\s+(?P<ini{split}>{run})")
        given_first.append(f"(?P<ini{split}>{dotted})(?:\\.\\s*|\\s+)(?P<sur{split}>{surnames})")
    # Surname-comma: after, no letter, and no further initial or joined syllable (`Wang, W.-M.`
    # and `Wang, Wei-Ming` are 王伟明).
    c_end = f"(?![a-z])(?!\\.?{join}[{re.escape(s.joiners)}]\\s*[a-z])(?!\\.?\\s*[a-z](?![a-z]))"
    # Vancouver: no further letter after the initials, then what ends an author entry.
    v_end = "(?![a-z])(?=\\s*(?:[,.;:*\\d\u00b9\u00b2\u00b3\u2020\u2021]|$))"
    # Given name first: no letter after the surname (`W. Wangming`). A surname-comma list
    # writes a comma after each initial (`Li, W., Wang, Q.`), so its `W., Wang` is no match.
    g_end = "(?![a-z])"
    return _AuthorPatterns(
        re.compile(f"(?<![a-z])(?:{'|'.join(comma)}){c_end}"),
        re.compile(f"(?<![a-z])(?:{'|'.join(vancouver)}){v_end}"),
        re.compile(f"(?<![a-z])(?:{'|'.join(given_first)}){g_end}"),
        Target(normalise(name), NAME, name + " (pinyin)", 0, True, True),
    )


def _folded(text: str) -> str:
    """The line folded character for character (one output character per input character),
    so a match's indices are the line's own: full-width forms, case and tone marks go."""
    out = []
    for ch in text:
        f = fold(ch)
        out.append(f if len(f) == 1 else ch.lower()[:1] or " ")
    return "".join(out)


def _starts_an_entry(folded: str, start: int, s: SurnameCommaSettings = SETTINGS) -> bool:
    """Whether nothing but punctuation, a digit, a Han character or a list word comes right
    before the surname: not another word of the same name (`Li Wang, Wei Zhang`), nor initials
    written before it (`L. Wang, W. Zhang`: given names first, two other people)."""
    before = folded[:start].rstrip()
    if _INITIALS_BEFORE.search(before):
        return False
    if not before or not ("a" <= before[-1] <= "z"):
        return True
    word = re.search(r"[a-z]+$", before)
    return word is not None and word.group(0) in s.list_words


# Initials that end right before the surname: `L.`, `X.-M.`, `X. M.` (folded, lower case).
_INITIALS_BEFORE = re.compile(r"(?:^|[^a-z])[a-z]\.(?:[\s\-\u2010\u2011]*[a-z]\.)*$")


def _group(m: re.Match[str], prefix: str) -> tuple[int, int]:
    """The span of the one ``prefix<split>`` group that took part in the match."""
    for key, value in m.groupdict().items():
        if key.startswith(prefix) and value is not None:
            return m.span(key)
    raise ValueError(prefix)


def _written_as_initials(raw: str, m: re.Match[str]) -> bool:
    """Whether the line writes the match as an author's name: capital initials, and a surname
    with a capital first letter (`Wang W`, `W. WANG`), not words of a sentence (`wang w`)."""
    i0, i1 = _group(m, "ini")
    s0, _ = _group(m, "sur")
    initials = [c for c in raw[i0:i1] if c.isalpha()]
    return all(c.isupper() for c in initials) and raw[s0].isupper()


def _hits(patterns: _AuthorPatterns, raw: str, folded: str) -> list[re.Match[str]]:
    """The author-list forms of the name in one line (``raw``, and ``folded`` by ``_folded``):
    surname-comma and Vancouver forms first in their author entry, given-name-first ones with
    no other initial before them, the last two written with capitals."""
    hits = [
        m
        for regex in (patterns.comma, patterns.vancouver)
        for m in regex.finditer(folded)
        if _starts_an_entry(folded, m.start())
    ]
    hits += [
        m
        for m in patterns.given_first.finditer(folded)
        if not _INITIALS_BEFORE.search(folded[: m.start()].rstrip())
    ]
    return [m for m in hits if m.re is patterns.comma or _written_as_initials(raw, m)]


def find_author_forms(lines: list[TextLine], identity: Identity) -> list[Finding]:
    """Every author-list form of the applicant's Chinese name in ``lines`` (none when pinyin
    forms are switched off): surname-comma (`Wang, W.`), Vancouver (`Wang W`) and given name
    first (`W. Wang`). An initial that fits is the applicant (lean to masking); more initials
    than the name has, or one that does not fit, is someone else (`Wang, W.-M.`, `Wang WM`,
    `Q. Wang`)."""
    patterns = _author_patterns(identity.name) if identity.pinyin else None
    if patterns is None:
        return []
    findings: list[Finding] = []
    for line in lines:
        for m in _hits(patterns, line.text, _folded(line.text)):
            span = LineSpan(line, m.start(), m.end())
            findings.extend(span_findings(patterns.target, [span], 0))
    return findings
