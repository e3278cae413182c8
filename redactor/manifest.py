"""A reviewer's manifest: one row per applicant, as CSV (UTF-8, with or without BOM) or .xlsx.

Columns (English or Chinese headers, any order; other columns are ignored): ``id`` (编号),
``name`` (姓名), ``unit`` (单位/工作单位), ``folder`` (文件夹; relative to the manifest's own
folder, or absolute) and optional ``aliases`` (别名), ``unit_aliases`` (单位别名), ``exempt``
(免遮盖) and ``terms`` (其他遮盖内容), each a ``;``-separated list, and ``id_number`` (身份证号) and
``phone`` (手机号): the applicant's own identifiers, masked as ``--term`` masks them (a reviewer's
roster usually has these columns already).

A bad row becomes a ``RowError`` naming its row; the good rows are still returned, so the other
applicants run. Only a manifest that cannot be read at all (or lacks a required column) raises.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from redactor.errors import MissingDependencyError, UsageError
from redactor.options import Identity

REQUIRED = ("id", "name", "unit", "folder")
OPTIONAL = ("aliases", "unit_aliases", "exempt", "terms", "id_number", "phone")
# The columns whose cells are the applicant's own identifiers, each masked as a `--term`.
TERM_COLUMNS = ("id_number", "phone", "terms")

# Accepted header spellings, compared after _header_key (lower case, no spaces, "-" -> "_").
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "序号", "申报人编号", "申报编号"),
    "name": ("name", "姓名", "申报人", "申报人姓名"),
    "unit": ("unit", "单位", "工作单位", "单位名称", "所在单位"),
    "folder": ("folder", "文件夹", "材料文件夹", "目录", "材料目录", "路径"),
    "aliases": ("aliases", "alias", "别名", "姓名别名", "曾用名"),
    "unit_aliases": ("unit_aliases", "unit_alias", "单位别名", "单位简称", "单位其他名称"),
    "exempt": ("exempt", "免遮盖", "不遮盖", "免遮盖文件"),
    "terms": ("terms", "term", "其他遮盖内容", "遮盖词", "其他标识"),
    "id_number": ("id_number", "身份证号", "身份证号码", "公民身份号码", "证件号码"),
    "phone": ("phone", "mobile", "手机", "手机号", "手机号码", "联系电话"),
}
# List cells are split on ASCII and full-width semicolons (Chinese keyboards type the latter).
LIST_SEPARATORS = re.compile(r"[;；]")
# An id names the applicant's output folder OUT/<id>/: one plain path component, portable to
# Windows (no reserved characters, no trailing dot or space), never "." or "..".
UNSAFE_ID_CHARS = re.compile(r'[/\\<>:"|?*\x00-\x1f]')
MAX_ID_LENGTH = 100
# A number as Excel shows it once it has more digits than it keeps (6.52701E+17).
EXCEL_EXACT_LIMIT = 1e15  # Excel keeps 15 significant digits of a number
ROUNDED_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?[eE]\+?\d+")


@dataclass(frozen=True)
class Applicant:
    """One good manifest row."""

    row: int  # the row number a spreadsheet shows (the header is row 1)
    id: str
    identity: Identity
    folder: Path  # resolved against the manifest's folder
    exempt: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowError:
    """A manifest row that cannot run, and why."""

    row: int
    id: str  # as written in the row (may be empty or unsafe)
    message: str

    def __str__(self) -> str:
        who = f" (id {self.id!r})" if self.id else ""
        return f"manifest row {self.row}{who}: {self.message}"


@dataclass(frozen=True)
class Manifest:
    path: Path
    applicants: tuple[Applicant, ...]
    errors: tuple[RowError, ...]


def load_manifest(path: Path, pinyin: bool = True) -> Manifest:
    """Read and check a manifest; raises ``UsageError`` only when the whole file is unusable."""
    rows = _read_rows(path)
    if not rows:
        raise UsageError(f"{path}: the manifest is empty")
    columns = _map_header(rows[0], path)
    applicants: list[Applicant] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}  # case-folded id -> row, for duplicates (case-insensitive disks)
    for number, cells in enumerate(rows[1:], start=2):
        values = {f: _cell(cells, i) for f, i in columns.items()}
        if not any(values.values()):
            continue  # blank lines between groups of applicants
        parsed = _parse_row(number, values, path.parent, seen, pinyin)
        if isinstance(parsed, RowError):
            errors.append(parsed)
        else:
            seen[parsed.id.casefold()] = number
            applicants.append(parsed)
    return Manifest(path, tuple(applicants), tuple(errors))


def _parse_row(
    number: int, values: dict[str, str], base: Path, seen: dict[str, int], pinyin: bool
) -> Applicant | RowError:
    applicant_id = values["id"]
    problem = id_problem(applicant_id)
    if problem is None and applicant_id.casefold() in seen:
        problem = f"duplicate id (also on row {seen[applicant_id.casefold()]})"
    if problem is None and not values["name"]:
        problem = "the name is missing"
    if problem is None and not values["unit"]:
        problem = "the unit is missing"
    if problem is None and not values["folder"]:
        problem = "the folder is missing"
    if problem is None:
        problem = _rounded_number(values)
    if problem is not None:
        return RowError(number, applicant_id, problem)
    folder = Path(values["folder"]).expanduser()
    folder = folder if folder.is_absolute() else base / folder
    if not folder.exists():
        return RowError(number, applicant_id, f"folder not found: {folder}")
    try:
        identity = Identity(
            name=values["name"],
            unit=values["unit"],
            aliases=split_list(values.get("aliases", "")),
            unit_aliases=split_list(values.get("unit_aliases", "")),
            pinyin=pinyin,
            terms=tuple(t for f in TERM_COLUMNS for t in split_list(values.get(f, ""))),
        )
    except ValueError as exc:
        return RowError(number, applicant_id, str(exc))
    return Applicant(number, applicant_id, identity, folder, split_list(values.get("exempt", "")))


def _rounded_number(values: dict[str, str]) -> str | None:
    """Why an identifier cell cannot be masked as written, or None. Excel keeps 15 digits of a
    number, so an 18-digit ID number typed into a number cell is rounded and shown (and saved
    to CSV) as 6.52701E+17: masking that would hide nothing, so the row is refused."""
    for field_name in TERM_COLUMNS:
        for term in split_list(values.get(field_name, "")):
            if ROUNDED_NUMBER.fullmatch(term):
                return (
                    f"the {field_name} cell {term!r} is a number Excel rounded; "
                    "format the column as text and type the number again"
                )
    return None


def id_problem(applicant_id: str) -> str | None:
    """Why ``applicant_id`` cannot name an output folder, or None when it can."""
    if not applicant_id:
        return "the id is missing"
    if applicant_id in (".", "..") or UNSAFE_ID_CHARS.search(applicant_id):
        return 'the id must be a plain folder name (no / \\ : * ? " < > |, not . or ..)'
    if applicant_id.endswith((".", " ")) or applicant_id.startswith("."):
        return "the id must not start with a dot or end with a dot or space"
    if len(applicant_id) > MAX_ID_LENGTH:
        return f"the id is longer than {MAX_ID_LENGTH} characters"
    return None


def split_list(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in LIST_SEPARATORS.split(cell) if part.strip())


def _header_key(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\ufeff", "")).lower().replace("-", "_")


def _map_header(header: Sequence[str], path: Path) -> dict[str, int]:
    """Field name -> column index. Raises when a required column is missing or doubled."""
    by_spelling = {_header_key(s): f for f, spellings in HEADER_NAMES.items() for s in spellings}
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        field_name = by_spelling.get(_header_key(title))
        if field_name is None:
            continue
        if field_name in columns:
            raise UsageError(f"{path}: two columns are both {field_name!r}")
        columns[field_name] = index
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        names = ", ".join(f"{f} ({HEADER_NAMES[f][1]})" for f in missing)
        raise UsageError(f"{path}: the header row lacks the column(s) {names}")
    return columns


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _read_rows(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".xls":
        raise UsageError(f"{path}: old .xls workbooks are not read; save it as .xlsx or CSV")
    return _read_csv(path)


def _read_csv(path: Path) -> list[list[str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the manifest: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Chinese Windows saves "CSV" in GB18030/GBK; UTF-8 decoding of that text fails
        # almost surely, so this fallback does not misread real UTF-8.
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise UsageError(f"{path}: the manifest is neither UTF-8 nor GB18030 text") from exc
    return [row for row in csv.reader(io.StringIO(text, newline=""))]


def _read_xlsx(path: Path) -> list[list[str]]:
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise MissingDependencyError("reading .xlsx manifests needs openpyxl") from exc
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise UsageError(f"{path}: cannot read the workbook: {exc}") from exc
    try:
        sheet = book.worksheets[0]
        return [_xlsx_row(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _xlsx_row(values: Iterable[object]) -> list[str]:
    return [_xlsx_text(v) for v in values]


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and abs(value) >= EXCEL_EXACT_LIMIT:
        return f"{value:.6G}"  # as Excel shows a number it rounded: 6.52701E+17
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id typed as 7 is stored as 7.0
    return str(value)
