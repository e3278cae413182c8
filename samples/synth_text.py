"""Adversarial text pages for issue 10 items 1, 7 and 9 (drawn with samples.synth's fonts).

- Names before ordinary words: the applicant's name before many common words (drawn from jieba's
  dictionary by frequency, not a hand list), in running text and forms (姓名：王伟工作单位：…),
  and member lists with other people's longer names that share its characters (王伟民、李强).
- Identifiers: appraisal forms and CVs with 身份证号 and 手机 fields, numbers split by spaces or
  hyphens, in full-width digits, with +86; IDs with a wrong check digit (never masked by
  --mask-ids) and other people's mobiles (masked by --mask-ids, not by --term).
- Blank signature fields (签章（公章）：, 申报人签字：) with underlines, table lines or box
  borders next to them, and the same fields signed.

Truth item kinds: ``name`` (the applicant's, must be masked), ``other_name`` (a longer name that
shares its characters, should stay visible), ``identifier`` (the applicant's own number: masked
by --term and --mask-ids), ``other_identifier`` (someone else's valid mobile or ID: masked by
--mask-ids), ``invalid_identifier`` (a number that fails its checksum or is no mobile: never
masked), ``signature`` and ``blank_signature`` (an empty field: nothing may be masked there).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from samples.synth import (
    INK,
    PT,
    TARGET_KINDS,
    Identity,
    Item,
    SynthPage,
    _ink_box,
    _pick,
    _RasterSurface,
    _split_name,
    distractor_names,
    get_font,
    make_page,
)

Rng = np.random.Generator
Part = tuple[str, str | None]  # (text, truth kind or None)

STYLES = ("song", "hei", "sans", "kai")

# Characters that commonly end people's given names (the generator's own list, deliberately not
# derived from the detector's dictionary statistics).
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚英华玉萍红辉鹏建飞宇斌浩凯波峰琳婷雪莉燕慧"
    "倩晨旭阳国兵海亮东文博志宏新民成生荣春梅凤云坤兴胜振祥立忠进福贵发喜安彬晶蕾薇琪瑶婧璐"
)
SURNAMES = "李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶"
OTHER_GIVEN = ("强", "娜", "明", "静", "晓东", "建华", "丽萍", "海燕", "志刚", "文博")

# Sentence continuations after a name + word (so the word is not always at the line end).
TAILS = ("", "，", "。", "，成绩突出。", "，获得好评", "，并多次受到表彰。", "；", "（附件）")
RUNNING = (
    "{n}同志自2008年参加工作以来，工作认真负责",
    "{n}工作认真负责，业务能力强",
    "{n}作为项目负责人，主持完成课题三项",
    "{n}联系电话：0909-2231456",
    "{n}参与了全州基层医疗质量提升行动",
    "{n}负责科室的质控与带教工作",
    "{n}于2015年晋升主治医师",
    "{n}在基层工作十余年",
    "{n}的论文发表于核心期刊",
    "{n}等三人获得先进工作者称号",
    "{n}主持的项目获州科技进步奖",
    "{n}多次下乡开展义诊",
    "{n}积极参加继续教育",
    "{n}现任科室副主任",
    "{n}撰写的报告获一等奖",
    "{n}认真履行岗位职责",
    "{n}曾赴上海进修一年",
    "{n}带领团队完成改造任务",
    "本课题由{n}主持，{n}负责总体设计",
    "感谢{n}在资料收集中的帮助",
)
FORMS = (
    "姓名：{n}工作单位：{u}",
    "姓名：{n}性别：男",
    "姓名{n}性别男民族汉",
    "申报人：{n}联系电话：0909-2231456",
    "填表人：{n}填表日期：2025年3月",
    "{n}（男，1985年生）",
    "{n}，女，汉族，1986年出生",
    "姓名 {n} 出生年月 1986.05",
    "负责人：{n}职称：副主任医师",
    "项目负责人{n}所在单位{u}",
)
MEMBER_LISTS = (
    "课题组成员：{o}、{x}、{y}",
    "成员：{o}、{x}",
    "参加人员：{x}、{o}",
    "评审专家：{x}、{y}、{o}",
    "参加人员：{x} {o} {y}",
    "经办人：{o}",
    "联系人 {o}",
    "{x}、{o}、{y}等同志",
    "课题组成员{o}{x}{y}",
)
# A longer name followed by a word (王伟民积极…): still someone else's, and said so.
LONGER_RUNNING = (
    "{o}的论文获奖",
    "{o}积极参与课题",
    "{o}同志参加了会议",
    "{o}等三人获表彰",
    "{o}，男，1979年生",
)


@dataclass(frozen=True)
class Phrase:
    """One line of text: parts with truth kinds, and which list it came from."""

    parts: tuple[Part, ...]
    category: str

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.parts)


@lru_cache(maxsize=1)
def frequent_words(max_words: int = 3000) -> tuple[str, ...]:
    """jieba's most frequent Han words of 1-4 characters that can follow a subject: verbs,
    nouns, adverbs, prepositions, conjunctions, particles (its dictionary, by frequency)."""
    from redactor.detect.lexicon import dictionary_path

    keep = ("v", "n", "d", "p", "c", "u", "a", "vn", "ad", "r", "m", "t")
    rows = []
    with dictionary_path().open(encoding="utf-8") as fh:
        for row in fh:
            parts = row.split()
            if len(parts) < 3:
                continue
            word, freq, pos = parts[0], int(parts[1]), parts[2]
            if not 1 <= len(word) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in word):
                continue
            if pos.startswith("nr") or pos in ("ns", "nt", "nz"):
                continue  # proper nouns do not follow a name in prose
            single_ok = pos.startswith(("p", "c", "u", "d"))
            if (len(word) == 1 and not single_ok) or not pos.startswith(keep):
                continue
            rows.append((freq, word))
    rows.sort(reverse=True)
    return tuple(w for _, w in rows[:max_words])


def longer_name(name: str, rng: Rng) -> str:
    """Someone else's name containing the applicant's: 王伟 -> 王伟民."""
    return name + _pick(rng, GIVEN_CHARS)


def other_person(rng: Rng) -> str:
    return _pick(rng, SURNAMES) + _pick(rng, OTHER_GIVEN)


def _fill(template: str, marks: dict[str, tuple[str, str | None]]) -> tuple[Part, ...]:
    """Split a template with {n}/{u}/{o}/{x}/{y} into parts with truth kinds."""
    parts: list[Part] = []
    rest = template
    while rest:
        i = rest.find("{")
        if i < 0:
            parts.append((rest, None))
            break
        if i:
            parts.append((rest[:i], None))
        key = rest[i + 1 : rest.index("}", i)]
        parts.append(marks[key])
        rest = rest[rest.index("}", i) + 1 :]
    return tuple(parts)


def name_phrases(idt: Identity, rng: Rng, n: int) -> list[Phrase]:
    """``n`` lines mixing every category: word (name + a frequent dictionary word), running
    text, forms, member lists with longer names, longer names before words."""
    words = frequent_words()
    out: list[Phrase] = []
    categories = ("word", "word", "running", "form", "member", "longer_running")
    for i in range(n):
        cat = categories[i % len(categories)]
        other = longer_name(idt.name, rng)
        marks = {
            "n": (idt.name, "name"),
            "u": (idt.unit, None),
            "o": (other, "other_name"),
            "x": (other_person(rng), None),
            "y": (other_person(rng), None),
        }
        if cat == "word":
            lead = _pick(rng, ("", "", "据悉，", "2024年，", "经审核，", "其中"))
            tail = _pick(rng, TAILS)
            parts = ((lead, None), (idt.name, "name"), (_pick(rng, words) + tail, None))
        elif cat == "running":
            parts = _fill(_pick(rng, RUNNING), marks)
        elif cat == "form":
            parts = _fill(_pick(rng, FORMS), marks)
        elif cat == "member":
            parts = _fill(_pick(rng, MEMBER_LISTS), marks)
        else:
            parts = _fill(_pick(rng, LONGER_RUNNING), marks)
        out.append(Phrase(tuple((t, k) for t, k in parts if t), cat))
    return out


# ------------------------------------------------------------------------- names in parts
# Applicants of the prefecture whose names are written in parts (Kazakh, Uyghur, Mongolian names
# in Chinese characters): the person's own name, a middle dot, the father's name.
PARTS_IDENTITIES = (
    Identity("古丽娜尔·吐尔逊", "博尔塔拉蒙古自治州第二人民医院", "Bortala No.2 Hospital", "女"),
    Identity("巴特尔·孟和", "温泉县人民医院", "Wenquan County People's Hospital", "男"),
    Identity("努尔兰·别克", "精河县第一中学", "Jinghe No.1 Middle School", "男", "一级教师", "edu"),
    Identity("阿依努尔·艾力", "博乐市疾病预防控制中心", "Bole CDC", "女", "主管医师"),
)
# How the dot between the parts is typed, or read by OCR: a middle dot, a bullet, the
# katakana dot, a full stop, a hyphen, a space or nothing.
JOINERS = ("·", "·", "•", "・", ".", "-", " ", "")
# Lines with the full name ({n}), its own part alone ({p}), the father's part alone ({f}, truth
# ``other_name``: it names no one and stays) and other people ({x}).
PARTS_LINES = (
    "姓名：{n}    性别：女",
    "本人{n}，自参加工作以来认真负责。",
    "{n}同志在科室工作中表现突出",
    "兹证明{p}同志系我单位在职职工",
    "由{p}负责护理质量管理工作",
    "感谢{p}老师的指导，{x}参与",
    "{p}主持完成项目两项，{f}老师审核",
    "申报人：{n}（主持人）",
    "成员：{x}、{n}、{y}",
)


def parts_phrases(idt: Identity, rng: Rng, n: int) -> list[Phrase]:
    """``n`` lines naming an applicant whose name is in parts, joined as people type it."""
    own, father = idt.name.split("·")
    out = []
    for i in range(n):
        marks = {
            "n": (own + _pick(rng, JOINERS) + father, "name"),
            "p": (own, "name"),
            "f": (father, "other_name"),
            "x": (other_person(rng), None),
            "y": (other_person(rng), None),
        }
        parts = _fill(PARTS_LINES[i % len(PARTS_LINES)], marks)
        out.append(Phrase(tuple(p for p in parts if p[0]), "parts"))
    return out


# Reference-list entries (surname, comma, given name or initials): {a} is the applicant or a
# namesake, {x} and {y} other authors.
REFERENCES = (
    "{a}, {x} ({year}). Clinical outcomes in county hospitals. J Rural Health, 12(3), 45-51.",
    "{x}, {a} & {y} ({year}). Extension services. Agric Sci, 8, 101-109.",
    "[{k}] {x}, {y}, {a} ({year}) Field survey of soil salinity. Arid Land Res. 4: 22-30.",
    "{a}; {x} ({year}) Teaching practice in middle schools. Educ Rev.",
    "Authors: {x}, {a}",
)


def _syllables(han: str) -> list[str]:
    from pypinyin import lazy_pinyin

    return [p.replace("v", "u") for p in lazy_pinyin(han)]


def _latin_author(surname: str, given: Sequence[str], rng: Rng) -> str:
    """An author written surname-first with a comma, in one of the styles journals use."""
    style = int(rng.integers(0, 5))
    initials = [g[0].upper() for g in given]
    if style == 0:
        return f"{surname.capitalize()}, {initials[0]}."
    if style == 1:
        return f"{surname.upper()}, {''.join(given).capitalize()}"
    if style == 2:
        return f"{surname.capitalize()}, {'-'.join(g.capitalize() for g in given)}"
    if style == 3:
        return f"{surname.capitalize()}, {' '.join(i + '.' for i in initials)}"
    return f"{surname.capitalize()}, {'.-'.join(initials)}."


def latin_references(idt: Identity, rng: Rng, n: int) -> list[Phrase]:
    """``n`` reference-list lines, half with the applicant written surname, comma, given name
    or initials (truth ``name``), half with a namesake: the same surname with a given name
    whose first syllable starts with another letter (``other_name``, should stay visible)."""
    sur_han, given_han = _split_name(idt.name)
    surname, given = "".join(_syllables(sur_han)), _syllables(given_han)
    out: list[Phrase] = []
    for i in range(n):
        own = i % 2 == 0
        if own:
            author, kind = _latin_author(surname, given, rng), "name"
        else:
            other = [g for g in OTHER_GIVEN if _syllables(g)[0][0] != given[0][0]]
            author = _latin_author(surname, _syllables(_pick(rng, other)), rng)
            kind = "other_name"
        fillers = []
        for _ in range(2):
            sur = _pick(rng, [c for c in SURNAMES if _syllables(c)[0] != surname])
            fillers.append(
                _latin_author(_syllables(sur)[0], _syllables(_pick(rng, OTHER_GIVEN)), rng)
            )
        marks = {
            "a": (author, kind),
            "x": (fillers[0], None),
            "y": (fillers[1], None),
            "year": (str(int(rng.integers(2005, 2025))), None),
            "k": (str(int(rng.integers(1, 40))), None),
        }
        out.append(Phrase(tuple(p for p in _fill(_pick(rng, REFERENCES), marks) if p[0]), "latin"))
    return out


# Author lines with initials (Vancouver, as PubMed and medical journals write them, and given name
# first, as IEEE and English bylines do), and English sentences with the name in pinyin: {a} is
# the applicant or a namesake, {x} and {y} other authors.
INITIALS_LINES = (
    "{a}, {x}, {y}. Early rehabilitation after stroke. Chin J Rehabil. {year};12(3):45-51.",
    "{x}, {a}*, {y}. Nursing of elderly patients in county hospitals.",
    "{x}1, {y}2, {a}3",
    "Corresponding author: {a}, E-mail: office@example.cn",
    '{a}, {x} and {y}, "Soil salinity in arid land," Arid Land Res., vol. 4, pp. 22-30, {year}.',
)
# The name in pinyin inside English prose: OCR of such lines often drops a space, running the
# name into the next word (Dr.WANG Weihas worked).
PINYIN_PROSE = (
    "This is to certify that Dr. {a} has worked at our hospital since {year}.",
    "{a} was awarded the prize for outstanding teaching in {year}.",
    "We thank {a} for the data and {x} for comments.",
)


def _initials_author(surname: str, given: Sequence[str], rng: Rng) -> str:
    """An author with initials: Vancouver (`Wang W`, `Zhang XM`) or given name first (`W. Wang`,
    `X.-M. Zhang`, `X. M. ZHANG`)."""
    initials = [g[0].upper() for g in given]
    style = int(rng.integers(0, 4))
    if style == 0:
        return f"{surname.capitalize()} {''.join(initials)}"
    if style == 1:
        return f"{'.-'.join(initials)}. {surname.capitalize()}"
    if style == 2:
        return f"{' '.join(i + '.' for i in initials)} {surname.upper()}"
    return (
        f"{initials[0]}. {surname.capitalize()}"
        if len(initials) == 1
        else (f"{surname.capitalize()} {''.join(initials)}")
    )


def _pinyin_person(surname: str, given: Sequence[str], rng: Rng) -> str:
    """A name in pinyin as English prose writes it: `WANG Wei`, `Wei Wang`, `Wang Wei`."""
    given_word = "".join(given).capitalize()
    style = int(rng.integers(0, 3))
    if style == 0:
        return f"{surname.upper()} {given_word}"
    if style == 1:
        return f"{given_word} {surname.capitalize()}"
    return f"{surname.capitalize()} {given_word}"


def initials_references(idt: Identity, rng: Rng, n: int) -> list[Phrase]:
    """``n`` lines, alternately author lines with initials and English sentences with the name in
    pinyin; half with the applicant (truth ``name``), half with a namesake: the same surname and
    a given name whose first letter differs (``other_name``, should stay visible)."""
    sur_han, given_han = _split_name(idt.name)
    surname, given = "".join(_syllables(sur_han)), _syllables(given_han)
    others = [g for g in OTHER_GIVEN if _syllables(g)[0][0] != given[0][0]]
    out: list[Phrase] = []
    for i in range(n):
        own = i % 4 < 2
        who = given if own else _syllables(_pick(rng, others))
        kind = "name" if own else "other_name"
        prose = i % 2 == 1
        author = (_pinyin_person if prose else _initials_author)(surname, who, rng)
        fillers = []
        for _ in range(2):
            sur = _pick(rng, [c for c in SURNAMES if _syllables(c)[0] != surname])
            maker = _pinyin_person if prose else _initials_author
            fillers.append(maker(_syllables(sur)[0], _syllables(_pick(rng, OTHER_GIVEN)), rng))
        marks = {
            "a": (author, kind),
            "x": (fillers[0], None),
            "y": (fillers[1], None),
            "year": (str(int(rng.integers(2005, 2025))), None),
        }
        template = _pick(rng, PINYIN_PROSE if prose else INITIALS_LINES)
        out.append(Phrase(tuple(p for p in _fill(template, marks) if p[0]), "initials"))
    return out


def draw_lines(
    lines: Sequence[Sequence[Part]], rng: Rng, *, dpi: int = 150, kind: str = "phrases"
) -> SynthPage:
    """An A4 page with one line per entry, in a random font and size, parts' kinds as truth."""
    s = _RasterSurface(rng, dpi)
    style = _pick(rng, STYLES)
    pt = float(rng.uniform(10.5, 14))
    y = 25.0
    lead = pt * PT * float(rng.uniform(1.8, 2.3))
    for parts in lines:
        x = 20.0 + float(rng.uniform(0, 8))
        for text, k in parts:
            x = s.text(x, y, text, pt, style=style, kind=k)
        y += lead
        if y > 280:
            break
    return s.finish(kind)


# ----------------------------------------------------------------------------- identifiers
# Region codes of Xinjiang's Bortala prefecture and a few others (first six digits of an ID).
REGION_CODES = ("652701", "652722", "652723", "650102", "650104", "110105", "320102", "510107")
MOBILE_PREFIXES = ("139", "138", "135", "137", "186", "158", "177", "199", "181", "153", "130")


def resident_id(rng: Rng, valid: bool = True) -> str:
    """An 18-digit resident ID with a correct (or, if not ``valid``, a wrong) check digit."""
    from stdnum.cn import ric

    birth = f"{int(rng.integers(1965, 2000))}{int(rng.integers(1, 13)):02d}"
    birth += f"{int(rng.integers(1, 29)):02d}"
    body = _pick(rng, REGION_CODES) + birth + f"{int(rng.integers(0, 1000)):03d}"
    check = ric.calc_check_digit(body + "0")  # it expects (and ignores) a check digit
    if not valid:
        check = _pick(rng, [c for c in "0123456789X" if c != check])
    return body + check


def mobile(rng: Rng) -> str:
    return _pick(rng, MOBILE_PREFIXES) + "".join(str(int(d)) for d in rng.integers(0, 10, 8))


def not_a_mobile(rng: Rng) -> str:
    """Eleven digits that are no Chinese mobile (a serial number, an account)."""
    return _pick(rng, ("100", "110", "120", "000", "101")) + "".join(
        str(int(d)) for d in rng.integers(0, 10, 8)
    )


_FULL_WIDTH = str.maketrans("0123456789X-", "０１２３４５６７８９Ｘ－")


def written(number: str, rng: Rng) -> tuple[str, str]:
    """The number as people write it: plain, grouped by spaces or hyphens, full width, after
    +86. Returns (prefix, number): the country code names no one and is not a target."""
    style = int(rng.integers(0, 6))
    if len(number) == 18:
        groups = (number[:6], number[6:14], number[14:])
    else:
        groups = (number[:3], number[3:7], number[7:])
    if style == 1:
        return "", " ".join(groups)
    if style == 2:
        return "", "-".join(groups)
    if style == 3:
        return "", number.translate(_FULL_WIDTH)
    if style == 4 and len(number) == 11:
        return _pick(rng, ("+86 ", "+86-", "(+86)", "0086 ")), " ".join(groups)
    if style == 5 and len(number) == 18:
        return "", number[:-1] + number[-1].lower()
    return "", number


def _number(label: str, number: str, kind: str, rng: Rng) -> list[Part]:
    prefix, text = written(number, rng)
    return [(label + prefix, None), (text, kind)]


def id_lines(idt: Identity, rng: Rng) -> tuple[list[list[Part]], str, str]:
    """Lines of an appraisal form / CV with the applicant's ID and mobile, other people's
    mobiles and numbers that must stay (bad checksums, serials). Returns the lines and the
    applicant's own ID and mobile (for --term)."""
    own_id, own_mobile = resident_id(rng), mobile(rng)
    lines: list[list[Part]] = [
        [("姓名：", None), (idt.name, "name"), ("  性别：", None), (idt.gender, None)],
        _number("身份证号：", own_id, "identifier", rng),
        _number("手机：", own_mobile, "identifier", rng),
    ]
    for _ in range(int(rng.integers(2, 4))):
        who = other_person(rng)
        label = _pick(rng, ("推荐人", "联系人", "证明人", "部门负责人"))
        lines.append(_number(f"{label}：{who}  手机：", mobile(rng), "other_identifier", rng))
    lines.append(_number("配偶身份证号：", resident_id(rng), "other_identifier", rng))
    for _ in range(int(rng.integers(1, 3))):
        label = _pick(rng, ("身份证号（原）：", "证件号码：", "备注身份证："))
        lines.append(_number(label, resident_id(rng, False), "invalid_identifier", rng))
    lines.append(_number("证书编号：", not_a_mobile(rng), "invalid_identifier", rng))
    lines.append([("办公电话：0909-2231456  邮编：833400  日期：2024-12-20", None)])
    lines.append([(f"工作单位：{idt.unit}", None)])
    order = [lines[0], *[lines[i] for i in rng.permutation(np.arange(1, len(lines)))]]
    return order, own_id, own_mobile


def make_id_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> tuple[SynthPage, str, str]:
    lines, own_id, own_mobile = id_lines(idt, rng)
    return draw_lines(lines, rng, dpi=dpi, kind="identifiers"), own_id, own_mobile


# ------------------------------------------------------------------------- signature fields
SIGNATURE_LABELS = ("签章（公章）：", "申报人签字：", "本人签名：", "申请人（签字）：", "签字：")
FIELD_FRAMES = ("none", "underline", "underline_text", "table", "box", "dotted")


def make_signature_field_page(
    idt: Identity, rng: Rng, *, signed: bool, frame: str | None = None, dpi: int = 150
) -> SynthPage:
    """A form's closing rows: a signature label with an empty (or signed) field next to it,
    framed by nothing, an underline, underscores typed as text, table lines or a box."""
    s = _RasterSurface(rng, dpi)
    frame = frame or _pick(rng, FIELD_FRAMES)
    s.centered(26, "专业技术资格评审申报表（续）", 16, "hei")
    s.text(20, 45, "本人承诺：以上所填内容真实准确，如有不实，愿承担相应责任。", 10.5)
    y = 70.0 + float(rng.uniform(0, 40))
    for row in range(2):
        label = _pick(rng, SIGNATURE_LABELS)
        x0 = 20.0 if row == 0 else float(rng.uniform(90, 110))
        yy = y + row * float(rng.uniform(25, 40))
        pt = float(rng.uniform(10.5, 13))
        if frame == "table":
            s.rect(x0 - 3, yy - 10, x0 + 85, yy + 6)
            s.line(x0 + s.measure(label, pt) + 1, yy - 10, x0 + s.measure(label, pt) + 1, yy + 6)
        if frame == "box":
            s.rect(x0 + s.measure(label, pt) + 2, yy - 8, x0 + s.measure(label, pt) + 50, yy + 3)
        x = s.text(x0, yy, label, pt)
        if frame == "underline":
            s.line(x + 1, yy + 1.2, x + float(rng.uniform(18, 45)), yy + 1.2, 0.3)
        elif frame == "underline_text":
            s.text(x, yy, "_" * int(rng.integers(6, 14)), pt)
        elif frame == "dotted":
            s.text(x, yy, "…" * int(rng.integers(4, 9)), pt)
        if signed and row == 0:
            s.signature(x + 3, yy + 1, idt.name, float(rng.uniform(18, 24)))
        elif not signed:
            quad = [[x, yy - pt * PT], [x + 30, yy - pt * PT], [x + 30, yy], [x, yy]]
            s.add("blank_signature", quad, label)
    s.text(110, y + 60, "日期：2025年3月12日", 11)
    return s.finish("signature_field")


# Column headers of a sign-in sheet (签到表) beside its 签名 column, and headers for that column.
SIGNIN_COLUMNS = ("单位", "职务", "职称", "科室", "联系电话", "备注")
SIGNIN_HEADERS = ("签名", "签字", "签 名")
SIGNIN_VALUES = ("医师", "主治医师", "护师", "内科", "外科", "13900000000")


def make_signin_sheet_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A sign-in sheet (签到表): a table whose header row holds a bare 签名 among other column
    headers, and under it everyone's hand-written name, the applicant's in one row. Truth:
    the applicant's signature (kind ``signature``) and the header row's words (kind
    ``header``: print, never a signature)."""
    s = _RasterSurface(rng, dpi)
    title = _pick(rng, ("学术讲座签到表", "继续教育培训签到表", "业务学习签到表"))
    s.centered(22, title, 15, "hei")
    s.text(20, 32, "时间：2025年4月18日  地点：门诊楼三楼会议室", 10.5)
    others = list(SIGNIN_COLUMNS)
    columns = rng.permutation(others)[: int(rng.integers(2, 4))]
    order = ["序号", _pick(rng, SIGNIN_HEADERS), *columns]
    widths = [14.0] + [float(rng.uniform(34, 42)) for _ in order[1:]]
    rows = int(rng.integers(6, 11))
    mine = int(rng.integers(0, rows))
    pt, top, height = float(rng.uniform(10.5, 12.5)), 40.0, float(rng.uniform(11, 14))
    x_end = 15 + sum(widths)
    for r in range(rows + 2):
        s.line(15, top + r * height, x_end, top + r * height, 0.3)
    x = 15.0
    for w in [*widths, 0.0]:
        s.line(x, top, x, top + (rows + 1) * height, 0.3)
        x += w
    x = 15.0
    for word, w in zip(order, widths, strict=True):
        left = x + (w - s.measure(word, pt)) / 2
        s.text(left, top + height * 0.7, word, pt, kind="header" if word != "序号" else None)
        x += w
    for r in range(rows):
        y = top + (r + 1) * height + height * 0.72
        s.text(18, y, str(r + 1), pt)
        name = idt.name if r == mine else other_person(rng)
        kind = "signature" if r == mine else "other_signature"
        s.signature(15 + widths[0] + 4, y, name, float(rng.uniform(16, 20)), kind=kind)
        x = 15 + widths[0] + widths[1]
        for w in widths[2:]:
            s.text(x + 2, y, _pick(rng, SIGNIN_VALUES), pt - 1)
            x += w
    return s.finish("signin_sheet")


# Posters, banners and slides: the name set larger than PP-OCR's detector finds a line (about
# 250-300 px high in the image it is given), the case the page's overview reads.
LARGE_TEXT_CANVASES = ((1920, 1080), (1800, 2400), (1600, 600), (1080, 1920), (2400, 1200))
LARGE_TEXT_SCHEMES = (  # (paper, name ink, other ink)
    ((250, 250, 250), (20, 20, 20), (40, 40, 40)),
    ((178, 24, 32), (236, 196, 100), (250, 230, 160)),
    ((20, 70, 160), (255, 255, 255), (230, 235, 245)),
    ((245, 240, 228), (150, 20, 20), (30, 30, 30)),
)
LARGE_TEXT_LINES = (  # (before the name, after it)
    ("", ""),
    ("热烈祝贺", "同志"),
    ("", "专家门诊"),
    ("主讲：", ""),
    ("喜报 ", "荣获一等奖"),
)


def make_large_text_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A poster, banner or slide whose name is set 1.2-2.6 times higher than a 250 px line
    of the detector's input, with the unit in ordinary large print under it. Truth: the name
    and the unit."""
    w, h = LARGE_TEXT_CANVASES[int(rng.integers(len(LARGE_TEXT_CANVASES)))]
    paper, ink, other = LARGE_TEXT_SCHEMES[int(rng.integers(len(LARGE_TEXT_SCHEMES)))]
    img = Image.new("RGB", (w, h), paper)
    draw = ImageDraw.Draw(img)
    # The detector sees the image shrunk to 2000 px on its long side.
    det_scale = min(1.0, 2000 / max(w, h))
    before, after = LARGE_TEXT_LINES[int(rng.integers(len(LARGE_TEXT_LINES)))]
    style = _pick(rng, ("sans", "song", "hei"))
    size = int(float(rng.uniform(300, 650)) / det_scale)
    line = before + idt.name + after
    font = get_font(style, size)
    while font.getlength(line) > 0.92 * w and size > 120:
        size = int(size * 0.9)
        font = get_font(style, size)
    x = int((w - font.getlength(line)) / 2)
    # The baseline low enough for the glyphs' tops to stay on the canvas.
    y = max(int(h * float(rng.uniform(0.3, 0.5))), int(0.95 * size) + 10)
    draw.text((x, y), line, font=font, fill=ink, anchor="ls")
    items = []
    name_x = x + int(font.getlength(before))
    box = _ink_box(font, idt.name, name_x, y)
    if box:
        items.append(_item("name", box, w, h, idt.name))
    unit_font = get_font(style, int(min(size * 0.3, 0.85 * w / max(len(idt.unit), 1))))
    ux = int((w - unit_font.getlength(idt.unit)) / 2)
    uy = int(y + 0.25 * size + unit_font.size * 1.5)
    if uy < h - 10:
        draw.text((ux, uy), idt.unit, font=unit_font, fill=other, anchor="ls")
        ubox = _ink_box(unit_font, idt.unit, ux, uy)
        if ubox:
            items.append(_item("unit", ubox, w, h, idt.unit))
    return SynthPage(np.array(img), items, True, False, "large_text", dpi)


def _item(kind: str, box: tuple[int, ...], w: int, h: int, text: str) -> Item:
    x0, y0, x1, y1 = box
    quad = [[x0 / w, y0 / h], [x1 / w, y0 / h], [x1 / w, y1 / h], [x0 / w, y1 / h]]
    return Item(kind, quad, text)


def main() -> int:  # a quick look at what the generator draws
    import sys

    from samples.synth import IDENTITIES

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "synth-text-out")
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    idt = IDENTITIES[0]
    page = draw_lines([p.parts for p in name_phrases(idt, rng, 30)], rng)
    Image.fromarray(page.image).save(out / "phrases.png")
    Image.fromarray(make_id_page(idt, rng)[0].image).save(out / "ids.png")
    Image.fromarray(make_signature_field_page(idt, rng, signed=False).image).save(out / "blank.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


# ------------------------------------------------------------------------ English affiliations
# A unit's English name as affiliations and certificates write it, beside the form the user
# gives (Identity.unit_english): the other word order ("... of <place>") and, inside an
# autonomous division, the short place (Bortala Prefecture). Written out by hand for the
# generator's identities, so the bench does not test the detector's own rule against itself.
ENGLISH_UNIT_FORMS: dict[str, tuple[str, ...]] = {
    "博尔塔拉蒙古自治州人民医院": (
        "People's Hospital of Bortala Mongol Autonomous Prefecture",
        "Bortala Prefecture People's Hospital",
        "People's Hospital of Bortala Mongolian Autonomous Prefecture",
        "People's Hospital of Bortala Prefecture",
    ),
    "精河县农业技术推广中心": ("Agricultural Technology Extension Center of Jinghe County",),
    "温泉县水利局": ("Water Resources Bureau of Wenquan County",),
    "博尔塔拉蒙古自治州疾病预防控制中心": (
        "Center for Disease Control and Prevention of Bortala Prefecture",
        "Bortala Mongol Autonomous Prefecture Center for Disease Control and Prevention",
    ),
    "精河县人民医院": ("People's Hospital of Jinghe County",),
    "温泉县中医医院": ("Hospital of Traditional Chinese Medicine of Wenquan County",),
}
# Other bodies' English names, some in the same place or of the same kind (should stay visible).
OTHER_ENGLISH_UNITS = (
    "People's Hospital of Bole City",
    "First Affiliated Hospital of Xinjiang Medical University",
    "Jinghe County Hospital of Traditional Chinese Medicine",
    "Wenquan County People's Hospital",
    "Bortala Prefecture Hospital of Mongolian Medicine",
    "Xinjiang Uygur Autonomous Region People's Hospital",
    "Center for Disease Control and Prevention of Bole City",
)
AFFILIATION_LINES = (
    "Affiliation: {u}",
    "{u}, China",
    "Dept. of Cardiology, {u}",
    "Works at {u}.",
)


def english_affiliations(idt: Identity, rng: Rng, n: int) -> list[Phrase]:
    """``n`` lines with the unit's English name in its other forms (ENGLISH_UNIT_FORMS, truth
    ``unit``) or another body's (``other_org``); none for a unit without such forms."""
    forms = ENGLISH_UNIT_FORMS.get(idt.unit, ())
    out: list[Phrase] = []
    for i in range(n if forms else 0):
        own = i % 3 != 2
        unit = (forms[i % len(forms)], "unit") if own else (_pick(rng, OTHER_ENGLISH_UNITS), None)
        marks = {
            "u": (unit[0], "unit" if own else "other_org"),
            "o": (_pick(rng, OTHER_ENGLISH_UNITS), "other_org"),
        }
        template = _pick(rng, AFFILIATION_LINES)
        out.append(Phrase(tuple(p for p in _fill(template, marks) if p[0]), "affiliation"))
    return out


def make_affiliation_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A page of 5-8 English affiliations (english_affiliations), each wrapped in the 170 mm
    text width (a long one goes on over two lines, the unit split between them, one item a
    line): the unit's name in its other word orders (truth ``unit``) and other bodies
    (``other_org``). Only for units with ENGLISH_UNIT_FORMS."""
    s = _RasterSurface(rng, dpi)
    style = _pick(rng, ("song", "sans"))  # Noto Serif / Sans for Latin
    pt = float(rng.uniform(10.5, 14))
    lead = pt * PT * float(rng.uniform(1.5, 2.0))
    y = 25.0
    for phrase in english_affiliations(idt, rng, int(rng.integers(5, 9))):
        y = s.spans(20, y, 170, phrase.parts, pt, style=style, leading=lead) + lead * 0.6
    return s.finish("affiliations")


# ----------------------------------------------------------------------- labels up a margin
# A label along a page's binding edge (档案袋, 装订线 notes), reading up (turned a quarter turn
# counter-clockwise) or down. {n} the applicant, {u} the unit, {o} someone else (other_name).
MARGIN_LABELS = (
    "档案袋  申报人：{n}  {u}",
    "{u}  {n}  专业技术职务任职资格申报材料",
    "申报人：{n}    工作单位：{u}",
    "职称申报材料（{n}）  {u}",
    "{u}  申报人：{n}  第1册",
)
# The other margin, on half the pages: another person's (and sometimes the applicant's) name.
OTHER_MARGIN_LABELS = ("审核人：{o}    复核人：{x}", "审核人：{o}   申请人：{n}", "经办人：{o}")


def _margin_strip(
    parts: Sequence[Part], font_px: int, style: str
) -> tuple[Image.Image, list[tuple[str, str, tuple[int, int, int, int]]]]:
    """The label drawn left to right on a transparent strip, and each marked part's ink box."""
    font = get_font(style, font_px)
    pad = round(0.4 * font_px)
    width = round(sum(font.getlength(t) for t, _ in parts)) + 2 * pad
    strip = Image.new("RGBA", (width, round(1.5 * font_px) + 2 * pad), (255, 255, 255, 0))
    d = ImageDraw.Draw(strip)
    x, base = float(pad), pad + round(1.15 * font_px)
    boxes = []
    for text, kind in parts:
        d.text((round(x), base), text, font=font, fill=(*INK, 255), anchor="ls")
        box = _ink_box(font, text, round(x), base) if kind and text.strip() else None
        if box:
            boxes.append((kind, text.strip(), box))
        x += font.getlength(text)
    return strip, boxes


def _quarter_turn(
    box: tuple[int, int, int, int], size: tuple[int, int], up: bool, at: tuple[int, int]
) -> list[list[float]]:
    """``box`` on a strip of ``size`` turned a quarter turn (``up``: counter-clockwise, the text
    reads upwards) and pasted at ``at``: its corners clockwise from the glyphs' top-left."""
    w, h = size
    corners = [(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])]
    if up:  # PIL's ROTATE_90: (x, y) -> (y, w - x)
        return [[at[0] + y, at[1] + w - x] for x, y in corners]
    return [[at[0] + h - y, at[1] + x] for x, y in corners]  # ROTATE_270


def make_margin_label_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """An upright page of print (a work summary or a notice) with a label printed up or down
    its left margin naming the applicant and the unit (truth ``name``, ``unit``) and, on half
    of them, another label down or up the right margin naming someone else (``other_name``).
    Glyphs 3.5-5 mm, in the 20 mm margins; the page is not degraded here."""
    page = make_page(_pick(rng, ("summary", "plain")), idt, rng, dpi=dpi)
    img = Image.fromarray(page.image)
    w, h = img.size
    k = dpi / 25.4
    items = list(page.items)
    others = distractor_names(idt.name, rng, 2)
    marks = {
        "n": (idt.name, "name"),
        "u": (idt.unit, "unit"),
        "o": (others[0], "other_name"),
        "x": (others[1], "other_name"),
    }
    labels = [(_pick(rng, MARGIN_LABELS), True)]
    if rng.random() < 0.5:
        labels.append((_pick(rng, OTHER_MARGIN_LABELS), False))
    for template, left in labels:
        font_px = round(float(rng.uniform(3.5, 5.0)) * k)
        strip, boxes = _margin_strip(_fill(template, marks), font_px, _pick(rng, STYLES))
        up = bool(rng.random() < 0.5)
        turned = strip.transpose(Image.Transpose.ROTATE_90 if up else Image.Transpose.ROTATE_270)
        x = round(float(rng.uniform(3, 18)) * k - turned.width / 2)
        x = x if left else w - x - turned.width
        y = round(float(rng.uniform(25, max(26, 280 - turned.height / k))) * k)
        img.paste(turned, (x, y), turned)
        for kind, text, box in boxes:
            quad = _quarter_turn(box, strip.size, up, (x, y))
            items.append(Item(kind, (np.array(quad) / [w, h]).tolist(), text))
    needs = any(it.kind in TARGET_KINDS for it in items)
    return replace(page, image=np.array(img), items=items, needs_masking=needs, kind="margin_label")
