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

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("the name must not be empty")
        if not self.unit.strip():
            raise ValueError("the unit must not be empty")


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
    # mask re-reads each page it has painted and masks what it still finds (see
    # verify.selfcheck): "near" re-reads around what was found, "full" the whole page, "off" not.
    check: str = "near"

    def __post_init__(self) -> None:
        if self.seals not in ("all", "unit", "off"):
            raise ValueError(f"seals must be all, unit or off, not {self.seals!r}")
        if self.eyes not in ("band", "face", "off"):
            raise ValueError(f"eyes must be band, face or off, not {self.eyes!r}")
        if self.check not in ("near", "full", "off"):
            raise ValueError(f"check must be near, full or off, not {self.check!r}")
        if self.face_engine not in ("centerface", "insightface"):
            raise ValueError(f"unknown face engine {self.face_engine!r}")
