"""What the user asked for, as frozen (picklable) values."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

# Pixel limit for any page image (decompression bombs, huge posters); the one limit that holds.
DEFAULT_MAX_PIXELS = 120_000_000


def has_letters(text: str) -> bool:
    """Whether ``text`` holds a Han character or a Latin letter: something a name can be made of
    (a name of punctuation or digits would match nothing useful, or everything)."""
    return any(_is_han_or_latin(ch) for ch in text)


def _is_han_or_latin(ch: str) -> bool:
    if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000":
        return unicodedata.category(ch) == "Lo"
    return unicodedata.category(ch) in ("Lu", "Ll") and "LATIN" in unicodedata.name(ch, "")


@dataclass(frozen=True)
class Identity:
    """Who must not be recognisable: the applicant's name and work unit, with other spellings."""

    name: str
    unit: str
    aliases: tuple[str, ...] = ()
    unit_aliases: tuple[str, ...] = ()
    # Generate pinyin forms of a Chinese name (ZHANG Wei, Wei Zhang, ZHANGWEI, ...).
    pinyin: bool = True
    # Other identifiers of the applicant (ID number, phone, employee number), masked wherever
    # they appear, with spaces and separators allowed between their characters.
    terms: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("the name must not be empty")
        if not self.unit.strip():
            raise ValueError("the unit must not be empty")
        for what, values in (
            ("name", (self.name,)),
            ("unit", (self.unit,)),
            ("alias", self.aliases),
            ("unit alias", self.unit_aliases),
        ):
            for value in values:
                if not has_letters(value):
                    raise ValueError(
                        f"the {what} {value!r} has no Chinese characters or Latin letters"
                    )
        if any(not any(c.isalnum() for c in term) for term in self.terms):
            raise ValueError("a --term needs letters or digits")

    def warnings(self) -> list[str]:
        """What is accepted but probably a mistake: a one-character name masks that character
        wherever it stands alone."""
        short = [v for v in (self.name, *self.aliases) if len(v.strip()) == 1]
        return [
            f"the name {v!r} is one character: it is masked wherever it stands alone; "
            "check that this is the whole name"
            for v in short
        ]


@dataclass(frozen=True)
class MaskOptions:
    """How to find and mask."""

    dpi: int = 200  # rasterisation resolution for PDF pages
    fill: tuple[int, int, int] = (0, 0, 0)
    # Margin around each masked character box, as a fraction of the text height (plus 2 px).
    margin: float = 0.15
    signatures: bool = True
    # Refuse pages whose raster would exceed this many pixels (decompression bombs, huge posters).
    max_pixels: int = DEFAULT_MAX_PIXELS
    jpeg_quality: int = 90
    # Seals: "all" masks every seal found, "unit" all but those read clearly as another body's
    # (see detect.seals.seals_to_mask_for_unit), "off" none.
    seals: str = "all"
    # Eyes of faces in photos: "band" masks a band over both eyes, "face" the whole face,
    # "all-faces" a band over the eyes of drawn faces too (cartoons, paintings), "off" finds no
    # faces.
    eyes: str = "band"
    face_engine: str = "centerface"  # or "insightface", where it and its models are installed
    # Files whose path matches one of these globs are copied unmasked and audited as exempt
    # (ID cards, the one-inch certificate photo).
    exempt: tuple[str, ...] = ()
    # Mask every valid resident ID number and mobile number, the applicant's or not.
    mask_ids: bool = False
    # mask re-reads each page it has painted and masks what it still finds (see
    # verify.selfcheck): "near" re-reads around what was found, "full" the whole page, "off" not.
    check: str = "near"
    # Record each page's time per stage in its plan (redactor.timing; --timings). Changes no
    # pixel, so it is not part of what a record's key says was asked.
    timings: bool = False

    def __post_init__(self) -> None:
        if self.seals not in ("all", "unit", "off"):
            raise ValueError(f"seals must be all, unit or off, not {self.seals!r}")
        if self.eyes not in ("band", "face", "all-faces", "off"):
            raise ValueError(f"eyes must be band, face, all-faces or off, not {self.eyes!r}")
        if self.check not in ("near", "full", "off"):
            raise ValueError(f"check must be near, full or off, not {self.check!r}")
        if self.face_engine not in ("centerface", "insightface"):
            raise ValueError(f"unknown face engine {self.face_engine!r}")


@dataclass(frozen=True)
class OutputOptions:
    """Where outputs and the audit go, and what the audit and file names may say."""

    # Replace the name (and its pinyin forms, aliases) by 某某 and the unit by 某单位 in output
    # file and folder names (a platform shows file names to reviewers); False keeps them, each
    # such output warned about. The audit records both names.
    rename_identity: bool = True
    # Keep the matched text (the name, the unit, a seal's arc text) in audit.json; by default a
    # region records its kind, text length and box only.
    audit_text: bool = False
    # Folder for audit.json and audit.csv; None is the output folder.
    audit_dir: Path | None = None
