"""redactor batch: manifests (CSV/XLSX, English/Chinese headers, BOM or not, bad rows), the
per-applicant outputs and the summary, on real generated pages masked with the real models."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from redactor.cli import main
from redactor.errors import ExitCode, UsageError
from redactor.manifest import load_manifest
from redactor.summary import ApplicantSummary, write_summary
from samples import synth_batch
from samples.synth_batch import CHINESE_HEADER, ENGLISH_HEADER

openpyxl = pytest.importorskip("openpyxl")

ID_NUMBER = "652701198603152411"  # a valid resident ID number (its checksum holds)
OTHER_ID_NUMBER = "110101199003074514"


def _run_cli(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return result.exit_code, result.output  # stdout and stderr, as a terminal shows them


# ------------------------------------------------------------------------- manifest parsing


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """A manifest folder with three (empty) applicant folders, for parsing tests."""
    root = tmp_path_factory.mktemp("manifest")
    names = [root / "材料" / n for n in ("01_王伟", "02_张晓明", "03_欧阳丽华")]
    for n in names:
        n.mkdir(parents=True)
    return root, names


def _rows(header: tuple[str, ...], root: Path, names: list[Path]) -> list[list[str]]:
    return [
        list(header),
        [
            "1",
            "王伟",
            "博尔塔拉蒙古自治州人民医院",
            "材料/01_王伟",
            "王 伟；Wang Wei",
            "州医院",
            "*身份证*",
        ],
        ["2", "张晓明", "博乐市第一中学", str(names[1]), "", "", ""],  # absolute folder
        ["A3", "欧阳丽华", "精河县农业技术推广中心", "材料/03_欧阳丽华", "", "", ""],
    ]


@pytest.mark.parametrize("header", [ENGLISH_HEADER, CHINESE_HEADER], ids=["english", "chinese"])
@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_csv_manifest_reads_every_column(
    folders: tuple[Path, list[Path]], header: tuple[str, ...], bom: bool
) -> None:
    root, names = folders
    path = synth_batch.write_csv(_rows(header, root, names), root / f"m-{bom}.csv", bom=bom)
    manifest = load_manifest(path)
    assert manifest.errors == ()
    assert [a.id for a in manifest.applicants] == ["1", "2", "A3"]
    first = manifest.applicants[0]
    assert first.row == 2
    assert first.identity.name == "王伟"
    assert first.identity.aliases == ("王 伟", "Wang Wei")  # full-width ； splits too
    assert first.identity.unit_aliases == ("州医院",)
    assert first.exempt == ("*身份证*",)
    assert [a.folder.resolve() for a in manifest.applicants] == [n.resolve() for n in names]


def test_xlsx_manifest_with_chinese_headers_and_numeric_ids(
    folders: tuple[Path, list[Path]],
) -> None:
    root, names = folders
    rows: list[list[object]] = _rows(
        ("序号", "姓名", "单位", "文件夹", "别名", "单位别名", "免遮盖"), root, names
    )
    rows[1][0], rows[2][0] = 1, 2.0  # Excel stores typed numbers: 1 and 2.0
    rows.insert(3, [None] * 7)  # a blank row between applicants is skipped
    manifest = load_manifest(synth_batch.write_xlsx(rows, root / "m.xlsx"))
    assert manifest.errors == ()
    assert [(a.id, a.row) for a in manifest.applicants] == [("1", 2), ("2", 3), ("A3", 5)]
    assert manifest.applicants[2].identity.unit == "精河县农业技术推广中心"


def test_gbk_csv_from_chinese_excel_is_read(folders: tuple[Path, list[Path]]) -> None:
    root, names = folders
    path = root / "gbk.csv"
    text = "\n".join(",".join(r) for r in _rows(CHINESE_HEADER, root, names)) + "\n"
    path.write_bytes(text.encode("gbk"))
    manifest = load_manifest(path)
    assert [a.identity.name for a in manifest.applicants] == ["王伟", "张晓明", "欧阳丽华"]


def test_bad_rows_are_named_and_the_good_ones_kept(folders: tuple[Path, list[Path]]) -> None:
    root, _ = folders
    unit = "博乐市第一中学"
    rows = [
        list(ENGLISH_HEADER),
        ["ok1", "王伟", unit, "材料/01_王伟", "", "", ""],  # row 2
        ["x1", "", unit, "材料/01_王伟", "", "", ""],  # 3: no name
        ["x2", "李四", unit, "材料/没有这个文件夹", "", "", ""],  # 4: folder not found
        ["OK1", "李四", unit, "材料/02_张晓明", "", "", ""],  # 5: duplicate (case)
        ["../x", "李四", unit, "材料/02_张晓明", "", "", ""],  # 6: unsafe id
        ["a/b", "李四", unit, "材料/02_张晓明", "", "", ""],  # 7
        ["a\\b", "李四", unit, "材料/02_张晓明", "", "", ""],  # 8
        ["..", "李四", unit, "材料/02_张晓明", "", "", ""],  # 9
        ["", "李四", unit, "材料/02_张晓明", "", "", ""],  # 10: no id
        ["x3", "李四", "", "材料/02_张晓明", "", "", ""],  # 11: no unit
        ["ok2", "欧阳丽华", unit, "材料/03_欧阳丽华", "", "", ""],  # 12
    ]
    manifest = load_manifest(synth_batch.write_csv(rows, root / "bad.csv"))
    assert [a.id for a in manifest.applicants] == ["ok1", "ok2"]
    by_row = {e.row: e for e in manifest.errors}
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "name" in by_row[3].message
    assert "not found" in by_row[4].message and "没有这个文件夹" in by_row[4].message
    assert "duplicate" in by_row[5].message and "row 2" in by_row[5].message
    assert all("plain folder name" in by_row[r].message for r in (6, 7, 8, 9))
    assert "id is missing" in by_row[10].message
    assert "unit" in by_row[11].message
    assert str(by_row[6]).startswith("manifest row 6 (id '../x'): ")


def test_identifier_columns_become_the_applicants_terms_and_a_rounded_id_is_refused(
    folders: tuple[Path, list[Path]],
) -> None:
    # A reviewer's roster carries 身份证号 and 手机号 columns already; each is masked as
    # `--term` masks it. Excel keeps 15 digits of a number: an ID typed into a number cell is
    # rounded (shown and saved to CSV as 6.52701E+17), and masking that would hide nothing.
    root, _ = folders
    header = ["编号", "姓名", "工作单位", "文件夹", "身份证号", "手机号码", "其他遮盖内容"]
    unit = "博尔塔拉蒙古自治州人民医院"
    rows: list[list[object]] = [
        header,
        ["1", "王伟", unit, "材料/01_王伟", ID_NUMBER, 13899561234, "工号A0731；BZ-2024-17"],
        ["2", "张晓明", unit, "材料/02_张晓明", 652701198603152411.0, "", ""],  # a number cell
        ["3", "欧阳丽华", unit, "材料/03_欧阳丽华", "", "", ""],
    ]
    for manifest in (
        load_manifest(synth_batch.write_xlsx(rows, root / "ids.xlsx")),
        load_manifest(synth_batch.write_csv([[str(c) for c in r] for r in rows], root / "ids.csv")),
    ):
        first, third = manifest.applicants
        assert first.identity.terms == (ID_NUMBER, "13899561234", "工号A0731", "BZ-2024-17")
        assert third.identity.terms == ()
        [rounded] = manifest.errors
        assert rounded.row == 3 and "rounded" in rounded.message and "id_number" in rounded.message


def test_a_manifest_without_a_required_column_is_refused(tmp_path: Path) -> None:
    path = synth_batch.write_csv([["id", "name", "folder"], ["1", "王伟", "."]], tmp_path / "m.csv")
    with pytest.raises(UsageError, match=r"unit \(单位\)"):
        load_manifest(path)


# -------------------------------------------------------------------------------- summary


def test_summary_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    rows = [
        ApplicantSummary('=HYPERLINK("http://x")', 2, '=HYPERLINK("http://x")'),
        ApplicantSummary("@SUM(A1)", 3, "", error="+cmd|' /C calc'!A0", exit_code=3),
        ApplicantSummary("-1", 4, "-1"),
    ]
    csv_path, xlsx_path = write_summary(tmp_path, rows)
    data = csv_path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM, for Excel
    table = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert [r[0] for r in table[1:]] == ['\'=HYPERLINK("http://x")', "'@SUM(A1)", "'-1"]
    assert table[2][-1] == "'+cmd|' /C calc'!A0"
    sheet = openpyxl.load_workbook(xlsx_path).active
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            assert cell.data_type != "f"
    assert [c.value for c in sheet[1]] == table[0]


# ---------------------------------------------------------------------- whole batches, real


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("batch")
    return root, synth_batch.build_batch(root, count=3, seed=11)


@pytest.fixture(scope="module")
def csv_run(corpus: tuple[Path, list]) -> tuple[Path, int, str]:
    """`redactor batch` on a CSV manifest (BOM) with the 3 applicants and 3 bad rows."""
    root, applicants = corpus
    rows = synth_batch.manifest_rows(applicants, root)
    rows += [
        ["B1", "", "博乐市第一中学", "材料/01_王伟", "", "", ""],
        ["B2", "李四", "博乐市第一中学", "材料/不存在", "", "", ""],
        [applicants[0].id, "李四", "博乐市第一中学", "材料/01_王伟", "", "", ""],
    ]
    manifest = synth_batch.write_csv(rows, root / "名单.csv", bom=True)
    out = root / "out-csv"
    code, output = _run_cli(["batch", str(manifest), "-o", str(out), "--jobs", "1", "--audit-text"])
    return out, code, output


def _audit(folder: Path) -> dict:
    return json.loads((folder / "audit.json").read_text(encoding="utf-8"))


def test_batch_masks_each_applicant_with_its_own_identity(
    corpus: tuple[Path, list], csv_run: tuple[Path, int, str]
) -> None:
    root, applicants = corpus
    out, code, output = csv_run
    assert code == ExitCode.INPUT_FAILED, output  # the bad rows; every good file was done
    for row in (5, 6, 7):
        assert f"manifest row {row}" in output
    for a in applicants:
        folder = out / a.id
        for relative in a.files:
            assert (folder / relative).is_file(), f"{a.id}: {relative} missing"
        pages = _audit(folder)["pages"]
        assert len(pages) == a.pages
        texts = {r["kind"]: set() for p in pages for r in p["regions"]}
        for p in pages:
            for r in p["regions"]:
                texts[r["kind"]].add(r["text"])
        # Its own name and unit were masked; the other applicant named on its pages was not.
        assert texts.get("name") == {a.identity.name}, (a.id, texts)
        assert a.identity.unit in texts.get("unit", set())
        masked = [p for p in pages if not p["exempt"]]
        assert all(p["needs_masking"] for p in masked)
    # The ID card listed in the manifest's exempt column is copied unchanged.
    first = applicants[0]
    exempt = [r for r in first.files if "身份证" in r]
    assert exempt and all(
        (out / first.id / r).read_bytes() == (first.folder / r).read_bytes() for r in exempt
    )


def test_batch_masks_the_identifiers_a_manifest_gives_and_verify_checks_them(
    tmp_path: Path,
) -> None:
    # The roster's 身份证号 and 工号 of one applicant: masked on that applicant's page (audit kind
    # identifier, no identity in the audit), and `verify --manifest` fails the input and passes
    # the output. A colleague's ID number on the same page is not the applicant's: it stays.
    from tests.conftest import draw_text_page

    folder = tmp_path / "材料" / "01"
    folder.mkdir(parents=True)
    lines = [f"身份证号：{ID_NUMBER}", "工号：A0731", f"同事李强，身份证号：{OTHER_ID_NUMBER}"]
    Image.fromarray(draw_text_page(lines)).save(folder / "page.png")
    header = ["编号", "姓名", "工作单位", "文件夹", "身份证号", "其他遮盖内容"]
    unit = "博尔塔拉蒙古自治州人民医院"
    rows = [header, ["01", "王伟", unit, "材料/01", ID_NUMBER, "A0731"]]
    manifest = synth_batch.write_csv(rows, tmp_path / "名单.csv")
    out = tmp_path / "out"
    code, output = _run_cli(["batch", str(manifest), "-o", str(out), "--jobs", "1"])
    assert code == ExitCode.OK, output
    [page] = _audit(out / "01")["pages"]
    assert [r["kind"] for r in page["regions"]] == ["identifier", "identifier"]
    assert ID_NUMBER not in (out / "01" / "audit.json").read_text(encoding="utf-8")
    outputs = synth_batch.write_csv(
        [header, [*rows[1][:3], "out/01", *rows[1][4:]]], tmp_path / "o.csv"
    )
    for listed, expected in ((manifest, ExitCode.VERIFY_FAILED), (outputs, ExitCode.OK)):
        args = ["verify", "--manifest", str(listed), "-o", str(tmp_path / listed.stem), "-q"]
        code, output = _run_cli([*args, "--eyes", "off", "--seals", "off"])
        assert code == expected, output


def test_batch_summary_has_one_row_per_applicant(
    corpus: tuple[Path, list], csv_run: tuple[Path, int, str]
) -> None:
    _, applicants = corpus
    out, _, _ = csv_run
    data = (out / "summary.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    assert [r["manifest_row"] for r in table] == ["2", "3", "4", "5", "6", "7"]
    for a, row in zip(applicants, table[:3], strict=True):
        pages = [p for p in _audit(out / a.id)["pages"] if not p["error"]]
        assert row["id"] == a.id and row["status"] == "ok" and row["output"] == a.id
        assert int(row["files"]) == len(a.files)
        assert int(row["pages"]) == a.pages == len(pages)
        assert int(row["pages_needing_masking"]) == sum(p["needs_masking"] for p in pages)
        assert int(row["pages_name"]) == sum(
            any(r["kind"] == "name" for r in p["regions"]) for p in pages
        )
        assert int(row["exempt_pages"]) == sum(p["exempt"] for p in pages)
    errors = table[3:]
    assert [r["status"] for r in errors] == ["error"] * 3
    assert "name" in errors[0]["error"] and "not found" in errors[1]["error"]
    assert "duplicate" in errors[2]["error"]
    # The workbook holds the same table.
    sheet = openpyxl.load_workbook(out / "summary.xlsx").active
    values = [[("" if c is None else str(c)) for c in r] for r in sheet.iter_rows(values_only=True)]
    assert values[0] == list(table[0].keys())
    assert [v[0] for v in values[1:]] == [r["id"] for r in table]
    assert [v[4] for v in values[1:]] == [r["pages"] for r in table]
    # The summary names applicants by id only.
    text = data.decode("utf-8-sig")
    assert not any(a.identity.name in text for a in applicants)


def _pixels(path: Path) -> np.ndarray:
    if path.suffix == ".pdf":
        import pymupdf

        with pymupdf.open(path) as doc:
            return np.concatenate([np.frombuffer(p.get_pixmap().samples, np.uint8) for p in doc])
    return np.asarray(Image.open(path))


# A second whole batch over the corpus; the xlsx manifest itself is read by the test above.
@pytest.mark.slow
def test_xlsx_manifest_with_chinese_headers_gives_the_same_outputs(
    corpus: tuple[Path, list], csv_run: tuple[Path, int, str]
) -> None:
    root, applicants = corpus
    out_csv, _, _ = csv_run
    rows = synth_batch.manifest_rows(applicants, root, header=CHINESE_HEADER)
    manifest = synth_batch.write_xlsx(rows, root / "名单.xlsx")
    out = root / "out-xlsx"
    code, output = _run_cli(
        ["batch", str(manifest), "-o", str(out), "--jobs", "1", "-q", "--audit-text"]
    )
    assert code == ExitCode.OK, output
    for a in applicants:
        for relative in a.files:
            assert np.array_equal(
                _pixels(out / a.id / relative), _pixels(out_csv / a.id / relative)
            ), f"{a.id}/{relative}"
    table = list(csv.reader((out / "summary.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert len(table) == 1 + len(applicants)


def test_engine_ray_without_ray_installed_exits_5(
    folders: tuple[Path, list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, names = folders
    manifest = synth_batch.write_csv(_rows(ENGLISH_HEADER, root, names), tmp_path / "m.csv")
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    code, output = _run_cli(
        ["batch", str(manifest), "-o", str(tmp_path / "out"), "--engine", "ray"]
    )
    assert code == ExitCode.MISSING_DEPENDENCY
    assert "pip install 'redactor[ray]'" in output
    assert not (tmp_path / "out").exists()  # nothing was done


def test_rerunning_a_batch_skips_what_is_done_and_redoes_a_changed_input(
    corpus: tuple[Path, list], csv_run: tuple[Path, int, str]
) -> None:
    root, applicants = corpus
    out, _, _ = csv_run
    manifest = root / "名单.csv"
    before = {a.id: _audit(out / a.id)["pages"] for a in applicants}
    # Nothing changed: every file of every applicant is skipped, the audits stay whole.
    code, output = _run_cli(
        ["batch", str(manifest), "-o", str(out), "--jobs", "1", "-q", "--audit-text"]
    )
    assert code == ExitCode.INPUT_FAILED, output  # the same bad rows as before
    table = list(csv.DictReader((out / "summary.csv").read_text("utf-8-sig").splitlines()))
    good = table[: len(applicants)]
    assert [int(r["skipped_files"]) for r in good] == [len(a.files) for a in applicants]
    assert [int(r["pages"]) for r in good] == [a.pages for a in applicants]
    for a in applicants:
        assert _audit(out / a.id)["pages"] == before[a.id]
    # One input changes: only that file is redone. (The input is put back afterwards, as
    # the corpus is the module's; this test comes last in the file.)
    changed = applicants[1]
    target = changed.folder / changed.files[0]
    original = target.read_bytes()
    image = np.asarray(Image.open(target)).copy()
    image[:4, :4] = 0
    Image.fromarray(image).save(target, "JPEG")
    try:
        _run_cli(["batch", str(manifest), "-o", str(out), "--jobs", "1", "-q", "--audit-text"])
    finally:
        target.write_bytes(original)
    table = list(csv.DictReader((out / "summary.csv").read_text("utf-8-sig").splitlines()))
    skipped = [int(r["skipped_files"]) for r in table[: len(applicants)]]
    assert skipped == [len(a.files) - (a is changed) for a in applicants]
    redone = [int(r["redone_files"]) for r in table[: len(applicants)]]
    assert redone == [int(a is changed) for a in applicants]
    assert len(_audit(out / changed.id)["pages"]) == changed.pages
