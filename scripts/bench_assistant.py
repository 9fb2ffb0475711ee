"""Benchmark of the assistant against a stock `rasa init` assistant on the same machine, same run.

For each: training time, startup time (command to first answer), throughput and p50/p95/p99
latency at 1, 8 and 32 concurrent conversations over the REST channel, and the resident memory
of every process. Ours runs with its custom actions and the SQLite tracker store in the path;
stock Rasa runs as `rasa init` makes it (DIET, TED, in-memory tracker store, no action server).

    make bench-assistant     # or: python -m scripts.bench_assistant --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from ops.local_stack import UNLIMITED_ADDRESS, isolated_config
from ops.stack import PROJECT_ROOT, Stack
from scripts.bench_returning import measure_returning, returning_report
from scripts.benchmark_report import publish
from scripts.load_generator import LoadResult, run_load

CONCURRENCY = (1, 8, 32)
OURS_PORTS = (5705, 5755)
STOCK_PORT = 5805
FIRST_MESSAGE = "Здравствуйте"
# Stock `rasa init` is an English assistant: its model may answer nothing to a Russian greeting.
STOCK_FIRST_MESSAGE = "hello"


@dataclass
class Measured:
    """Everything measured for one assistant."""

    name: str
    training_seconds: float = 0.0
    startup_seconds: float = 0.0
    memory_mb: dict[str, float] = field(default_factory=dict)
    loads: dict[int, LoadResult] = field(default_factory=dict)


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0.0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024 if "VmRSS" in status else 0  # type: ignore[union-attr]
        pids.extend(int(child) for child in children)
    return total


def _first_answer(url: str, started: float, message: str = FIRST_MESSAGE, timeout: float = 300) -> float:
    """Polls the REST channel until it answers; returns the seconds since `started`."""
    while time.monotonic() - started < timeout:
        try:
            response = requests.post(url, json={"sender": "startup", "message": message}, timeout=10)
            if response.ok and response.json():
                return time.monotonic() - started
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def _timed(command: list[str], cwd: Path, log: Path) -> float:
    started = time.monotonic()
    with log.open("wb") as output:
        subprocess.run(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, check=True, env=_env())
    return time.monotonic() - started


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "RASA_TELEMETRY_ENABLED": "false"}


def load_alternately(assistants: list[tuple[Measured, str]], seconds: float, rounds: int = 4) -> None:
    """Loads each assistant in turn, `rounds` times per level, so both meet the same machine.

    Both servers run throughout; only the one under load works. Alternating in short rounds
    rather than one after the other keeps a change in the machine's speed (other work on the
    host) from favouring either.
    """
    for _, url in assistants:
        asyncio.run(run_load(url, 4, 3, seed=99))  # warm-up: first calls load lazily built parts
    for level in CONCURRENCY:
        parts: dict[str, list[LoadResult]] = {measured.name: [] for measured, _ in assistants}
        for round_number in range(rounds):
            for measured, url in assistants:
                parts[measured.name].append(
                    asyncio.run(run_load(url, level, seconds / rounds, seed=level + round_number))
                )
        for measured, _ in assistants:
            result = measured.loads[level] = LoadResult.combined(parts[measured.name])
            print(f"  {measured.name}: {level:>2} conversations: {result.throughput:6.1f} msg/s", flush=True)


def train_ours(workdir: Path, measured: Measured) -> Path:
    """Trains our model from scratch, timed; returns the model's path."""
    model_dir = workdir / "models"
    command = [sys.executable, "-m", "rasa", "train", "--force", "--fixed-model-name", "bench", "--out", str(model_dir)]
    measured.training_seconds = _timed([*command, "--num-threads", "2"], PROJECT_ROOT, workdir / "train-ours.log")
    return model_dir / "bench.tar.gz"


def train_stock(workdir: Path, measured: Measured) -> Path:
    """`rasa init` (which trains its model), timed; returns the project folder."""
    project = workdir / "stock"
    project.mkdir()
    command = [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(project)]
    measured.training_seconds = _timed(command, workdir, workdir / "init.log")
    return project


def start_ours(workdir: Path, model: Path, measured: Measured) -> Stack:
    """Starts our action server and Rasa server (SQLite tracker store), timed to the first answer."""
    config = isolated_config(
        workdir,
        OURS_PORTS[0],
        OURS_PORTS[1],
        model=model,
        site_port=None,
        extra_env={"RASA_TELEMETRY_ENABLED": "false", **UNLIMITED_ADDRESS},
    )
    stack = Stack(config)
    started = time.monotonic()
    stack.start()
    measured.startup_seconds = _first_answer(config.rest_url, started)
    return stack


def start_stock(project: Path, measured: Measured) -> subprocess.Popen[bytes]:
    """Starts the stock assistant's Rasa server, timed to the first answer."""
    model = sorted((project / "models").glob("*.tar.gz"))[-1]
    command = [sys.executable, "-m", "rasa", "run", "--model", str(model), "--port", str(STOCK_PORT)]
    started = time.monotonic()
    with (project / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [*command, "--interface", "127.0.0.1"], cwd=project, stdout=log, stderr=subprocess.STDOUT, env=_env()
        )
    try:
        url = f"http://localhost:{STOCK_PORT}/webhooks/rest/webhook"
        measured.startup_seconds = _first_answer(url, started, STOCK_FIRST_MESSAGE)
    except RuntimeError:
        process.kill()
        raise
    return process


def run_both(workdir: Path, seconds: float) -> tuple[Measured, Measured]:
    """Trains and starts each (one at a time, timed), then loads them alternately."""
    ours, stock = Measured("ours"), Measured("stock rasa init")
    print("Training both...", flush=True)
    model = train_ours(workdir, ours)
    project = train_stock(workdir, stock)
    print("Starting both...", flush=True)
    stack = start_ours(workdir, model, ours)
    try:
        stock_server = start_stock(project, stock)
        try:
            load_alternately(
                [(ours, stack.config.rest_url), (stock, f"http://localhost:{STOCK_PORT}/webhooks/rest/webhook")],
                seconds,
            )
            ours.memory_mb = {name: _rss_mb(process.pid) for name, process in stack.processes()}
            stock.memory_mb = {"rasa-server": _rss_mb(stock_server.pid)}
        finally:
            stock_server.terminate()
            stock_server.wait(timeout=30)
    finally:
        stack.stop()
    return ours, stock


def _row(label: str, ours: float, stock: float, unit: str, higher_is_better: bool, target: str = "") -> str:
    ratio = (ours / stock if higher_is_better else stock / ours) if ours and stock else float("nan")
    return f"| {label} | {ours:.1f} {unit} | {stock:.1f} {unit} | {ratio:.2f}× | {target} |"


def report(ours: Measured, stock: Measured, seconds: float) -> tuple[str, list[str]]:
    """The results table (markdown) and the targets missed."""
    missed = []
    lines = [
        f"{os.cpu_count()} cores, {_memory_gb():.0f} GiB, {platform.platform()}, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d %H:%M')} UTC. Both assistants run side by side; each load level sends "
        f"{seconds:.0f} s of conversations to each over the REST channel, alternating between them in four rounds. "
        "Ratio: how many times better ours is than stock (above 1 = ours better).",
        "",
        "| measure | ours | stock `rasa init` | ratio | target |",
        "|---|---:|---:|---:|---|",
    ]
    for level in CONCURRENCY:
        a, b = ours.loads[level], stock.loads[level]
        target = ""
        if level == 8:
            met = a.throughput >= 2 * b.throughput
            target = "≥ 2× stock: " + ("met" if met else "MISSED")
            missed += [] if met else ["throughput at 8"]
        lines.append(_row(f"throughput, {level} conversations", a.throughput, b.throughput, "msg/s", True, target))
        for name, share in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99)):
            target = ""
            if level == 1 and name == "p50":
                met = a.percentile(share) < 50
                target = "< 50 ms: " + ("met" if met else "MISSED")
                missed += [] if met else ["p50 at 1"]
            lines.append(
                _row(
                    f"{name} latency, {level} conversations",
                    a.percentile(share),
                    b.percentile(share),
                    "ms",
                    False,
                    target,
                )
            )
        lines.append(
            f"| errors / empty answers, {level} conversations | {a.errors} / {a.empty} | {b.errors} / {b.empty} | | |"
        )
    startup_met = ours.startup_seconds < 20
    training_met = ours.training_seconds < 180
    total_memory = sum(ours.memory_mb.values())
    memory_met = total_memory < 1536
    missed += [] if startup_met else ["startup"]
    missed += [] if training_met else ["training"]
    missed += [] if memory_met else ["memory"]
    lines += [
        _row(
            "startup, command to first answer",
            ours.startup_seconds,
            stock.startup_seconds,
            "s",
            False,
            "< 20 s: " + ("met" if startup_met else "MISSED"),
        ),
        _row(
            "training",
            ours.training_seconds,
            stock.training_seconds,
            "s",
            False,
            "< 3 min: " + ("met" if training_met else "MISSED"),
        ),
        _row(
            "memory, all processes",
            total_memory,
            sum(stock.memory_mb.values()),
            "MB",
            False,
            "< 1.5 GB: " + ("met" if memory_met else "MISSED"),
        ),
        "",
        "Memory per process (ours): " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in ours.memory_mb.items()) + ".",
    ]
    return "\n".join(lines), missed


def _memory_gb() -> float:
    match = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    return int(match.group(1)) / 1024 / 1024 if match else 0.0


def main() -> int:
    """Runs both benchmarks, prints and records the table; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of each load level")
    arguments = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-", dir=PROJECT_ROOT / "var"))
    try:
        ours, stock = run_both(workdir, arguments.seconds)
        print("Returning patients...", flush=True)
        returning = measure_returning(workdir, workdir / "models" / "bench.tar.gz", arguments.seconds)
    finally:
        if not os.environ.get("KEEP_BENCH"):
            shutil.rmtree(workdir, ignore_errors=True)
    table, missed = report(ours, stock, arguments.seconds)
    returning_lines, returning_missed = returning_report(returning)
    table, missed = "\n".join([table, *returning_lines]), missed + returning_missed
    return publish("assistant", "Assistant against stock Rasa (`make bench-assistant`)", table, missed)


if __name__ == "__main__":
    sys.exit(main())
