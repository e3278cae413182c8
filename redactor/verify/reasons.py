"""Why a page fails verification: one ``Reason`` per thing seen, with a short message in Chinese
and English. Codes are part of verify.json's documented format (see the README)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Severity: a "fail" reason makes the page fail; a "warn" reason is reported but does not.
FAIL = "fail"
WARN = "warn"

# code -> (Chinese, English). ``{what}`` is filled with what was seen (kind or field).
MESSAGES: dict[str, tuple[str, str]] = {
    "visible_text": ("页面上仍能读出{what}", "the {what} can still be read on the page"),
    "partly_covered": (
        "遮盖条比文字行窄，字形上下部仍露出",
        "a fill is thinner than the line it covers: the tops or bottoms of its glyphs show",
    ),
    "weak_mosaic": (
        "马赛克格子相对所遮文字或公章过小，遮盖内容仍可辨认",
        "a mosaic's cells are small against the text or seal it covers: it can still be read",
    ),
    "visible_code": ("页面上的二维码内容含{what}", "a QR code on the page encodes the {what}"),
    "visible_seal": ("公章未遮盖", "a seal is not covered"),
    "visible_eyes": ("人像眼部未遮盖", "the eyes of a face are not covered"),
    "visible_signature": ("本人签名未遮盖", "the applicant's signature is not covered"),
    "hidden_text": (
        "PDF 文字层仍含{what}（被图形遮住但可复制）",
        "the PDF text layer still holds the {what} (covered by a drawing but extractable)",
    ),
    "hidden_image": (
        "PDF 中被遮住的图片原始像素仍含{what}",
        "an image under a drawn box in the PDF still shows the {what}",
    ),
    "earlier_revision": (
        "PDF 早期版本（增量保存）仍含{what}",
        "an earlier revision of the PDF (incremental save) still holds the {what}",
    ),
    "metadata": ("文件元数据含{what}", "the file's metadata holds the {what}"),
    "annotation": ("PDF 注释含{what}", "a PDF annotation holds the {what}"),
    "form_field": ("PDF 表单域含{what}", "a PDF form field holds the {what}"),
    "attachment": ("PDF 附件含{what}", "a file attached to the PDF holds the {what}"),
    "bookmark": ("PDF 书签含{what}", "a PDF bookmark holds the {what}"),
    "hidden_layer": ("PDF 隐藏图层含{what}", "a hidden PDF layer holds the {what}"),
    "file_name": ("文件名含{what}", "the file name holds the {what}"),
    "unreadable": ("文件无法读取", "the file cannot be read"),
    "self_check": ("遮盖后仍能识别{what}", "the {what} is still found after masking"),
}

# How each kind of target is named in the messages.
KIND_WORDS: dict[str, tuple[str, str]] = {
    "name": ("姓名", "name"),
    "unit": ("单位名称", "unit's name"),
    "seal": ("公章", "seal"),
    "eyes": ("眼部", "eyes"),
    "signature": ("签名", "signature"),
    "identifier": ("证件号码或手机号码", "ID or phone number"),
}


@dataclass(frozen=True)
class Reason:
    """One thing that leaks (or, for warnings, may leak) the identity on a page.

    ``box`` is in page-image pixels at the verify resolution, when there is a place to point to;
    ``seen`` says what was read or found there (the matched text, a metadata field's name).
    """

    code: str
    kind: str  # name, unit, seal, eyes, signature, or "" when not about one target
    box: tuple[int, int, int, int] | None = None
    seen: str = ""
    severity: str = FAIL
    detail: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def messages(self) -> tuple[str, str]:
        zh, en = MESSAGES[self.code]
        what_zh, what_en = KIND_WORDS.get(self.kind, ("身份信息", "identity"))
        return zh.format(what=what_zh), en.format(what=what_en)

    def to_dict(self) -> dict[str, Any]:
        zh, en = self.messages()
        return {
            "code": self.code,
            "kind": self.kind,
            "severity": self.severity,
            "box": list(self.box) if self.box else None,
            "seen": self.seen,
            "message_zh": zh,
            "message_en": en,
            "detail": dict(self.detail),
        }
