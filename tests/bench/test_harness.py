"""The benchmark's arithmetic and report, without servers or a database (well under 2 s)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench import report
from bench.clients import http_load
from bench.harness import Context, Row, percentile
from bench.measure import cpu_row, interleaved, limit_row


def rounds(*cpus: float, rps: float = 100.0) -> list[dict]:
    return [
        {"cpu_us_per_op": cpu, "rps": rps, "p50_ms": 5.0, "p99_ms": 9.0, "db_cpu_us_per_op": 50.0}
        for cpu in cpus
    ]


def test_a_ratio_is_the_median_of_per_round_ratios_with_their_spread():
    row = cpu_row(
        "list page",
        "CPU per request",
        rounds(1000, 1300, 900),
        rounds(500, 500, 300),
        "bare view",
        target=2.5,
    )

    assert row.ratios == [2.0, 2.6, 3.0]
    assert row.ratio == 2.6 and row.meets is False
    assert row.value == 1000 and row.baseline_value == 500
    assert report.ratio_text(row) == "2.60x (2.00–3.00) vs bare view"


def test_the_ratio_of_medians_is_not_what_is_reported():
    # A noisy round moves both sides together; the per-round ratio cancels it out.
    row = cpu_row("p", "m", rounds(100, 400, 100), rounds(50, 200, 50), "b")

    assert row.ratios == [2.0, 2.0, 2.0] and row.ratio == 2.0


def test_an_exact_count_meets_its_limit_only_at_or_under_it():
    assert limit_row("list", "queries", 2, 2, "queries").meets is True
    assert limit_row("list", "queries", 3, 2, "queries").meets is False


def test_a_row_without_a_target_neither_meets_nor_misses():
    row = Row("s", "m", "b", [1.5])

    assert row.meets is None and report.meets_text(row) == "-" and report.target_text(row) == "-"


def test_the_table_puts_the_ratio_first_and_absolute_values_in_brackets():
    row = cpu_row(
        "list page",
        "CPU per request",
        rounds(1200, 1100, 1000),
        rounds(500, 500, 500),
        "bare Django view",
        target=2.5,
        extra={"queries": 2},
    )

    line = report.table([row]).splitlines()[2]

    assert line.startswith("| list page | CPU per request | 2.20x (2.00–2.40) vs bare Django")
    assert "[1,100 µs CPU/req vs 500 µs CPU/req; req/s 100; p50 ms 5.00; p99 ms 9.00" in line
    assert "queries 2" in line and "| ≤ 2.50x | yes |" in line


def test_a_pipe_in_a_name_cannot_break_the_table():
    line = report.table([Row("a|b", "m", "c", [1.0])]).splitlines()[2]

    assert "a\\|b" in line


def test_the_summary_names_the_machine_the_misses_and_the_failed_scenarios():
    rows = [limit_row("posting", "queries", 12, 6, "queries"), Row("s", "m", "b", [1.0], target=2)]
    meta = {
        "started": "2026-11-28T17:00:00+00:00",
        "tier": "quick",
        "rounds": 3,
        "command": "python -m bench.run",
        "seconds": 321.0,
        "machine": {
            "cpus": 2,
            "cpu_model": "Some CPU",
            "kernel": "6.1",
            "load_before": (1.0, 0.5, 0.25),
            "load_after": (2.0, 1.0, 0.5),
        },
        "versions": {"python": "3.11.7", "Django": "5.2.19"},
    }

    text = report.summary(
        rows=rows,
        meta=meta,
        scenarios={
            "search": {"status": "ok", "seconds": 41.2},
            "fanout": {"status": "failed", "error": "boom", "seconds": 3.0},
        },
    )

    assert "2 × Some CPU" in text and "load average 1.00/0.50/0.25 before" in text
    assert "`python -m bench.run`" in text and "Django 5.2.19" in text
    assert "`fanout`: failed: boom" in text and "search 41, fanout 3." in text
    assert "1 missing it: posting queries 2.00x (target 1.00x)" in text


def test_the_doc_is_rewritten_with_the_latest_summary(tmp_path: Path):
    doc = tmp_path / "benchmarks.md"
    report.write_doc(doc, "first\n")
    report.write_doc(doc, "second\n")

    text = doc.read_text()
    assert text.startswith("# Benchmarks") and text.endswith("second\n") and "first" not in text


def test_rounds_are_interleaved_and_the_order_alternates(tmp_path: Path):
    calls = []
    ctx = Context(tier="quick", database_url="", redis_url="", out_dir=tmp_path, rounds=3)

    def target(name):
        return lambda seconds: calls.append((name, seconds)) or {"name": name}

    results = interleaved(ctx, {"a": target("a"), "b": target("b")})

    assert [name for name, _ in calls] == ["a", "b", "a", "b", "b", "a", "a", "b"]
    assert calls[0][1] == 0.5 and calls[2][1] == 2.0  # warm-up, then measured
    assert len(results["a"]) == len(results["b"]) == 3


def test_numbers_read_naturally():
    assert report.number(1234.5) == "1,234" and report.number(12.34) == "12.3"
    assert report.number(0.1234) == "0.123" and report.number(None) == "-"
    assert report.number(float("nan")) == "-"


def test_percentiles_pick_the_nearest_rank():
    values = list(range(1, 101))

    assert percentile(values, 50) == 51 and percentile(values, 99) == 99
    assert percentile(values, 100) == 100


def read(raw: bytes) -> tuple[int, int, bool]:
    async def parse():
        reader = asyncio.StreamReader()
        reader.feed_data(raw)
        reader.feed_eof()
        return await http_load.read_response(reader)

    return asyncio.run(parse())


def test_the_load_client_reads_sized_chunked_and_closing_responses():
    assert read(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello") == (200, 5, True)
    assert read(b"HTTP/1.1 302 Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n") == (
        302,
        0,
        False,
    )
    assert read(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    ) == (200, 5, True)
    assert read(b"HTTP/1.0 200 OK\r\n\r\nuntil the end") == (200, 13, False)


def test_the_load_client_refuses_anything_but_loopback():
    import pytest

    with pytest.raises(SystemExit):
        asyncio.run(
            http_load.run(
                {"host": "example.org", "port": 80, "duration": 1, "requests": [{"path": "/"}]}
            )
        )
