"""Pages with QR codes (an electronic certificate's 证书验证, a 学分 record, an app's download
code), drawn with OpenCV's own QR encoder.

Some codes' payloads name the applicant or the unit, as real ones do: a verification URL with the
name percent-encoded (…?name=%E7%8E%8B%E4%BC%9F), the name and unit as plain text
(姓名:王伟;单位:…),
the name in pinyin in a URL (?u=wangwei); the others name nobody (a download link, a serial
number, another person's record). Codes are 12-30 mm, on a page as drawn, tilted, photographed or
photocopied.

Truth item kinds: ``name`` and ``unit`` (a code naming the applicant or the unit: masked whole),
``other_code`` (a code that names neither: stays visible).
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote

import cv2
import numpy as np
from PIL import Image, ImageDraw

from samples import synth
from samples.synth import A4_MM, Identity, Item, Rng, SynthPage

OTHER_PAYLOADS = (
    "https://www.example.cn/app/download?ch=web",
    "https://cme.example.cn/cert/verify?no={n}",
    "ZS-2024-{n}",
    "https://mp.example.cn/s/{n}",
    "姓名:李强;单位:博乐市第二中学;学分:6",
)
DEGRADATIONS = ([], ["jpeg"], ["tilt", "jpeg"], ["phone"], ["tilt", "photocopy"])


def identity_payloads(identity: Identity, rng: Rng) -> list[tuple[str, str]]:
    """Payloads naming the applicant (kind name) or only the unit (kind unit)."""
    n = int(rng.integers(100000, 999999))
    return [
        (f"https://cme.example.cn/cert/verify?name={quote(identity.name)}&no={n}", "name"),
        (f"姓名:{identity.name};单位:{identity.unit};学分:10", "name"),
        (f"http://v.example.cn/q?u={identity.pinyin.replace(' ', '').lower()}&id={n}", "name"),
        (f"https://hr.example.cn/org?unit={quote(identity.unit)}", "unit"),
    ]


QUIET_MODULES = 4  # the quiet zone round a code, in modules (the standard's)


def qr_image(payload: str, side: int) -> tuple[Image.Image, float]:
    """The code of ``payload`` with a quiet zone of QUIET_MODULES, ``side`` pixels square, and
    the width in pixels of the white round the code's own modules (the truth is inside it)."""
    code = cv2.QRCodeEncoder.create().encode(payload)
    dark = np.flatnonzero((code == 0).any(axis=1))
    code = code[dark[0] : dark[-1] + 1, dark[0] : dark[-1] + 1]  # the encoder's own margin off
    q = QUIET_MODULES
    modules = code.shape[0] + 2 * q
    code = cv2.copyMakeBorder(code, q, q, q, q, cv2.BORDER_CONSTANT, value=255)
    image = Image.fromarray(cv2.resize(code, (side, side), interpolation=cv2.INTER_NEAREST))
    return image, side * q / modules


def make_code_page(identity: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A certificate-like page with 3-4 QR codes, one or two naming the applicant or the unit."""
    k = dpi / 25.4
    w, h = round(A4_MM[0] * k), round(A4_MM[1] * k)
    img = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.text(
        (w / 2, 25 * k),
        "继续医学教育学分证书",
        font=synth.get_font("song", round(9 * k)),
        fill=0,
        anchor="mm",
    )
    body = synth.get_font("song", round(4.2 * k))
    d.text((25 * k, 45 * k), "学分类别：Ⅰ类    学分：10", font=body, fill=(0, 0, 0))
    d.text((25 * k, 55 * k), "扫描右侧二维码验证证书真伪", font=body, fill=(0, 0, 0))
    mine = identity_payloads(identity, rng)
    picked = [mine[i] for i in rng.choice(len(mine), int(rng.integers(1, 3)), replace=False)]
    n = int(rng.integers(100000, 999999))
    others = rng.choice(len(OTHER_PAYLOADS), 2, replace=False)
    picked += [(OTHER_PAYLOADS[i].format(n=n), "other_code") for i in others]
    items: list[Item] = []
    x, y = 25 * k, 70 * k
    for payload, kind in picked:
        side = round(float(rng.uniform(12, 30)) * k)
        if x + side > w - 15 * k:
            x, y = 25 * k, y + 40 * k
        code, quiet = qr_image(payload, side)
        img.paste(code, (round(x), round(y)))
        box = (x + quiet, y + quiet, x + side - quiet, y + side - quiet)
        items.append(Item(kind, (np.array(synth._rect(*box)) / [w, h]).tolist(), payload))
        x += side + float(rng.uniform(10, 30)) * k
    page = SynthPage(np.array(img), items, needs_masking=True, kind="codes", dpi=dpi)
    return synth.degrade(page, DEGRADATIONS[int(rng.integers(len(DEGRADATIONS)))], rng)


def code_pages(seed: int, n: int) -> list[SynthPage]:
    """``n`` pages, identities in turn."""
    pages = []
    for i in range(n):
        rng = np.random.default_rng([seed, i])
        idt = synth.IDENTITIES[i % len(synth.IDENTITIES)]
        pages.append(replace(make_code_page(idt, rng), kind="codes"))
    return pages
