"""Resident ID numbers and mobile numbers in lines of text (``--mask-ids``).

A blind review is broken as surely by the applicant's ID number or mobile as by the name, and
forms carry other people's too: every *valid* one is masked. Valid means the ID number has the
right check digit and a real birth date (python-stdnum's ``stdnum.cn.ric``) and the mobile is a
Chinese mobile number by libphonenumber's metadata (``phonenumbers``), so a form's serial number,
a date or a mistyped ID stays as it is.

Numbers are written in groups (``139 1234 5678``, ``110105-19900307-123X``, full-width digits,
``+86``): a line is read as runs of digit groups joined by separators, and a number is a span of
whole groups. Only its digits are masked, over the full height of the line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from redactor.detect.match import LineSpan, fold
from redactor.types import IDENTIFIER, Finding, TextLine


@dataclass(frozen=True)
class IdSettings:
    """How numbers are written."""

    # Characters allowed between digit groups (after NFKC folding: full-width forms are folded).
    separators: str = " -_.\u2010\u2011\u2012\u2013\u2014\u2212\u00b7"
    # At most this many separators in a row still join two groups into one number.
    max_gap: int = 2
    # Country-code prefixes that may precede a mobile (+86 139..., 0086 139...).
    country_prefixes: tuple[str, ...] = ("86", "0086")
    id_length: int = 18
    mobile_length: int = 11
    score: float = 0.9  # findings' score: the number's checksum or plan was verified


SETTINGS = IdSettings()


@dataclass(frozen=True)
class _Group:
    """A run of digits (an ID's final X included) on a line: its text and char indices."""

    digits: str
    index: tuple[int, ...]


def _groups(line: TextLine, settings: IdSettings) -> list[list[_Group]]:
    """Runs of digit groups: groups joined by at most ``max_gap`` separators form one run."""
    runs: list[list[_Group]] = []
    digits: list[str] = []
    index: list[int] = []
    gap = 0
    run: list[_Group] = []

    def close_group() -> None:
        nonlocal digits, index
        if digits:
            run.append(_Group("".join(digits), tuple(index)))
        digits, index = [], []

    def close_run() -> None:
        nonlocal run
        close_group()
        if run:
            runs.append(run)
        run = []

    for i, ch in enumerate(line.chars):
        c = fold(ch.text) if ch.text else ""
        if len(c) == 1 and (c.isdigit() and c.isascii() or (c == "x" and digits)):
            if gap > settings.max_gap:
                close_run()
            gap = 0
            digits.append(c.upper())
            index.append(i)
        elif c and all(s in settings.separators or s == "+" for s in c):
            close_group()
            gap += 1
        else:
            close_run()
            gap = 0
    close_run()
    return runs


def valid_id(number: str) -> bool:
    """An 18-character resident ID whose check digit and birth date are right.

    ``ric.validate`` also refuses a county code that its table says did not yet exist on the
    birth date, but people born before their county's code was made carry it all the same
    (652701 博乐 for someone born in 1974), so that check is left out.
    """
    from stdnum.cn import ric
    from stdnum.exceptions import ValidationError

    if len(number) != SETTINGS.id_length or not number[:-1].isdigit():
        return False
    try:
        ric.get_birth_date(number)
    except ValidationError:
        return False
    return number[-1] == ric.calc_check_digit(number)


@lru_cache(maxsize=4096)
def valid_mobile(national: str) -> bool:
    import phonenumbers

    if len(national) != SETTINGS.mobile_length or not national.startswith("1"):
        return False
    try:
        parsed = phonenumbers.parse(national, "CN")
    except phonenumbers.NumberParseException:
        return False
    kind = phonenumbers.number_type(parsed)
    return phonenumbers.is_valid_number(parsed) and kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def _number_in(digits: str, settings: IdSettings) -> int | None:
    """Where the identifying digits of ``digits`` start, if the whole is an ID or a mobile;
    a country code before a mobile is not masked (it names no one)."""
    if "X" in digits[:-1]:
        return None
    if valid_id(digits):
        return 0
    for prefix in ("", *settings.country_prefixes):
        if digits.startswith(prefix) and valid_mobile(digits[len(prefix) :]):
            return len(prefix)
    return None


def _numbers(run: list[_Group], settings: IdSettings) -> Iterator[tuple[int, int]]:
    """(first, last) char indices of each ID or mobile made of whole consecutive groups."""
    longest = settings.id_length + max(len(p) for p in settings.country_prefixes)
    s = 0
    while s < len(run):
        found = None
        digits: list[str] = []
        index: list[int] = []
        for e in range(s, len(run)):
            digits.append(run[e].digits)
            index.extend(run[e].index)
            if len(index) > longest:
                break
            start = _number_in("".join(digits), settings)
            if start is not None:
                found = (e, index[start], index[-1])
                break
        if found is None:
            s += 1
            continue
        yield found[1], found[2]
        s = found[0] + 1


def find_identifiers(lines: list[TextLine], settings: IdSettings = SETTINGS) -> list[Finding]:
    """Every valid resident ID number and mobile number on the lines, as ``identifier``s."""
    findings: list[Finding] = []
    fewest = min(settings.mobile_length, settings.id_length - 1)
    for line in lines:
        # A number needs that many digits on its line; every character folding to an ASCII
        # digit (full-width, superscript, circled) counts as one here, so no line that holds a
        # number is skipped, and most lines of a page are not folded character by character.
        if sum(c.isdigit() for c in line.text) < fewest:
            continue
        for run in _groups(line, settings):
            for first, last in _numbers(run, settings):
                span = LineSpan(line, first, last + 1)
                text = "".join(c.text for c in line.chars[first : last + 1])
                conf = min(c.score for c in line.chars[first : last + 1])
                findings.append(
                    Finding(
                        IDENTIFIER,
                        span.quad(),
                        round(settings.score * max(conf, 0.5), 3),
                        line.source,
                        text,
                    )
                )
    return findings
