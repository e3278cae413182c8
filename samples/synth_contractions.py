"""Pages where a unit is written contracted (issue 10; the main bench's version 12 pages).

Chinese documents name a body by its contraction after its place: 博州疾控中心 for 博尔塔拉蒙古
自治州疾病预防控制中心, 精河县医院 for 精河县人民医院, 博乐市妇保院 for 博乐市妇幼保健院. People
write them where space is short or the tone is casual: a work group's chat, a notice's list of
addressees, a table's 单位 column, a certificate's body text. Each page here holds the applicant's
unit contracted (truth ``unit``) beside other bodies' contractions (truth ``other_org``: the same
body in another place, another body in the same place), which must stay visible.

The contractions are written out by hand for the generator's identities (CONTRACTED_UNITS), as
people write them, not derived by the detector's rule: the bench must not test that rule against
itself. Lines are drawn whole (never wrapped), so that each contraction is one truth item.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from samples.synth import PT, UNRELATED_NAMES, Identity, SynthPage, _pick, _RasterSurface

Rng = np.random.Generator
Part = tuple[str, str | None]  # (text, truth kind or None)

# The generator's units as people contract them (the short forms of a numbered school and of a
# unit inside an autonomous prefecture among them). Units absent here (温泉县水利局, already
# short; 博尔塔拉职业技术学院, no place division before it) get no contraction page.
CONTRACTED_UNITS: dict[str, tuple[str, ...]] = {
    "博尔塔拉蒙古自治州人民医院": ("博州医院", "博州人民医院"),
    "博乐市第一中学": ("博乐市一中", "博乐一中"),
    "精河县农业技术推广中心": ("精河县农技中心", "精河县农技推广中心"),
    "博尔塔拉蒙古自治州疾病预防控制中心": ("博州疾控中心", "博尔塔拉州疾控中心"),
    "博乐市妇幼保健院": ("博乐市妇保院",),
    "精河县人民医院": ("精河县医院",),
    "温泉县中医医院": ("温泉县中医院",),
    "博乐市畜牧兽医站": ("博乐市畜牧站",),
    "精河县第二中学": ("精河县二中", "精河二中"),
    "博尔塔拉蒙古自治州林业和草原局": ("博州林草局", "博州林业和草原局"),
}
# Other bodies' contractions, each with the body it names: the same kind of body in another
# place (博乐市疾控中心 beside 博州疾控中心) or another body of the same place (温泉县医院, the
# people's hospital, beside 温泉县中医院). A page draws only those naming another body.
OTHER_CONTRACTIONS: tuple[tuple[str, str], ...] = (
    ("博乐市疾控中心", "博乐市疾病预防控制中心"),
    ("精河县疾控中心", "精河县疾病预防控制中心"),
    ("温泉县疾控中心", "温泉县疾病预防控制中心"),
    ("博州卫健委", "博尔塔拉蒙古自治州卫生健康委员会"),
    ("博州人社局", "博尔塔拉蒙古自治州人力资源和社会保障局"),
    ("博乐市人社局", "博乐市人力资源和社会保障局"),
    ("博州住建局", "博尔塔拉蒙古自治州住房和城乡建设局"),
    ("博州中医院", "博尔塔拉蒙古自治州中医医院"),
    ("温泉县医院", "温泉县人民医院"),
    ("精河县中医院", "精河县中医医院"),
    ("博乐市医院", "博乐市人民医院"),
    ("博州妇保院", "博尔塔拉蒙古自治州妇幼保健院"),
    ("精河县妇保院", "精河县妇幼保健院"),
    ("温泉县畜牧站", "温泉县畜牧兽医站"),
    ("温泉县农技中心", "温泉县农业技术推广中心"),
    ("博乐市林草局", "博乐市林业和草原局"),
    ("博乐二中", "博乐市第二中学"),
    ("精河一中", "精河县第一中学"),
    ("博州教育局", "博尔塔拉蒙古自治州教育局"),
    ("博乐市市场监管局", "博乐市市场监督管理局"),
)
CONTRACTION_PAGE_KINDS = (
    "contracted_chat",
    "contracted_notice",
    "contracted_table",
    "contracted_cert",
)
STYLES = ("song", "hei", "sans", "kai")


def has_contraction(idt: Identity) -> bool:
    """Whether the generator knows how people contract ``idt``'s unit."""
    return idt.unit in CONTRACTED_UNITS


def other_contractions(idt: Identity, rng: Rng, n: int) -> list[str]:
    """``n`` other bodies' contractions (none naming ``idt``'s unit), in a random order."""
    pool = [c for c, unit in OTHER_CONTRACTIONS if unit != idt.unit]
    return [pool[int(i)] for i in rng.permutation(len(pool))[:n]]


@dataclass(frozen=True)
class _Marks:
    """What a template's fields stand for on one page: the applicant's name and contractions,
    other people and other bodies' contractions, each drawn in turn."""

    name: str
    own: tuple[str, ...]
    others: tuple[str, ...]
    people: tuple[str, ...]

    def fill(self, template: str, i: int) -> list[Part]:
        """``template``'s text with {n} the name, {u} the unit contracted, {o}/{p} another
        body / person (the ``i``-th of a line, taken in turn), each its own truth part."""
        parts: list[Part] = []
        for j, piece in enumerate(re.split(r"\{(\w)\}", template)):
            if j % 2 == 0:
                parts.append((piece, None))
                continue
            k = i + j // 2  # the line's fields take the lists in turn
            parts.append(
                {
                    "n": (self.name, "name"),
                    "u": (self.own[k % len(self.own)], "unit"),
                    "o": (self.others[k % len(self.others)], "other_org"),
                    "p": (self.people[k % len(self.people)], None),
                }[piece]
            )
        return [p for p in parts if p[0]]


def _marks(idt: Identity, rng: Rng) -> _Marks:
    people = [p for p in UNRELATED_NAMES if p != idt.name]
    order = rng.permutation(len(people))
    own = CONTRACTED_UNITS[idt.unit]
    return _Marks(
        idt.name,
        tuple(own[int(i)] for i in rng.permutation(len(own))),
        tuple(other_contractions(idt, rng, 6)),
        tuple(people[int(i)] for i in order[:6]),
    )


def _line(
    s: _RasterSurface, x: float, y: float, parts: Sequence[Part], pt: float, style: str
) -> None:
    for text, kind in parts:
        x = s.text(x, y, text, pt, style=style, kind=kind)


CHAT = (
    "{u}的同志请于周五前把申报材料交到{o}",
    "收到，{n}的材料已经报{u}了",
    "@{p} {o}那边的汇总表发一下",
    "{o}和{u}的名单已经核对过",
    "明天上午{u}会议室开会，{p}参加",
    "好的，{o}的{p}已通知到",
    "{n}（{u}）已提交",
)
NOTICE = (
    "{o}、{u}、{o}：",
    "    根据州职改办安排，现将2025年度职称评审有关事项通知如下：",
    "    一、{u}、{o}于3月20日前报送申报人员名单。",
    "    二、{o}负责审核本系统申报材料，{u}配合做好公示。",
    "    三、联系人：{p}，{o}人事科。",
)
CERT = (
    "    兹证明{n}同志系{u}在编在岗职工，",
    "自2012年起在{u}从事本专业工作，",
    "工作期间无违法违纪行为。",
    "    特此证明。",
)


def make_chat_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A work group's chat as a screenshot on grey: bubbles, sender names above, the unit
    contracted in messages (``{u}``) beside other bodies' contractions."""
    s = _RasterSurface(rng, dpi, bg=(237, 237, 237))
    m = _marks(idt, rng)
    style = _pick(rng, ("hei", "sans"))
    pt = float(rng.uniform(11, 14))
    s.rect(0, 0, 210, 18, outline=None, fill=(247, 247, 247))
    _line(s, 80, 12, [("职称申报工作群(36)", None)], 13, style)
    y = 32.0
    for i in rng.permutation(len(CHAT))[: int(rng.integers(5, 8))]:
        parts = m.fill(CHAT[int(i)], int(i))
        width = sum(s.measure(t, pt, style) for t, _ in parts)
        mine = bool(rng.random() < 0.4)
        x0 = 190 - width - 6 if mine else 30
        sender = m.people[int(i) % len(m.people)]
        _line(
            s,
            x0 + width - s.measure(sender, 9, style) if mine else x0,
            y,
            [(sender, None)],
            9,
            style,
        )
        s.rect(
            x0 - 3,
            y + 3,
            x0 + width + 3,
            y + 5 + pt * PT * 1.6,
            outline=None,
            radius=2,
            fill=(149, 236, 105) if mine else (255, 255, 255),
        )
        _line(s, x0, y + 4 + pt * PT * 1.2, parts, pt, style)
        y += pt * PT * 1.6 + 16
    return s.finish("contracted_chat")


def make_notice_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A notice to several bodies, addressed and written with their contractions (``{u}`` the
    applicant's unit, ``{o}`` others), signed by another body."""
    s = _RasterSurface(rng, dpi)
    m = _marks(idt, rng)
    style = _pick(rng, ("song", "song", "kai"))
    pt = float(rng.uniform(10.5, 12))  # the longest line (two bodies) fits the 170 mm
    s.centered(30, "关于做好2025年度职称申报工作的通知", 16, "hei")
    y = 48.0
    for i, template in enumerate(NOTICE):
        _line(s, 20, y, m.fill(template, i), pt, style)
        y += pt * PT * 2.2
    _line(s, 120, y + 12, [(m.others[-1], "other_org")], pt, style)
    _line(s, 125, y + 22, [("2025年3月1日", None)], pt, style)
    return s.finish("contracted_notice")


def make_table_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A list of applicants: 序号 | 姓名 | 单位 | 职称, the applicant's row with the unit
    contracted, the other rows other people of other bodies (contracted)."""
    s = _RasterSurface(rng, dpi)
    m = _marks(idt, rng)
    style = _pick(rng, STYLES)
    pt = float(rng.uniform(10.5, 12))
    s.centered(28, "2025年度专业技术职务任职资格申报人员名单", 15, "hei")
    xs = (20.0, 36.0, 66.0, 136.0, 190.0)
    rows = int(rng.integers(5, 9))
    mine = int(rng.integers(rows))
    y = 38.0
    for r in range(-1, rows):
        if r < 0:
            cells: list[Part] = [("序号", None), ("姓名", None), ("单位", None), ("职称", None)]
        elif r == mine:
            cells = [(str(r + 1), None), (m.name, "name"), (m.own[0], "unit"), ("中级", None)]
        else:
            cells = [
                (str(r + 1), None),
                (m.people[r % len(m.people)], None),
                (m.others[r % len(m.others)], "other_org"),
                (_pick(rng, ("中级", "副高级", "正高级")), None),
            ]
        for j, cell in enumerate(cells):
            s.cell(xs[j], y, xs[j + 1], y + 10, [cell], pt, style=style)
        y += 10
    return s.finish("contracted_table")


def make_cert_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A certificate of employment (证明) whose body text names the unit contracted; the issuer
    line is the unit's full name; another body's contraction in a note below."""
    s = _RasterSurface(rng, dpi)
    m = _marks(idt, rng)
    style = _pick(rng, ("song", "kai"))
    pt = float(rng.uniform(13, 15))
    s.rect(15, 15, 195, 200, width=0.8)
    s.centered(40, "证    明", 22, "hei")
    y = 62.0
    for i, template in enumerate(CERT):
        _line(s, 25, y, m.fill(template, i), pt, style)
        y += pt * PT * 2.4
    _line(s, 100, y + 18, [(idt.unit, "unit")], pt * 0.85, style)
    _line(s, 130, y + 30, [("2025年3月5日", None)], pt * 0.85, style)
    _line(s, 25, 215, [("抄送：", None), (m.others[0], "other_org")], 10.5, style)
    return s.finish("contracted_cert")


def make_contraction_page(kind: str, idt: Identity, rng: Rng, dpi: int = 150) -> SynthPage:
    """One page of CONTRACTION_PAGE_KINDS for an applicant with a contraction."""
    make = {
        "contracted_chat": make_chat_page,
        "contracted_notice": make_notice_page,
        "contracted_table": make_table_page,
        "contracted_cert": make_cert_page,
    }[kind]
    return make(idt, rng, dpi=dpi)
