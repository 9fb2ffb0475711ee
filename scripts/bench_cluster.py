"""Throughput with one and with two instances behind nginx (PostgreSQL tracker store, Redis locks).

make bench-cluster      # or: python -m scripts.bench_cluster --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from clinic.settings import load_settings
from ops.cluster import Cluster, ClusterConfig
from ops.postgres import temporary_database
from ops.stack import PROJECT_ROOT
from scripts.benchmark_report import publish
from scripts.load_generator import LoadResult, run_load

LEVELS = (8, 32)


def measure(instances: int, seconds: float) -> dict[int, LoadResult]:
    """Starts a cluster of `instances` on a fresh database and loads it at each level."""
    with temporary_database("clinic_bench_cluster") as database:
        config = ClusterConfig(
            tracker_url=database,
            redis_url=load_settings().redis_url,
            instances=instances,
            workdir=Path(tempfile.mkdtemp(prefix="cluster-", dir=PROJECT_ROOT / "var")),
            public_port=5980,
            actions_port=5985,
            first_rasa_port=5931,
            first_action_port=5971,
            # The load comes from one address: what is measured is the cluster, not the limit.
            extra_env={"CLINIC_ADDRESS_MESSAGES_PER_MINUTE": "1000000"},
        )
        with Cluster(config):
            asyncio.run(run_load(config.rest_url, 4, 3, seed=99))  # warm-up
            results = {}
            for level in LEVELS:
                results[level] = asyncio.run(run_load(config.rest_url, level, seconds, seed=level))
                result = results[level]
                print(f"  {instances} instance(s), {level} conversations: {result.throughput:.1f} msg/s", flush=True)
            return results


def main() -> int:
    """Runs both sizes, prints and records the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20.0)
    seconds = parser.parse_args().seconds
    one, two = measure(1, seconds), measure(2, seconds)
    lines = [
        f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')} UTC, {seconds:.0f} s per level, REST through "
        "nginx, PostgreSQL tracker store and Redis lock store shared by the instances.",
        "",
        "| conversations | 1 instance msg/s | 2 instances msg/s | growth | p95 ms (1 / 2) | errors (1 / 2) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for level in LEVELS:
        a, b = one[level], two[level]
        lines.append(
            f"| {level} | {a.throughput:.1f} | {b.throughput:.1f} | {b.throughput / a.throughput:.2f}× | "
            f"{a.percentile(0.95):.0f} / {b.percentile(0.95):.0f} | {a.errors} / {b.errors} |"
        )
    missed = [f"growth at {level}" for level in LEVELS if two[level].throughput <= one[level].throughput]
    return publish("cluster", "Several instances (`make bench-cluster`)", "\n".join(lines), missed)


if __name__ == "__main__":
    sys.exit(main())
