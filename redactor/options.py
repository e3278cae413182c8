"""What the user asked for, as frozen (picklable) values."""

from __future__ import annotations

from dataclasses import dataclass


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
        if any(not any(c.isalnum() for c in term) for term in self.terms):
            raise ValueError("a --term needs letters or digits")


@dataclass(frozen=True)
class MaskOptions:
    """How to find and mask."""

    dpi: int = 200  # rasterisation resolution for PDF pages
    fill: tuple[int, int, int] = (0, 0, 0)
    # Margin around each masked character box, as a fraction of the text height (plus 2 px).
    margin: float = 0.15
    signatures: bool = True
    # Refuse pages whose raster would exceed this many pixels (decompression bombs, huge posters).
    max_pixels: int = 120_000_000
    jpeg_quality: int = 90
    # Seals: "all" masks every seal found, "unit" all but those read clearly as another body's
    # (see detect.seals.seals_to_mask_for_unit), "off" none.
    seals: str = "all"
    # Eyes of faces in photos: "band" masks a band over both eyes, "face" the whole face, "off"
    # finds no faces.
    eyes: str = "band"
    face_engine: str = "centerface"  # or "insightface", where it and its models are installed
    # Files whose path matches one of these globs are copied unmasked and audited as exempt
    # (ID cards, the one-inch certificate photo).
    exempt: tuple[str, ...] = ()
    # Mask every valid resident ID number and mobile number, the applicant's or not.
    mask_ids: bool = False

    def __post_init__(self) -> None:
        if self.seals not in ("all", "unit", "off"):
            raise ValueError(f"seals must be all, unit or off, not {self.seals!r}")
        if self.eyes not in ("band", "face", "off"):
            raise ValueError(f"eyes must be band, face or off, not {self.eyes!r}")
        if self.face_engine not in ("centerface", "insightface"):
            raise ValueError(f"unknown face engine {self.face_engine!r}")
