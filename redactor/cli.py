"""Command line: parse -> options -> api -> exit code. No logic of its own."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from redactor import __version__
from redactor.batch_cli import register as _register_batch
from redactor.errors import ExitCode, RedactorError
from redactor.options import Identity, MaskOptions, OutputOptions

if TYPE_CHECKING:  # redactor.types imports numpy: not for `redactor --help`
    from redactor.types import PageAudit


class InputPath(click.Path):
    """An input named on the command line: it must exist as a directory entry, but a symbolic
    link that loops or points nowhere is let through, so that it becomes an error row of the run
    (like the same link found inside a folder) instead of stopping every other input."""

    def __init__(self) -> None:
        super().__init__(exists=False, path_type=Path)

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - click's own signature
        path = super().convert(value, param, ctx)
        if not os.path.lexists(path):
            self.fail(f"{click.format_filename(value)!r} does not exist.", param, ctx)
        return path


_COLOURS = {
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    "grey": (128, 128, 128),
    "gray": (128, 128, 128),
}


def _parse_colour(ctx: click.Context, param: click.Parameter, value: str) -> tuple[int, int, int]:
    v = value.strip().lower()
    if v in _COLOURS:
        return _COLOURS[v]
    h = v.lstrip("#")
    if len(h) == 6:
        try:
            return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))
        except ValueError:
            pass
    raise click.BadParameter("use black, white, grey or a hex colour like #000000")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="redactor")
def main() -> None:
    """Mask the applicant's name, work unit, signature, seals and eyes in review attachments.

    \b
    Example:
      redactor mask 材料/ --name 王伟 --unit 博尔塔拉蒙古自治州人民医院 -o 遮盖后/
    """


@main.command("mask")
@click.argument(
    "inputs",
    nargs=-1,
    required=True,
    metavar="INPUT...",
    type=InputPath(),
)
@click.option("--name", required=True, help="The applicant's name, e.g. 王伟.")
@click.option(
    "--unit", required=True, help="The applicant's work unit, e.g. 博尔塔拉蒙古自治州人民医院."
)
@click.option(
    "--alias",
    "aliases",
    multiple=True,
    metavar="TEXT",
    help="Another spelling of the name to mask (repeatable). Pinyin forms are added automatically.",
)
@click.option(
    "--unit-alias",
    "unit_aliases",
    multiple=True,
    metavar="TEXT",
    help="Another name of the unit to mask: an English name, an abbreviation (repeatable). "
    "Short forms inside an autonomous division (博州人民医院), a numbered school's short forms "
    "(博乐七中 for 博乐市第七中学), contractions after the unit's place (博州疾控中心) and the "
    "unit without the divisions "
    "above it (新疆维吾尔自治区… written without 新疆维吾尔自治区) are added automatically, and an "
    "English name's other word order (People's Hospital of …) and short place (Bortala "
    "Prefecture …).",
)
@click.option(
    "--term",
    "terms",
    multiple=True,
    metavar="TEXT",
    help="Another identifier of the applicant to mask wherever it appears: an ID number, a "
    "phone, an employee number (repeatable). Spaces, hyphens and full-width forms between its "
    "characters are allowed.",
)
@click.option(
    "--mask-ids",
    is_flag=True,
    help="Mask every valid resident ID number (checksum checked) and every mobile number on "
    "pages that are not exempt, the applicant's or anyone else's.",
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for the masked copies and audit.json / audit.csv. Must not be inside "
    "an input folder.",
)
@click.option(
    "--dpi",
    default=200,
    show_default=True,
    type=click.IntRange(72, 600),
    help="Resolution at which PDF pages are rasterised.",
)
@click.option(
    "--fill",
    default="black",
    show_default=True,
    callback=_parse_colour,
    help="Mask colour: black, white, grey or #RRGGBB.",
)
@click.option(
    "--no-pinyin",
    is_flag=True,
    help="Do not mask pinyin forms of the name, nor the unit spelt in pinyin or its initials.",
)
@click.option(
    "--no-signatures", is_flag=True, help="Do not mask handwriting next to 签名/签字 labels."
)
@click.option(
    "--seals",
    type=click.Choice(["all", "unit", "off"]),
    default="all",
    show_default=True,
    help="Mask every seal (all); all but those read clearly as another body's, naming neither "
    "the unit nor the applicant (unit); or none (off).",
)
@click.option(
    "--eyes",
    type=click.Choice(["band", "face", "all-faces", "off"]),
    default="band",
    show_default=True,
    help="Mask a band over the eyes of every photographed face (band), the whole face (face), "
    "a band over the eyes of drawn faces too: cartoons, paintings, avatars (all-faces), "
    "or none (off).",
)
@click.option(
    "--face-engine",
    type=click.Choice(["centerface", "insightface"]),
    default="centerface",
    show_default=True,
    help="Face detector. insightface is used only where it and a model pack are installed "
    "locally; nothing is downloaded.",
)
@click.option(
    "--exempt",
    "exempt",
    multiple=True,
    metavar="GLOB",
    help="Copy files whose path (relative to their input folder) or name matches GLOB "
    "unmasked, and mark them exempt in the audit: ID cards, the one-inch photo (repeatable), "
    "e.g. --exempt '*身份证*'.",
)
@click.option(
    "--rename-identity/--keep-identity-names",
    default=True,
    show_default=True,
    help="Output file and folder names: the name (its aliases and pinyin forms) replaced by 某某 "
    "and the unit by 某单位 (the default: a platform shows file names to reviewers), or kept "
    "as they were, each such output warned about. The audit, plans and report name each "
    "input as its output is named.",
)
@click.option(
    "--audit-text",
    is_flag=True,
    help="Keep the matched text (name, unit, a seal's arc text) in audit.json. By default a "
    "region records only its kind, text length and box.",
)
@click.option(
    "--audit",
    "audit_dir",
    type=click.Path(path_type=Path),
    help="Folder for audit.json and audit.csv (default: OUT), e.g. outside the folder you upload.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 256),
    default=None,
    envvar="REDACTOR_JOBS",
    help="Files masked at once, each in a worker process that loads the models once "
    "[default: the number of cores, or fewer if memory would not hold them; env REDACTOR_JOBS].",
)
@click.option(
    "--force",
    is_flag=True,
    help="Mask every file again, even those an earlier run into OUT finished with the same "
    "input, name, unit and options (which are otherwise skipped).",
)
@click.option(
    "--check",
    type=click.Choice(["near", "full", "off"]),
    default="near",
    show_default=True,
    help="Re-read each painted page and mask what is still found: around what was found "
    "(near), the whole page (full, slower), or not at all (off).",
)
@click.option(
    "--no-report",
    is_flag=True,
    help="Do not write the HTML report (AUDIT/.redactor/report/report.html, AUDIT being OUT or "
    "--audit DIR).",
)
@click.option(
    "--ocr-backend",
    type=click.Choice(["auto", "onnxruntime", "openvino"]),
    default="auto",
    show_default=True,
    envvar="REDACTOR_OCR_BACKEND",
    help="What runs the OCR models (the same model files): OpenVINO, installed with redactor "
    "and about twice as fast, or onnxruntime; auto takes OpenVINO when it is installed "
    "[env REDACTOR_OCR_BACKEND].",
)
@click.option(
    "--timings",
    is_flag=True,
    help="Record each page's CPU and wall seconds per stage (rasterise, OCR det/rec, "
    "orientation, seals, faces, paint, encode, self-check, ...) and the file's own (hash, "
    "open, write) in its plan under OUT/.redactor/plans/.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary; errors only.")
def mask_command(
    inputs: tuple[Path, ...],
    name: str,
    unit: str,
    aliases: tuple[str, ...],
    unit_aliases: tuple[str, ...],
    terms: tuple[str, ...],
    mask_ids: bool,
    out_dir: Path,
    dpi: int,
    fill: tuple[int, int, int],
    no_pinyin: bool,
    no_signatures: bool,
    seals: str,
    eyes: str,
    face_engine: str,
    exempt: tuple[str, ...],
    rename_identity: bool,
    audit_text: bool,
    audit_dir: Path | None,
    jobs: int | None,
    force: bool,
    check: str,
    no_report: bool,
    ocr_backend: str,
    timings: bool,
    quiet: bool,
) -> None:
    """Mask INPUT files and folders (PDF, JPEG, PNG, TIFF, BMP, WebP) into OUT.

    Folders are walked recursively; each output keeps its relative path, name and format
    (the name and unit in them become 某某 and 某单位 unless --keep-identity-names).
    Every page is listed in OUT/audit.json and OUT/audit.csv (or --audit DIR) with
    needs_masking yes/no, and shown (before and after) in the HTML report
    AUDIT/.redactor/report/report.html, which shows the originals: do not upload it.
    Non-regular files (FIFOs, devices), symbolic links that loop or point nowhere and folders
    reached twice through links are listed as skipped, never opened.
    What was found is kept as one plan per file in OUT/.redactor/plans/ (see `redactor apply`).

    \b
    Resume: every finished file is recorded at once in OUT/.redactor/records.jsonl. Running the
    same command again (after a crash, Ctrl-C or kill) skips the files already done and does
    the rest; a changed input, name, unit or option redoes that file; --force redoes all.

    \b
    Masked: the name (also spaced, in pinyin and as author initials such as Wang W or
    W. Wang, hand-written in the applicant's 姓名 field (also over a typo struck through),
    a name in parts such as 古丽娜尔·吐尔逊 with any joiner and by its own first part
    古丽娜尔, and every --alias), the unit (also split over lines, with small OCR slips, its short
    forms inside an autonomous prefecture or county such as 博州人民医院, a numbered
    school's short forms such as 博乐七中, contractions after its place such as
    博州疾控中心, the unit without
    the divisions above it (新疆维吾尔自治区… as 博尔塔拉…), spelt in pinyin (Bole Shi Diqi
    Zhongxue) or by its pinyin initials, and every --unit-alias), a name or unit set round a
    badge, medal or ribbon, a name or unit tiled over the page as a light watermark (behind
    its text too) or showing through thin paper from the page's back, mirrored,
    handwritten signatures next to
    签名/签字, official seals (red, other inks, and grey on photocopies; the whole seal) and
    personal name seals (私章), the
    eyes of every face in photos, QR codes whose payload names the applicant or the unit,
    every --term and, with --mask-ids, every valid ID number and mobile number.

    \b
    Exit codes: 0 all files done; 3 some inputs could not be read or were skipped (see the
    audit); 4 an output could not be written, or OUT is not a writable folder (checked before
    any work); 5 a model or optional package is missing (nothing done); 1 internal error on a
    file; 2 bad command line (also a name or unit with no Chinese or Latin letter); 130
    interrupted (Ctrl-C or SIGTERM); 6 a target was still found after masking a page again
    (see --check). When files fail in different ways the most severe is reported: 1, then 4,
    then 3.
    """
    identity = _identity(name, unit, aliases, unit_aliases, not no_pinyin, terms)
    for warning in identity.warnings():
        click.echo(f"redactor: warning: {warning}", err=True)
    options = MaskOptions(
        dpi=dpi,
        fill=fill,
        signatures=not no_signatures,
        seals=seals,
        eyes=eyes,
        face_engine=face_engine,
        exempt=exempt,
        mask_ids=mask_ids,
        check=check,
        timings=timings,
    )
    output = OutputOptions(
        rename_identity=rename_identity, audit_text=audit_text, audit_dir=audit_dir
    )
    _use_ocr_backend(ocr_backend)
    code = _run(list(inputs), out_dir, identity, options, output, quiet, jobs, force)
    if not no_report and code != ExitCode.INTERRUPTED:
        _write_report(out_dir, audit_dir, quiet)
    sys.exit(int(code))


def _identity(
    name: str,
    unit: str,
    aliases: tuple[str, ...],
    unit_aliases: tuple[str, ...],
    pinyin: bool,
    terms: tuple[str, ...],
) -> Identity:
    """The applicant mask and verify look for, from their options; a bad value is a usage
    error naming it (exit 2)."""
    try:
        return Identity(
            name=name,
            unit=unit,
            aliases=aliases,
            unit_aliases=unit_aliases,
            pinyin=pinyin,
            terms=terms,
        )
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _use_ocr_backend(backend: str) -> None:
    """This process and its workers (through the environment) run OCR on ``backend``."""
    import os
    from dataclasses import replace

    from redactor.detect import engines

    os.environ[engines.BACKEND_ENV] = backend
    engines.configure(replace(engines.current(), ocr_backend=backend))


@main.command("models")
def models_command() -> None:
    """List the model files redactor uses and check each one (present, sha256 as in
    models/models.json). Nothing is downloaded.

    \b
    Exit codes: 0 every model file is present and unaltered; 5 one is missing or altered
    (the message says what to install).
    """
    from redactor import models

    try:
        statuses = models.check_all()
        optional = models.optional_backends()
    except RedactorError as exc:
        click.echo(f"redactor: error: {exc}", err=True)
        sys.exit(int(exc.exit_code))
    for status in statuses:
        m = status.model
        version = status.installed_version or "not installed"
        mark = "ok" if status.ok else "MISSING" if status.location is None else "ALTERED"
        click.echo(f"{m.id:<11} {mark:<8} {m.package} {version} (tested {m.version}): {m.path}")
        click.echo(f"{'':<11} {m.name}; {m.licence}")
        click.echo(f"{'':<11} input {m.input}")
        click.echo(f"{'':<11} used for {m.used_for}; sha256 {m.sha256}")
    for backend in optional:
        state = models.optional_status(backend)
        name = f"{backend['package']} ({state})"
        click.echo(f"{backend['id']:<11} optional {name}: {backend['used_for']}")
        click.echo(f"{'':<11} where: {backend['where']}")
    failed = [s for s in statuses if not s.ok]
    for status in failed:
        click.echo(f"redactor: error: {status.model.name}: {status.problem}", err=True)
    sys.exit(int(ExitCode.MISSING_DEPENDENCY if failed else ExitCode.OK))


def _sigterm_as_interrupt() -> None:
    """SIGTERM (a service stopping, `kill`) ends the run like Ctrl-C: workers stopped, every
    output written so far complete, the audit rebuilt, exit 130."""

    def handler(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one interruption is enough
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # not the main thread (an embedding program)
        signal.signal(signal.SIGTERM, handler)


class _Progress:
    """One progress bar over files, with the pages done so far."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar = None
        self.pages = 0

    def start(self, total: int, done: int) -> None:
        from tqdm import tqdm

        # delay: no bar at all for runs that finish in a moment.
        self.bar = tqdm(
            total=total,
            initial=done,
            unit="file",
            disable=self.quiet,
            delay=1.0,
            file=sys.stderr,
            dynamic_ncols=True,
        )

    def page(self, _: PageAudit) -> None:
        self.pages += 1
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.pages} pages", refresh=False)

    def file_done(self, _: Path) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def error(self, message: str) -> None:
        line = f"redactor: error: {message}"
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            click.echo(line, err=True)

    def warning(self, message: str) -> None:
        line = f"redactor: warning: {message}"
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            click.echo(line, err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _run(
    inputs: list[Path],
    out_dir: Path,
    identity: Identity,
    options: MaskOptions,
    output: OutputOptions,
    quiet: bool,
    jobs: int | None = None,
    force: bool = False,
) -> ExitCode:
    from redactor import api

    _sigterm_as_interrupt()
    progress = _Progress(quiet)
    try:
        result = api.redact_paths(
            inputs,
            out_dir,
            identity,
            options,
            on_file_done=progress.file_done,
            on_page=progress.page,
            on_error=progress.error,
            jobs=jobs,
            force=force,
            on_start=lambda s: progress.start(s.total, s.result.skipped),
            output=output,
            on_warning=progress.warning,
        )
    except RedactorError as exc:
        progress.close()
        click.echo(f"redactor: error: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        progress.close()
        click.echo(
            "redactor: interrupted; outputs written so far are complete and recorded: "
            "run the same command again to do the rest",
            err=True,
        )
        return ExitCode.INTERRUPTED
    progress.close()
    if not quiet:
        s = result.summary()
        click.echo(
            f"{s['files']} files ({s['skipped']} skipped as already done, {s['redone']} redone), "
            f"{s['pages']} pages, {s['pages_needing_masking']} needed masking, "
            f"{s['failed_files']} failed.",
            err=True,
        )
        audit_dir = output.audit_dir or out_dir
        click.echo(
            f"Masked copies: {out_dir}/; audit: {audit_dir}/ (audit.json, audit.csv)", err=True
        )
    return result.exit_code


@main.command("apply")
@click.argument(
    "plans",
    nargs=-1,
    required=True,
    metavar="PLAN...",
    type=click.Path(exists=True, path_type=Path),
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for the masked copies; audit.json / audit.csv there are rebuilt.",
)
@click.option(
    "--input-root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder the plans' inputs are relative to, if they have moved since the plans "
    "were made [default: where each plan says its input was read].",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary; errors only.")
def apply_command(
    plans: tuple[Path, ...], out_dir: Path, input_root: Path | None, quiet: bool
) -> None:
    """Re-write masked copies from PLAN files (or folders of them, e.g. OUT/.redactor/plans)
    without finding anything again.

    Each plan is painted onto its ORIGINAL input, so a plan edited by hand (a region removed,
    or added with a "polygon") re-applies cleanly and nothing is masked twice. An input that has
    changed since its plan was made (sha256) is refused: mask it again instead.

    \b
    Exit codes as for `redactor mask`.
    """
    from redactor import api

    _sigterm_as_interrupt()
    progress = _Progress(quiet=True)
    try:
        result = api.apply_plans(list(plans), out_dir, input_root, on_error=progress.error)
    except RedactorError as exc:
        click.echo(f"redactor: error: {exc}", err=True)
        sys.exit(int(exc.exit_code))
    except KeyboardInterrupt:
        click.echo("redactor: interrupted; outputs written so far are complete", err=True)
        sys.exit(int(ExitCode.INTERRUPTED))
    if not quiet:
        s = result.summary()
        click.echo(
            f"{s['files']} files in {out_dir}/audit.json, {s['pages_needing_masking']} pages "
            f"masked, {s['failed_files']} failed.",
            err=True,
        )
    _write_report(out_dir, None, quiet)
    sys.exit(int(result.exit_code))


@main.command("verify")
@click.argument(
    "inputs",
    nargs=-1,
    required=False,
    metavar="INPUT...",
    type=InputPath(),
)
@click.option("--name", help="The applicant's name, e.g. 王伟 (not with --manifest).")
@click.option("--unit", help="The applicant's work unit (not with --manifest).")
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Verify every applicant of a batch manifest (.csv or .xlsx, as for redactor batch) "
    "instead of INPUT...: per-applicant rows and verify_summary.csv / .xlsx.",
)
@click.option(
    "--alias", "aliases", multiple=True, metavar="TEXT", help="Another spelling of the name."
)
@click.option(
    "--unit-alias", "unit_aliases", multiple=True, metavar="TEXT", help="Another name of the unit."
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for verify.json and verify.csv.",
)
@click.option("--dpi", default=200, show_default=True, type=click.IntRange(72, 600))
@click.option(
    "--no-pinyin",
    is_flag=True,
    help="Do not look for pinyin forms of the name, nor the unit spelt in pinyin or its initials.",
)
@click.option("--no-signatures", is_flag=True, help="Do not check signatures next to 签名/签字.")
@click.option(
    "--seals",
    type=click.Choice(["all", "unit", "off"]),
    default="all",
    show_default=True,
    help="Which visible seals fail a page: every seal (all), all but those read clearly as "
    "another body's (unit), none (off).",
)
@click.option(
    "--eyes",
    type=click.Choice(["band", "off"]),
    default="band",
    show_default=True,
    help="Fail faces whose eyes are not covered (band), or look for no faces (off).",
)
@click.option(
    "--term",
    "terms",
    multiple=True,
    metavar="TEXT",
    help="Another identifier of the applicant that fails a page where it can be read: an ID "
    "number, a phone (repeatable; matched as by `redactor mask --term`).",
)
@click.option(
    "--mask-ids",
    is_flag=True,
    help="Fail a page where any valid resident ID number or mobile number can be read, the "
    "applicant's or anyone else's (for files masked with `redactor mask --mask-ids`).",
)
@click.option(
    "--exempt",
    "exempt",
    multiple=True,
    metavar="GLOB",
    help="Files matching GLOB are listed as exempt, not judged (repeatable).",
)
@click.option(
    "--jobs",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Files verified at once, each in its own worker process.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary; errors only.")
def verify_command(
    inputs: tuple[Path, ...],
    name: str | None,
    unit: str | None,
    manifest: Path | None,
    aliases: tuple[str, ...],
    unit_aliases: tuple[str, ...],
    out_dir: Path,
    dpi: int,
    no_pinyin: bool,
    no_signatures: bool,
    seals: str,
    eyes: str,
    terms: tuple[str, ...],
    mask_ids: bool,
    exempt: tuple[str, ...],
    jobs: int,
    quiet: bool,
) -> None:
    """Check masked INPUT files: can the applicant still be seen or recovered?

    Every page is judged: the name, pinyin, an alias, the unit or a --term still readable (OCR
    or text layer; with --mask-ids any ID or mobile number too), a seal or a face's eyes not
    covered, the applicant's signature, and for PDFs text under drawn boxes, images under
    boxes, earlier revisions, metadata, annotations, form fields, attachments, bookmarks and
    hidden layers; for images EXIF/XMP/comments. A file name holding the name or unit is a
    warning. Written: OUT/verify.json and OUT/verify.csv (with --manifest also
    OUT/verify_summary.csv and .xlsx, one row per applicant).

    \b
    Exit codes: 0 every page passes; 6 a page fails; 3 an input could not be read (the
    others were verified); 5 a model is missing; 2 bad command line; 130 interrupted.
    """
    options = MaskOptions(
        dpi=dpi,
        signatures=not no_signatures,
        seals=seals,
        eyes=eyes,
        exempt=exempt,
        mask_ids=mask_ids,
    )
    if manifest is not None:
        if inputs or name or unit or terms:
            raise click.UsageError(
                "give either --manifest or INPUT... with --name and --unit (and --term)"
            )
        sys.exit(int(_run_verify(manifest, out_dir, None, options, quiet, jobs, not no_pinyin)))
    if not inputs or not name or not unit:
        raise click.UsageError("give INPUT... with --name and --unit, or --manifest")
    identity = _identity(name, unit, aliases, unit_aliases, not no_pinyin, terms)
    sys.exit(int(_run_verify(list(inputs), out_dir, identity, options, quiet, jobs)))


def _run_verify(
    inputs: list[Path] | Path,
    out_dir: Path,
    identity: Identity | None,
    options: MaskOptions,
    quiet: bool,
    jobs: int = 1,
    pinyin: bool = True,
) -> ExitCode:
    """Run verify on INPUT... (``inputs`` a list, with ``identity``) or a manifest (a path)."""
    from redactor.verify.report import summary
    from redactor.verify.run import verify_manifest, verify_paths

    def on_error(message: str) -> None:
        click.echo(f"redactor: error: {message}", err=True)

    try:
        if isinstance(inputs, Path):
            result = verify_manifest(
                inputs, out_dir, options, on_error=on_error, jobs=jobs, pinyin=pinyin
            )
        else:
            assert identity is not None
            result = verify_paths(inputs, out_dir, identity, options, on_error=on_error, jobs=jobs)
    except RedactorError as exc:
        click.echo(f"redactor: error: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("redactor: interrupted; verify.json lists the pages verified so far", err=True)
        return ExitCode.INTERRUPTED
    if not quiet:
        s = summary(result.verdicts)
        click.echo(
            f"{s['files']} files, {s['pages']} pages: {s['pages_passed']} passed, "
            f"{s['pages_failed']} failed, {s['pages_exempt']} exempt, "
            f"{s['unreadable_files']} unreadable, {s['warnings']} warnings. "
            f"Report: {out_dir}/verify.json, verify.csv",
            err=True,
        )
    return result.exit_code


def _write_report(out_dir: Path, audit_dir: Path | None, quiet: bool) -> None:
    """The HTML report of the run; a report that cannot be written is said, and the run's exit
    code stays what the masking made it."""
    from redactor.report import write_report

    if not ((audit_dir or out_dir) / "audit.json").is_file():
        return  # the run stopped before any audit (a bad command line, a missing model)
    try:
        path = write_report(out_dir, audit_dir)
    except (RedactorError, OSError) as exc:
        click.echo(f"redactor: warning: the report was not written: {exc}", err=True)
        return
    if not quiet:
        click.echo(f"Report (shows the originals: do not upload): {path}", err=True)


def _masked_folder_arguments(command: Callable) -> Callable:
    """OUT (a `redactor mask` output) with --audit and --input-root: where report and review
    find the audit, the plans and the original inputs."""
    command = click.option(
        "--input-root",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=None,
        help="Folder the inputs are relative to, if they have moved since the run.",
    )(command)
    command = click.option(
        "--audit",
        "audit_dir",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="The folder given to `redactor mask --audit` (default: OUT).",
    )(command)
    return click.argument(
        "out_dir", metavar="OUT", type=click.Path(exists=True, file_okay=False, path_type=Path)
    )(command)


@main.command("report")
@_masked_folder_arguments
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def report_command(
    out_dir: Path, audit_dir: Path | None, input_root: Path | None, quiet: bool
) -> None:
    """Rebuild the HTML report of OUT (a `redactor mask` or `redactor batch` output) from its
    audit and plans: AUDIT/.redactor/report/report.html with thumbnails beside it (AUDIT is
    OUT, or --audit DIR). For a batch: each applicant's report and OUT/.redactor/report/
    report.html linking to them. The report shows the original pages: do not upload it.

    \b
    Exit codes: 0 written; 3 no audit or summary to read in OUT; 4 not writable.
    """
    from redactor.report import write_batch_report, write_report

    try:
        if audit_dir is None and (out_dir / "summary.csv").is_file():
            path = write_batch_report(out_dir)
        else:
            path = write_report(out_dir, audit_dir, input_root=input_root)
    except RedactorError as exc:
        click.echo(f"redactor: error: {exc}", err=True)
        sys.exit(int(exc.exit_code))
    except OSError as exc:
        click.echo(f"redactor: error: {exc}", err=True)
        sys.exit(int(ExitCode.OUTPUT_FAILED))
    if not quiet:
        click.echo(f"Report (shows the originals: do not upload): {path}", err=True)


@main.command("review")
@_masked_folder_arguments
@click.option("--no-browser", is_flag=True, help="Print the address; do not open a browser.")
@click.option(
    "--idle-timeout",
    type=click.FloatRange(min=0.01),
    default=30.0,
    show_default=True,
    help="Minutes without a request after which the server stops by itself.",
)
def review_command(
    out_dir: Path,
    audit_dir: Path | None,
    input_root: Path | None,
    no_browser: bool,
    idle_timeout: float,
) -> None:
    """Check and fix the masks of OUT (a `redactor mask` output) by hand, in the browser.

    Serves a local page (127.0.0.1 only, a random port, a random token in its address) showing
    each masked page with its masks over the ORIGINAL page: click a mask to remove it (click
    again to restore), drag to add a box, drag a selected mask's corners to resize it; ← →
    pages, Delete, Ctrl+Z / Ctrl+Y, Ctrl+S. Save writes the edited plan (boxes added by hand
    have source "manual"; removed masks are kept in the plan as removed) and paints it again
    from the original input, so the masked copy, audit.json / audit.csv and the report match
    the page. Stops on Ctrl+C or after --idle-timeout minutes without a request.

    \b
    Exit codes: 0 stopped; 3 no audit or plans in OUT; 2 another run is writing to OUT.
    """
    from redactor.review import ReviewFolder, ReviewServer, ReviewSettings
    from redactor.review.server import open_in_browser, redirect_file

    if audit_dir is None and (out_dir / "summary.csv").is_file():
        click.echo(
            f"redactor: error: {out_dir} is a batch: review one applicant's folder, "
            f"e.g. redactor review {out_dir / '<id>'}",
            err=True,
        )
        sys.exit(int(ExitCode.USAGE))
    folder = ReviewFolder(out_dir, audit_dir or out_dir, input_root)
    try:
        server = ReviewServer(folder, ReviewSettings(idle_timeout=idle_timeout * 60))
    except RedactorError as exc:
        click.echo(f"redactor: error: {exc}", err=True)
        sys.exit(int(exc.exit_code))
    click.echo(f"检查遮盖 Review: {server.url}")
    click.echo("按 Ctrl+C 停止 (Ctrl+C stops the server)", err=True)
    if not no_browser:
        open_in_browser(server.url, out_dir)
    try:
        server.serve()
    except KeyboardInterrupt:
        click.echo("redactor: review stopped", err=True)
    finally:
        redirect_file(out_dir).unlink(missing_ok=True)  # its token is dead now anyway
    sys.exit(int(ExitCode.OK))


_register_batch(main, mask_command)

if __name__ == "__main__":
    main()
