"""`python -m bench.watermark --seed N --pages P`: tiled watermarks on phone screenshots
(``samples.synth_watermark``), masked by ``mask`` with each page's identity.

A tile counts when at least half of its target's glyph pixels lie in the image (as many as the
page's biggest tile's); it is left visible when more than a fifth of those pixels are unpainted
(changed by under 40 grey levels and not turned to the fill). Prints, per page and in total,
tiles, tiles left visible, the share of the page painted (and painted beyond the tiles' targets:
over-masking), and CPU seconds a page.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from redactor.api import redact_paths
from redactor.detect.engines import EngineSettings, configure
from redactor.options import Identity, MaskOptions
from samples.synth_watermark import WatermarkPage, watermark_pages

# A pixel is painted when it changed by more than this, or turned to the fill's black from
# above ``DARK_PAPER`` (a dark-mode page's paper is 22, its fill 0).
CHANGED = 40
FILL = 6
DARK_PAPER = 10
# A tile is left visible when more than this share of its glyph pixels is unpainted.
VISIBLE = 0.2
# A tile counts when at least this share of the biggest tile's pixels lies in the image.
IN_FRAME = 0.5


def painted(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    a, b = before.astype(np.int16), after.astype(np.int16)
    return (np.abs(a - b) > CHANGED) | ((b <= FILL) & (a > DARK_PAPER))


def beyond_targets(page: WatermarkPage, changed: np.ndarray) -> float:
    """Share of the page painted farther than half a glyph from any target glyph of a tile
    (a mask's margin and the page's own text under a tile are inside that reach)."""
    reach = max(3, page.size // 2) * 2 + 1
    near = cv2.dilate((page.tags > 0).astype(np.uint8), np.ones((reach, reach), np.uint8)) > 0
    return float((changed & ~near).mean())


def tiles_left(page: WatermarkPage, changed: np.ndarray) -> tuple[int, int]:
    """(tiles counted, tiles left visible)."""
    ids, counts = np.unique(page.tags[page.tags > 0], return_counts=True)
    biggest = {part: counts[ids % 10 == part].max() for part in set(ids % 10)}
    total = left = 0
    for tile, count in zip(ids, counts, strict=True):
        if count < IN_FRAME * biggest[tile % 10]:
            continue
        total += 1
        left += float((~changed[page.tags == tile]).mean()) > VISIBLE
    return total, left


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--latin", action="store_true", help="the name tiled in pinyin, level too, grey or blue"
    )
    args = parser.parse_args()
    configure(EngineSettings(threads=args.threads))
    total = left = 0
    shares: list[float] = []
    beyond: list[float] = []
    cpu = 0.0
    pages = watermark_pages(args.seed, args.pages, args.latin)
    with tempfile.TemporaryDirectory() as tmp:
        for i, page in enumerate(pages):
            folder = Path(tmp) / f"p{i:02d}"
            folder.mkdir()
            name = f"wm_{args.seed}_{i:02d}." + ("jpg" if page.jpeg else "png")
            image = Image.fromarray(page.image)
            if page.jpeg:
                image.save(folder / name, quality=page.jpeg)
            else:
                image.save(folder / name)
            start = time.process_time()
            redact_paths(
                [folder],
                Path(tmp) / f"o{i:02d}",
                Identity(name=page.name, unit=page.unit),
                MaskOptions(),
            )
            cpu += time.process_time() - start
            before = np.asarray(Image.open(folder / name).convert("L"))
            after = np.asarray(Image.open(Path(tmp) / f"o{i:02d}" / name).convert("L"))
            changed = painted(before, after)
            n, k = tiles_left(page, changed)
            total, left = total + n, left + k
            shares.append(float(changed.mean()))
            beyond.append(beyond_targets(page, changed))
            print(
                f"{name:16s} {page.kind:13s} angle {page.angle:4d} grey {page.grey:3d} "
                f"size {page.size:3d} dark {page.dark!s:5s} tiles {n:3d} left {k:3d} "
                f"painted {changed.mean():.3f} beyond {beyond[-1]:.3f}",
                flush=True,
            )
    print(
        f"seed {args.seed}: tiles {total}, left visible {left}; "
        f"painted {np.mean(shares):.3f} of a page on average, {np.mean(beyond):.4f} beyond the "
        f"tiles' targets (worst {max(beyond, default=0):.4f}); "
        f"{cpu / max(len(pages), 1):.1f} CPU s a page"
    )


if __name__ == "__main__":
    main()
