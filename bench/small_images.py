"""`python -m bench.small_images`: small images (a cut-out line, a small screenshot; short side
under 368 px) read with the detector's upscale capped (``TileSettings.max_upscale``) against
rapidocr's own default (every image scaled up until its short side is 736 px).

Each image holds a name and a unit line at 11-36 px, clean or degraded (JPEG, blur, grey copy,
noise, shrunk). A target counts as found when the same matching as ``mask`` finds it in the
lines read. Prints found/total and OCR CPU seconds for both settings, and the misses.
"""

from __future__ import annotations

import argparse
import io
import random
import time
from dataclasses import replace

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from redactor.detect import text as text_mod
from redactor.detect.match import build_targets, find_in_lines
from redactor.options import Identity
from samples import synth

SIZES = (11, 13, 16, 20, 24, 30, 36)
DEGRADATIONS = ("clean", "jpeg", "blur", "grey", "noise", "shrunk")
FILLERS = ("工作认真负责", "联系电话：13912345678", "申报系列：中小学教师", "推荐意见：同意")
RAPIDOCR_DEFAULT = 1000.0  # no cap: the detector's own 736 px short side wins


def _draw(lines: list[str], size: int, width: int, style: str) -> Image.Image:
    font = synth.get_font(style, size)
    img = Image.new("RGB", (width, 40 + len(lines) * size * 2), "white")
    draw = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        draw.text((30, 20 + i * size * 2), text, font=font, fill=(20, 20, 20))
    return img


def _degraded(img: Image.Image, kind: str, rng: random.Random) -> Image.Image:
    if kind == "jpeg":
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=rng.randrange(30, 70))
        return Image.open(buf).convert("RGB")
    if kind == "blur":
        return img.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.2)))
    if kind == "grey":
        grey = np.asarray(img.convert("L")).astype(float) * 0.55 + 90
        return Image.fromarray(grey.astype(np.uint8)).convert("RGB")
    if kind == "noise":
        arr = np.asarray(img).astype(float)
        arr += np.random.default_rng(rng.randrange(1 << 30)).normal(0, 18, arr.shape[:2] + (1,))
        return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if kind == "shrunk":
        f = rng.uniform(0.6, 0.85)
        return img.resize((int(img.width * f), int(img.height * f)), Image.BILINEAR)
    return img


def small_image(rng: random.Random) -> tuple[np.ndarray, Identity, str]:
    idt = rng.choice(synth.IDENTITIES)
    size = rng.choice(SIZES)
    lines = [f"姓名：{idt.name}", f"工作单位：{idt.unit}", *rng.sample(FILLERS, rng.randrange(2))]
    rng.shuffle(lines)
    width = int(max(map(len, lines)) * size * 1.05) + 60 + rng.randrange(200)
    kind = rng.choice(DEGRADATIONS)
    style = rng.choice(("hei", "sans", "song"))
    img = _degraded(_draw(lines, size, width, style), kind, rng)
    return np.asarray(img), Identity(idt.name, idt.unit), f"{size}px {style} {kind}"


def run(seed: int, count: int, max_upscale: float) -> tuple[int, int, float, list[str]]:
    settings = text_mod.TILES
    text_mod.TILES = replace(settings, max_upscale=max_upscale)
    found = total = 0
    cpu = 0.0
    misses: list[str] = []
    try:
        rng = random.Random(seed)
        for i in range(count):
            image, identity, label = small_image(rng)
            t0 = time.process_time()
            lines = text_mod.ocr_image(image).lines
            cpu += time.process_time() - t0
            kinds = {f.kind for f in find_in_lines(lines, build_targets(identity))}
            for kind in ("name", "unit"):
                total += 1
                if kind in kinds:
                    found += 1
                else:
                    misses.append(f"#{i} {label} {image.shape[1]}x{image.shape[0]} {kind}")
    finally:
        text_mod.TILES = settings
    return found, total, cpu, misses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--images", type=int, default=40)
    args = ap.parse_args()
    print(f"{args.images} small images, seed {args.seed}")
    print("| detector upscale | found | OCR CPU s |")
    print("|---|---|---|")
    capped = f"at most {text_mod.TILES.max_upscale:g}x"
    for label, cap in (
        ("to 736 px (rapidocr)", RAPIDOCR_DEFAULT),
        (capped, text_mod.TILES.max_upscale),
    ):
        found, total, cpu, misses = run(args.seed, args.images, cap)
        print(f"| {label} | {found}/{total} | {cpu:.1f} |")
        for miss in misses:
            print(f"  missed {miss}")


if __name__ == "__main__":
    main()
