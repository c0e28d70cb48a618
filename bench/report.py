"""Turn a run's rows into the JSON record, the Markdown table and docs/benchmarks.md.

Pure functions over bench.harness.Row, so tests/bench/test_harness.py checks them in
milliseconds without a server or a database.
"""

from __future__ import annotations

import json
import math
import os
import platform
from datetime import datetime
from importlib import metadata
from pathlib import Path

from bench.harness import Row

PACKAGES = [
    "Django",
    "asgiref",
    "uvicorn",
    "gunicorn",
    "uvloop",
    "httptools",
    "psycopg",
    "channels",
    "channels-redis",
    "redis",
    "websockets",
]


def number(value: float | None, digits: int | None = None) -> str:
    """1234.5 -> '1,234'; 12.34 -> '12.3'; 0.1234 -> '0.123'; None or NaN -> '-'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if digits is None:
        size = abs(value)
        digits = 0 if size >= 100 else 1 if size >= 10 else 2 if size >= 1 else 3
    return f"{value:,.{digits}f}"


def ratio_text(row: Row) -> str:
    low, high = min(row.ratios), max(row.ratios)
    spread = f" ({number(low, 2)}–{number(high, 2)})" if len(row.ratios) > 1 else ""
    return f"{number(row.ratio, 2)}x{spread} vs {row.baseline}"


def absolute_text(row: Row) -> str:
    unit = f" {row.unit}" if row.unit else ""
    parts = []
    if row.value is not None:
        ours = f"{number(row.value)}{unit}"
        parts.append(
            f"{ours} vs {number(row.baseline_value)}{unit}"
            if row.baseline_value is not None
            else ours
        )
    for key, value in row.extra.items():
        parts.append(f"{key} {number(value) if isinstance(value, (int, float)) else value}")
    return "[" + "; ".join(parts) + "]" if parts else ""


def target_text(row: Row) -> str:
    return "-" if row.target is None else f"≤ {number(row.target, 2)}x"


def meets_text(row: Row) -> str:
    return {None: "-", True: "yes", False: "**no**"}[row.meets]


def escape(text: str) -> str:
    return text.replace("|", "\\|")


def table(rows: list[Row]) -> str:
    lines = [
        "| scenario | metric | ratio, median of rounds (min–max) | absolute [ours vs "
        "baseline; more] | target | meets |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        cells = [
            row.scenario,
            row.metric,
            ratio_text(row),
            absolute_text(row),
            target_text(row),
            meets_text(row),
        ]
        lines.append("| " + " | ".join(escape(cell) for cell in cells) + " |")
    return "\n".join(lines)


def misses(rows: list[Row]) -> list[Row]:
    return [row for row in rows if row.meets is False]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def versions(extra: dict[str, str] | None = None) -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    found.update(extra or {})
    return found


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model(),
        "load_before": os.getloadavg(),
        "kernel": platform.release(),
    }


def record(*, rows: list[Row], scenarios: dict, meta: dict) -> dict:
    return {**meta, "rows": [row.as_dict() for row in rows], "scenarios": scenarios}


def write_record(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, default=str) + "\n")


def summary(*, rows: list[Row], scenarios: dict, meta: dict) -> str:
    host = meta["machine"]
    load = "/".join(number(v, 2) for v in host["load_before"])
    load_after = "/".join(number(v, 2) for v in host.get("load_after", host["load_before"]))
    lines = [
        f"Run {meta['started']} ({meta['tier']} tier, {meta['rounds']} interleaved rounds), "
        f"`{meta['command']}`, {number(meta.get('seconds'), 0)} s.",
        "",
        f"Machine: {host['cpus']} × {host['cpu_model']}, Linux {host['kernel']}, "
        f"load average {load} before and {load_after} after (shared and noisy: "
        "every figure is a ratio to a baseline measured in the same run).",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()) + ".",
        "",
        table(rows),
        "",
    ]
    if scenarios:
        lines.append(
            "Seconds per scenario (the quick tier's budget is 10 minutes in all): "
            + ", ".join(
                f"{name} {number(info.get('seconds'), 0)}" for name, info in scenarios.items()
            )
            + "."
        )
        lines.append("")
    failed = {name: info for name, info in scenarios.items() if info["status"] != "ok"}
    if failed:
        lines.append("Scenarios that did not produce rows:")
        lines += [
            f"- `{name}`: {info['status']}: {info.get('error', '')}".rstrip(": ")
            for name, info in failed.items()
        ]
        lines.append("")
    missed = misses(rows)
    lines.append(
        f"{len(rows)} rows, {len([r for r in rows if r.target is not None])} with a "
        f"target, {len(missed)} missing it"
        + (
            ": "
            + "; ".join(
                f"{r.scenario} {r.metric} {number(r.ratio, 2)}x (target {number(r.target, 2)}x)"
                for r in missed
            )
            if missed
            else ""
        )
        + "."
    )
    notes = [row for row in rows if row.note]
    if notes:
        lines += ["", "Notes:"] + [f"- {row.scenario}, {row.metric}: {row.note}" for row in notes]
    return "\n".join(lines) + "\n"


DOC_HEAD = """# Benchmarks

The latest run of the benchmark harness (`bench/`, issue 7). `make bench` (quick tier) and
`make bench-full` rewrite this file; every run also leaves `var/bench/<time>.json` and `.md`.
How it works, what each row means and how to add a scenario: `bench/README.md`.

Every figure is a ratio to a baseline measured in the same run on the same server, with the
rounds interleaved (baseline, ours, baseline, ours ...): the median of the per-round ratios,
then the smallest and largest. Server CPU per request (procfs, the server's process tree) is
the primary figure; requests per second and latency are in brackets and suffer more from the
neighbours on this shared machine.

## Latest run

"""


def write_doc(path: Path, summary_text: str) -> None:
    path.write_text(DOC_HEAD + summary_text)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d-%H%M%S")
