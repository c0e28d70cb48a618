"""Shared pieces every scenario uses: the run context, one result row, CPU and memory from
procfs, and the statistics that turn interleaved rounds into a ratio with its spread.

A scenario is a module in bench/scenarios/ with

    NAME = "fanout"                       # short id, used on the command line
    def run(ctx: Context) -> list[Row]:   # starts what it needs, stops it by pid, bounded

Every Row is a ratio against a baseline measured in the same run, rounds interleaved
(A B A B ...), reported as the median of per-round ratios with min and max, and the absolute
values in brackets. The machine is shared and noisy: never compare with an earlier run.
"""

from __future__ import annotations

import os
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Context:
    tier: str  # "quick" (make bench, < 10 min in all) or "full"
    database_url: str  # PostgreSQL for the scenarios that need the product's data
    redis_url: str
    out_dir: Path  # where this run writes JSON and logs
    rounds: int = 3

    @property
    def quick(self) -> bool:
        return self.tier == "quick"


@dataclass
class Row:
    scenario: str  # "fan-out 1,000 followers"
    metric: str  # "p50 latency", "CPU per delivery", ...
    baseline: str  # "thin relay (raw ASGI + Redis pub/sub)"
    ratios: list[float]  # one per round: ours / baseline
    value: float | None = None  # our median absolute value
    baseline_value: float | None = None
    unit: str = ""
    target: float | None = None  # the target ratio (<=), None when only reported
    extra: dict = field(default_factory=dict)  # lost messages, queries per request, ...
    note: str = ""

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def meets(self) -> bool | None:
        return None if self.target is None else self.ratio <= self.target

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(
            ratio=self.ratio,
            ratio_min=min(self.ratios),
            ratio_max=max(self.ratios),
            meets=self.meets,
        )
        return data


def process_tree(pid: int) -> list[int]:
    """The pid and all its descendants (servers fork workers)."""
    found, frontier = [pid], [pid]
    while frontier:
        parent = frontier.pop()
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found.append(child)
            frontier.append(child)
    return found


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process tree, from procfs."""
    total = 0
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)
    return total / CLOCK_TICKS


def rss_kb(pid: int) -> int:
    """Resident memory of the process tree in KiB, from /proc/<pid>/status."""
    total = 0
    for member in process_tree(pid):
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]
