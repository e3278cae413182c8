"""Output names: the identity outside the pixels.

Review platforms show file names to reviewers, so a masked copy named
``王伟_博尔塔拉蒙古自治州人民医院_简历.pdf`` still names the applicant. Every output path is checked
for the name (its aliases and pinyin forms) and the unit (its aliases, short forms and forms
without its parent divisions, as the matcher knows them); they are replaced by placeholders
in file and folder names unless ``--keep-identity-names``. Also here: which outputs would
overwrite files this run's audit folder does not list as redactor's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from redactor.detect.match import name_forms, unit_forms
from redactor.options import Identity, OutputOptions
from redactor.types import NAME, UNIT

NAME_PLACEHOLDER = "某某"
UNIT_PLACEHOLDER = "某单位"
# Between two characters of a name in a file name: nothing, or spaces, _ - . or a middle dot
# (王_伟, Wang-Wei, ZHANG.Wei).
_SEPARATORS = r"[\s_\-.·]*"


@dataclass(frozen=True)
class OutputPlan:
    """Where each input's output goes (relative to OUT_DIR), and what the user must be told."""

    outputs: list[Path]
    warnings: list[str] = field(default_factory=list)


def _loose(text: str) -> str:
    """A pattern for ``text`` that allows separators between its characters, any case (the
    name's own marks are separators too: 古丽娜尔·吐尔逊 is 古丽娜尔-吐尔逊 in a file name)."""
    return _SEPARATORS.join(re.escape(ch) for ch in text if ch.isalnum())


@lru_cache(maxsize=16)
def _patterns(identity: Identity) -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, kind) for the unit's and the name's forms; longest first, units before names
    (a unit may hold a person's name: 王伟诊所)."""
    # The forms the matcher masks on pages: 博州人民医院_推荐信.pdf names the unit too.
    units = {text for text, _ in unit_forms(identity)}
    names = {text for text, _ in name_forms(identity)}
    forms = [(t, UNIT) for t in units if t.strip()] + [(t, NAME) for t in names if t.strip()]
    forms.sort(key=lambda f: (f[1] != UNIT, -len(f[0])))
    return tuple((re.compile(_loose(t), re.IGNORECASE), kind) for t, kind in forms)


def identity_in_path(relative: Path, identity: Identity) -> list[str]:
    """The kinds (``name``, ``unit``) of identity found in a relative output path."""
    text = relative.as_posix()
    return sorted({kind for pattern, kind in _patterns(identity) if pattern.search(text)})


def renamed(relative: Path, identity: Identity) -> Path:
    """``relative`` with the unit replaced by 某单位 and the name by 某某 in every folder name and
    the file's stem (the extension is kept)."""
    parts = list(relative.parts)
    stem, suffix = relative.stem, relative.suffix
    parts[-1] = _replace(stem, identity) + suffix
    return Path(*[_replace(p, identity) for p in parts[:-1]], parts[-1])


def _replace(text: str, identity: Identity) -> str:
    for pattern, kind in _patterns(identity):
        text = pattern.sub(NAME_PLACEHOLDER if kind == NAME else UNIT_PLACEHOLDER, text)
    return text


def _unused(path: Path, taken: set[str]) -> Path:
    """``path``, or ``stem (2).ext``, ``stem (3).ext``… when it is taken."""
    candidate, n = path, 1
    while candidate.as_posix().casefold() in taken:
        n += 1
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
    return candidate


def plan_outputs(
    relatives: list[Path],
    out_dir: Path,
    identity: Identity,
    output: OutputOptions,
    written_before: set[str],
) -> OutputPlan:
    """Each output's relative path, with a warning for every output whose path names the
    applicant or the unit (or that was renamed), and for every existing file in OUT_DIR that
    would be overwritten although ``written_before`` (the outputs of the previous audit) does
    not list it. Two inputs renamed to one path (王伟_证书.png, Wang-Wei_证书.png) get
    ``某某_证书 (2).png`` and on: renaming never makes one output overwrite another."""
    outputs: list[Path] = []
    warnings: list[str] = []
    found = [identity_in_path(r, identity) for r in relatives]
    # Case-folded, as on a case-insensitive disk; an input's own path stays its own.
    taken = {r.as_posix().casefold() for r, k in zip(relatives, found, strict=True) if not k}
    for relative, kinds in zip(relatives, found, strict=True):
        target = relative
        if output.rename_identity and kinds:
            target = _unused(renamed(relative, identity), taken)
            taken.add(target.as_posix().casefold())
        if kinds:
            what = " and ".join("the applicant's name" if k == NAME else "the unit" for k in kinds)
            if target != relative:
                warnings.append(f"{relative.as_posix()}: named {what}; written as {target}")
            else:
                warnings.append(
                    f"{relative.as_posix()}: the output's name contains {what} "
                    "(kept: --keep-identity-names)"
                )
        dest = out_dir / target
        if dest.is_file() and target.as_posix() not in written_before:
            warnings.append(
                f"{dest}: exists and was not written by redactor (the audit does not list it); "
                "it will be overwritten"
            )
        outputs.append(target)
    return OutputPlan(outputs, warnings)
