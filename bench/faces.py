"""Eye-masking benchmark: real face photos on generated pages, in every degradation.

    python -m bench.faces --pages 10 --seed 7

Runs the face stage alone (no OCR), with the page's orientation unknown, so every page is
searched in all four orientations: the setting with the most chances of a false alarm. An eye
counts as found when the masks cover at least 99% of its ground-truth box (see samples/synth.py
``eye_quads``). Negatives: text-only pages, and photos without faces from installed packages.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np
from PIL import Image

from bench.score import FULL, item_polygon, polygon_mask
from redactor.detect.faces import find_eyes
from redactor.mask import region_for
from redactor.options import MaskOptions
from redactor.types import Page
from samples import synth

ROOT = Path(__file__).resolve().parent.parent
CONDITIONS: dict[str, list[str]] = {
    "clean": [],
    "tilt": ["tilt"],
    "noise": ["noise"],
    "photocopy": ["photocopy"],
    "phone": ["phone"],
    "sideways": ["sideways"],
    "jpeg": ["jpeg"],
    "lowres": ["lowres"],
    "photocopy+tilt": ["tilt", "photocopy"],
}
FACE_KINDS = ("form", "photos")
TEXT_KINDS = ("plain", "paper", "appraisal", "certificate")
# Pictures without faces shipped in installed packages.
NO_FACE_PICTURES = (
    ("skimage", "data/coffee.png"),
    ("skimage", "data/rocket.jpg"),
    ("skimage", "data/chelsea.png"),
    ("skimage", "data/coins.png"),
    ("skimage", "data/page.png"),
)


def _masks(page_image: np.ndarray, options: MaskOptions) -> tuple[list, int]:
    page = Page("bench", 1, page_image, 150)
    findings = find_eyes(page, options, None)
    return [list(region_for(f, options)) for f in findings], len(findings)


def run(pages: int, seed: int, realdata: Path | None) -> dict:
    options = MaskOptions()
    photos = synth.load_face_photos(realdata)
    if not photos:
        sys.exit("no face photos: install scikit-image/matplotlib or pass --realdata")
    idt = synth.IDENTITIES[0]
    results: dict = {"conditions": {}, "negatives": {}}
    timings: list[float] = []
    for name, degs in CONDITIONS.items():
        eyes = found = 0
        misses = []
        for i in range(pages):
            rng = np.random.default_rng([seed, len(name), i])
            kind = FACE_KINDS[i % len(FACE_KINDS)]
            page = synth.degrade(synth.make_page(kind, idt, rng, photos=photos), degs, rng)
            h, w = page.image.shape[:2]
            t = time.perf_counter()
            polys, _ = _masks(page.image, options)
            timings.append(time.perf_counter() - t)
            masked = polygon_mask((h, w), polys)
            for item in page.to_dict()["items"]:
                if item["kind"] != "eyes":
                    continue
                region = polygon_mask((h, w), [item_polygon(item, w, h)])
                if not region.any():
                    continue
                eyes += 1
                covered = float((region & masked).sum()) / float(region.sum())
                found += int(covered >= FULL)
                if covered < FULL:
                    misses.append({"page": i, "kind": kind, "covered": round(covered, 3)})
        results["conditions"][name] = {"eyes": eyes, "found": found, "misses": misses}
        print(f"{name:16s} eyes {found}/{eyes}", file=sys.stderr)
    false_masks = 0
    for i in range(pages):
        rng = np.random.default_rng([seed, 99, i])
        kind = TEXT_KINDS[i % len(TEXT_KINDS)]
        degs = list(CONDITIONS.values())[i % len(CONDITIONS)]
        page = synth.degrade(synth.make_page(kind, idt, rng), degs, rng)
        false_masks += _masks(page.image, options)[1]
    results["negatives"]["text_pages"] = {"pages": pages, "eye_masks": false_masks}
    pictures = 0
    picture_masks = 0
    for package, rel in NO_FACE_PICTURES:
        try:
            path = Path(str(resources.files(package).joinpath(rel)))
        except ModuleNotFoundError:
            continue
        image = np.asarray(Image.open(path).convert("RGB"))
        pictures += 1
        picture_masks += _masks(image, options)[1]
    if realdata is not None and (realdata / "faces/f12_landscape_no_faces_negative.jpg").is_file():
        image = np.asarray(Image.open(realdata / "faces/f12_landscape_no_faces_negative.jpg"))
        pictures += 1
        picture_masks += _masks(image[:, :, :3], options)[1]
    results["negatives"]["no_face_pictures"] = {"pictures": pictures, "eye_masks": picture_masks}
    results["ms_per_page"] = round(1000 * float(np.mean(timings)), 1)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10, help="pages per condition")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=ROOT / "bench-out" / "faces.json")
    args = ap.parse_args()
    realdata = ROOT.parent / "shared" / "realdata"
    results = run(args.pages, args.seed, realdata if realdata.is_dir() else None)
    eyes = sum(c["eyes"] for c in results["conditions"].values())
    found = sum(c["found"] for c in results["conditions"].values())
    results["recall"] = round(found / eyes, 4) if eyes else None
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in results.items() if k != "conditions"}, indent=1))
    for name, c in results["conditions"].items():
        print(f"{name:16s} {c['found']}/{c['eyes']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
