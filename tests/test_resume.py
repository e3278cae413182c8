"""Resume and the worker pool: records on disk at once, re-runs skip what is done, a run killed
at any moment (kill -9, SIGTERM; a real subprocess) and run again ends as an uninterrupted run,
--jobs 2 gives what --jobs 1 gives, a worker that dies costs only its file."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from redactor import executor as executor_module
from redactor import records
from redactor.api import redact_paths
from redactor.cli import main
from redactor.errors import ExitCode, most_severe
from redactor.executor import FileTask, ProcessExecutor
from redactor.options import Identity, MaskOptions
from redactor.records import STATE_DIR
from tests.conftest import NAME, ROOT, UNIT, draw_text_page, write_small_corpus

IDENTITY = Identity(NAME, UNIT)
# Seals and faces off: resuming does not depend on what is found, and the runs are quicker.
OPTIONS = MaskOptions(seals="off", eyes="off")
CLI_OPTIONS = ["--name", NAME, "--unit", UNIT, "--seals", "off", "--eyes", "off"]


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and STATE_DIR not in p.parts and not p.name.startswith("audit.")
    }


def audit_pages(folder: Path) -> list[dict]:
    return json.loads((folder / "audit.json").read_text("utf-8"))["pages"]


def part_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".part")]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The small corpus masked in one uninterrupted run, in this process."""
    root = tmp_path_factory.mktemp("resume")
    inp, out = root / "in", root / "reference"
    write_small_corpus(inp)
    run = redact_paths([inp], out, IDENTITY, OPTIONS, jobs=1)
    assert run.exit_code == ExitCode.OK and run.pages_needing_masking == 4
    return inp, out


def test_a_rerun_skips_done_files_and_redoes_changed_ones(
    reference: tuple[Path, Path], tmp_path: Path
) -> None:
    inp, ref = reference
    inp_copy, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(inp, inp_copy)
    shutil.copytree(ref, out)
    log = records.records_path(out)
    lines = len(log.read_bytes().splitlines())

    again = redact_paths([inp_copy], out, IDENTITY, OPTIONS, jobs=1)
    assert (again.skipped, again.redone) == (4, 0)
    assert len(log.read_bytes().splitlines()) == lines  # nothing was done again
    assert audit_pages(out) == audit_pages(ref)

    # A changed input is redone; a changed option redoes everything; so does --force.
    Image.fromarray(draw_text_page([f"工作单位：{UNIT}", "新的一行"], width=900)).save(
        inp_copy / "memo.jpg"
    )
    changed = redact_paths([inp_copy], out, IDENTITY, OPTIONS, jobs=1)
    assert (changed.skipped, changed.redone) == (3, 1)
    assert outputs(out)["memo.jpg"] != outputs(ref)["memo.jpg"]
    assert [p["file"] for p in audit_pages(out)] == [p["file"] for p in audit_pages(ref)]
    forced = redact_paths([inp_copy], out, IDENTITY, OPTIONS, jobs=1, force=True)
    assert (forced.skipped, forced.redone) == (0, 4)
    assert outputs(out)["card.png"] == outputs(ref)["card.png"]


def test_jobs_2_gives_the_same_outputs_as_jobs_1(
    reference: tuple[Path, Path], tmp_path: Path
) -> None:
    inp, ref = reference
    run = redact_paths([inp], tmp_path / "out", IDENTITY, OPTIONS, jobs=2)
    assert run.exit_code == ExitCode.OK
    assert outputs(tmp_path / "out") == outputs(ref)
    assert audit_pages(tmp_path / "out") == audit_pages(ref)


def _cli(inp: Path, out: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    env.pop("REDACTOR_JOBS", None)
    cmd = [sys.executable, "-m", "redactor.cli", "mask", str(inp), *CLI_OPTIONS, "-o", str(out)]
    return subprocess.Popen(
        [*cmd, *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _records_written(out: Path) -> int:
    try:
        return len(records.read_records(records.records_path(out)))
    except OSError:
        return 0


def _stop_after(proc: subprocess.Popen, out: Path, done: int, extra: float, sig: int) -> bool:
    """Send ``sig`` once ``done`` files are recorded and ``extra`` seconds more have passed;
    False if the run ended first."""
    while _records_written(out) < done:
        if proc.poll() is not None:
            return False
        time.sleep(0.05)
    time.sleep(extra)
    if proc.poll() is not None:
        return False
    proc.send_signal(sig)
    return True


def _assert_same_as_reference(out: Path, ref: Path) -> None:
    assert outputs(out) == outputs(ref)
    pages = audit_pages(out)
    assert pages == audit_pages(ref)
    files = [p["file"] for p in pages if p["page"] == 1]
    assert len(files) == len(set(files)) == 4  # every file exactly once
    assert not part_files(out)


# One kill point by default; `make test-all` adds a second.
@pytest.mark.parametrize("seed", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_kill_9_at_a_random_point_then_rerun_ends_as_an_uninterrupted_run(
    reference: tuple[Path, Path], tmp_path: Path, seed: int
) -> None:
    inp, ref = reference
    out = tmp_path / "out"
    rng = random.Random(seed)
    done, extra = rng.randrange(0, 3), rng.uniform(0.0, 4.0)
    proc = _cli(inp, out, "--jobs", "2", "-q")
    killed = _stop_after(proc, out, done, extra, signal.SIGKILL)
    proc.communicate(timeout=900)
    recorded = _records_written(out)
    assert killed, "the run ended before the kill: no crash was tested"
    assert recorded < 4

    rerun = _cli(inp, out, "--jobs", "2")
    _, err = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, err
    assert re.search(rf"4 files \({recorded} skipped as already done, \d redone\)", err), err
    _assert_same_as_reference(out, ref)


def test_sigterm_stops_like_ctrl_c_and_the_rest_is_done_on_rerun(
    reference: tuple[Path, Path], tmp_path: Path
) -> None:
    inp, ref = reference
    out = tmp_path / "out"
    proc = _cli(inp, out, "--jobs", "2", "-q")
    assert _stop_after(proc, out, 1, 0.0, signal.SIGTERM), "the run ended before SIGTERM"
    _, err = proc.communicate(timeout=900)
    assert proc.returncode == ExitCode.INTERRUPTED, err
    assert "interrupted" in err
    # Stopped cleanly: workers gone, no temporary file, and the audit lists what was recorded.
    assert not part_files(out)
    finished = {r["input"] for r in records.read_records(records.records_path(out))}
    assert {p["file"] for p in audit_pages(out)} == finished
    assert all((out / name).is_file() for name in finished)

    rerun = _cli(inp, out, "--jobs", "1", "-q")
    _, err = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, err
    _assert_same_as_reference(out, ref)


def test_an_interruption_as_a_record_is_written_keeps_audit_and_records_in_step(
    reference: tuple[Path, Path], tmp_path: Path, monkeypatch
) -> None:
    """Fault injection: SIGTERM lands the moment the first record is on disk (the window the
    kill tests hit by chance). The audit written on the way out still lists that file."""
    inp, _ = reference
    out = tmp_path / "out"
    real_append = records.RecordLog.append

    def append_then_signal(self: records.RecordLog, record: dict) -> None:
        real_append(self, record)
        os.kill(os.getpid(), signal.SIGTERM)

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(records.RecordLog, "append", append_then_signal)
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        with pytest.raises(KeyboardInterrupt):
            redact_paths([inp], out, IDENTITY, OPTIONS, jobs=1)
    finally:
        signal.signal(signal.SIGTERM, previous)
    finished = {r["input"] for r in records.read_records(records.records_path(out))}
    assert len(finished) == 1
    assert {p["file"] for p in audit_pages(out)} == finished


def _die_on_some_files(task: FileTask):  # noqa: ANN202 - runs in a forked worker
    if task.relative.name.startswith("die"):
        os._exit(9)
    return REAL_RUN(task)


REAL_RUN = executor_module.run_file_task


def test_a_worker_that_dies_costs_only_its_file(tmp_path: Path, monkeypatch) -> None:
    """Fault injection: the worker holding die*.png exits at once. The other files are done
    (exempt copies: no model is loaded in the forked workers), and the pool goes on."""
    monkeypatch.setattr(executor_module, "run_file_task", _die_on_some_files)
    inp = tmp_path / "in"
    inp.mkdir()
    names = ["a.png", "b.png", "c.png", "die1.png", "die2.png"]
    for name in names:
        Image.new("RGB", (40, 30), "white").save(inp / name)
    options = MaskOptions(exempt=("*.png",))
    tasks = [FileTask(inp / n, Path(n), tmp_path / "out", IDENTITY, options) for n in names]
    with ProcessExecutor(2, start_method="fork") as pool:
        outcomes = {o.task.relative.name: o for o in pool.run(tasks[:3])}
        # The pool goes on with a second run (a batch's next applicant) on the same workers.
        outcomes |= {o.task.relative.name: o for o in pool.run(tasks[3:])}
    assert sorted(outcomes) == sorted(names)
    for name, outcome in outcomes.items():
        if name.startswith("die"):
            assert outcome.error_kind == "worker_died" and outcome.exit_code == ExitCode.INTERNAL
            assert "exit 9" in (outcome.error_message or "")
        else:
            assert outcome.ok and (tmp_path / "out" / name).is_file()


def test_the_exit_code_is_the_most_severe_failure_not_the_largest_number(
    tmp_path: Path, monkeypatch
) -> None:
    """A bug on one file (1) must not be hidden by a corrupt file elsewhere (3)."""
    assert most_severe(ExitCode.INPUT_FAILED, ExitCode.INTERNAL) == ExitCode.INTERNAL
    assert most_severe(ExitCode.INPUT_FAILED, ExitCode.OUTPUT_FAILED) == ExitCode.OUTPUT_FAILED
    assert most_severe() == ExitCode.OK
    import redactor.find as find

    def boom(page, identity, options):  # noqa: ANN001, ANN202
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(find, "find_on_page", boom)
    inp = tmp_path / "in"
    inp.mkdir()
    Image.new("RGB", (60, 40), "white").save(inp / "a.png")
    (inp / "z-corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    result = CliRunner().invoke(
        main, ["mask", str(inp), *CLI_OPTIONS, "-o", str(tmp_path / "out"), "-q"]
    )
    assert result.exit_code == ExitCode.INTERNAL, result.output


def test_a_record_cut_short_by_a_kill_is_ignored_and_closed_off(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    log = records.RecordLog(path)
    log.append(records.new_record("k1", Path("a.png"), "s1", [], 0, None, None))
    log.close()
    with path.open("ab") as fh:
        fh.write(b'{"record_version": 1, "key": "k2", "inp')  # the kill came here
    log = records.RecordLog(path)
    log.append(records.new_record("k3", Path("c.png"), "s3", [], 0, None, None))
    log.close()
    assert [r["key"] for r in records.read_records(path)] == ["k1", "k3"]
    assert set(records.load_done(path)) == {"k1", "k3"}
