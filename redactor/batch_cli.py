"""``redactor batch``: the command line of redactor.batch, added to ``cli.main`` by ``register``.

The masking options are the very ``click`` options of ``redactor mask`` (taken from its
command, not written out again), so both commands always take the same ones.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any

import click

from redactor.errors import ExitCode, RedactorError

# Options of `redactor mask` that mean the same for every applicant of a batch.
SHARED_MASK_OPTIONS = (
    "dpi",
    "fill",
    "no_pinyin",
    "no_signatures",
    "seals",
    "eyes",
    "face_engine",
    "exempt",
    "mask_ids",
    "check",
    "rename_identity",
    "audit_text",
    "no_report",
    "quiet",
)


@click.command("batch")
@click.argument("manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for OUT/<id>/ per applicant (masked copies and audit) and OUT/summary.csv, "
    "OUT/summary.xlsx.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Files masked at once. local: worker processes (default: one per core, as memory "
    "allows); "
    "ray: Ray actors (default: one per CPU of the cluster).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: a pool of processes on this machine. ray: Ray actors (pip install "
    "'redactor[ray]'); every node must read the manifest's folders and write OUT at the same "
    "paths (a shared file system).",
)
@click.option(
    "--address",
    default=None,
    metavar="ADDR",
    help="With --engine ray: 'auto' joins the cluster this machine belongs to, "
    "'ray://HOST:10001' connects through Ray Client. Default: start a Ray on this machine "
    "for this run only, reachable from 127.0.0.1 only.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Redo every file, also those an earlier run of the same batch finished.",
)
def batch_command(
    manifest: Path,
    out_dir: Path,
    jobs: int | None,
    engine: str,
    address: str | None,
    force: bool,
    **mask_options: Any,
) -> None:
    """Mask the files of many applicants listed in MANIFEST (.csv or .xlsx) into OUT/<id>/.

    \b
    MANIFEST has one row per applicant and a header row naming its columns:
      id (编号)             the applicant's output folder name, OUT/<id>/
      name (姓名)           the applicant's name
      unit (单位, 工作单位) the work unit
      folder (文件夹)       the applicant's files: relative to MANIFEST's folder, or absolute
      aliases (别名), unit_aliases (单位别名), exempt (免遮盖): optional, ';'-separated
      id_number (身份证号), phone (手机号), terms (其他遮盖内容): optional, the applicant's
                            own identifiers, masked as --term masks them
    A bad row (missing name, folder not found, duplicate or unsafe id) is reported by its
    row number and the other applicants still run.

    \b
    Each OUT/<id>/ is what `redactor mask` writes; OUT/summary.csv and OUT/summary.xlsx
    have one row per applicant; OUT/.redactor/report/report.html links each applicant's HTML
    report (they show the originals: do not upload them; --no-report: none). Re-running the
    same command skips files already done.
    Exit codes as for `redactor mask`; a bad manifest row counts as an input failure (3).
    """
    if address is not None and engine != "ray":
        raise click.BadParameter("--address is for --engine ray", param_hint="--address")
    options = _options(mask_options)
    quiet = bool(mask_options["quiet"])
    sys.exit(
        int(_run(manifest, out_dir, options, mask_options, jobs, engine, address, force, quiet))
    )


def register(group: click.Group, mask_command: click.Command) -> None:
    """Add ``redactor batch`` to ``group`` with the masking options of ``mask_command``."""
    known = {p.name for p in batch_command.params}
    batch_command.params += [
        p for p in mask_command.params if p.name in SHARED_MASK_OPTIONS and p.name not in known
    ]
    group.add_command(batch_command)


def _options(values: dict[str, Any]):  # noqa: ANN202 - MaskOptions, imported lazily
    from redactor.options import MaskOptions

    return MaskOptions(
        dpi=values["dpi"],
        fill=values["fill"],
        signatures=not values["no_signatures"],
        seals=values["seals"],
        eyes=values["eyes"],
        face_engine=values["face_engine"],
        exempt=tuple(values["exempt"]),
        mask_ids=values["mask_ids"],
        check=values["check"],
    )


def _output(values: dict[str, Any]):  # noqa: ANN202 - OutputOptions, imported lazily
    from redactor.options import OutputOptions

    return OutputOptions(rename_identity=values["rename_identity"], audit_text=values["audit_text"])


def _run(
    manifest_path: Path,
    out_dir: Path,
    options: Any,
    values: dict[str, Any],
    jobs: int | None,
    engine: str,
    address: str | None,
    force: bool,
    quiet: bool,
) -> ExitCode:
    from redactor.batch import run_batch
    from redactor.manifest import load_manifest

    bar = None
    # SIGTERM (a scheduler, `kill`) stops the batch like Ctrl-C: every output written so far is
    # complete and recorded, and the audits and summary are written.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        manifest = load_manifest(manifest_path, pinyin=not values["no_pinyin"])
        executor = _executor(engine, jobs, address)
        bar, progress = _progress(quiet)
        with executor:
            result = run_batch(
                manifest, out_dir, options, executor, force, progress, _output(values)
            )
    except RedactorError as exc:
        _close(bar)
        click.echo(f"redactor: error: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        _close(bar)
        click.echo("redactor: interrupted; outputs written so far are complete", err=True)
        return ExitCode.INTERRUPTED
    _close(bar)
    if not quiet:
        _print_totals(result, out_dir)
    if not values["no_report"]:
        _write_report(out_dir, quiet)
    return result.exit_code


def _write_report(out_dir: Path, quiet: bool) -> None:
    """Each applicant's HTML report and the batch's page linking to them."""
    from redactor.report import write_batch_report

    try:
        path = write_batch_report(out_dir)
    except (RedactorError, OSError) as exc:
        click.echo(f"redactor: warning: the report was not written: {exc}", err=True)
        return
    if not quiet:
        click.echo(f"Report (shows the originals: do not upload): {path}", err=True)


def _interrupt(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one interruption is enough
    raise KeyboardInterrupt


def _executor(engine: str, jobs: int | None, address: str | None):  # noqa: ANN202
    from redactor.executor import make_executor

    if engine == "ray":
        from redactor.ray_executor import RayExecutor

        # Not make_executor's default of this machine's cores: a cluster has its own count.
        return RayExecutor(address, jobs)
    return make_executor(engine, jobs, address)


def _progress(quiet: bool):  # noqa: ANN202 - (tqdm, BatchProgress)
    """One bar over the whole batch, counted in pages (so its estimate of the time left weighs
    a 40-page PDF as 40 pages), with files done beside it."""
    from tqdm import tqdm

    from redactor.batch import BatchProgress

    bar = tqdm(
        total=0,
        unit="page",
        disable=quiet,
        delay=1.0,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    files = {"done": 0, "total": 0, "started": 0}

    def on_start(total_files: int, total_pages: int) -> None:
        files["total"], files["started"] = total_files, 1
        bar.reset(total=total_pages)
        bar.set_postfix_str(f"0/{total_files} files", refresh=False)

    def on_file(_outcome: object, pages: int) -> None:
        files["done"] += 1
        bar.set_postfix_str(f"{files['done']}/{files['total']} files", refresh=False)
        bar.update(pages)

    def on_error(message: str) -> None:
        if files["started"]:
            bar.write(f"redactor: error: {message}", file=sys.stderr)
        else:  # manifest rows, before the bar exists
            click.echo(f"redactor: error: {message}", err=True)

    return bar, BatchProgress(on_start, on_file, on_error)


def _close(bar: Any) -> None:
    if bar is not None:
        bar.close()


def _print_totals(result: Any, out_dir: Path) -> None:
    rows = result.applicants
    not_run = sum(1 for a in rows if a.error)
    counts = [a.counts() for a in rows]
    click.echo(
        f"{len(rows)} applicants ({not_run} not run), {sum(a.files for a in rows)} files, "
        f"{sum(c['pages'] for c in counts)} pages, "
        f"{sum(c['pages_needing_masking'] for c in counts)} needed masking, "
        f"{sum(a.failed_files for a in rows)} failed, "
        f"{result.skipped_files} done before and skipped, {result.redone_files} redone.",
        err=True,
    )
    click.echo(
        f"Per applicant: {out_dir}/<id>/; summary: {result.summary_csv}, {result.summary_xlsx}",
        err=True,
    )
