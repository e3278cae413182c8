"""--engine ray: the same file tasks on a local Ray that this test starts (2 CPUs, loopback only)
and shuts down; skipped where Ray is not installed (pip install 'redactor[ray]')."""

from __future__ import annotations

import importlib.util
import ipaddress
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from redactor.batch import run_batch
from redactor.errors import ExitCode
from redactor.executor import FileOutcome, FileTask, SerialExecutor
from redactor.manifest import load_manifest
from redactor.options import MaskOptions
from redactor.ray_executor import LOCAL_ONLY_ENV, FileWorker, RayExecutor
from samples import synth_batch
from tests.test_batch import _audit, _pixels

if importlib.util.find_spec("ray") is None:
    pytest.skip("Ray is not installed (pip install 'redactor[ray]')", allow_module_level=True)


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        found.add(p)
        todo += children.get(p, [])
    return found


def _processes_named(name: str) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == name:
                found.add(int(entry.name))
        except OSError:
            continue
    return found


def _settles(check: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Whether ``check`` holds within ``seconds`` (processes take a moment to exit)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


def _listening_addresses(pids: set[int]) -> list[str]:
    """Local addresses of the TCP sockets these processes listen on (Linux /proc)."""
    inodes = set()
    for pid in pids:
        try:
            links = [os.readlink(f) for f in Path(f"/proc/{pid}/fd").iterdir()]
        except OSError:
            continue
        inodes |= {link[8:-1] for link in links if link.startswith("socket:[")}
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                found.append(_address(fields[1].split(":")[0]))
    return found


def _address(hex_address: str) -> str:
    raw = bytes.fromhex(hex_address)
    # /proc stores each 32-bit word in host (little-endian) order.
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    address = ipaddress.ip_address(words)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def test_cli_engine_ray_starts_and_stops_its_own_ray(tmp_path: Path) -> None:
    """`redactor batch --engine ray` without --address: a Ray of its own (in a subprocess, as a
    user runs it), the same outputs as --jobs 1."""
    applicants = synth_batch.build_batch(tmp_path, count=2, seed=41)[1:]  # one JPEG page
    rows = synth_batch.manifest_rows(applicants, tmp_path)
    manifest = synth_batch.write_csv(rows, tmp_path / "m.csv")
    ray_servers = _processes_named("gcs_server")
    outs = {}
    for label, engine in (("serial", ["--jobs", "1"]), ("ray", ["--engine", "ray", "--jobs", "1"])):
        outs[label] = tmp_path / label
        command = [sys.executable, "-m", "redactor.cli", "batch", str(manifest)]
        command += ["-o", str(outs[label]), "--seals", "off", "--eyes", "off", "-q", *engine]
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
        assert done.returncode == 0, done.stderr
    assert _settles(lambda: _processes_named("gcs_server") <= ray_servers)  # its Ray stopped
    for a in applicants:
        for relative in a.files:
            assert np.array_equal(
                _pixels(outs["serial"] / a.id / relative), _pixels(outs["ray"] / a.id / relative)
            )


@pytest.fixture(scope="module")
def local_ray() -> Iterator[object]:
    """A Ray of this test's own, on 127.0.0.1 only, shut down at the end."""
    for name, value in LOCAL_ONLY_ENV.items():
        os.environ.setdefault(name, value)  # read by Ray at import
    import ray

    ray.init(
        address="local",
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        configure_logging=False,
    )
    try:
        yield ray
    finally:
        ray.shutdown()


def test_local_ray_listens_on_loopback_only(local_ray: object) -> None:
    addresses = _listening_addresses(_descendants(os.getpid()))
    assert addresses, "found no Ray server sockets to check"
    assert all(ipaddress.ip_address(a).is_loopback for a in addresses), addresses


@pytest.mark.slow  # two actors loading the models; the CLI test below covers Ray by default
def test_engine_ray_gives_the_same_outputs_as_one_job(local_ray: object, tmp_path: Path) -> None:
    applicants = synth_batch.build_batch(tmp_path, count=3, seed=23)
    rows = synth_batch.manifest_rows(applicants, tmp_path)
    manifest = load_manifest(synth_batch.write_csv(rows, tmp_path / "m.csv"))
    options = MaskOptions()
    serial = run_batch(manifest, tmp_path / "serial", options, SerialExecutor())
    with RayExecutor(address=None, jobs=2) as executor:
        on_ray = run_batch(manifest, tmp_path / "ray", options, executor)
    assert serial.exit_code == on_ray.exit_code == 0
    for a in applicants:
        ours, theirs = _audit(tmp_path / "serial" / a.id), _audit(tmp_path / "ray" / a.id)
        assert [p["regions"] for p in ours["pages"]] == [p["regions"] for p in theirs["pages"]]
        assert any(p["needs_masking"] for p in ours["pages"])
        for relative in a.files:
            assert np.array_equal(
                _pixels(tmp_path / "serial" / a.id / relative),
                _pixels(tmp_path / "ray" / a.id / relative),
            ), f"{a.id}/{relative}"
    # The Ray run's files were masked in Ray's worker processes, not in this one.
    assert on_ray.worker_pids and os.getpid() not in on_ray.worker_pids


class CrashingWorker(FileWorker):
    """Fault injection: the actor's process dies on any file named crash*, as on a segfault in
    a native library or the out-of-memory killer."""

    def run(self, task: FileTask) -> FileOutcome:
        if task.path.name.startswith("crash"):
            os._exit(1)
        return super().run(task)


@pytest.mark.slow  # three actor start-ups, each loading the models
def test_an_actor_that_dies_fails_only_its_file(local_ray: object, tmp_path: Path) -> None:
    applicants = synth_batch.build_batch(tmp_path, count=2, seed=31)
    first = applicants[0]
    shutil.copyfile(first.folder / first.files[0], first.folder / "crash.png")
    rows = synth_batch.manifest_rows(applicants, tmp_path)
    manifest = load_manifest(synth_batch.write_csv(rows, tmp_path / "m.csv"))
    options = MaskOptions(seals="off", eyes="off")
    with RayExecutor(address=None, jobs=2, worker=CrashingWorker) as executor:
        result = run_batch(manifest, tmp_path / "out", options, executor)
    assert result.exit_code == ExitCode.INTERNAL
    crashed, fine = result.applicants
    assert (crashed.failed_files, fine.failed_files) == (1, 0)
    errors = [p for p in _audit(tmp_path / "out" / first.id)["pages"] if p["error"]]
    assert [p["file"] for p in errors] == ["crash.png"]
    assert "worker died" in errors[0]["error"]
    # Every other file of both applicants was masked, by the actors that replaced the dead one.
    for a in applicants:
        for relative in a.files:
            assert (tmp_path / "out" / a.id / relative).is_file()
    assert not (tmp_path / "out" / first.id / "crash.png").exists()
