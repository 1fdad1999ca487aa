"""What the benchmark scripts share: medians of wall-clock and CPU time, and a smoke
mode (``ILM_BENCH_SMOKE=1``: tiny inputs, one run) in which tests/test_benchmarks.py
runs every script, so a script broken by a change in the library fails the suite
instead of waiting for someone to measure. Smoke figures mean nothing."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterable

SMOKE = bool(os.environ.get("ILM_BENCH_SMOKE"))


def sizes(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """(input size, repeats) to run: the given ones, or one tiny input in smoke mode."""
    pairs = list(pairs)
    return [(max(1, pairs[0][0] // 10), 1)] if SMOKE else pairs


def timings_ms(fn: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of ``repeat`` calls (CPU time is steadier on a
    busy shared machine)."""
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return wall, cpu


def median_ms(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of ``repeat`` calls."""
    wall, cpu = timings_ms(fn, repeat)
    return statistics.median(wall), statistics.median(cpu)
