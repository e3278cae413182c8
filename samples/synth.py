"""Synthetic blind-review attachments with exact ground truth.

Every page is drawn on a *surface* in millimetres (A4 portrait, 210 x 297 mm). Two surfaces exist:
a raster one (PIL, any dpi) and a born-digital PDF one (pymupdf text layer). The same page
builders run on both, so a PDF page and a scanned page of the same kind look alike. Each text
string that matters is drawn as its own call, so its tight ink box is known exactly; degradations
then push every ground-truth quad through the very matrix used to warp the pixels.

Ground truth: ``Item.quad`` holds 4 corners normalised to the page (0..1 of width / height),
clockwise starting at the glyphs' top-left corner. Seals also carry ``ellipse`` =
[cx, cy, rx, ry, angle_deg] in the units of the page ``size`` (pixels for images, points for PDFs).
An eye cut by its photo's edge is the part of its box inside the photo (a convex polygon of up
to 8 corners); the two eyes of a face share their ``text`` ("face N").
"""

from __future__ import annotations

import argparse
import io
import json
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pymupdf
from PIL import Image, ImageDraw, ImageFont, ImageOps
from pypinyin import lazy_pinyin

Rng = np.random.Generator
PT = 25.4 / 72  # millimetres per typographic point
A4_MM = (210.0, 297.0)
A4_PT = (595.28, 841.89)
INK = (25, 25, 25)
RED = (205, 30, 35)
# Bumped whenever a change alters what a seed generates (the benchmark caches corpora by it).
# 6: a fifth of the pages are EXTRA_PAGE_KINDS, after the pages version 5 drew (see build_corpus).
# 7: a sixth of the pages are ROUND8_PAGE_KINDS, after version 6's corpus of the other pages.
# 8: a third of the pages are ROUND9_PAGE_KINDS, after version 7's corpus of the other pages.
# 9: half the pages are ROUND10_PAGE_KINDS, after version 8's corpus of the other pages.
# 10: an opaque e-seal over the unit's line is moved off any distractor it would hide
# (synth_seals.make_eseal_over_unit_page); every other page is version 9's.
# 11: pdf_stamp's Stamp annotation is moved off any distractor it would hide
# (synth_round10._stamp_clear_of_distractors); every other page is version 10's.
# 12: n_pages // CONTRACTION_SHARE one-page files of the unit written contracted are added after
# version 11's corpus, which stays byte for byte (see build_corpus).
CORPUS_VERSION = 12
# "eyes": one item per eye of a real face in a pasted photo (a photo itself needs no mask).
TARGET_KINDS = frozenset({"name", "unit", "signature", "seal", "eyes"})
# header: a sign-in sheet's column headers (print that stays); other_signature: someone else's.
ITEM_KINDS = TARGET_KINDS | {
    "photo",
    "other_name",
    "other_org",
    "letterhead",
    "red_distractor",
    "other_code",
    "header",
    "other_signature",
}

# ------------------------------------------------------------------------------------ fonts
_FONTS: dict[str, tuple[str, str, int]] = {
    # style: (path, Debian package, face index in the .ttc; Noto index 2 is the SC face)
    "hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "fonts-wqy-zenhei", 0),
    "sans": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "fonts-noto-cjk", 2),
    "song": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "fonts-noto-cjk", 2),
    "kai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", "fonts-arphic-ukai", 0),
}


class FontMissingError(FileNotFoundError):
    """A CJK font the generator needs is not installed."""


@lru_cache(maxsize=512)
def get_font(style: str, size_px: int) -> ImageFont.FreeTypeFont:
    path, package, index = _FONTS[style]
    if not Path(path).exists():
        raise FontMissingError(
            f"font {path} not found: install the Debian package {package} "
            f"(apt-get install {package})"
        )
    return ImageFont.truetype(path, max(4, size_px), index=index)


# ------------------------------------------------------------------------------------- data
@dataclass(frozen=True)
class Identity:
    name: str
    unit: str
    unit_english: str
    gender: str = "男"
    post: str = "主治医师"
    domain: str = "med"  # med | edu | agri | water: picks plausible titles and captions
    city: str = "博乐"
    city_english: str = "Bole"
    postcode: str = "833400"

    @property
    def pinyin(self) -> str:
        return name_pinyin(self.name)


_BL = ("博乐", "Bole", "833400")
_JH = ("精河", "Jinghe", "833300")
_WQ = ("温泉", "Wenquan", "833500")
IDENTITIES: tuple[Identity, ...] = (
    Identity(
        "王伟",
        "博尔塔拉蒙古自治州人民医院",
        "Bortala Mongol Autonomous Prefecture People's Hospital",
        "男",
        "主治医师",
        "med",
        *_BL,
    ),
    Identity("张晓明", "博乐市第一中学", "Bole No.1 Middle School", "男", "一级教师", "edu", *_BL),
    Identity(
        "欧阳丽华",
        "精河县农业技术推广中心",
        "Jinghe County Agricultural Technology Extension Center",
        "女",
        "农艺师",
        "agri",
        *_JH,
    ),
    Identity(
        "李娜",
        "温泉县水利局",
        "Wenquan County Water Resources Bureau",
        "女",
        "工程师",
        "water",
        *_WQ,
    ),
    Identity(
        "刘建国",
        "博尔塔拉蒙古自治州疾病预防控制中心",
        "Bortala Prefecture Center for Disease Control and Prevention",
        "男",
        "主管医师",
        "med",
        *_BL,
    ),
    Identity(
        "陈静",
        "博乐市妇幼保健院",
        "Bole Maternal and Child Health Hospital",
        "女",
        "主管护师",
        "med",
        *_BL,
    ),
    Identity(
        "马玉兰", "精河县人民医院", "Jinghe County People's Hospital", "女", "主治医师", "med", *_JH
    ),
    Identity(
        "赵海涛",
        "博尔塔拉职业技术学院",
        "Bortala Vocational and Technical College",
        "男",
        "讲师",
        "edu",
        *_BL,
    ),
    Identity(
        "司马文博",
        "温泉县中医医院",
        "Wenquan County Hospital of Traditional Chinese Medicine",
        "男",
        "主治中医师",
        "med",
        *_WQ,
    ),
    Identity(
        "孙丽",
        "博乐市畜牧兽医站",
        "Bole Animal Husbandry and Veterinary Station",
        "女",
        "兽医师",
        "agri",
        *_BL,
    ),
    Identity(
        "周志强",
        "精河县第二中学",
        "Jinghe County No.2 Middle School",
        "男",
        "一级教师",
        "edu",
        *_JH,
    ),
    Identity(
        "吴敏",
        "博尔塔拉蒙古自治州林业和草原局",
        "Bortala Prefecture Forestry and Grassland Bureau",
        "女",
        "工程师",
        "water",
        *_BL,
    ),
)

UNRELATED_NAMES = (
    "赵磊",
    "黄丽",
    "杨帆",
    "何军",
    "郭敏",
    "罗刚",
    "高峰",
    "林芳",
    "徐勇",
    "朱红梅",
    "胡建华",
    "韩雪",
    "唐亮",
    "冯静",
    "邓超",
    "曹阳",
    "彭辉",
    "巴特尔",
    "阿依古丽",
)
# (name, English name, city, postcode): research / teaching partners, never the applicant's unit
DISTRACTOR_ORGS: tuple[tuple[str, str, str, str], ...] = (
    ("新疆医科大学", "Xinjiang Medical University", "乌鲁木齐", "830017"),
    (
        "新疆医科大学第一附属医院",
        "The First Affiliated Hospital of Xinjiang Medical University",
        "乌鲁木齐",
        "830054",
    ),
    ("新疆农业大学", "Xinjiang Agricultural University", "乌鲁木齐", "830052"),
    ("新疆师范大学", "Xinjiang Normal University", "乌鲁木齐", "830017"),
    ("石河子大学", "Shihezi University", "石河子", "832003"),
    (
        "伊犁哈萨克自治州友谊医院",
        "Friendship Hospital of Ili Kazakh Autonomous Prefecture",
        "伊宁",
        "835000",
    ),
    ("新疆农业科学院", "Xinjiang Academy of Agricultural Sciences", "乌鲁木齐", "830091"),
    (
        "新疆水利水电科学研究院",
        "Xinjiang Institute of Water Resources and Hydropower Research",
        "乌鲁木齐",
        "830049",
    ),
    ("克拉玛依市中心医院", "Karamay Central Hospital", "克拉玛依", "834000"),
)
# issuing bodies: certificate issuers, letterheads, signatories of policy documents
ADMIN_ORGS = (
    "自治区卫生健康委员会",
    "新疆维吾尔自治区人力资源和社会保障厅",
    "自治区教育厅",
    "自治区农业农村厅",
    "博尔塔拉蒙古自治州人力资源和社会保障局",
    "中华医学会新疆分会",
    "博尔塔拉蒙古自治州教育局",
    "自治区水利厅",
)
# replacements that turn the unit into a confusable neighbour (博乐市第一中学 -> 博乐市第二中学)
_SIBLING_RULES = (
    ("第一", "第二"),
    ("第二", "第三"),
    ("人民医院", "中医医院"),
    ("中医医院", "人民医院"),
    ("妇幼保健院", "人民医院"),
    ("博乐市", "精河县"),
    ("精河县", "温泉县"),
    ("温泉县", "博乐市"),
    ("中学", "小学"),
    ("水利局", "自然资源局"),
    ("农业技术推广中心", "畜牧兽医站"),
    ("畜牧兽医站", "农业技术推广中心"),
    ("疾病预防控制中心", "卫生健康委员会"),
    ("职业技术学院", "广播电视大学"),
    ("林业和草原局", "自然资源局"),
)
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "令狐",
    "慕容",
    "尉迟",
    "夏侯",
    "司徒",
    "公孙",
)

FILLER = (
    "在工作中严格遵守各项规章制度，爱岗敬业，团结同事，服从组织安排。",
    "积极参加各类业务培训和继续教育，不断更新专业知识，提高业务能力。",
    "坚持理论联系实际，认真总结工作经验，撰写专业论文并在省级期刊发表。",
    "任现职以来，累计完成门诊诊疗一万余人次，参与危重病人抢救百余例。",
    "熟练掌握本专业常见病、多发病的诊断和治疗，能够独立处理疑难病例。",
    "注重医患沟通，耐心解答患者疑问，全年未发生医疗差错和纠纷。",
    "积极参与基层义诊和健康宣教活动，深入乡村为农牧民群众提供服务。",
    "承担本科室实习生和进修人员的带教任务，认真备课，讲解规范。",
    "在教学工作中坚持以学生为中心，精心设计教学环节，课堂效果良好。",
    "所带班级学风端正，学生成绩稳步提高，多次被评为优秀班集体。",
    "积极参与校本课程开发和教研活动，主持完成州级课题一项。",
    "认真开展新品种、新技术的试验示范和推广工作，带动农户增产增收。",
    "深入田间地头指导农民科学施肥和病虫害绿色防控，累计培训农民两千余人次。",
    "参与编制水利工程建设方案，负责项目现场技术指导和质量监督。",
    "在防汛抗旱工作中坚守岗位，及时排查隐患，保障了群众生命财产安全。",
    "按照年度工作计划，圆满完成了各项目标任务，得到领导和同事的一致好评。",
    "认真落实安全生产责任制，定期开展检查，确保各项工作平稳有序。",
    "注重团队协作，主动帮助年轻同志解决工作中遇到的困难。",
    "参与制定本单位质量控制标准和操作规范，推动管理工作规范化。",
    "利用业余时间自学专业英语和计算机知识，能够熟练查阅外文资料。",
    "坚持廉洁自律，自觉抵制不正之风，树立了良好的职业形象。",
    "通过对近五年资料的回顾性分析，总结了适合本地区的工作方案。",
    "在疫情防控期间，主动请缨参加核酸采样和流行病学调查工作。",
    "不足之处在于科研能力有待加强，今后将进一步提高理论水平。",
    "今后我将继续努力，不断提高自身综合素质，为单位发展贡献力量。",
    "该项目的实施有效提升了基层服务能力，取得了良好的社会效益。",
    "定期组织业务学习和案例讨论，促进了整体业务水平的提高。",
    "严格执行各项技术规范和操作规程，未发生任何责任事故。",
    "积极推广应用适宜技术，多项技术填补了本地区空白。",
    "参与完成的研究成果获得州科技进步奖三等奖。",
    "认真做好各类统计报表和档案资料的整理归档工作。",
    "坚持每周深入基层一线调研，掌握第一手资料。",
    "在带教过程中注重培养学生的独立思考能力和动手能力。",
    "主动承担急难险重任务，多次受到上级部门的表彰。",
    "按时完成上级交办的各项临时性工作任务。",
    "始终把服务群众放在首位，切实解决群众反映的实际问题。",
)
POLICY = (
    "为进一步做好全区职称评审工作，根据有关文件精神，现将有关事项通知如下。",
    "各单位要高度重视，严格按照评审条件和程序组织申报，确保申报材料真实、准确、完整。",
    "申报人员须按要求提交相关佐证材料，逾期不予受理。",
    "评审工作实行回避制度和公示制度，主动接受社会监督。",
    "各单位应于规定时间内将汇总材料报送至指定地点，并做好解释工作。",
)
EN_ABSTRACT = (
    "Objective: To analyse the current situation and influencing factors in border areas.",
    "Methods: A retrospective study was conducted on data collected from 2019 to 2023.",
    "Results: The overall satisfaction rate increased significantly after the intervention.",
    "Conclusion: The proposed measures are feasible and worth promoting in similar regions.",
)
_DOMAIN = {  # (paper title zh, paper title en, keywords, photo activity, series, target post)
    "med": (
        "基层医疗机构慢性病管理现状及对策研究",
        "Status and Countermeasures of Chronic Disease Management in Primary Care",
        "慢性病；基层医疗；健康管理",
        "开展义诊活动",
        "卫生系列",
        "副主任医师",
    ),
    "edu": (
        "高中化学探究式教学的实践与思考",
        "Practice and Reflection on Inquiry-based Teaching of High School Chemistry",
        "探究式教学；高中化学；核心素养",
        "指导学生开展实验",
        "中小学教师系列",
        "高级教师",
    ),
    "agri": (
        "滴灌条件下棉花高产栽培技术研究",
        "Study on High-yield Cultivation Techniques of Cotton under Drip Irrigation",
        "棉花；滴灌；高产栽培",
        "在田间指导农户",
        "农业系列",
        "高级农艺师",
    ),
    "water": (
        "干旱区小型水利工程运行管理问题探讨",
        "Discussion on Operation and Management of Small Water Projects in Arid Areas",
        "干旱区；水利工程；运行管理",
        "检查工程施工现场",
        "工程系列",
        "高级工程师",
    ),
}


def _pick(rng: Rng, seq: Sequence[Any]) -> Any:
    return seq[int(rng.integers(len(seq)))]


def _filler(rng: Rng, n: int) -> str:
    idx = rng.choice(len(FILLER), size=min(n, len(FILLER)), replace=False)
    return "".join(FILLER[int(i)] for i in idx)


def _split_name(name: str) -> tuple[str, str]:
    n = 2 if name[:2] in COMPOUND_SURNAMES else 1
    return name[:n], name[n:]


def name_pinyin(name: str) -> str:
    """王伟 -> 'WANG Wei', 欧阳丽华 -> 'OUYANG Lihua' (surname upper-case, as in journals)."""
    sur, given = _split_name(re.sub(r"[\s\u3000·]", "", name))
    return f"{''.join(lazy_pinyin(sur)).upper()} {''.join(lazy_pinyin(given)).capitalize()}".strip()


def distractor_names(name: str, rng: Rng, n: int = 4) -> list[str]:
    """Names sharing characters with ``name`` (王伟民, 李伟, 王小伟, 张伟华) plus unrelated ones.

    A name one character longer than the applicant's is built from a one-character given name
    only (王伟 -> 王伟民): a longer given name and one more character is no Chinese name (马玉兰红),
    and a reader, like mask and verify, sees the applicant in it. Such names keep the first
    character of their given name instead (马玉兰 -> 马玉红, 李玉红); the random draws are the
    same either way."""
    sur, given = _split_name(name)
    other = [c for c in "李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗" if c != sur]
    extra = "民华军强平芳红东明杰"
    first = given[:1]
    similar = [
        sur + first + _pick(rng, extra),
        _pick(rng, other) + given,
        sur + "小" + given[-1],
        _pick(rng, other) + first + _pick(rng, extra),
        sur + _pick(rng, "磊军芳斌"),
    ]
    similar = [s for s in dict.fromkeys(similar) if s != name]
    rng.shuffle(similar)
    unrelated = [s for s in UNRELATED_NAMES if s != name]
    rng.shuffle(unrelated)
    k = min(len(similar), max(1, (n + 1) // 2))
    return similar[:k] + unrelated[: n - k]


def sibling_orgs(unit: str) -> list[str]:
    """Confusable neighbours of ``unit`` (same city or same kind of institution)."""
    out = [unit.replace(a, b, 1) for a, b in _SIBLING_RULES if a in unit]
    return [o for o in dict.fromkeys(out) if o != unit]


# ------------------------------------------------------------------------------ ground truth
@dataclass
class Item:
    kind: str
    quad: list[list[float]]  # 4 x [x, y], normalised, clockwise from the glyphs' top-left
    text: str = ""  # eyes: "face N", the same for both eyes of a face
    ellipse: list[float] | None = None  # seals: [cx, cy, rx, ry, angle_deg] in page-size units

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text,
            "quad": [[round(x, 5), round(y, 5)] for x, y in self.quad],
        }
        if self.ellipse is not None:
            d["ellipse"] = [round(v, 2) for v in self.ellipse]
        return d


@dataclass
class SynthPage:
    image: np.ndarray  # H x W x 3 RGB uint8
    items: list[Item]
    needs_masking: bool
    exempt: bool = False
    kind: str = ""
    dpi: int = 150
    degradations: list[str] = field(default_factory=list)

    def to_dict(self, page_no: int = 1) -> dict[str, Any]:
        h, w = self.image.shape[:2]
        return _page_dict(
            page_no,
            self.kind,
            self.needs_masking,
            self.degradations,
            [w, h],
            "px",
            self.dpi,
            self.items,
        )


@dataclass
class PdfPageTruth:
    """Ground truth of one born-digital PDF page (quads normalised by the page's width/height)."""

    kind: str
    items: list[Item]
    needs_masking: bool
    size: tuple[float, float] = A4_PT

    def to_dict(self, page_no: int = 1) -> dict[str, Any]:
        return _page_dict(
            page_no, self.kind, self.needs_masking, [], list(self.size), "pt", 72, self.items
        )


def _page_dict(
    page_no: int,
    kind: str,
    needs: bool,
    deg: list[str],
    size: list[float],
    units: str,
    dpi: int,
    items: list[Item],
) -> dict[str, Any]:
    return {
        "page": page_no,
        "needs_masking": needs,
        "kind": kind,
        "degradation": list(deg),
        "size": [round(v, 2) for v in size],
        "size_units": units,
        "dpi": dpi,
        "items": [it.to_dict() for it in items],
    }


def _rect(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


def _ink_box(font: ImageFont.FreeTypeFont, s: str, x: int, y: int) -> tuple[int, ...] | None:
    """Exact ink box of ``s`` drawn at (x, y) with anchor 'ls' (textbbox includes side bearings)."""
    mask, (ox, oy) = font.getmask2(s, mode="L", anchor="ls")
    bb = mask.getbbox()
    if not bb:
        return None
    return (x + ox + bb[0], y + oy + bb[1], x + ox + bb[2], y + oy + bb[3])


# ----------------------------------------------------------------------------------- layout
_NOBREAK = frozenset({"name", "other_name"})  # names never wrap: one item per occurrence
_HANG = set("，。、；：！？）》”’,.;:)")  # closing punctuation hangs instead of starting a line
_TOKEN_RE = re.compile(r"[A-Za-z0-9(][A-Za-z0-9'’.,;:()\-/%+<>=]* ?|.", re.S)


@dataclass
class _Seg:
    text: str
    x: float
    kind: str | None


def layout_spans(
    spans: Sequence[tuple[str, str | None]],
    measure: Callable[[str], float],
    width: float,
    indent: float = 0.0,
) -> list[list[_Seg]]:
    """Greedy line breaking of (text, kind) spans: CJK breaks anywhere, Latin at spaces.

    Segment x is measured from the whole line prefix so it matches a single drawn line.
    """
    lines: list[list[list[Any]]] = [[]]
    cur, start = "", indent
    for idx, (text, kind) in enumerate(spans):
        for tok in [text] if kind in _NOBREAK else _TOKEN_RE.findall(text):
            if tok == "\n":
                lines.append([])
                cur, start = "", 0.0
                continue
            if cur and tok not in _HANG and start + measure((cur + tok).rstrip()) > width:
                lines.append([])
                cur, start = "", 0.0
                tok = tok.lstrip()
                if not tok:
                    continue
            segs = lines[-1]
            if segs and segs[-1][2] == idx:
                segs[-1][0] += tok
            else:
                segs.append([tok, cur, idx, kind])
            cur += tok
    return [
        [_Seg(t, (indent if i == 0 else 0.0) + measure(pre), k) for t, pre, _, k in segs]
        for i, segs in enumerate(lines)
    ]


# ------------------------------------------------------------------------------ geometry
def _edge_to_cv(m: np.ndarray) -> np.ndarray:
    """Matrix in pixel-edge coordinates (pixel i spans [i, i+1)) -> OpenCV's pixel-centre one."""
    t = np.array([[1, 0, 0.5], [0, 1, 0.5], [0, 0, 1]])
    return np.linalg.inv(t) @ m @ t


def _rot_matrix(angle: float, c_src: tuple[float, float], c_dst: tuple[float, float]) -> np.ndarray:
    """Visual counter-clockwise rotation by ``angle`` degrees about c_src, moved to c_dst."""
    a = math.radians(angle)
    co, si = math.cos(a), math.sin(a)
    return np.array(
        [
            [co, si, c_dst[0] - co * c_src[0] - si * c_src[1]],
            [-si, co, c_dst[1] + si * c_src[0] - co * c_src[1]],
            [0, 0, 1.0],
        ]
    )


def _apply(m: np.ndarray, pts: np.ndarray) -> np.ndarray:
    p = np.c_[np.asarray(pts, float), np.ones(len(pts))] @ m.T
    return p[:, :2] / p[:, 2:3]


def _rotate_expand(arr: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray]:
    h, w = arr.shape[:2]
    a = math.radians(angle)
    nw = math.ceil(abs(math.cos(a)) * w + abs(math.sin(a)) * h)
    nh = math.ceil(abs(math.sin(a)) * w + abs(math.cos(a)) * h)
    m = _rot_matrix(angle, (w / 2, h / 2), (nw / 2, nh / 2))
    return cv2.warpAffine(arr, _edge_to_cv(m)[:2], (nw, nh), flags=cv2.INTER_LINEAR), m


def _ellipse_points(e: Sequence[float], n: int = 72) -> np.ndarray:
    cx, cy, rx, ry, ang = e
    a = math.radians(ang)
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    u = np.array([rx * math.cos(a), rx * math.sin(a)])
    v = np.array([-ry * math.sin(a), ry * math.cos(a)])
    return np.array([cx, cy]) + np.outer(np.cos(t), u) + np.outer(np.sin(t), v)


def _blend(
    arr: np.ndarray, alpha: np.ndarray, color: Sequence[int], x0: int, y0: int, multiply: bool
) -> None:
    """Composite a colour through ``alpha`` into arr in place (multiply = translucent ink)."""
    h, w = alpha.shape
    H, W = arr.shape[:2]
    ax0, ay0, ax1, ay1 = max(0, -x0), max(0, -y0), min(w, W - x0), min(h, H - y0)
    if ax1 <= ax0 or ay1 <= ay0:
        return
    a = alpha[ay0:ay1, ax0:ax1, None].astype(np.float32)
    reg = arr[y0 + ay0 : y0 + ay1, x0 + ax0 : x0 + ax1].astype(np.float32)
    col = np.asarray(color, np.float32)
    out = reg * (1 - a * (1 - col / 255)) if multiply else reg * (1 - a) + col * a
    arr[y0 + ay0 : y0 + ay1, x0 + ax0 : x0 + ax1] = np.clip(out, 0, 255).astype(np.uint8)


# ------------------------------------------------------------------ seals, signatures, photos
def _seal_layer(
    rx: float,
    ry: float,
    text: str,
    rng: Rng,
    *,
    bottom_text: str = "",
    star: bool = True,
    angle: float = 0.0,
    code: str = "",
    ink_loss: float = 0.0,
) -> tuple[np.ndarray, list[float], np.ndarray]:
    """Alpha (0..1) of a seal in its own square layer, with its ellipse and quad in layer px."""
    r = max(rx, ry)
    size = int(2 * r * 1.15) + 8
    c = size / 2
    m = np.zeros((size, size), np.float32)
    ring = max(2.0, 0.055 * r)
    ctr = (round((c - 0.5) * 16), round((c - 0.5) * 16))
    axes = (round((rx - ring / 2) * 16), round((ry - ring / 2) * 16))
    cv2.ellipse(m, ctr, axes, 0, 0, 360, 1.0, max(1, round(ring)), cv2.LINE_AA, 4)
    rmin = min(rx, ry)
    if star:
        pts = [
            (
                c
                - 0.5
                + (0.3 if i % 2 == 0 else 0.3 * 0.382)
                * rmin
                * math.cos(math.radians(-90 + 36 * i)),
                c
                - 0.5
                + (0.3 if i % 2 == 0 else 0.3 * 0.382)
                * rmin
                * math.sin(math.radians(-90 + 36 * i)),
            )
            for i in range(10)
        ]
        cv2.fillPoly(m, [np.round(np.array(pts) * 16).astype(np.int32)], 1.0, cv2.LINE_AA, 4)
    # org name along the upper arc, each glyph turned to face outwards
    g = 0.27 * rmin
    rtx, rty = rx - ring * 1.6 - g * 0.6, ry - ring * 1.6 - g * 0.6
    step = math.degrees(g * 1.02 / max(rtx, rty))
    if len(text) * step > 250:  # long names: shrink the glyphs so the arc stays ~250 degrees
        g *= 250 / (len(text) * step)
        rtx, rty = rx - ring * 1.6 - g * 0.6, ry - ring * 1.6 - g * 0.6
        step = 250 / len(text)
    span = len(text) * step
    font = get_font("hei", round(g))
    gs = int(g * 2)
    for i, ch in enumerate(text):
        phi = -span / 2 + step * (i + 0.5)
        tile = Image.new("L", (gs, gs), 0)
        ImageDraw.Draw(tile).text((gs / 2, gs / 2), ch, font=font, fill=255, anchor="mm")
        rot = cv2.warpAffine(
            np.asarray(tile, np.float32) / 255,
            _edge_to_cv(_rot_matrix(-phi, (gs / 2, gs / 2), (gs / 2, gs / 2)))[:2],
            (gs, gs),
        )
        px = c + rtx * math.sin(math.radians(phi)) - gs / 2
        py = c - rty * math.cos(math.radians(phi)) - gs / 2
        x0, y0 = round(px), round(py)
        m[y0 : y0 + gs, x0 : x0 + gs] = np.maximum(m[y0 : y0 + gs, x0 : x0 + gs], rot)
    lay = Image.fromarray((m * 255).astype(np.uint8))
    d = ImageDraw.Draw(lay)
    if code:
        d.text(
            (c, c + 0.02 * ry), code, font=get_font("hei", round(0.16 * ry)), fill=255, anchor="mm"
        )
    if bottom_text:
        d.text(
            (c, c + 0.55 * ry),
            bottom_text,
            font=get_font("hei", round(0.2 * rmin)),
            fill=255,
            anchor="mm",
        )
    m = np.asarray(lay, np.float32) / 255
    # uneven ink: low-frequency pressure map plus small dry spots
    tex = cv2.resize(
        rng.random((6, 6)).astype(np.float32), (size, size), interpolation=cv2.INTER_CUBIC
    )
    tex = 0.55 + 0.45 * np.clip(tex, 0, 1)
    dry = np.where(rng.random((size, size)) < 0.04, 0.35, 1.0).astype(np.float32)
    m = cv2.GaussianBlur(m * tex * dry, (0, 0), 0.7) * float(rng.uniform(0.82, 0.95))
    m = _ink_loss(m, ink_loss, rng)
    rotm = _rot_matrix(angle, (c, c), (c, c))
    m = cv2.warpAffine(m, _edge_to_cv(rotm)[:2], (size, size))
    lin = rotm[:2, :2]
    u = lin @ np.array([rx, 0.0])
    quad = _apply(rotm, np.array(_rect(c - rx, c - ry, c + rx, c + ry)))
    return np.clip(m, 0, 1), [c, c, rx, ry, math.degrees(math.atan2(u[1], u[0]))], quad


def _seal_color(rng: Rng) -> tuple[int, int, int]:
    return (int(rng.integers(200, 231)), int(rng.integers(20, 61)), int(rng.integers(30, 61)))


def draw_seal(
    img: Image.Image,
    center: tuple[float, float],
    radius: float | tuple[float, float],
    text: str,
    color: tuple[int, int, int] | None = None,
    rng: Rng | None = None,
    *,
    bottom_text: str = "",
    star: bool = True,
    angle: float | None = None,
    code: str = "",
    ink_loss: float = 0.0,
) -> Item:
    """Stamp a red seal onto ``img`` in place (multiply blend, text stays visible under it).

    radius: scalar for a round seal, (rx, ry) for an oval one (e.g. bottom_text='发票专用章',
    code=tax number, star=False). ink_loss: share of the ink gone in patches (_ink_loss).
    Returns the "seal" Item (ellipse in pixels of ``img``).
    """
    rng = rng if rng is not None else np.random.default_rng(0)
    rx, ry = (radius, radius) if isinstance(radius, int | float) else radius
    color = color or _seal_color(rng)
    angle = float(rng.uniform(-20, 20)) if angle is None else angle
    alpha, ell, quad = _seal_layer(
        rx,
        ry,
        text,
        rng,
        bottom_text=bottom_text,
        star=star,
        angle=angle,
        code=code,
        ink_loss=ink_loss,
    )
    size = alpha.shape[0]
    x0, y0 = round(center[0] - size / 2), round(center[1] - size / 2)
    arr = np.array(img.convert("RGB"))
    _blend(arr, alpha, color, x0, y0, multiply=True)
    img.paste(Image.fromarray(arr))
    w, h = img.size
    q = (quad + [x0, y0]) / [w, h]
    return Item("seal", q.tolist(), text, [ell[0] + x0, ell[1] + y0, *ell[2:]])


# ------------------------------------------------- seal test pages and red distractors (issue 5)
def _ink_texture(m: np.ndarray, rng: Rng) -> np.ndarray:
    """Uneven stamp ink: low-frequency pressure map, small dry spots, slight blur."""
    h, w = m.shape
    tex = cv2.resize(rng.random((6, 6)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    tex = 0.55 + 0.45 * np.clip(tex, 0, 1)
    dry = np.where(rng.random((h, w)) < 0.04, 0.35, 1.0).astype(np.float32)
    return cv2.GaussianBlur(m * tex * dry, (0, 0), 0.7) * float(rng.uniform(0.82, 0.95))


def _ink_loss(m: np.ndarray, loss: float, rng: Rng) -> np.ndarray:
    """A stamp pressed unevenly (缺墨): ``loss`` (0..1) of the seal's ink gone in patches (a
    low-frequency map thresholded at that share of the inked pixels) plus dry speckle (a further
    ~10-20% of single pixels). Draws from ``rng`` only when called (loss > 0)."""
    if loss <= 0:
        return m
    h, w = m.shape
    sigma = max(2.0, 0.06 * max(h, w))
    noise = cv2.GaussianBlur(rng.random((h, w)).astype(np.float32), (0, 0), sigma)
    inked = m > 0.3
    if not inked.any():
        return m
    cut = float(np.quantile(noise[inked], loss))
    keep = (noise > cut) & (rng.random((h, w)) > float(rng.uniform(0.1, 0.2)))
    return m * keep.astype(np.float32)


def draw_square_seal(
    img: Image.Image,
    center: tuple[float, float],
    side: float,
    text: str,
    color: tuple[int, int, int] | None = None,
    rng: Rng | None = None,
    *,
    angle: float | None = None,
    ink_loss: float = 0.0,
) -> Item:
    """Stamp a square seal (thick frame, characters in columns read right to left) onto ``img``.

    Returns a "seal" Item whose quad is the frame's outer box and whose ellipse is None."""
    rng = rng if rng is not None else np.random.default_rng(0)
    color = color or _seal_color(rng)
    angle = float(rng.uniform(-20, 20)) if angle is None else angle
    size = int(side * 1.5) + 8
    c = size / 2
    lay = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(lay)
    t = max(2, round(0.07 * side))
    d.rectangle(
        (c - side / 2, c - side / 2, c + side / 2 - 1, c + side / 2 - 1), outline=255, width=t
    )
    chars = [ch for ch in text if not ch.isspace()] or ["印"]
    n = len(chars)
    cols = 2 if n <= 4 else 3 if n <= 9 else 4
    rows = math.ceil(n / cols)
    inner = side - 2 * t - 0.08 * side
    cw, ch_ = inner / cols, inner / rows
    font = get_font("song", round(min(cw, ch_) * 0.92))
    for i, chh in enumerate(chars):
        col, row = cols - 1 - i // rows, i % rows
        x = c - inner / 2 + (col + 0.5) * cw
        y = c - inner / 2 + (row + 0.5) * ch_
        d.text((x, y), chh, font=font, fill=255, anchor="mm")
    m = _ink_loss(_ink_texture(np.asarray(lay, np.float32) / 255, rng), ink_loss, rng)
    rotm = _rot_matrix(angle, (c, c), (c, c))
    m = np.clip(cv2.warpAffine(m, _edge_to_cv(rotm)[:2], (size, size)), 0, 1)
    quad = _apply(rotm, np.array(_rect(c - side / 2, c - side / 2, c + side / 2, c + side / 2)))
    x0, y0 = round(center[0] - c), round(center[1] - c)
    arr = np.array(img.convert("RGB"))
    _blend(arr, m, color, x0, y0, multiply=True)
    img.paste(Image.fromarray(arr))
    w, h = img.size
    return Item("seal", ((quad + [x0, y0]) / [w, h]).tolist(), text, None)


_RED_TITLES = ("荣 誉 证 书", "聘 书", "喜 报", "回 执", "获奖证书", "〇 通 知 〇")
RED_DISTRACTORS = ("letterhead", "border", "title", "table", "handwriting", "smear", "logo")


def _red(rng: Rng) -> tuple[int, int, int]:
    return (int(rng.integers(190, 231)), int(rng.integers(15, 60)), int(rng.integers(20, 60)))


def draw_red_distractors(img: Image.Image, rng: Rng, which: Sequence[str]) -> list[Item]:
    """Red ink that is not a seal, drawn onto ``img`` (RGB, A4 at any dpi) in place.

    ``which`` picks from RED_DISTRACTORS. Each returns Items of kind "red_distractor" (quads
    normalised) that a seal detector must leave unmasked.
    """
    w, h = img.size
    k = w / A4_MM[0]  # px per mm
    d = ImageDraw.Draw(img)
    items: list[Item] = []

    def add(box: Sequence[float], text: str) -> None:
        x0, y0, x1, y1 = box
        items.append(
            Item("red_distractor", (np.array(_rect(x0, y0, x1, y1)) / [w, h]).tolist(), text)
        )

    for what in which:
        col = _red(rng)
        if what == "letterhead":  # 红头: big red title and a thick red rule under it
            title = f"{_pick(rng, ADMIN_ORGS)}文件"
            f = get_font("song", round(min(30 * PT * k, 170 * k / len(title))))
            y = round(float(rng.uniform(18, 32)) * k)
            d.text((w / 2, y), title, font=f, fill=col, anchor="mm")
            add(d.textbbox((w / 2, y), title, font=f, anchor="mm"), title)
            yr = y + round(float(rng.uniform(14, 20)) * k)
            d.line((20 * k, yr, 190 * k, yr), fill=col, width=max(2, round(0.9 * k)))
            add((20 * k, yr - k, 190 * k, yr + k), "rule")
        elif what == "border":  # certificate frame: thick outer and thin inner red rectangles
            m0 = float(rng.uniform(6, 12))
            d.rectangle(
                (m0 * k, m0 * k, w - m0 * k, h - m0 * k), outline=col, width=max(2, round(2.2 * k))
            )
            m1 = m0 + 4.5
            d.rectangle(
                (m1 * k, m1 * k, w - m1 * k, h - m1 * k), outline=col, width=max(1, round(0.6 * k))
            )
            add((m0 * k, m0 * k, w - m0 * k, h - m0 * k), "border")
        elif what == "title":  # red heading, sometimes with round characters (〇, 回)
            title = _pick(rng, _RED_TITLES)
            f = get_font(_pick(rng, ("hei", "song")), round(float(rng.uniform(28, 44)) * PT * k))
            x, y = w / 2 + float(rng.uniform(-30, 30)) * k, float(rng.uniform(50, 90)) * k
            d.text((x, y), title, font=f, fill=col, anchor="mm")
            add(d.textbbox((x, y), title, font=f, anchor="mm"), title)
        elif what == "table":  # red-ruled table with black text in its cells
            x0, y0 = float(rng.uniform(20, 40)) * k, float(rng.uniform(150, 200)) * k
            cw, rh = float(rng.uniform(22, 32)) * k, float(rng.uniform(8, 12)) * k
            nc, nr = int(rng.integers(4, 7)), int(rng.integers(3, 7))
            lw = max(1, round(0.35 * k))
            for i in range(nr + 1):
                d.line((x0, y0 + i * rh, x0 + nc * cw, y0 + i * rh), fill=col, width=lw)
            for j in range(nc + 1):
                d.line((x0 + j * cw, y0, x0 + j * cw, y0 + nr * rh), fill=col, width=lw)
            f = get_font("song", round(10.5 * PT * k))
            for i in range(nr):
                for j in range(nc):
                    d.text(
                        (x0 + (j + 0.5) * cw, y0 + (i + 0.5) * rh),
                        _pick(rng, FILLER)[:3],
                        font=f,
                        fill=INK,
                        anchor="mm",
                    )
            add((x0, y0, x0 + nc * cw, y0 + nr * rh), "table")
        elif what == "handwriting":  # red-pen comment, a tick and a loop drawn around a word
            s = _pick(rng, ("同意，请按程序办理。", "情况属实", "已核", "请人事科审核", "同意推荐"))
            f = get_font("kai", round(float(rng.uniform(16, 24)) * PT * k))
            tile = Image.new("L", (int(f.getlength(s)) + 20, f.size * 2), 0)
            ImageDraw.Draw(tile).text((10, f.size // 2), s, font=f, fill=255)
            t = np.asarray(tile.rotate(float(rng.uniform(-12, 12)), expand=True), np.float32)
            x, y = round(float(rng.uniform(25, 110)) * k), round(float(rng.uniform(60, 250)) * k)
            arr = np.array(img)
            _blend(arr, t / 255, col, x, y, multiply=True)
            img.paste(Image.fromarray(arr))
            add((x, y, x + t.shape[1], y + t.shape[0]), s)
            # pen loop: an open, wobbly oval around something (no ink inside, not closed)
            cx, cy = float(rng.uniform(40, 170)) * k, float(rng.uniform(60, 260)) * k
            rx, ry = float(rng.uniform(12, 30)) * k, float(rng.uniform(5, 14)) * k
            a0 = float(rng.uniform(0, 2 * np.pi))
            tt = np.linspace(a0, a0 + float(rng.uniform(1.7, 2.05)) * np.pi, 90)
            wob = 1 + 0.06 * np.sin(3 * tt + float(rng.uniform(0, 6))) + tt * 0.01
            pts = np.c_[cx + rx * wob * np.cos(tt), cy + ry * wob * np.sin(tt)]
            d.line([tuple(p) for p in pts], fill=col, width=max(2, round(0.5 * k)), joint="curve")
            add((cx - rx * 1.2, cy - ry * 1.2, cx + rx * 1.2, cy + ry * 1.2), "loop")
            tx, ty = float(rng.uniform(140, 180)) * k, float(rng.uniform(60, 260)) * k
            d.line(
                (tx, ty, tx + 4 * k, ty + 5 * k, tx + 14 * k, ty - 8 * k),
                fill=col,
                width=max(2, round(0.6 * k)),
            )
            add((tx, ty - 8 * k, tx + 14 * k, ty + 5 * k), "tick")
        elif what == "smear":  # an ink smear: irregular translucent blob
            cx, cy = float(rng.uniform(30, 180)) * k, float(rng.uniform(40, 270)) * k
            r = float(rng.uniform(4, 14)) * k
            ang = np.sort(rng.uniform(0, 2 * np.pi, 9))
            rad = r * rng.uniform(0.4, 1.3, 9)
            poly = np.c_[cx + rad * np.cos(ang), cy + rad * np.sin(ang) * 0.6]
            lay = np.zeros((h, w), np.float32)
            cv2.fillPoly(lay, [np.round(poly).astype(np.int32)], 1.0)
            lay = cv2.GaussianBlur(lay, (0, 0), max(1.0, r / 6)) * float(rng.uniform(0.4, 0.8))
            arr = np.array(img)
            _blend(arr, lay, col, 0, 0, multiply=True)
            img.paste(Image.fromarray(arr))
            x0, y0 = poly.min(0)
            x1, y1 = poly.max(0)
            add((x0, y0, x1, y1), "smear")
        elif what == "logo":  # small coloured logo: filled disc with a white glyph, name beside
            r = float(rng.uniform(4, 8)) * k
            cx, cy = float(rng.uniform(25, 60)) * k, float(rng.uniform(20, 40)) * k
            lc = _pick(rng, (col, (30, 80, 170), (20, 130, 70)))
            d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=lc)
            d.text(
                (cx, cy),
                _pick(rng, ("医", "教", "农", "水")),
                font=get_font("hei", round(r * 1.2)),
                fill=(255, 255, 255),
                anchor="mm",
            )
            f = get_font("hei", round(r * 0.9))
            d.text((cx + r * 1.4, cy), _pick(rng, ADMIN_ORGS), font=f, fill=lc, anchor="lm")
            add((cx - r, cy - r, cx + r, cy + r), "logo")
        else:
            raise ValueError(f"unknown red distractor {what!r}")
    return items


SEAL_CONDITIONS = (
    "crisp",
    "faint",
    "partial",
    "overlap",
    "phone",
    "grey",
    "grey_tilt",
    "patchy",
)
_SEAL_BASES = ("summary", "paper", "plain")
_OVAL_BOTTOMS = ("发票专用章", "合同专用章", "财务专用章")


def stamp_seal(
    img: Image.Image,
    center: tuple[float, float],
    unit: str,
    rng: Rng,
    *,
    shape: str = "round",
    color: tuple[int, int, int] | None = None,
    scale: float = 1.0,
    ink_loss: float = 0.0,
) -> Item:
    """One seal of a common shape at A4 size (round 38-44 mm, oval 40x30 mm, square 20-28 mm).
    ink_loss: share of its ink gone in patches (a stamp pressed unevenly, _ink_loss)."""
    k = img.size[0] / A4_MM[0] * scale
    angle = float(rng.uniform(-40, 40))
    if shape == "oval":
        code = "".join(str(int(v)) for v in rng.integers(0, 10, 15))
        return draw_seal(
            img,
            center,
            (float(rng.uniform(19, 22)) * k, float(rng.uniform(14, 16)) * k),
            unit,
            color,
            rng,
            bottom_text=_pick(rng, _OVAL_BOTTOMS),
            star=False,
            angle=angle,
            code=code,
            ink_loss=ink_loss,
        )
    if shape == "square":
        side = float(rng.uniform(20, 28)) * k
        return draw_square_seal(img, center, side, unit, color, rng, angle=angle, ink_loss=ink_loss)
    r = float(rng.uniform(19, 22)) * k
    return draw_seal(img, center, r, unit, color, rng, angle=angle, ink_loss=ink_loss)


def make_seal_page(condition: str, identity: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A text page (summary, paper or 红头 notice) stamped with seals under one of
    SEAL_CONDITIONS; seals lie over printed text. Items of kind "seal" carry the truth."""
    page = make_page(_pick(rng, _SEAL_BASES), identity, rng, dpi=dpi)
    img = Image.fromarray(page.image)
    w, h = img.size
    k = w / A4_MM[0]
    shape = _pick(rng, ("round",) * 6 + ("oval",) * 3 + ("square",))
    units = [identity.unit, _pick(rng, ADMIN_ORGS)]
    color = None
    if condition == "faint":
        color = (
            int(rng.integers(236, 251)),
            int(rng.integers(150, 186)),
            int(rng.integers(150, 186)),
        )
    elif condition == "crisp" and rng.random() < 0.15:
        color = (int(rng.integers(20, 60)), int(rng.integers(50, 90)), int(rng.integers(160, 210)))
    new: list[Item] = []
    if condition == "patchy":  # 缺墨: 20-50% of the ink gone in patches, over print or in space
        cx, cy = float(rng.uniform(0.25, 0.75)) * w, float(rng.uniform(0.3, 0.85)) * h
        if rng.random() < 0.5:  # in white space: the emptiest of a few places
            dark = np.asarray(img.convert("L")) < 160
            r = round(22 * k)
            spots = [
                (float(rng.uniform(0.2, 0.8)) * w, float(rng.uniform(0.2, 0.9)) * h)
                for _ in range(12)
            ]
            cx, cy = min(
                spots,
                key=lambda p: dark[
                    max(0, round(p[1]) - r) : round(p[1]) + r,
                    max(0, round(p[0]) - r) : round(p[0]) + r,
                ].sum(),
            )
        loss = float(rng.uniform(0.2, 0.5))
        new.append(stamp_seal(img, (cx, cy), units[0], rng, shape=shape, ink_loss=loss))
    elif condition == "partial":  # cut by a page edge: 20-60% of the radius outside the page
        r = 21 * k
        side = int(rng.integers(0, 4))
        off = float(rng.uniform(-0.2, 0.6)) * r
        along = float(rng.uniform(0.25, 0.75))
        cxy = [(off, along * h), (w - off, along * h), (along * w, off), (along * w, h - off)][side]
        new.append(stamp_seal(img, (cxy[0], cxy[1]), units[0], rng, shape=shape))
    else:
        cx, cy = float(rng.uniform(0.25, 0.75)) * w, float(rng.uniform(0.3, 0.85)) * h
        new.append(stamp_seal(img, (cx, cy), units[0], rng, shape=shape, color=color))
        if condition == "overlap":  # a second seal overlapping the first
            r = 21 * k
            a = float(rng.uniform(0, 2 * np.pi))
            dist = float(rng.uniform(1.0, 1.6)) * r
            c2 = (
                float(np.clip(cx + dist * math.cos(a), r, w - r)),
                float(np.clip(cy + dist * math.sin(a), r, h - r)),
            )
            new.append(stamp_seal(img, c2, units[1], rng, shape=_pick(rng, ("round", "oval"))))
    page = replace(page, image=np.array(img), items=[*page.items, *new], needs_masking=True)
    degs = {"phone": ["phone"], "grey": ["photocopy"], "grey_tilt": ["tilt", "photocopy"]}
    return degrade(page, degs.get(condition, []), rng)


def make_distractor_page(
    identity: Identity,
    rng: Rng,
    *,
    dpi: int = 150,
    which: Sequence[str] | None = None,
    degradations: Sequence[str] = (),
) -> SynthPage:
    """A text page with red non-seal ink (RED_DISTRACTORS, 3-5 of them by default) and no seal."""
    page = make_page(_pick(rng, ("summary", "paper")), identity, rng, dpi=dpi)
    img = Image.fromarray(page.image)
    if which is None:
        which = [str(x) for x in rng.choice(RED_DISTRACTORS, int(rng.integers(3, 6)), False)]
    items = draw_red_distractors(img, rng, which)
    page = replace(page, image=np.array(img), items=[*page.items, *items])
    return degrade(page, degradations, rng)


def _signature_mask(
    name: str, size_px: int, rng: Rng, scrawl: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kai-brush name with jittered glyphs, rotated: (L mask, tight quad, baseline origin) in px.
    ``scrawl``: written in a hurry (see _scrawl), so that OCR does not read it."""
    chars = [c for c in name if not c.isspace()]
    w, h = int(size_px * (len(chars) * 1.15 + 1.5)), int(size_px * 2.2)
    im = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(im)
    x, base = size_px * 0.7, h * 0.68
    for ch in chars:
        f = get_font("kai", round(size_px * rng.uniform(0.88, 1.12)))
        d.text(
            (round(x), round(base + rng.uniform(-0.08, 0.08) * size_px)),
            ch,
            font=f,
            fill=255,
            anchor="ls",
        )
        x += f.getlength(ch) * rng.uniform(0.78, 0.92)  # cursive hands crowd their glyphs
    arr = _scrawl(np.asarray(im), size_px, rng) if scrawl else np.asarray(im)
    arr = cv2.dilate(arr, np.ones((2, 2), np.uint8)) if size_px > 40 else arr
    bb = Image.fromarray(arr).getbbox() or (0, 0, w, h)
    rot, m = _rotate_expand(arr, float(rng.uniform(-9, 9)))
    return rot, _apply(m, np.array(_rect(*bb))), _apply(m, np.array([[size_px * 0.7, base]]))[0]


def _scrawl(arr: np.ndarray, size_px: int, rng: Rng) -> np.ndarray:
    """A hurried hand: the glyphs bent by a smooth random displacement and run together by a
    wavy joining stroke. The kai font alone is read by OCR as well as print; a name filled in
    by hand mostly is not, which is what the 姓名-field finder must cope with."""
    h, w = arr.shape
    amp, sigma = 0.3 * size_px, 0.15 * size_px
    grid = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    moved = []
    for g in grid:
        d = cv2.GaussianBlur(rng.standard_normal((h, w)).astype(np.float32), (0, 0), sigma)
        moved.append(g + d * (amp / max(float(np.abs(d).max()), 1e-6)))
    out = cv2.remap(arr, moved[0], moved[1], cv2.INTER_LINEAR)
    ys, xs = np.nonzero(out > 128)
    if len(xs) == 0:
        return out
    n = max(3, int((xs.max() - xs.min()) / (0.3 * size_px)))
    px = np.linspace(xs.min(), xs.max(), n)
    py = np.median(ys) + rng.uniform(-0.25, 0.25, n) * size_px
    pts = np.round(np.stack([px, py], axis=1)).astype(np.int32)
    cv2.polylines(out, [pts], False, 255, max(1, round(size_px / 14)), cv2.LINE_AA)
    return out


@dataclass(frozen=True)
class FacePhoto:
    """A real photo and the eye centres of its faces (pixels of the EXIF-upright original);
    ``one_eye``: faces in profile with one eye visible, as (eye centre, distance a second eye
    would be at, which sizes the eye's box)."""

    path: Path
    eyes: tuple[tuple[tuple[float, float], tuple[float, float]], ...] = ()
    one_eye: tuple[tuple[tuple[float, float], float], ...] = ()


FACE_PHOTOS_JSON = Path(__file__).with_name("face_photos.json")


# Which eye truth of face_photos.json a face's eyes are read from: "eyes" (CenterFace's points
# checked by eye, or placed by hand) or "eyes_dlib" (dlib's 68-point shape predictor, another
# model family, checked by eye: bench/eye_truth.py); a face without the latter keeps "eyes".
EYE_TRUTHS = ("eyes", "eyes_dlib")


def load_face_photos(
    realdata: Path | None = None, packages: bool = True, truth: str = "eyes"
) -> list[FacePhoto]:
    """The photos listed in face_photos.json that exist here: those under ``realdata`` (the
    ../shared/realdata folder) and, with ``packages``, those shipped in installed PyPI packages,
    with their faces' eyes from ``truth`` (one of EYE_TRUTHS). A file whose bytes differ from
    the recorded sha256 is skipped (its eye truth would be wrong).
    """
    import hashlib
    from importlib import resources

    doc = json.loads(FACE_PHOTOS_JSON.read_text(encoding="utf-8"))
    out = []
    for entry in doc["photos"]:
        path: Path | None = None
        if entry["where"] == "realdata" and realdata is not None:
            path = Path(realdata) / entry["path"]
        elif entry["where"] == "package" and packages:
            package, _, rest = entry["path"].partition("/")
            try:
                path = Path(str(resources.files(package).joinpath(rest)))
            except ModuleNotFoundError:
                continue
        if path is None or not path.is_file():
            continue
        if hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            continue
        out.append(_face_photo(path, entry, truth))
    return out


def face_eyes(face: dict[str, Any], truth: str = "eyes") -> list[list[float]]:
    """A face_photos.json face's eye pair from ``truth`` (see EYE_TRUTHS), else its "eyes"."""
    return face.get(truth, face["eyes"])


def _face_photo(path: Path, entry: dict[str, Any], truth: str = "eyes") -> FacePhoto:
    """``path`` with the eye truth (``truth``) of its face_photos.json entry."""
    pairs = [face_eyes(f, truth) for f in entry["faces"]]
    eyes = tuple((tuple(a), tuple(b)) for a, b in pairs)
    one = tuple((tuple(f["eye"]), float(f["eye_gap"])) for f in entry.get("one_eye_faces", []))
    return FacePhoto(path, eyes, one)  # type: ignore[arg-type]


Photo = Path | FacePhoto


def _photo_image(
    w: int, h: int, photo: Photo | None, rng: Rng, people: int = 1
) -> tuple[Image.Image, list[list[np.ndarray]]]:
    """A real photo cropped to fit (as ImageOps.fit, centred a little above the middle), or a
    grey placeholder with head-and-shoulder silhouettes; with, per face, the truth of its eyes
    that show in the result (see ``visible_eyes``), in pixels of the result."""
    if photo is not None:
        path = photo.path if isinstance(photo, FacePhoto) else photo
        with Image.open(path) as src:
            img = ImageOps.exif_transpose(src).convert("RGB")
        sw, sh = img.size
        k = max(w / sw, h / sh)  # scale that fills the box; the overflow is cropped
        cw, ch = w / k, h / k
        cx0 = max(0.0, (sw - cw) * 0.5)
        cy0 = max(0.0, (sh - ch) * 0.4)
        out = img.resize((w, h), Image.Resampling.LANCZOS, box=(cx0, cy0, cx0 + cw, cy0 + ch))
        faces: list[list[np.ndarray]] = []
        if isinstance(photo, FacePhoto):
            pairs = [np.asarray(p, np.float64) for p in photo.eyes]
            pairs += [np.asarray([e, (e[0] + gap, e[1])], np.float64) for e, gap in photo.one_eye]
            shows = [(True, True)] * len(photo.eyes) + [(True, False)] * len(photo.one_eye)
            for pair, show in zip(pairs, shows, strict=True):
                eyes = visible_eyes((pair - [cx0, cy0]) * k, show, w, h)
                if eyes:
                    faces.append(eyes)
        return out, faces
    g = np.linspace(205, 175, h)[:, None, None] * np.ones((1, w, 3))
    img = Image.fromarray(np.clip(g + rng.normal(0, 2, (h, w, 3)), 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    hr = min(w / (people * 2.6), h * 0.17)
    for j in range(people):
        cx, cy = w * (j + 1) / (people + 1), h * 0.42
        d.ellipse((cx - 2.3 * hr, cy + 1.1 * hr, cx + 2.3 * hr, cy + 5 * hr), fill=(105, 108, 115))
        d.ellipse((cx - hr, cy - 1.25 * hr, cx + hr, cy + 1.25 * hr), fill=(135, 128, 122))
    return img, []


def visible_eyes(pair: np.ndarray, shows: tuple[bool, bool], w: int, h: int) -> list[np.ndarray]:
    """The truth of a face's eyes in a ``w`` x ``h`` picture: each eye (of those ``shows``
    marks as eyes at all) whose centre lies inside the picture, as the part of its box
    (``eye_quads``) inside the picture. An eye whose centre is outside shows at most half
    its box, the outer corner: not enough to know anyone by, and left out; one cut through
    or near its middle is in, as a face cut by the frame with an eye showing must be masked."""
    frame = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    out = []
    for centre, quad, shown in zip(pair, eye_quads(pair), shows, strict=True):
        if not shown or not (0 <= centre[0] < w and 0 <= centre[1] < h):
            continue
        area, part = cv2.intersectConvexConvex(quad.astype(np.float32), frame)
        if part is not None and area > 0:
            out.append(part.reshape(-1, 2).astype(np.float64))
    return out


def eye_quads(pair: np.ndarray) -> list[np.ndarray]:
    """Ground truth of one face's eyes: per eye a box along the eye line, 0.5 of the distance
    between the eyes wide and 0.24 of it tall (an eye's extent), in the pair's units."""
    left, right = pair[0], pair[1]
    d = float(np.linalg.norm(right - left))
    u = (right - left) / max(d, 1e-9)
    v = np.array([-u[1], u[0]])
    a, b = 0.25 * d * u, 0.12 * d * v
    return [np.array([c - a - b, c + a - b, c + a + b, c - a + b]) for c in (left, right)]


# ---------------------------------------------------------------------------------- surfaces
class _Surface:
    """Drawing API in millimetres shared by the raster and the PDF backends."""

    def __init__(self, rng: Rng) -> None:
        self.rng = rng
        self.items: list[Item] = []  # quads and ellipses in mm until finish

    # backend primitives ------------------------------------------------------------------
    def measure(self, s: str, pt: float, style: str = "song") -> float:
        raise NotImplementedError

    def text(
        self,
        x: float,
        y: float,
        s: str,
        pt: float,
        *,
        style: str = "song",
        fill: tuple[int, int, int] = INK,
        kind: str | None = None,
    ) -> float:
        raise NotImplementedError

    def line(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        width: float = 0.3,
        fill: tuple[int, int, int] = INK,
    ) -> None:
        raise NotImplementedError

    def rect(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        *,
        outline: tuple | None = INK,
        width: float = 0.3,
        fill: tuple | None = None,
        radius: float = 0,
    ) -> None:
        raise NotImplementedError

    def photo(
        self, box: tuple[float, float, float, float], path: Photo | None, people: int = 1
    ) -> None:
        raise NotImplementedError

    def signature(
        self,
        x: float,
        y: float,
        name: str,
        pt: float,
        kind: str = "signature",
        scrawl: bool = False,
    ) -> None:
        """A hand-written ``name`` with its baseline starting at (x, y); truth item ``kind``;
        ``scrawl``: hurried, so that OCR does not read it (see _scrawl)."""
        raise NotImplementedError

    def seal(self, cx: float, cy: float, r: float, text: str, bottom_text: str = "") -> None:
        raise NotImplementedError

    def pasted_text(
        self, x: float, y: float, spans: list[tuple[str, str | None]], pt: float
    ) -> None:
        """A one-line snippet; the PDF backend places it as a raster image (needs OCR)."""
        for t, k in spans:
            x = self.text(x, y, t, pt, kind=k)

    # shared helpers ----------------------------------------------------------------------
    def add(self, kind: str, quad: Any, text: str, ellipse: list[float] | None = None) -> None:
        self.items.append(Item(kind, np.asarray(quad, float).tolist(), text, ellipse))

    def add_eyes(self, eyes: list[np.ndarray]) -> None:
        """One face's visible eyes (polygons in mm), named after the face ("face N")."""
        n = len({it.text for it in self.items if it.kind == "eyes"})
        for eye in eyes:
            self.add("eyes", eye, f"face {n}")

    def spans(
        self,
        x: float,
        y: float,
        width: float,
        spans: Sequence[tuple[str, str | None]],
        pt: float,
        *,
        style: str = "song",
        leading: float | None = None,
        indent: float = 0.0,
        align: str = "left",
        fill: tuple[int, int, int] = INK,
    ) -> float:
        """Draw wrapped spans with the first baseline at y; return the baseline after the last."""

        def measure(t: str) -> float:
            return self.measure(t, pt, style)

        lead = leading or pt * PT * 1.6
        for i, line in enumerate(layout_spans(spans, measure, width, indent)):
            off = 0.0
            if align != "left" and line:
                used = line[-1].x + measure(line[-1].text.rstrip()) - (indent if i == 0 else 0)
                off = (width - used) / (2 if align == "center" else 1)
            for seg in line:
                self.text(x + off + seg.x, y, seg.text, pt, style=style, fill=fill, kind=seg.kind)
            y += lead
        return y

    def cell(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        spans: Sequence[tuple[str, str | None]],
        pt: float = 11,
        *,
        style: str = "song",
        align: str = "center",
        valign: str = "center",
        border: bool = True,
    ) -> None:
        if border:
            self.rect(x0, y0, x1, y1)
        pad, lead = 1.6, pt * PT * 1.5
        lines = layout_spans(spans, lambda t: self.measure(t, pt, style), x1 - x0 - 2 * pad)
        top = (y0 + y1) / 2 - len(lines) * lead / 2 if valign == "center" else y0 + pad
        base = top + lead / 2 + 0.36 * pt * PT  # centre the CJK ink box in the line box
        self.spans(
            x0 + pad, base, x1 - x0 - 2 * pad, spans, pt, style=style, leading=lead, align=align
        )

    def centered(
        self,
        y: float,
        s: str,
        pt: float,
        style: str = "song",
        fill: tuple[int, int, int] = INK,
        kind: str | None = None,
        cx: float = 105.0,
    ) -> None:
        self.text(cx - self.measure(s, pt, style) / 2, y, s, pt, style=style, fill=fill, kind=kind)

    def letterhead(self, org: str, number: str) -> float:
        """红头: big red issuing-body title, document number and a red rule; returns next y."""
        title = f"{org}文件"
        pt = min(30.0, 172 / (len(title) * PT))
        self.centered(30, title, pt, "song", RED, "letterhead")
        self.centered(43, number, 11)
        self.line(20, 47, 190, 47, 0.9, RED)
        return 60.0


class _RasterSurface(_Surface):
    def __init__(self, rng: Rng, dpi: int, bg: tuple[int, int, int] = (255, 255, 255)) -> None:
        super().__init__(rng)
        self.dpi, self.k = dpi, dpi / 25.4  # px per mm
        self.img = Image.new("RGB", (round(A4_MM[0] * self.k), round(A4_MM[1] * self.k)), bg)
        self.draw = ImageDraw.Draw(self.img)

    def _font(self, pt: float, style: str) -> ImageFont.FreeTypeFont:
        return get_font(style, round(pt * PT * self.k))

    def measure(self, s: str, pt: float, style: str = "song") -> float:
        return self._font(pt, style).getlength(s) / self.k

    def text(
        self,
        x: float,
        y: float,
        s: str,
        pt: float,
        *,
        style: str = "song",
        fill: tuple[int, int, int] = INK,
        kind: str | None = None,
    ) -> float:
        f = self._font(pt, style)
        xp, yp = round(x * self.k), round(y * self.k)  # integer origin: ink box is then exact
        self.draw.text((xp, yp), s, font=f, fill=fill, anchor="ls")
        if kind and s.strip():
            box = _ink_box(f, s, xp, yp)
            if box:
                self.add(kind, np.array(_rect(*box)) / self.k, s.strip())
        return x + f.getlength(s) / self.k

    def line(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        width: float = 0.3,
        fill: tuple[int, int, int] = INK,
    ) -> None:
        k = self.k
        self.draw.line((x0 * k, y0 * k, x1 * k, y1 * k), fill=fill, width=max(1, round(width * k)))

    def rect(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        *,
        outline: tuple | None = INK,
        width: float = 0.3,
        fill: tuple | None = None,
        radius: float = 0,
    ) -> None:
        k = self.k
        self.draw.rounded_rectangle(
            (x0 * k, y0 * k, x1 * k, y1 * k),
            radius=radius * k,
            outline=outline,
            fill=fill,
            width=max(1, round(width * k)),
        )

    def photo(
        self, box: tuple[float, float, float, float], path: Photo | None, people: int = 1
    ) -> None:
        x0, y0, x1, y1 = (round(v * self.k) for v in box)
        img, faces = _photo_image(x1 - x0, y1 - y0, path, self.rng, people)
        self.img.paste(img, (x0, y0))
        self.add("photo", np.array(_rect(x0, y0, x1, y1)) / self.k, "")
        for eyes in faces:
            self.add_eyes([(e + [x0, y0]) / self.k for e in eyes])

    def signature(
        self,
        x: float,
        y: float,
        name: str,
        pt: float,
        kind: str = "signature",
        scrawl: bool = False,
    ) -> None:
        mask, quad, origin = _signature_mask(name, round(pt * PT * self.k), self.rng, scrawl)
        x0, y0 = round(x * self.k - origin[0]), round(y * self.k - origin[1])
        arr = np.array(self.img)
        ink = _pick(self.rng, [(20, 25, 70), (25, 25, 30), (30, 40, 110)])  # blue-black pens
        _blend(arr, mask.astype(np.float32) / 255, ink, x0, y0, multiply=False)
        self.img.paste(Image.fromarray(arr))
        self.add(kind, (quad + [x0, y0]) / self.k, name)

    def seal(self, cx: float, cy: float, r: float, text: str, bottom_text: str = "") -> None:
        it = draw_seal(
            self.img,
            (cx * self.k, cy * self.k),
            r * self.k,
            text,
            None,
            self.rng,
            bottom_text=bottom_text,
        )
        w, h = self.img.size
        ell = it.ellipse or []
        self.add(
            "seal",
            np.array(it.quad) * [w, h] / self.k,
            text,
            [ell[0] / self.k, ell[1] / self.k, ell[2] / self.k, ell[3] / self.k, ell[4]],
        )

    def finish(self, kind: str, exempt: bool = False) -> SynthPage:
        w, h = self.img.size
        items = [
            Item(
                it.kind,
                (np.array(it.quad) * self.k / [w, h]).tolist(),
                it.text,
                None
                if it.ellipse is None
                else [*(v * self.k for v in it.ellipse[:4]), it.ellipse[4]],
            )
            for it in self.items
        ]
        needs = not exempt and any(it.kind in TARGET_KINDS for it in items)
        return SynthPage(np.array(self.img), items, needs, exempt, kind, self.dpi)


_RUN_RE = re.compile(r"[\x20-\x7e]+|[^\x20-\x7e]+")


def _pdf_runs(s: str, style: str) -> list[tuple[str, str]]:
    """Split into ASCII runs (Base-14 font, real widths) and CJK runs ('china-s').

    'china-s' is not embedded and every glyph advances exactly 1 em in it, which would space
    Latin letters and digits like full-width ones; Base-14 fonts keep them natural.
    """
    latin = "helv" if style in ("hei", "sans") else "tiro"
    return [(r, latin if r[0] <= "~" else "china-s") for r in _RUN_RE.findall(s)]


def _pdf_len(s: str, pt: float, style: str) -> float:
    return sum(
        len(r) * pt if f == "china-s" else pymupdf.get_text_length(r, f, pt)
        for r, f in _pdf_runs(s, style)
    )


def _pdf_insert(
    page: pymupdf.Page,
    x: float,
    y: float,
    s: str,
    pt: float,
    style: str,
    color: tuple[float, ...] = (0, 0, 0),
) -> None:
    for r, f in _pdf_runs(s, style):
        page.insert_text((x, y), r, fontname=f, fontsize=pt, color=color)
        x += _pdf_len(r, pt, style)


@lru_cache(maxsize=8192)
def _pdf_ink(s: str, pt: float, style: str) -> tuple[float, float, float, float] | None:
    """Ink box of ``s`` relative to its baseline origin, in points (rendered alone at 8x)."""
    doc = pymupdf.open()
    page = doc.new_page(width=_pdf_len(s, pt, style) + 4 * pt, height=4 * pt)
    _pdf_insert(page, 2 * pt, 3 * pt, s, pt, style)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(8, 8), colorspace=pymupdf.csGRAY)
    a = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    ys, xs = np.nonzero(a < 250)
    if len(xs) == 0:
        return None
    return (
        xs.min() / 8 - 2 * pt,
        ys.min() / 8 - 3 * pt,
        (xs.max() + 1) / 8 - 2 * pt,
        (ys.max() + 1) / 8 - 3 * pt,
    )


def _png(arr: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    return buf.getvalue()


class _PdfSurface(_Surface):
    """Text goes into the PDF text layer; photos, signatures, seals are placed raster images."""

    RASTER_DPI = 200

    def __init__(self, page: pymupdf.Page, rng: Rng) -> None:
        super().__init__(rng)
        self.page, self.k, self.kr = page, 72 / 25.4, self.RASTER_DPI / 25.4

    def measure(self, s: str, pt: float, style: str = "song") -> float:
        return _pdf_len(s, pt, style) / self.k

    def text(
        self,
        x: float,
        y: float,
        s: str,
        pt: float,
        *,
        style: str = "song",
        fill: tuple[int, int, int] = INK,
        kind: str | None = None,
    ) -> float:
        _pdf_insert(self.page, x * self.k, y * self.k, s, pt, style, tuple(c / 255 for c in fill))
        if kind and s.strip():
            box = _pdf_ink(s, pt, style)
            if box:
                self.add(kind, np.array(_rect(*box)) / self.k + [x, y], s.strip())
        return x + self.measure(s, pt, style)

    def line(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        width: float = 0.3,
        fill: tuple[int, int, int] = INK,
    ) -> None:
        k = self.k
        self.page.draw_line(
            (x0 * k, y0 * k), (x1 * k, y1 * k), color=tuple(c / 255 for c in fill), width=width * k
        )

    def rect(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        *,
        outline: tuple | None = INK,
        width: float = 0.3,
        fill: tuple | None = None,
        radius: float = 0,
    ) -> None:
        k = self.k
        rad = radius / max(1e-6, min(x1 - x0, y1 - y0)) if radius else None
        self.page.draw_rect(
            pymupdf.Rect(x0 * k, y0 * k, x1 * k, y1 * k),
            color=None if outline is None else tuple(c / 255 for c in outline),
            fill=None if fill is None else tuple(c / 255 for c in fill),
            width=width * k,
            radius=rad,
        )

    def _place(self, arr: np.ndarray, x0: float, y0: float) -> None:
        """Insert an RGB(A) array with its top-left at (x0, y0) mm at RASTER_DPI."""
        h, w = arr.shape[:2]
        k, kr = self.k, self.kr
        self.page.insert_image(
            pymupdf.Rect(x0 * k, y0 * k, (x0 + w / kr) * k, (y0 + h / kr) * k), stream=_png(arr)
        )

    def photo(
        self, box: tuple[float, float, float, float], path: Photo | None, people: int = 1
    ) -> None:
        x0, y0, x1, y1 = box
        img, faces = _photo_image(
            round((x1 - x0) * self.kr), round((y1 - y0) * self.kr), path, self.rng, people
        )
        self.page.insert_image(pymupdf.Rect(*(v * self.k for v in box)), stream=_png(np.array(img)))
        self.add("photo", _rect(*box), "")
        sx, sy = (x1 - x0) / img.width, (y1 - y0) / img.height
        for eyes in faces:
            self.add_eyes([e * [sx, sy] + [x0, y0] for e in eyes])

    def signature(
        self,
        x: float,
        y: float,
        name: str,
        pt: float,
        kind: str = "signature",
        scrawl: bool = False,
    ) -> None:
        mask, quad, origin = _signature_mask(name, round(pt * PT * self.kr), self.rng, scrawl)
        rgba = np.zeros((*mask.shape, 4), np.uint8)
        rgba[..., :3] = (20, 25, 70)
        rgba[..., 3] = mask
        x0, y0 = x - origin[0] / self.kr, y - origin[1] / self.kr
        self._place(rgba, x0, y0)
        self.add(kind, quad / self.kr + [x0, y0], name)

    def seal(self, cx: float, cy: float, r: float, text: str, bottom_text: str = "") -> None:
        alpha, ell, quad = _seal_layer(
            r * self.kr,
            r * self.kr,
            text,
            self.rng,
            bottom_text=bottom_text,
            angle=float(self.rng.uniform(-20, 20)),
        )
        rgba = np.zeros((*alpha.shape, 4), np.uint8)
        rgba[..., :3] = _seal_color(self.rng)
        rgba[..., 3] = (alpha * 235).astype(np.uint8)  # e-seal PNG: slightly see-through
        x0 = cx - alpha.shape[1] / 2 / self.kr
        y0 = cy - alpha.shape[0] / 2 / self.kr
        self._place(rgba, x0, y0)
        kr = self.kr
        self.add(
            "seal",
            quad / kr + [x0, y0],
            text,
            [ell[0] / kr + x0, ell[1] / kr + y0, ell[2] / kr, ell[3] / kr, ell[4]],
        )

    def pasted_text(
        self, x: float, y: float, spans: list[tuple[str, str | None]], pt: float
    ) -> None:
        f = get_font("song", round(pt * PT * self.kr))
        full = "".join(t for t, _ in spans)
        pad = round(2 * self.kr)
        w, h = round(f.getlength(full)) + 2 * pad, round(pt * PT * self.kr * 1.9)
        noise = self.rng.normal(0, 3, (h, w, 3))
        img = Image.fromarray(np.clip(246 + noise, 0, 255).astype(np.uint8))
        d = ImageDraw.Draw(img)
        bx, by = float(pad), round(h * 0.7)
        x0, y0 = x - pad / self.kr, y - by / self.kr
        for t, k in spans:
            d.text((round(bx), by), t, font=f, fill=(35, 35, 35), anchor="ls")
            box = _ink_box(f, t, round(bx), by) if k and t.strip() else None
            if box:
                self.add(k or "", np.array(_rect(*box)) / self.kr + [x0, y0], t.strip())
            bx += f.getlength(t)
        self._place(np.array(img), x0, y0)

    def finish(self, kind: str) -> PdfPageTruth:
        sx, sy = self.page.rect.width, self.page.rect.height
        items = [
            Item(
                it.kind,
                (np.array(it.quad) / A4_MM).tolist(),
                it.text,
                None
                if it.ellipse is None
                else [*(v * self.k for v in it.ellipse[:4]), it.ellipse[4]],
            )
            for it in self.items
        ]
        return PdfPageTruth(kind, items, any(it.kind in TARGET_KINDS for it in items), (sx, sy))


# ------------------------------------------------------------------------------ page kinds
def _cols(x0: float, widths: Sequence[float]) -> list[float]:
    return [x0 + sum(widths[:i]) for i in range(len(widths) + 1)]


def _birth(rng: Rng) -> str:
    return f"{int(rng.integers(1975, 1993))}.{int(rng.integers(1, 13)):02d}"


@dataclass(frozen=True)
class NameField:
    """How the 姓名 field of a form (``form``, ``appraisal``) is filled in. Not drawn by the
    default corpus (``make_page(..., name_field=None)`` draws the printed name as always), so
    bench corpora of existing seeds stay the same."""

    # "printed": the name typed in the cell; "hand": written by hand (truth kind of the label's
    # person, as signatures are drawn); "blank": the field left empty; "corrected": the name
    # typed wrong (a character swapped for one read alike, 马晓燕 as 马小燕), struck through and
    # written right by hand over it (both truth kind of the label's person).
    value: str = "hand"
    # The label in the cell left of the value. 姓名 / 申报人 ask for the applicant (truth
    # "name"); another person's label (推荐人姓名, 审核人) holds someone else's name
    # ("other_name"), which must stay visible.
    label: str = "姓名"
    # "beside": label and value side by side in one row (the forms' usual layout); "below":
    # the label heads a column of a header row (姓名 | 性别 | 出生年月) and the value is in the
    # cell under it, as tables of personal details are laid out.
    layout: str = "beside"


NAME_VALUES = ("printed", "hand", "blank", "corrected")
# Labels whose value is the applicant's name (the form is the applicant's own).
APPLICANT_NAME_LABELS = ("姓名", "姓 名", "申请人", "申报人", "姓名：", "承诺人", "述职人")


def _name_cells(
    s: _Surface,
    idt: Identity,
    rng: Rng,
    field: NameField,
    xs: tuple[float, float, float],
    ys: tuple[float, float],
) -> None:
    """The label cell and the value cell of a form's 姓名 row, as ``field`` asks."""
    (x0, x1, x2), (y0, y1) = xs, ys
    s.cell(x0, y0, x1, y1, [(field.label, None)])
    _name_value(s, idt, rng, field, (x1, y0, x2, y1))


def _name_value(
    s: _Surface,
    idt: Identity,
    rng: Rng,
    field: NameField,
    box: tuple[float, float, float, float],
) -> None:
    """The value cell ``box`` (mm) of a 姓名 field, filled as ``field`` asks."""
    x1, y0, x2, y1 = box
    own = field.label.replace(" ", "") in {n.replace(" ", "") for n in APPLICANT_NAME_LABELS}
    name = idt.name if own else distractor_names(idt.name, rng, 1)[0]
    kind = "name" if own else "other_name"
    if field.value == "printed":
        s.cell(x1, y0, x2, y1, [(name, kind)])
        return
    s.rect(x1, y0, x2, y1)
    if field.value == "hand":
        # Written a little left of the middle and big, as people fill a box by hand.
        pt = float(rng.uniform(15, 19))
        x, y = x1 + float(rng.uniform(2, 5)), y1 - float(rng.uniform(2.5, 3.5))
        s.signature(x, y, name, pt, kind, scrawl=True)
    elif field.value == "corrected":
        _corrected_name(s, name, kind, rng, (x1, y0, x2, y1))


def _corrected_name(
    s: _Surface, name: str, kind: str, rng: Rng, box: tuple[float, float, float, float]
) -> None:
    """A typo of ``name`` typed low in the cell ``box`` (mm), struck through once or twice by a
    pen, and the name written by hand above it, from a little right of the typo's start."""
    x1, y0, x2, y1 = box
    pt = 11.0
    x, base = x1 + float(rng.uniform(1.6, 4)), y1 - float(rng.uniform(1.6, 2.4))
    end = s.text(x, base, homophone_typo(name, rng), pt, kind=kind)
    mid = base - 0.38 * pt * PT  # the CJK glyphs' middle
    pen = _pick(rng, [(20, 40, 160), (25, 25, 30), (200, 30, 30)])
    for k in range(int(rng.integers(1, 3))):
        dy, slant = 0.7 * k, float(rng.uniform(-0.6, 0.6))
        s.line(x - 1, mid + dy + slant / 2, end + 1, mid + dy - slant / 2, 0.4, pen)
    hand = float(rng.uniform(13, 16))
    s.signature(x + float(rng.uniform(2, 8)), mid - 0.2, name, hand, kind, scrawl=True)


@lru_cache(maxsize=1)
def _common_by_reading() -> dict[str, tuple[str, ...]]:
    """GB 2312's common hanzi by their first reading, tones dropped (pypinyin's table)."""
    from pypinyin.pinyin_dict import pinyin_dict

    from redactor.detect.match import is_common_hanzi

    out: dict[str, list[str]] = {}
    for code in pinyin_dict:
        ch = chr(code)
        if is_common_hanzi(ch):
            out.setdefault(lazy_pinyin(ch)[0], []).append(ch)
    return {k: tuple(v) for k, v in out.items()}


def homophone_typo(name: str, rng: Rng) -> str:
    """``name`` with a given-name character swapped for another common one read alike, as an
    input method's slip types it (马晓燕 -> 马小燕); its last character swapped for 明 where no
    character of it has a common homophone."""
    sur, given = _split_name(name)
    slots = [
        (len(sur) + i, [c for c in _common_by_reading().get(lazy_pinyin(ch)[0], ()) if c != ch])
        for i, ch in enumerate(given)
    ]
    slots = [(i, alike) for i, alike in slots if alike]
    if not slots:
        return name[:-1] + ("明" if name[-1] != "明" else "亮")
    i, alike = slots[int(rng.integers(len(slots)))]
    return name[:i] + _pick(rng, alike) + name[i + 1 :]


def _name_header_rows(
    s: _Surface,
    idt: Identity,
    rng: Rng,
    field: NameField,
    cells: Sequence[tuple[float, float, str]],
    ys: tuple[float, float, float],
) -> None:
    """A header row and the applicant's row under it: ``cells`` are (x0, x1, printed value)
    of each column after the 姓名 column, whose header is ``field.label`` and whose value (in
    the row below) is filled as ``field`` asks. ``ys``: the rows' top, middle and bottom."""
    y0, y1, y2 = ys
    heads = ("性别", "出生年月", "民族", "学历")
    name_x0, name_x1 = cells[0][0], cells[0][1]
    s.cell(name_x0, y0, name_x1, y1, [(field.label, None)])
    _name_value(s, idt, rng, field, (name_x0, y1, name_x1, y2))
    for (cx0, cx1, value), head in zip(cells[1:], heads, strict=False):
        s.cell(cx0, y0, cx1, y1, [(head, None)])
        s.cell(cx0, y1, cx1, y2, [(value, None)])


def _page_form(
    s: _Surface,
    idt: Identity,
    rng: Rng,
    photos: Sequence[Photo],
    name_field: NameField | None = None,
) -> None:
    dom = _DOMAIN[idt.domain]
    s.centered(26, "专业技术资格评审申报表", 20, "hei")
    s.text(20, 37, f"申报系列：{dom[4]}", 10.5)
    s.text(118, 37, f"申报资格：{dom[5]}", 10.5)
    xs, y, rh = _cols(20, (24, 36, 22, 36, 52)), 41.0, 11.0
    rows = [
        ("姓名", (idt.name, "name"), "性别", idt.gender),
        ("出生年月", _birth(rng), "民族", "汉族"),
        ("学历", "大学本科", "学位", "学士"),
        ("现任职务", idt.post, "任职时间", "2018.12"),
    ]
    below = name_field is not None and name_field.layout == "below"
    for i, row in enumerate(rows):
        yy = y + i * rh
        for j, v in enumerate(row):
            if (i == 0 and j < 2 and name_field is not None) or (below and i < 2):
                continue
            s.cell(xs[j], yy, xs[j + 1], yy + rh, [v if isinstance(v, tuple) else (v, None)])
    if below:
        cells = [(xs[0], xs[2], ""), (xs[2], xs[3], idt.gender), (xs[3], xs[4], _birth(rng))]
        _name_header_rows(s, idt, rng, name_field, cells, (y, y + rh, y + 2 * rh))
    elif name_field is not None:
        _name_cells(s, idt, rng, name_field, (xs[0], xs[1], xs[2]), (y, y + rh))
    s.rect(xs[4], y, xs[5], y + 4 * rh)
    px, py = (xs[4] + xs[5]) / 2 - 12.5, y + 2 * rh - 17.5
    s.photo((px, py, px + 25, py + 35), _pick(rng, photos) if photos else None)
    y += 4 * rh
    if rng.random() < 0.5:  # narrow cell: long unit names wrap onto a second line inside it
        h = 15.0
        s.cell(xs[0], y, xs[1], y + h, [("工作单位", None)])
        s.cell(xs[1], y, xs[2], y + h, [(idt.unit, "unit")], align="left")
        s.cell(xs[2], y, xs[3], y + h, [("邮政编码", None)])
        s.cell(xs[3], y, xs[5], y + h, [(idt.postcode, None)])
    else:
        h = 11.0
        s.cell(xs[0], y, xs[1], y + h, [("工作单位", None)])
        s.cell(xs[1], y, xs[5], y + h, [(idt.unit, "unit")], align="left")
    y += h
    for a, b, hh in (
        ("专业技术工作经历", None, 40.0),
        ("主要工作业绩", None, 40.0),
        ("单位推荐意见", None, 24.0),
    ):
        s.cell(xs[0], y, xs[1], y + hh, [(a, None)])
        if a == "专业技术工作经历":
            body: list[tuple[str, str | None]] = [
                ("2004.09—2008.07  新疆医科大学  学生\n2008.07—至今  ", None),
                (idt.unit, "unit"),
                (f"  {idt.post}\n", None),
                (_filler(rng, 2), None),
            ]
        elif a == "主要工作业绩":
            body = [(_filler(rng, 4), b)]
        else:
            body = [("经审核，该同志申报材料真实有效，同意推荐。", None)]
        s.cell(xs[1], y, xs[5], y + hh, body, 10.5, align="left", valign="top")
        y += hh
    if rng.random() < 0.5:  # recommending unit signs and stamps the last cell
        w = s.measure(idt.unit, 10.5)
        s.text(xs[5] - 6 - w, y - 5, idt.unit, 10.5, kind="unit")
        s.seal(xs[5] - 6 - w / 2 + float(rng.uniform(-5, 5)), y - 9, 19, idt.unit)
    y += 10
    s.text(20, y, "本人承诺：以上所填内容真实准确，如有不实，愿承担相应责任。", 10.5)
    y += 14
    x = s.text(110, y, "申报人签字：", 12)
    s.signature(x + 3, y + 1, idt.name, 22)
    s.text(110, y + 13, "日期：2025年3月12日", 12)


def _page_certificate(s: _Surface, idt: Identity, rng: Rng, photos: Sequence[Photo]) -> None:
    s.rect(0, 0, 210, 297, outline=None, fill=(252, 247, 233))
    s.rect(10, 10, 200, 287, outline=RED, width=2.2)
    s.rect(14.5, 14.5, 195.5, 282.5, outline=RED, width=0.6)  # red border: a seal-detector trap
    s.centered(64, "荣 誉 证 书", 42, "hei", RED)
    own = rng.random() < 0.5
    issuer = idt.unit if own else _pick(rng, ADMIN_ORGS)
    x = s.text(30, 105, idt.name, 22, style="kai", kind="name")
    s.text(x + 1, 105, "同志：", 22, style="kai")
    honour = _pick(rng, ("先进工作者", "优秀共产党员", "岗位能手", "优秀专业技术人才"))
    body: list[tuple[str, str | None]] = []
    if not own:
        body += [("在", None), (idt.unit, "unit"), ("工作期间，", None)]
    body += [
        (
            f"在2024年度工作中表现突出，爱岗敬业，成绩显著，被评为“2024年度{honour}”。"
            "特发此证，以资鼓励。",
            None,
        )
    ]
    s.spans(30, 122, 150, body, 20, style="kai", leading=14, indent=2 * 20 * PT)
    w = s.measure(issuer, 18, "kai")
    xi = min(180 - w, 120)
    s.text(xi, 215, issuer, 18, style="kai", kind="unit" if own else "other_org")
    s.text(xi + w / 2 - 25, 228, "二〇二四年十二月三十日", 16, style="kai")
    s.seal(xi + w / 2 + float(rng.uniform(-6, 6)), 212 + float(rng.uniform(-4, 4)), 21, issuer)
    s.text(25, 272, f"证书编号：RY2024-{int(rng.integers(100, 999))}", 9)


def _page_appraisal(
    s: _Surface,
    idt: Identity,
    rng: Rng,
    photos: Sequence[Photo],
    name_field: NameField | None = None,
) -> None:
    others = distractor_names(idt.name, rng, 2)
    s.centered(26, "事业单位工作人员年度考核登记表", 18, "hei")
    s.centered(35, "（2024年度）", 12)
    xs, y, rh = _cols(20, (22, 30, 18, 22, 26, 52)), 40.0, 11.0
    row0 = [
        ("姓名", None),
        (idt.name, "name"),
        ("性别", None),
        (idt.gender, None),
        ("出生年月", None),
        (_birth(rng), None),
    ]
    if name_field is not None and name_field.layout == "below":
        values = ("", idt.gender, _birth(rng), "汉族", "本科")
        cells = [(xs[j + 1 if j else 0], xs[j + 2], v) for j, v in enumerate(values)]
        _name_header_rows(s, idt, rng, name_field, cells, (y, y + rh, y + 2 * rh))
        y += rh
    else:
        for j, v in enumerate(row0):
            if j >= 2 or name_field is None:
                s.cell(xs[j], y, xs[j + 1], y + rh, [v])
        if name_field is not None:
            _name_cells(s, idt, rng, name_field, (xs[0], xs[1], xs[2]), (y, y + rh))
    y += rh
    s.cell(xs[0], y, xs[1], y + rh, [("工作单位", None)])
    s.cell(xs[1], y, xs[4], y + rh, [(idt.unit, "unit")], align="left")
    s.cell(xs[4], y, xs[5], y + rh, [("现任职务", None)])
    s.cell(xs[5], y, xs[6], y + rh, [(idt.post, None)])
    y += rh
    for j, v in enumerate(("政治面貌", "群众", "学历", "本科", "任现职时间", "2018.12")):
        s.cell(xs[j], y, xs[j + 1], y + rh, [(v, None)])
    y += rh
    hh = 76.0
    s.cell(xs[0], y, xs[1], y + hh, [("个人总结", None)])
    s.cell(xs[1], y, xs[6], y + hh, [(_filler(rng, 7), None)], 10.5, align="left", valign="top")
    x = s.text(xs[3], y + hh - 7, "本人签字：", 11)
    s.signature(x + 2, y + hh - 6, idt.name, 20)
    s.text(xs[5] + 8, y + hh - 7, "2024年12月20日", 11)
    y += hh
    hh = 28.0
    s.cell(xs[0], y, xs[1], y + hh, [("主管领导评语", None)])
    comment = "该同志工作认真负责，业务能力强，群众基础好，建议评为优秀等次。"
    s.cell(xs[1], y, xs[6], y + hh, [(comment, None)], 10.5, align="left", valign="top")
    x = s.text(xs[4], y + hh - 6, "签名：", 11)
    s.text(x + 2, y + hh - 5.5, others[0], 16, style="kai", kind="other_name")
    y += hh
    hh = 40.0
    s.cell(xs[0], y, xs[1], y + hh, [("单位意见", None)])
    opinion = "经考核委员会审核，确定该同志2024年度考核结果为优秀等次。"
    s.cell(xs[1], y, xs[6], y + hh, [(opinion, None)], 10.5, align="left", valign="top")
    w = s.measure(idt.unit, 11)
    xu = xs[6] - 8 - w
    s.text(xu, y + hh - 14, idt.unit, 11, kind="unit")
    s.text(xs[6] - 40, y + hh - 5, "2024年12月28日", 11)
    s.seal(xu + w / 2 + float(rng.uniform(-5, 5)), y + hh - 17, 20, idt.unit)
    y += hh
    s.cell(xs[0], y, xs[1], y + rh, [("考核结果", None)])
    s.cell(xs[1], y, xs[6], y + rh, [("优秀", None)])
    s.text(20, y + rh + 8, f"填表人：{others[1]}", 10.5)


def _byline(
    s: _Surface, y: float, authors: list[tuple[str, str, str]], pt: float, style: str, sep: str
) -> None:
    """Centred author line with superscript affiliation numbers (not part of the name quad)."""
    sp = pt * 0.55
    total = sum(s.measure(n, pt, style) + s.measure(sup, sp) for n, _, sup in authors)
    total += s.measure(sep, pt, style) * (len(authors) - 1)
    x = 105 - total / 2
    for i, (n, kind, sup) in enumerate(authors):
        x = s.text(x, y, n, pt, style=style, kind=kind)
        x = s.text(x + 0.3, y - pt * PT * 0.4, sup, sp)
        if i < len(authors) - 1:
            x = s.text(x, y, sep, pt, style=style)


def _page_paper(s: _Surface, idt: Identity, rng: Rng, photos: Sequence[Photo]) -> None:
    dom = _DOMAIN[idt.domain]
    other = distractor_names(idt.name, rng, 3)
    org = _pick(rng, DISTRACTOR_ORGS)
    s.text(20, 16, f"第{int(rng.integers(20, 45))}卷第{int(rng.integers(1, 12))}期", 9)
    s.text(150, 16, "新疆医学与科技", 9)
    s.line(20, 18.5, 190, 18.5, 0.4)
    y = s.spans(20, 34, 170, [(dom[0], None)], 18, style="hei", leading=9, align="center")
    # The co-author must not be a homophone (张小明 is also ZHANG Xiaoming): in the English
    # byline no one, human or program, could tell the two apart.
    coauthor = next((o for o in other if name_pinyin(o) != idt.pinyin), "李娜")
    mine = [(idt.name, "name", "1"), (coauthor, "other_name", "2")]
    mine_en = [(idt.pinyin, "name", "1"), (name_pinyin(coauthor), "other_name", "2")]
    if rng.random() < 0.3:  # the applicant is sometimes second author
        mine, mine_en = mine[::-1], mine_en[::-1]
    _byline(s, y + 3, mine, 12, "kai", "，")
    affil: list[tuple[str, str | None]] = [
        ("（1.", None),
        (idt.unit, "unit"),
        (f"，新疆 {idt.city} {idt.postcode}；2.", None),
        (org[0], "other_org"),
        (f"，新疆 {org[2]} {org[3]}）", None),
    ]
    y = s.spans(20, y + 11, 170, affil, 9, align="center", leading=5)
    y = s.spans(26, y + 4, 158, [("摘要：", None), (_filler(rng, 4), None)], 10, leading=5.8)
    y = s.spans(26, y, 158, [(f"关键词：{dom[2]}", None)], 10, leading=5.8)
    codes = "中图分类号：R197    文献标志码：A    文章编号：1005-5916(2024)05-0321-04"
    y = s.spans(26, y, 158, [(codes, None)], 9, leading=9)
    y = s.spans(20, y + 2, 170, [(dom[1], None)], 13, leading=7, align="center")
    _byline(s, y + 2, mine_en, 10, "song", ", ")
    affil_en: list[tuple[str, str | None]] = [
        ("(1. ", None),
        (idt.unit_english, "unit"),
        (f", {idt.city_english} {idt.postcode}, China; 2. ", None),
        (org[1], "other_org"),
        (f", {org[3]}, China)", None),
    ]
    y = s.spans(24, y + 9, 162, affil_en, 9, align="center", leading=4.8)
    y = s.spans(26, y + 3, 158, [("Abstract: " + " ".join(EN_ABSTRACT), None)], 9.5, leading=5)
    s.line(20, y, 190, y, 0.3)
    y = s.spans(20, y + 9, 170, [("0  引言", None)], 12, style="hei", leading=8)
    while y < 212:  # body text down to the footnote rule (each paragraph is < 30 mm)
        y = s.spans(20, y, 170, [(_filler(rng, 3), None)], 10.5, leading=6.2, indent=2 * 10.5 * PT)
    s.line(20, 262, 80, 262, 0.3)
    s.spans(
        20,
        268,
        170,
        [
            ("作者简介：", None),
            (idt.name, "name"),
            (
                f"（{_birth(rng)[:4]}—），{idt.gender}，新疆{idt.city}人，{idt.post}，"
                "主要从事相关研究。",
                None,
            ),
        ],
        9,
        leading=5,
    )
    s.spans(
        20,
        278,
        170,
        [("通信作者：", None), (other[1], "other_name"), ("，E-mail：xjbz2024@163.com", None)],
        9,
    )


def _forced_split(
    s: _Surface,
    head: list[tuple[str, str | None]],
    unit: str,
    tail: str,
    rng: Rng,
    pt: float,
    width: float,
    indent: float,
) -> list[tuple[str, str | None]]:
    """Choose filler clauses before the unit so that it breaks across two lines (>=2 chars each)."""
    clauses = [
        c + "，" for f in FILLER for c in f.rstrip("。").split("，") if not re.search(r"\d", c)
    ]
    rng.shuffle(clauses)
    best = head + [(unit, "unit"), (tail, None)]
    for n in range(1, 4):
        for i in range(0, len(clauses) - n, n):
            spans = [("".join(clauses[i : i + n]), None), *best]
            lines = layout_spans(spans, lambda t: s.measure(t, pt), width, indent)
            segs = [g for ln in lines for g in ln if g.kind == "unit"]
            if len(segs) == 2 and min(len(g.text.strip()) for g in segs) >= 2:
                return spans
    return best  # very short units cannot be forced; callers tolerate that


def _page_summary(s: _Surface, idt: Identity, rng: Rng, photos: Sequence[Photo]) -> None:
    others = distractor_names(idt.name, rng, 4)
    s.centered(28, "个人专业技术工作总结", 20, "hei")
    s.pasted_text(
        20,
        42,
        [("姓名：", None), (idt.name, "name"), ("    工作单位：", None), (idt.unit, "unit")],
        11,
    )
    pt, x, width = 12.0, 20.0, 170.0
    lead, ind = pt * PT * 1.8, 2 * pt * PT
    p1: list[tuple[str, str | None]] = [
        ("本人", None),
        (idt.name, "name"),
        (f"，{idt.gender}，{_birth(rng)[:4]}年参加工作，现在", None),
        (idt.unit, "unit"),
        (f"工作，现任{idt.post}。", None),
        (_filler(rng, 2), None),
    ]
    y = s.spans(x, 56, width, p1, pt, leading=lead, indent=ind) + 3
    tail = "领导和同事们的关心支持下，" + _filler(rng, 2)
    p2 = _forced_split(s, [("我在", None)], idt.unit, tail, rng, pt, width, ind)
    y = s.spans(x, y, width, p2, pt, leading=lead, indent=ind) + 3
    p3: list[tuple[str, str | None]] = [
        ("在科室主任", None),
        (others[0], "other_name"),
        ("和", None),
        (others[1], "other_name"),
        ("同志的带领下，", None),
        (_filler(rng, 2), None),
        ("与同事", None),
        (others[2], "other_name"),
        ("共同完成了多项重点工作任务。", None),
        (_filler(rng, 2), None),
    ]
    y = s.spans(x, y, width, p3, pt, leading=lead, indent=ind) + 3
    peer = _pick(rng, sibling_orgs(idt.unit) or [ADMIN_ORGS[0]])
    p4 = [
        (_filler(rng, 3), None),
        ("今后我将继续努力，为", None),
        (peer, "other_org"),
        ("等兄弟单位提供经验。", None),
    ]
    y = s.spans(x, y, width, p4, pt, leading=lead, indent=ind) + 10
    sep = "　" if len(idt.name) == 2 else " "  # full-width space for 2 chars, else ASCII spaces
    spaced = sep.join(idt.name)
    y = max(y, 215)
    x = s.text(120, y, "总结人：", 12)
    s.text(x, y, spaced, 12, kind="name")
    s.text(120, y + 9, "2025年2月16日", 12)


def _page_photos(s: _Surface, idt: Identity, rng: Rng, photos: Sequence[Photo]) -> None:
    dom = _DOMAIN[idt.domain]
    s.centered(26, "工作业绩佐证照片", 18, "hei")
    others = distractor_names(idt.name, rng, 2)
    y = 36.0
    for i in range(int(rng.integers(1, 3))):
        s.photo(
            (30, y, 180, y + 95), _pick(rng, photos) if photos else None, int(rng.integers(1, 4))
        )
        cap: list[tuple[str, str | None]] = [(f"图{i + 1}  ", None), (idt.name, "name")]
        if rng.random() < 0.5:
            cap += [("（左二）与", None), (others[i], "other_name")]
        cap += [(f"在{idt.city}{dom[3]}", None)]
        s.spans(30, y + 103, 150, cap, 10.5, align="center")
        y += 118
    s.text(20, 282, "注：照片由本人提供，并对其真实性负责。", 9)


def _page_idcard(s: _Surface, idt: Identity, rng: Rng, photos: Sequence[Photo]) -> None:
    s.centered(22, "居民身份证复印件", 14, "hei")
    f = 1.25  # copies are often enlarged for legibility
    w, h, x, y = 85.6 * f, 54 * f, (210 - 85.6 * f) / 2, 32.0
    lab = (60, 105, 150)
    s.rect(x, y, x + w, y + h, outline=(150, 160, 170), fill=(236, 242, 246), radius=4)
    s.text(x + 8, y + 13, "姓名", 9, style="hei", fill=lab)
    s.text(x + 22, y + 13, idt.name, 11, style="hei", kind="name")
    s.text(x + 8, y + 22, "性别", 9, style="hei", fill=lab)
    s.text(x + 22, y + 22, idt.gender, 10, style="hei")
    s.text(x + 38, y + 22, "民族", 9, style="hei", fill=lab)
    s.text(x + 50, y + 22, "汉", 10, style="hei")
    yy, mm, dd = int(rng.integers(1975, 1993)), int(rng.integers(1, 13)), int(rng.integers(1, 28))
    s.text(x + 8, y + 31, "出生", 9, style="hei", fill=lab)
    s.text(x + 22, y + 31, f"{yy} 年 {mm} 月 {dd} 日", 10, style="hei")
    s.text(x + 8, y + 40, "住址", 9, style="hei", fill=lab)
    town = idt.city + ("市" if idt.city == "博乐" else "县")
    addr = f"新疆{town}团结路{int(rng.integers(1, 200))}号{int(rng.integers(1, 9))}栋"
    s.spans(x + 22, y + 40, 50, [(addr, None)], 10, style="hei", leading=5)
    s.text(x + 8, y + 60, "公民身份号码", 9, style="hei", fill=lab)
    s.text(
        x + 36,
        y + 60,
        f"652701{yy}{mm:02d}{dd:02d}{int(rng.integers(1000, 9999))}",
        11,
        style="hei",
    )
    s.photo((x + w - 36, y + 9, x + w - 8, y + 43), _pick(rng, photos) if photos else None)
    y2 = y + h + 15
    s.rect(x, y2, x + w, y2 + h, outline=(150, 160, 170), fill=(236, 242, 246), radius=4)
    s.centered(y2 + 20, "中华人民共和国", 14, "hei")
    s.centered(y2 + 33, "居 民 身 份 证", 20, "hei")
    s.text(x + 14, y2 + 50, f"签发机关   {town}公安局", 9, style="hei")
    s.text(x + 14, y2 + 59, "有效期限   2016.05.20-2036.05.20", 9, style="hei")


def _page_plain(s: _Surface, idt: Identity, rng: Rng, photos: Sequence[Photo]) -> None:
    org = _pick(rng, ADMIN_ORGS)
    y = s.letterhead(org, f"新人社发〔2024〕{int(rng.integers(10, 99))}号")
    y = s.spans(
        20,
        y + 4,
        170,
        [("关于下达2024年度职称评审指标的通知", None)],
        16,
        style="hei",
        align="center",
        leading=12,
    )
    y = s.spans(20, y, 170, [("各有关单位：", None)], 12, leading=8)
    for p in POLICY[: int(rng.integers(3, 6))]:
        y = s.spans(20, y, 170, [(p, None)], 12, leading=7.5, indent=2 * 12 * PT)
    y += 2
    s.centered(y, "2024年度职称评审指标分配表", 12, "hei")
    xs = _cols(25, (15, 75, 20, 20, 20))
    y += 4
    for j, v in enumerate(("序号", "单位", "正高级", "副高级", "合计")):
        s.cell(xs[j], y, xs[j + 1], y + 9, [(v, None)], 10.5)
    orgs = [o[0] for o in DISTRACTOR_ORGS] + sibling_orgs(idt.unit)
    rng.shuffle(orgs)
    for i, o in enumerate(orgs[:6]):
        y += 9
        a, b = int(rng.integers(0, 6)), int(rng.integers(2, 20))
        for j, v in enumerate((str(i + 1), o, str(a), str(b), str(a + b))):
            s.cell(xs[j], y, xs[j + 1], y + 9, [(v, "other_org" if j == 1 else None)], 10.5)
    y += 20
    s.spans(
        20,
        y,
        170,
        [
            ("联系人：", None),
            (distractor_names(idt.name, rng, 1)[0], "other_name"),
            ("，联系电话：0991-8561234", None),
        ],
        12,
    )
    w = s.measure(org, 12)
    s.text(180 - w, y + 22, org, 12, kind="other_org")
    s.text(150, y + 31, "2024年6月5日", 12)


PAGE_BUILDERS: dict[str, Callable[[_Surface, Identity, Rng, Sequence[Path]], None]] = {
    "form": _page_form,
    "certificate": _page_certificate,
    "appraisal": _page_appraisal,
    "paper": _page_paper,
    "summary": _page_summary,
    "photos": _page_photos,
    "idcard": _page_idcard,
    "plain": _page_plain,
}
PAGE_KINDS = tuple(PAGE_BUILDERS)
# Page kinds whose 姓名 field make_page can fill by hand or leave blank (see NameField).
NAME_FIELD_KINDS = {"form": _page_form, "appraisal": _page_appraisal}


def make_page(
    kind: str,
    identity: Identity,
    rng: Rng,
    *,
    dpi: int = 150,
    photos: Sequence[Photo] = (),
    name_field: NameField | None = None,
) -> SynthPage:
    """Render one clean A4 page of ``kind`` (see PAGE_KINDS) at ``dpi``. ``name_field`` (only
    for the kinds in NAME_FIELD_KINDS) fills the 姓名 field another way than printed."""
    s = _RasterSurface(rng, dpi)
    if name_field is None:
        PAGE_BUILDERS[kind](s, identity, rng, list(photos))
    else:
        NAME_FIELD_KINDS[kind](s, identity, rng, list(photos), name_field)
    return s.finish(kind, exempt=kind == "idcard")


def make_member_list_page(identity: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A project's member list (课题组成员): a 姓名 header over other people's printed names,
    none of them the applicant's. A 姓名 label here is not the applicant's field."""
    s = _RasterSurface(rng, dpi)
    s.centered(26, "课题组主要成员", 18, "hei")
    xs, y, rh = _cols(20, (30, 40, 40, 60)), 40.0, 11.0
    for j, head in enumerate(("序号", "姓名", "职称", "分工")):
        s.cell(xs[j], y, xs[j + 1], y + rh, [(head, None)])
    for i, other in enumerate(distractor_names(identity.name, rng, 4)):
        yy = y + (i + 1) * rh
        row = (str(i + 1), other, "主治医师", "数据收集")
        for j, v in enumerate(row):
            s.cell(xs[j], yy, xs[j + 1], yy + rh, [(v, "other_name" if j == 1 else None)])
    return s.finish("member_list")


def make_narrow_cell_page(identity: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A project's members' table (课题组主要成员) whose 工作单位 column is four to seven glyphs
    wide: the applicant's unit wraps over two to four lines of its cell, one piece a line
    (博尔塔拉蒙古 | 自治州人民医 | 院; each piece truth ``unit``), a post such as 主任医师 in the
    cell beside it; the other rows hold other people (``other_name``) of other bodies
    (``other_org``), wrapped alike."""
    s = _RasterSurface(rng, dpi)
    s.centered(
        26, _pick(rng, ("课题组主要成员", "项目主要完成人情况", "团队成员一览表")), 16, "hei"
    )
    pt = float(rng.uniform(10, 12))
    glyph = s.measure("国", pt)
    unit_w = glyph * float(rng.integers(4, 8)) + 3.4
    widths = (12.0, 22.0, unit_w, 24.0, 30.0)
    xs, y = _cols(20, widths), 40.0
    for j, head in enumerate(("序号", "姓名", "工作单位", "职称", "分工")):
        s.cell(xs[j], y, xs[j + 1], y + 10, [(head, None)], pt)
    rows = int(rng.integers(3, 6))
    mine = int(rng.integers(0, rows))
    others = distractor_names(identity.name, rng, rows)
    orgs = [o[0] for o in DISTRACTOR_ORGS] + sibling_orgs(identity.unit)
    y += 10
    for i in range(rows):
        own = i == mine
        name = (identity.name, "name") if own else (others[i % len(others)], "other_name")
        unit = (identity.unit, "unit") if own else (_pick(rng, orgs), "other_org")
        post = _pick(rng, ("主任医师", "副主任医师", "主治医师", "高级工程师", "讲师"))
        n_lines = len(layout_spans([unit], lambda t: s.measure(t, pt), unit_w - 3.2))
        rh = max(10.0, n_lines * pt * PT * 1.5 + 3)
        row = (
            (str(i + 1), None),
            name,
            unit,
            (post, None),
            (_pick(rng, ("数据收集", "方案设计", "临床实施", "统计分析")), None),
        )
        for j, v in enumerate(row):
            s.cell(xs[j], y, xs[j + 1], y + rh, [v], pt)
        y += rh
    return s.finish("narrow_cell")


# ---------------------------------------------------------------------------- degradations
def _warp_page(
    page: SynthPage, image: np.ndarray, m: np.ndarray, name: str, dpi: int | None = None
) -> SynthPage:
    """New page with ``image``; every quad / ellipse is pushed through the 3x3 edge-coord m."""
    h0, w0 = page.image.shape[:2]
    h1, w1 = image.shape[:2]
    items = []
    for it in page.items:
        q = _apply(m, np.array(it.quad) * [w0, h0]) / [w1, h1]
        ell = None
        if it.ellipse is not None:
            (cx, cy), (ew, eh), ang = cv2.fitEllipse(
                _apply(m, _ellipse_points(it.ellipse)).astype(np.float32)
            )
            ell = [cx, cy, ew / 2, eh / 2, ang]
        items.append(Item(it.kind, q.tolist(), it.text, ell))
    return replace(
        page, image=image, items=items, dpi=dpi or page.dpi, degradations=[*page.degradations, name]
    )


def _pixels(page: SynthPage, image: np.ndarray, name: str) -> SynthPage:
    return replace(page, image=image, degradations=[*page.degradations, name])


def tilt(page: SynthPage, rng: Rng, angle: float | None = None) -> SynthPage:
    """Scanner skew: rotate by 0.5..4 degrees either way about the centre, white fill."""
    if angle is None:
        angle = float(rng.uniform(0.5, 4.0) * rng.choice([-1, 1]))
    h, w = page.image.shape[:2]
    m = _rot_matrix(angle, (w / 2, h / 2), (w / 2, h / 2))
    img = cv2.warpAffine(
        page.image, _edge_to_cv(m)[:2], (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255)
    )
    return _warp_page(page, img, m, "tilt")


def noise(page: SynthPage, rng: Rng) -> SynthPage:
    img = page.image.astype(np.float32) + rng.normal(0, rng.uniform(5, 14), page.image.shape)
    salt = rng.random(page.image.shape[:2])
    p = rng.uniform(0.001, 0.003)
    img[salt < p / 2] = 0
    img[salt > 1 - p / 2] = 255
    return _pixels(page, np.clip(img, 0, 255).astype(np.uint8), "noise")


def photocopy(page: SynthPage, rng: Rng) -> SynthPage:
    """Grey photocopy: contrast curve (red seals turn mid-grey), blur, toner speckle."""
    g = cv2.cvtColor(page.image, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255
    lo, hi = rng.uniform(0.05, 0.2), rng.uniform(0.8, 0.95)
    g = np.clip((g - lo) / (hi - lo), 0, 1) ** rng.uniform(1.1, 1.6)
    g = cv2.GaussianBlur(g, (0, 0), rng.uniform(0.5, 0.9)) * 255
    g += rng.normal(0, 4, g.shape)
    speck = rng.random(g.shape) < rng.uniform(0.0005, 0.002)
    g[speck] = rng.uniform(0, 90, int(speck.sum()))
    g = np.clip(g, 0, 255).astype(np.uint8)
    return _pixels(page, np.repeat(g[:, :, None], 3, axis=2), "photocopy")


def phone_photo(page: SynthPage, rng: Rng) -> SynthPage:
    """Page photographed on a desk: perspective, darker background, uneven light, blur."""
    h, w = page.image.shape[:2]
    ow, oh = round(w * 1.16), round(h * 1.12)
    s = min(ow / w, oh / h) * rng.uniform(0.82, 0.9)
    src = np.array(_rect(0, 0, w, h), np.float32)
    dst = np.array([[ow / 2 + (x - w / 2) * s, oh / 2 + (y - h / 2) * s] for x, y in src])
    dst += rng.uniform(-0.035, 0.035, (4, 2)) * [ow, oh]
    m = cv2.getPerspectiveTransform(src, dst.astype(np.float32)).astype(float)
    mc = _edge_to_cv(m)
    warped = cv2.warpPerspective(page.image, mc, (ow, oh), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), mc, (ow, oh))[..., None]
    base = np.array(_pick(rng, [(92, 72, 55), (60, 62, 68), (120, 110, 95)]), np.float32)
    bg = base + rng.normal(0, 6, (oh, ow, 3))
    out = warped.astype(np.float32) * mask + bg * (1 - mask)
    yy, xx = np.mgrid[0:oh, 0:ow].astype(np.float32)
    a = rng.uniform(0, 2 * np.pi)
    grad = np.cos(a) * (xx / ow - 0.5) + np.sin(a) * (yy / oh - 0.5)
    light = 0.88 + 0.3 * grad - 0.25 * ((xx / ow - 0.5) ** 2 + (yy / oh - 0.5) ** 2)
    out *= light[..., None] * np.array([1.0, 0.98, 0.93])  # warm indoor light
    out = cv2.GaussianBlur(np.clip(out, 0, 255), (0, 0), rng.uniform(0.6, 1.3))
    return _warp_page(page, out.astype(np.uint8), m, "phone", round(page.dpi * s))


def sideways(page: SynthPage, rng: Rng, k: int | None = None) -> SynthPage:
    """Rotate by k*90 degrees counter-clockwise with np.rot90 (exact, no resampling)."""
    k = int(rng.integers(1, 4)) if k is None else k % 4
    h, w = page.image.shape[:2]
    m = {
        0: np.eye(3),
        1: np.array([[0, 1, 0], [-1, 0, w], [0, 0, 1.0]]),
        2: np.array([[-1, 0, w], [0, -1, h], [0, 0, 1.0]]),
        3: np.array([[0, -1, h], [1, 0, 0], [0, 0, 1.0]]),
    }[k]
    return _warp_page(page, np.ascontiguousarray(np.rot90(page.image, k)), m, "sideways")


def jpeg_artifacts(page: SynthPage, rng: Rng, quality: int | None = None) -> SynthPage:
    q = int(rng.integers(35, 61)) if quality is None else quality
    ok, buf = cv2.imencode(".jpg", page.image[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, q])
    return _pixels(page, cv2.imdecode(buf, cv2.IMREAD_COLOR)[:, :, ::-1].copy(), "jpeg")


def low_res(page: SynthPage, rng: Rng, factor: float | None = None) -> SynthPage:
    """Downsample to ~70-100 dpi; normalised quads are unchanged by a pure scale."""
    f = float(rng.uniform(0.45, 0.68)) if factor is None else factor
    h, w = page.image.shape[:2]
    nw, nh = round(w * f), round(h * f)
    img = cv2.resize(page.image, (nw, nh), interpolation=cv2.INTER_AREA)
    return _warp_page(page, img, np.diag([nw / w, nh / h, 1.0]), "lowres", round(page.dpi * f))


def _halftone(grey: np.ndarray, pitch: float, angle: float) -> np.ndarray:
    """``grey`` (0-255) printed as round dots on a grid ``pitch`` px apart turned by ``angle``
    degrees: each dot's area is its cell's darkness, as a printing press screens a photo."""
    h, w = grey.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    u, v = (xx * c + yy * s) / pitch, (-xx * s + yy * c) / pitch
    dist = np.hypot(u - np.round(u), v - np.round(v))
    radius = np.sqrt(np.clip(1 - grey.astype(np.float32) / 255, 0, 1) / math.pi)
    return np.where(dist < radius, 0, 255).astype(np.uint8)


def screened_photos(page: SynthPage, rng: Rng) -> SynthPage:
    """The page's photos printed as halftone dots (a newspaper clipping, a printed brochure):
    a 3-6 px screen at 15-45 degrees, in black ink; the text stays solid."""
    img = page.image.copy()
    h, w = img.shape[:2]
    pitch, angle = float(rng.uniform(3, 6)), float(rng.choice([15.0, 30.0, 45.0]))
    for it in page.items:
        if it.kind != "photo":
            continue
        q = np.asarray(it.quad) * [w, h]
        x0, y0 = np.floor(q.min(axis=0)).astype(int).clip(0)
        x1, y1 = np.ceil(q.max(axis=0)).astype(int)
        grey = cv2.cvtColor(img[y0:y1, x0:x1], cv2.COLOR_RGB2GRAY)
        img[y0:y1, x0:x1] = _halftone(grey, pitch, angle)[..., None]
    return _pixels(page, img, "screened")


def bilevel(page: SynthPage, rng: Rng) -> SynthPage:
    """A 1-bit scan or fax: every pixel black or white, tones (photos, seals) dithered, by error
    diffusion or by an ordered (Bayer) matrix."""
    grey = Image.fromarray(cv2.cvtColor(page.image, cv2.COLOR_RGB2GRAY))
    if rng.random() < 0.5:
        bits = np.array(grey.convert("1")).astype(np.uint8) * 255  # Floyd-Steinberg
    else:
        bayer = np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]])
        g = np.asarray(grey, np.float32)
        h, w = g.shape
        level = (np.tile(bayer, (h // 4 + 1, w // 4 + 1))[:h, :w] + 0.5) * 16
        bits = np.where(g > level, 255, 0).astype(np.uint8)
    return _pixels(page, np.repeat(bits[:, :, None], 3, axis=2), "bilevel")


DEGRADATIONS: dict[str, Callable[[SynthPage, Rng], SynthPage]] = {
    "tilt": tilt,
    "noise": noise,
    "photocopy": photocopy,
    "phone": phone_photo,
    "sideways": sideways,
    "jpeg": jpeg_artifacts,
    "lowres": low_res,
    "screened": screened_photos,
    "bilevel": bilevel,
}


def degrade(page: SynthPage, names: Sequence[str], rng: Rng) -> SynthPage:
    """Apply the named degradations in order (keys of DEGRADATIONS)."""
    for n in names:
        page = DEGRADATIONS[n](page, rng)
    return page


def draw_truth(image: np.ndarray, items: Sequence[Item]) -> np.ndarray:
    """Debug overlay: quads coloured by kind, seal ellipses (assumes ellipse in image px)."""
    colors = {
        "name": (255, 0, 0),
        "unit": (0, 90, 255),
        "signature": (255, 0, 255),
        "seal": (255, 140, 0),
        "photo": (0, 170, 0),
    }
    out = np.ascontiguousarray(image.copy())
    h, w = out.shape[:2]
    for it in items:
        c = colors.get(it.kind, (140, 140, 140))
        pts = np.round((np.array(it.quad) * [w, h] - 0.5) * 4).astype(np.int32)
        cv2.polylines(out, [pts], True, c, 1, cv2.LINE_AA, 2)
        if it.ellipse is not None:
            pe = np.round(_ellipse_points(it.ellipse) - 0.5).astype(np.int32)
            cv2.polylines(out, [pe], True, c, 1, cv2.LINE_AA)
    return out


# --------------------------------------------------------------------------------- writers
IMAGE_FORMATS = ("png", "jpeg", "tiff", "bmp", "webp")
EXIF_ROT90 = {3: 2, 6: 1, 8: -1}  # orientation tag -> np.rot90 k turning display into storage


def write_page(
    page: SynthPage, path: Path, fmt: str, *, exif_orientation: int | None = None, quality: int = 90
) -> None:
    """Write one page. With exif_orientation (3/6/8, JPEG only) pixels are stored rotated and
    the tag set so that a viewer that honours EXIF displays exactly ``page.image``."""
    img = page.image
    kw: dict[str, Any] = {}
    if exif_orientation:
        img = np.ascontiguousarray(np.rot90(img, EXIF_ROT90[exif_orientation]))
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        kw["exif"] = exif.tobytes()
    pil = Image.fromarray(img)
    if fmt == "jpeg":
        pil.save(path, "JPEG", quality=quality, **kw)
    elif fmt == "webp":
        pil.save(path, "WEBP", quality=quality)
    elif fmt == "tiff":
        pil.save(path, "TIFF", compression="tiff_lzw", dpi=(page.dpi, page.dpi))
    elif fmt in ("png", "bmp"):
        pil.save(path, fmt.upper())
    else:
        raise ValueError(f"unknown image format {fmt!r}; expected one of {IMAGE_FORMATS}")


def write_multipage_tiff(pages: Sequence[SynthPage], path: Path) -> None:
    ims = [Image.fromarray(p.image) for p in pages]
    ims[0].save(path, "TIFF", save_all=True, append_images=ims[1:], compression="tiff_lzw")


def write_scanned_pdf(pages: Sequence[SynthPage], path: Path, quality: int = 85) -> None:
    """Image-only PDF: each page image fills a page 595 pt wide (A4 for A4-shaped scans)."""
    doc = pymupdf.open()
    for p in pages:
        h, w = p.image.shape[:2]
        pw = A4_PT[0] if h >= w else A4_PT[1]
        pg = doc.new_page(width=pw, height=pw * h / w)
        buf = io.BytesIO()
        Image.fromarray(p.image).save(buf, "JPEG", quality=quality)
        pg.insert_image(pg.rect, stream=buf.getvalue(), keep_proportion=False)
    doc.save(path, garbage=3, deflate=True, no_new_id=True)


@dataclass
class BornDigitalSpec:
    identity: Identity
    kinds: Sequence[str] = ("paper", "appraisal", "plain")
    seed: int = 0
    photos: Sequence[Photo] = ()


def make_born_digital_pdf(spec: BornDigitalSpec, path: Path) -> list[PdfPageTruth]:
    """Text-layer PDF ('china-s' font) of the given page kinds; signatures, seals, photos and
    one pasted snippet (summary page) are raster images, so OCR of images is still needed."""
    doc = pymupdf.open()
    truths = []
    for i, kind in enumerate(spec.kinds):
        rng = np.random.default_rng([spec.seed, i])
        s = _PdfSurface(doc.new_page(width=A4_PT[0], height=A4_PT[1]), rng)
        PAGE_BUILDERS[kind](s, spec.identity, rng, list(spec.photos))
        t = s.finish(kind)
        if kind == "idcard":
            t.needs_masking = False
        truths.append(t)
    doc.save(path, garbage=3, deflate=True, no_new_id=True)
    return truths


# ---------------------------------------------------------------------------------- corpus
FILE_FORMATS = (
    "png",
    "jpeg",
    "jpeg_exif",
    "tiff",
    "tiff_multi",
    "bmp",
    "webp",
    "pdf_scan",
    "pdf_digital",
)
_EXT = {
    "png": "png",
    "jpeg": "jpg",
    "jpeg_exif": "jpg",
    "tiff": "tif",
    "tiff_multi": "tif",
    "bmp": "bmp",
    "webp": "webp",
    "pdf_scan": "pdf",
    "pdf_digital": "pdf",
}
_BASE_FMT = {"png": "png", "jpg": "jpeg", "tif": "tiff", "bmp": "bmp", "webp": "webp", "pdf": "pdf"}
# The degradations build_corpus cycles through, fixed: one added to DEGRADATIONS for another
# bench does not change what a seed of this corpus draws (that needs a CORPUS_VERSION).
CORPUS_DEGRADATIONS = ("tilt", "noise", "photocopy", "phone", "sideways", "jpeg", "lowres")
_SINGLE_DEG = tuple((d,) for d in CORPUS_DEGRADATIONS)
_MIXED_DEG: tuple[tuple[str, ...], ...] = (
    (),
    (),
    ("tilt", "photocopy"),
    ("tilt", "jpeg"),
    ("phone", "jpeg"),
    ("lowres", "noise"),
    ("sideways", "tilt"),
    ("photocopy", "lowres"),
)


class _Cycle:
    """Shuffled round-robin so that every option shows up early, then keeps mixing."""

    def __init__(self, first: Sequence[Any], rest: Sequence[Any], rng: Rng) -> None:
        self.all, self.rng = [*first, *rest], rng
        self.buf = self._shuf(first) + self._shuf(rest)

    def _shuf(self, xs: Sequence[Any]) -> list[Any]:
        return [xs[int(i)] for i in self.rng.permutation(len(xs))]

    def take(self, ok: Callable[[Any], bool] = lambda _: True) -> Any:
        for _ in range(2):
            for i, x in enumerate(self.buf):
                if ok(x):
                    return self.buf.pop(i)
            self.buf += self._shuf(self.all)
        raise ValueError("no acceptable option")


def _list_photos(faces_dir: Path | None) -> list[Photo]:
    """The photos to paste: those in ``faces_dir`` (with their eye truth when face_photos.json
    knows the file by its sha256) and the face photos shipped in installed packages."""
    import hashlib

    doc = json.loads(FACE_PHOTOS_JSON.read_text(encoding="utf-8"))
    entries = {e["sha256"]: e for e in doc["photos"]}
    out: list[Photo] = []
    if faces_dir is not None:
        for p in sorted(Path(faces_dir).rglob("*")):
            if p.suffix.lower() not in (".jpg", ".jpeg", ".png", ".webp", ".bmp"):
                continue
            sha = hashlib.sha256(p.read_bytes()).hexdigest()
            out.append(_face_photo(p, entries[sha]) if sha in entries else p)
    return out + load_face_photos(None, packages=True)


def _applicant_dict(aid: str, idt: Identity) -> dict[str, Any]:
    return {
        "id": aid,
        "name": idt.name,
        "unit": idt.unit,
        "aliases": [],
        "unit_aliases": [idt.unit_english],
        "pinyin": idt.pinyin,
    }


# Page kinds the probes of round 7 found leaks on, drawn by the issue's own generators, each a
# one-page image file: the unit's strip stamp (条章) across print (synth_seals), QR codes naming
# the applicant or the unit beside codes naming nobody (synth_codes), the unit's English name in
# its other word orders (synth_text.english_affiliations) and labels up a page's margin
# (synth_text.make_margin_label_page).
EXTRA_PAGE_KINDS = ("strip_stamp", "codes", "affiliations", "margin_label")
EXTRA_SHARE = 5  # one page in EXTRA_SHARE of a corpus (rounded down) is of EXTRA_PAGE_KINDS
EXTRA_STREAM = 6  # their random stream: np.random.default_rng([seed, EXTRA_STREAM])
EXTRA_FORMATS = ("png", "jpeg", "tiff", "webp", "pdf_scan")


# Page kinds the probes of round 8 found leaks on (version 7): the page's photos printed as
# halftone dots (``screened``, a clipping), the whole page to 1 bit (``bilevel``, a fax or 1-bit
# scan), a sign-in sheet with a bare 签名 column header (synth_text.make_signin_sheet_page) and
# the unit wrapped one piece a line in a members' table's narrow cell (make_narrow_cell_page).
ROUND8_PAGE_KINDS = ("screened", "bilevel", "signin_sheet", "narrow_cell")
ROUND8_SHARE = 6  # one page in ROUND8_SHARE of a corpus (rounded down) is of ROUND8_PAGE_KINDS
ROUND8_STREAM = 7  # their random stream: np.random.default_rng([seed, ROUND8_STREAM])
# What a page printed as dots or sent as 1 bit goes through after (its dots kept: a clipping
# scanned or photographed, not photocopied or shrunk past its dots).
_AFTER_DOTS: tuple[tuple[str, ...], ...] = ((), ("tilt",), ("jpeg",), ("tilt", "jpeg"), ("noise",))


def make_extra_page(
    kind: str,
    identity: Identity,
    rng: Rng,
    degradations: Sequence[str],
    dpi: int = 150,
    photos: Sequence[Photo] = (),
) -> SynthPage:
    """One page of EXTRA_PAGE_KINDS or ROUND8_PAGE_KINDS. Strip stamps and codes come with
    their generators' own degradations (strip stamps are never photocopied, codes are); pages
    printed as dots (``screened``: a photos page or a form with its photo, then one of
    _AFTER_DOTS; ``bilevel``: a page with photos or seals, tilted or not, then to 1 bit) with
    their own; the others get ``degradations``."""
    from samples import synth_codes, synth_seals, synth_text

    if kind == "screened":
        page = make_page(
            _pick(rng, ("photos", "photos", "form")), identity, rng, dpi=dpi, photos=photos
        )
        page = degrade(page, ("screened", *_pick(rng, _AFTER_DOTS)), rng)
        return replace(page, kind=kind)
    if kind == "bilevel":
        base = _pick(rng, ("photos", "form", "certificate", "appraisal"))
        page = make_page(base, identity, rng, dpi=dpi, photos=photos)
        page = degrade(page, (*_pick(rng, ((), ("tilt",))), "bilevel"), rng)
        return replace(page, kind=kind)
    if kind == "signin_sheet":
        return degrade(synth_text.make_signin_sheet_page(identity, rng, dpi=dpi), degradations, rng)
    if kind == "narrow_cell":
        return degrade(make_narrow_cell_page(identity, rng, dpi=dpi), degradations, rng)
    if kind == "strip_stamp":
        return synth_seals.make_strip_stamp_page(identity, rng)
    if kind == "codes":
        return synth_codes.make_code_page(identity, rng, dpi=dpi)
    if kind == "affiliations":
        page = synth_text.make_affiliation_page(identity, rng, dpi=dpi)
    else:
        page = synth_text.make_margin_label_page(identity, rng, dpi=dpi)
    return degrade(page, degradations, rng)


def _has_extra(kind: str, identity: Identity) -> bool:
    """Whether ``identity`` can have a page of ``kind`` (affiliations need other English forms)."""
    from samples.synth_text import ENGLISH_UNIT_FORMS

    return kind != "affiliations" or identity.unit in ENGLISH_UNIT_FORMS


def build_corpus(out_dir: Path, n_pages: int, seed: int, faces_dir: Path | None = None) -> Path:
    """Write ~n_pages pages spread over files in out_dir/files/<applicant>/ plus manifest.json.

    With n_pages >= ~20 every page kind, degradation and file format appears at least once.
    The last n_pages // EXTRA_SHARE pages are one-page files of EXTRA_PAGE_KINDS, drawn from a
    random stream of their own: the files before them are version 5's files of the same seed
    and n_pages, unchanged, in order, as many as reach n_pages - n_pages // EXTRA_SHARE pages
    (so the total can pass n_pages by up to two pages, as version 5's last file could).
    Version 7: the first files are version 6's corpus of n_pages - n_pages // ROUND8_SHARE
    pages, unchanged (its own extra pages last), then n_pages // ROUND8_SHARE one-page files
    of ROUND8_PAGE_KINDS from a random stream of their own.
    Version 8: the first files are version 7's corpus of n_pages - n_pages // ROUND9_SHARE
    pages, unchanged, then n_pages // ROUND9_SHARE one-page files of ROUND9_PAGE_KINDS from a
    random stream of their own.
    Version 9: the first files are version 8's corpus of n_pages - n_pages // ROUND10_SHARE
    pages, unchanged, then n_pages // ROUND10_SHARE one-page files of ROUND10_PAGE_KINDS from
    a random stream of their own.
    Version 10: as version 9, but an opaque e-seal over the unit's line that would hide a
    distractor is placed again (synth_seals.EsealPlacement); no other page changes.
    Version 11: as version 10, but a ``pdf_stamp`` page's Stamp annotation that would hide a
    distractor is placed again (synth_round10._stamp_clear_of_distractors); no other page
    changes.
    Version 12: version 11's corpus of n_pages, byte for byte, then n_pages //
    CONTRACTION_SHARE more one-page files of CONTRACTION_PAGE_KINDS (the unit contracted) from a
    random stream of their own: added, not in place of other pages, so that an old seed's pages
    and their figures stay as they were (their applicants, identities whose unit people contract,
    join the list after version 11's: see _contraction_files).
    """
    out_dir = Path(out_dir)
    photos = _list_photos(faces_dir)
    n_round10 = n_pages // ROUND10_SHARE
    files, apps = _version8_files(out_dir, n_pages - n_round10, seed, photos)
    files += _round10_files(out_dir, seed, n_round10, apps, len(files), photos)
    files += _contraction_files(out_dir, seed, n_pages // CONTRACTION_SHARE, apps, len(files))
    total = sum(len(f["pages"]) for f in files)
    manifest = {
        "version": 1,
        "seed": seed,
        "n_pages": total,
        "applicants": [_applicant_dict(a, i) for a, i in apps],
        "files": files,
    }
    out = out_dir / "manifest.json"
    out.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def _version8_files(
    out_dir: Path, n_pages: int, seed: int, photos: Sequence[Photo]
) -> tuple[list[dict[str, Any]], list[tuple[str, Identity]]]:
    """Version 8's corpus of ``n_pages``: its files (written) and applicants."""
    n_round9 = n_pages // ROUND9_SHARE
    files, apps = _version7_files(out_dir, n_pages - n_round9, seed, photos)
    files += _round9_files(out_dir, seed, n_round9, apps, len(files), photos)
    return files, apps


def _version7_files(
    out_dir: Path, n_pages: int, seed: int, photos: Sequence[Photo]
) -> tuple[list[dict[str, Any]], list[tuple[str, Identity]]]:
    """Version 7's corpus of ``n_pages``: its files (written) and applicants."""
    n_round8 = n_pages // ROUND8_SHARE
    files, apps = _version6_files(out_dir, n_pages - n_round8, seed, photos)
    files += _extra_files(
        out_dir, seed, n_round8, apps, len(files), ROUND8_PAGE_KINDS, ROUND8_STREAM, photos
    )
    return files, apps


# Page kinds the probes of round 9 found leaks on, or passed only since that round (version 8):
# samples/synth_round9.py. Each a one-page file: images in the formats of EXTRA_FORMATS
# (``exif6`` always a JPEG with EXIF orientation 6), the two PDF kinds as PDFs.
ROUND9_PAGE_KINDS = (
    "large_text",
    "spaced_field",
    "pdf_fields",
    "ocr_layer",
    "banner",
    "dark_chat",
    "exif6",
    "hand_shadow",
    "highlighter",
    "red_pen",
)
ROUND9_SHARE = 3  # one page in ROUND9_SHARE of a corpus (rounded down) is of ROUND9_PAGE_KINDS
ROUND9_STREAM = 8  # their random stream: np.random.default_rng([seed, ROUND9_STREAM])


def _one_page_slots(
    out_dir: Path,
    stream: tuple[int, int],
    kinds: Sequence[str],
    numbers: range,
    apps: Sequence[tuple[str, Identity]],
) -> Iterator[tuple[int, str, Identity, str, Rng, Path, _Cycle]]:
    """The one-page files of a round's kinds (``_round9_files``, ``_round10_files``): per file
    number, its applicant (in turn), its kind (a _Cycle of ``kinds`` on the random stream
    ``stream``), its own random stream ``[seed, number, 0]``, its folder (made), and the
    round's cycle of image formats (on ``stream`` too, taken as the caller needs one)."""
    seed = stream[0]
    rng = np.random.default_rng(list(stream))
    kind_cycle = _Cycle(kinds, (), rng)
    fmts = _Cycle(("png", "jpeg", "webp", "png", "pdf_scan"), (), rng)
    for fi in numbers:
        aid, idt = apps[fi % len(apps)]
        kind = kind_cycle.take()
        folder = out_dir / "files" / aid
        folder.mkdir(parents=True, exist_ok=True)
        yield fi, aid, idt, kind, np.random.default_rng([seed, fi, 0]), folder, fmts


def _round9_files(
    out_dir: Path,
    seed: int,
    n: int,
    apps: Sequence[tuple[str, Identity]],
    first: int,
    photos: Sequence[Photo] = (),
) -> list[dict[str, Any]]:
    """``n`` one-page files of ROUND9_PAGE_KINDS (random stream ``[seed, ROUND9_STREAM]``),
    numbered on from file ``first``, the applicants in turn."""
    from samples import synth_round9

    files = []
    for fi, aid, idt, kind, prng, folder, fmts in _one_page_slots(
        out_dir, (seed, ROUND9_STREAM), ROUND9_PAGE_KINDS, range(first, first + max(0, n)), apps
    ):
        entry: dict[str, Any] = {"applicant": aid, "exempt": False}
        if kind in synth_round9.ROUND9_PDF_KINDS:
            name = f"{fi + 1:03d}_{kind}.pdf"
            if kind == "pdf_fields":
                pages = synth_round9.make_fields_pdf(idt, prng, folder / name)
            else:
                pages = synth_round9.make_ocr_layer_pdf(idt, prng, folder / name, photos=photos)
            entry.update(
                format="pdf", variant="pdf_digital" if kind == "pdf_fields" else "pdf_scan"
            )
        else:
            dpi = int(_pick(prng, (150, 150, 200)))
            page = synth_round9.make_round9_page(kind, idt, prng, dpi, photos)
            if kind == "exif6":
                fmt = "jpeg_exif"
            elif kind == "dark_chat":  # a screenshot
                fmt = str(_pick(prng, ("png", "jpeg")))
            else:
                fmt = fmts.take()
            name = f"{fi + 1:03d}_{kind}.{_EXT[fmt]}"
            if fmt == "pdf_scan":
                write_scanned_pdf([page], folder / name)
            elif fmt == "jpeg_exif":
                write_page(page, folder / name, "jpeg", exif_orientation=6)
                entry["exif_orientation"] = 6
            else:
                write_page(page, folder / name, fmt)
            entry.update(format=_BASE_FMT[_EXT[fmt]], variant=fmt)
            pages = [page.to_dict(1)]
        entry["pages"] = pages
        entry["path"] = f"files/{aid}/{name}"
        files.append(entry)
    return files


# Page kinds the probes of round 10 found leaks on, or passed only since that round (version
# 9): samples/synth_round10.py. Each a one-page file: the format kinds in their own format
# (ROUND10_FORMAT_KINDS), the PDF kinds as PDFs, the others in the formats of the cycle below.
ROUND10_PAGE_KINDS = (
    "eseal_unit",
    "eseal_header",
    "pdf_pua",
    "pdf_crop_rotate",
    "pdf_stamp",
    "word_photo",
    "cmyk_jpeg",
    "alpha_png",
    "grey16_png",
    "exif3",
    "exif8",
    "monitor",
    "vertical_cert",
    "pdf_spaced",
    "duty_table",
)
# One page in ROUND10_SHARE (rounded down): a half, so that a 24-page seed draws 12 of the 15.
ROUND10_SHARE = 2
ROUND10_STREAM = 9  # their random stream: np.random.default_rng([seed, ROUND10_STREAM])


def _round10_files(
    out_dir: Path,
    seed: int,
    n: int,
    apps: Sequence[tuple[str, Identity]],
    first: int,
    photos: Sequence[Photo] = (),
) -> list[dict[str, Any]]:
    """``n`` one-page files of ROUND10_PAGE_KINDS (random stream ``[seed, ROUND10_STREAM]``),
    numbered on from file ``first``, the applicants in turn."""
    from samples import synth_round10 as r10

    files = []
    for fi, aid, idt, kind, prng, folder, fmts in _one_page_slots(
        out_dir, (seed, ROUND10_STREAM), ROUND10_PAGE_KINDS, range(first, first + max(0, n)), apps
    ):
        entry: dict[str, Any] = {"applicant": aid, "exempt": False}
        if kind in r10.ROUND10_PDF_KINDS:
            name = f"{fi + 1:03d}_{kind}.pdf"
            pages = r10.write_round10_pdf(kind, idt, prng, folder / name, photos)
            entry.update(format="pdf", variant="pdf_digital")
        else:
            dpi = int(_pick(prng, (150, 150, 200)))
            page = r10.make_round10_page(kind, idt, prng, dpi, photos)
            fmt = r10.ROUND10_FORMAT_KINDS.get(kind) or fmts.take()
            ext = {"jpeg": "jpg"}.get(fmt, fmt)
            name = f"{fi + 1:03d}_{kind}.{'pdf' if fmt == 'pdf_scan' else ext}"
            if kind in r10.ROUND10_FORMAT_KINDS:
                entry.update(r10.write_round10_image(page, kind, folder / name, prng))
            elif fmt == "pdf_scan":
                write_scanned_pdf([page], folder / name)
            else:
                write_page(page, folder / name, fmt)
            entry.update(format=_BASE_FMT[name.rsplit(".", 1)[1]], variant=fmt)
            pages = [page.to_dict(1)]
        entry["pages"] = pages
        entry["path"] = f"files/{aid}/{name}"
        files.append(entry)
    return files


# The unit written contracted after its place (博州疾控中心, 精河县医院) in a chat, a notice, a
# table and a certificate's text, beside other bodies' contractions (version 12):
# samples/synth_contractions.py. One-page files added after version 11's corpus.
CONTRACTION_SHARE = 6  # one page in CONTRACTION_SHARE (rounded down) more: 4 on a 24-page seed
CONTRACTION_STREAM = 10  # their random stream: np.random.default_rng([seed, CONTRACTION_STREAM])
CONTRACTION_FORMATS = ("png", "jpeg", "webp", "pdf_scan")


def _contraction_files(
    out_dir: Path, seed: int, n: int, apps: list[tuple[str, Identity]], first: int
) -> list[dict[str, Any]]:
    """``n`` one-page files of CONTRACTION_PAGE_KINDS (random stream ``[seed,
    CONTRACTION_STREAM]``), numbered on from file ``first``. Their applicants are the
    identities whose unit has a contraction, in a shuffled turn on that stream (a small corpus's
    own applicants are few, often a school or a college): one not yet in ``apps`` is added to it
    with the next id, so the older files and their applicants stay as they were."""
    from samples import synth_contractions as sc

    rng = np.random.default_rng([seed, CONTRACTION_STREAM])
    kinds = _Cycle(sc.CONTRACTION_PAGE_KINDS, (), rng)
    fmts = _Cycle(CONTRACTION_FORMATS, (), rng)
    people = _Cycle([i for i in IDENTITIES if sc.has_contraction(i)], (), rng)
    files: list[dict[str, Any]] = []
    for fi in range(first, first + max(0, n)):
        idt = people.take()
        aid = next((a for a, i in apps if i == idt), f"a{len(apps) + 1:02d}")
        if (aid, idt) not in apps:
            apps.append((aid, idt))
        kind, fmt = kinds.take(), fmts.take()
        prng = np.random.default_rng([seed, fi, 0])
        page = sc.make_contraction_page(kind, idt, prng, int(_pick(prng, (150, 150, 200))))
        files.append(_one_page_file(out_dir, aid, f"{fi + 1:03d}_{kind}", page, fmt))
    return files


def _version6_files(
    out_dir: Path, n_pages: int, seed: int, photos: Sequence[Photo]
) -> tuple[list[dict[str, Any]], list[tuple[str, Identity]]]:
    """Version 6's corpus of ``n_pages``: its files (written) and applicants."""
    rng = np.random.default_rng(seed)
    n_app = min(len(IDENTITIES), max(1, (n_pages + 5) // 6))
    apps = [
        (f"a{i + 1:02d}", IDENTITIES[int(j)])
        for i, j in enumerate(rng.permutation(len(IDENTITIES))[:n_app])
    ]
    kinds = _Cycle(PAGE_KINDS, (), rng)
    fmts = _Cycle(FILE_FORMATS, (), rng)
    degs = _Cycle(_SINGLE_DEG, _MIXED_DEG, rng)
    files: list[dict[str, Any]] = []
    total = 0
    n_extra = n_pages // EXTRA_SHARE
    while total < n_pages - n_extra:
        fi = len(files)
        aid, idt = apps[fi % n_app]
        left = n_pages - total
        fmt = fmts.take()
        folder = out_dir / "files" / aid
        folder.mkdir(parents=True, exist_ok=True)
        entry: dict[str, Any] = {
            "applicant": aid,
            "format": _BASE_FMT[_EXT[fmt]],
            "variant": fmt,
            "exempt": False,
        }
        if fmt == "pdf_digital":
            ks = [
                kinds.take(lambda k: k not in ("idcard", "plain")),
                "plain",
                kinds.take(lambda k: k not in ("idcard", "plain")),
            ][: max(1, left)]
            name = f"{fi + 1:03d}_digital.pdf"
            truths = make_born_digital_pdf(
                BornDigitalSpec(idt, ks, int(rng.integers(2**31)), photos), folder / name
            )
            entry["pages"] = [t.to_dict(i + 1) for i, t in enumerate(truths)]
        else:
            multi = fmt in ("tiff_multi", "pdf_scan")
            n = min(left, int(rng.integers(2, 4))) if multi else 1
            pages = []
            for pi in range(n):
                # ID cards make their own, exempt, single-page file
                kind = kinds.take(lambda k, m=multi: not m or k != "idcard")
                prng = np.random.default_rng([seed, fi, pi])
                page = make_page(
                    kind, idt, prng, dpi=int(_pick(prng, (150, 150, 200))), photos=photos
                )
                pages.append(degrade(page, degs.take(), prng))
            kind0 = pages[0].kind if n == 1 else "multi"
            name = f"{fi + 1:03d}_{kind0}.{_EXT[fmt]}"
            path = folder / name
            if fmt == "tiff_multi":
                write_multipage_tiff(pages, path)
            elif fmt == "pdf_scan":
                write_scanned_pdf(pages, path)
            elif fmt == "jpeg_exif":
                o = int(_pick(rng, (3, 6, 8)))
                write_page(pages[0], path, "jpeg", exif_orientation=o)
                entry["exif_orientation"] = o
            else:
                write_page(pages[0], path, fmt)
            entry["exempt"] = any(p.exempt for p in pages)
            entry["pages"] = [p.to_dict(i + 1) for i, p in enumerate(pages)]
        entry["path"] = f"files/{aid}/{name}"
        files.append(entry)
        total += len(entry["pages"])
    files += _extra_files(out_dir, seed, n_extra, apps, len(files))
    return files, apps


def _extra_files(
    out_dir: Path,
    seed: int,
    n: int,
    apps: Sequence[tuple[str, Identity]],
    first: int,
    page_kinds: Sequence[str] = EXTRA_PAGE_KINDS,
    stream: int = EXTRA_STREAM,
    photos: Sequence[Photo] = (),
) -> list[dict[str, Any]]:
    """``n`` one-page files of ``page_kinds`` (from the random stream ``[seed, stream]``),
    numbered on from file ``first``, applicants in build_corpus's turn (an affiliations page
    to the next whose unit has other English forms)."""
    rng = np.random.default_rng([seed, stream])
    kinds = _Cycle(page_kinds, (), rng)
    fmts = _Cycle(EXTRA_FORMATS, (), rng)
    degs = _Cycle(_SINGLE_DEG, _MIXED_DEG, rng)
    files = []
    for fi in range(first, first + max(0, n)):
        # the applicants in turn, but an affiliations page goes to the next who has one
        turn = [apps[(fi + j) % len(apps)] for j in range(len(apps))]
        kind = kinds.take(lambda k, t=turn: any(_has_extra(k, i) for _, i in t))
        aid, idt = next(a for a in turn if _has_extra(kind, a[1]))
        fmt = fmts.take()
        prng = np.random.default_rng([seed, fi, 0])
        dpi = int(_pick(prng, (150, 150, 200)))
        page = make_extra_page(kind, idt, prng, degs.take(), dpi, photos)
        files.append(_one_page_file(out_dir, aid, f"{fi + 1:03d}_{kind}", page, fmt))
    return files


def _one_page_file(out_dir: Path, aid: str, stem: str, page: SynthPage, fmt: str) -> dict:
    """Write ``page`` as applicant ``aid``'s file ``stem`` in format ``fmt``; its manifest
    entry."""
    name = f"{stem}.{_EXT[fmt]}"
    folder = out_dir / "files" / aid
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "pdf_scan":
        write_scanned_pdf([page], folder / name)
    else:
        write_page(page, folder / name, fmt)
    return {
        "applicant": aid,
        "format": _BASE_FMT[_EXT[fmt]],
        "variant": fmt,
        "exempt": False,
        "pages": [page.to_dict(1)],
        "path": f"files/{aid}/{name}",
    }


def make_demo_samples(out_dir: Path, manifest_path: Path | None = None) -> Identity:
    """~5 demo files for one applicant (form PNG, tilted summary JPEG, 2-page born-digital PDF,
    grey photocopy scan PDF, sideways PNG) plus their manifest; returns the identity.

    The manifest goes to ``manifest_path`` (default ``out_dir/manifest.json``): the bundled demo
    keeps it beside the folder, so that masking the folder finds only attachments."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    idt = IDENTITIES[0]

    def rng(i: int) -> Rng:
        return np.random.default_rng([2024, i])

    files: list[dict[str, Any]] = []

    def add(name: str, fmt: str, pages: list[dict[str, Any]]) -> None:
        files.append(
            {
                "path": name,
                "applicant": "demo",
                "format": fmt,
                "variant": fmt,
                "exempt": False,
                "pages": pages,
            }
        )

    # The form's one-inch photo: scikit-image's astronaut portrait (NASA, public domain) when
    # scikit-image is installed, else a grey silhouette.
    portrait = [p for p in load_face_photos(None) if p.path.name == "astronaut.png"]
    form = make_page("form", idt, rng(1), photos=portrait)
    write_page(form, out_dir / "demo_form.png", "png")
    add("demo_form.png", "png", [form.to_dict()])
    # An ID card copy: exempt (`make demo` passes --exempt '*身份证*'), copied unmasked.
    card = make_page("idcard", idt, rng(9), photos=portrait)
    write_page(card, out_dir / "demo_身份证.jpg", "jpeg")
    add("demo_身份证.jpg", "jpeg", [card.to_dict()])
    files[-1]["exempt"] = True
    summ = degrade(make_page("summary", idt, rng(2)), ["tilt"], rng(3))
    write_page(summ, out_dir / "demo_summary_tilted.jpg", "jpeg")
    add("demo_summary_tilted.jpg", "jpeg", [summ.to_dict()])
    truths = make_born_digital_pdf(
        BornDigitalSpec(idt, ("paper", "summary"), 4), out_dir / "demo_paper.pdf"
    )
    add("demo_paper.pdf", "pdf", [t.to_dict(i + 1) for i, t in enumerate(truths)])
    scan = degrade(make_page("appraisal", idt, rng(5)), ["photocopy"], rng(6))
    write_scanned_pdf([scan], out_dir / "demo_scan_photocopy.pdf")
    add("demo_scan_photocopy.pdf", "pdf", [scan.to_dict()])
    side = degrade(make_page("certificate", idt, rng(7)), ["sideways"], rng(8))
    write_page(side, out_dir / "demo_sideways.png", "png")
    add("demo_sideways.png", "png", [side.to_dict()])
    manifest = {
        "version": 1,
        "seed": 2024,
        "applicants": [_applicant_dict("demo", idt)],
        "files": files,
    }
    (manifest_path or out_dir / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return idt


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m samples.synth", description="Generate a synthetic attachment corpus."
    )
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--pages", type=int, default=40, help="total pages across all files")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--faces", type=Path, default=None, help="folder of face photos to paste")
    a = ap.parse_args(argv)
    print(build_corpus(a.out_dir, a.pages, a.seed, a.faces))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
