"""Timing helpers shared by the benchmarks: p50/p99 of a callable, figures beside baselines."""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Stats:
    samples: int
    p50_us: float
    p99_us: float
    mean_us: float

    @classmethod
    def of(cls, durations_ns: list[int]) -> Stats:
        ordered = sorted(durations_ns)
        n = len(ordered)
        p99_index = min(n - 1, max(0, round(0.99 * n) - 1))
        return cls(
            samples=n,
            p50_us=statistics.median(ordered) / 1000,
            p99_us=ordered[p99_index] / 1000,
            mean_us=statistics.fmean(ordered) / 1000,
        )


def measure(fn: Callable[[], object], *, repeat: int, warmup: int = 20) -> Stats:
    """Call ``fn`` ``warmup`` times untimed, then ``repeat`` times, each timed on its own."""
    for _ in range(warmup):
        fn()
    clock = time.perf_counter_ns
    durations = []
    for _ in range(repeat):
        start = clock()
        fn()
        durations.append(clock() - start)
    return Stats.of(durations)


@dataclass(frozen=True)
class Figure:
    """One measured figure beside the baseline measured in the same run."""

    name: str
    what: str
    stats: Stats
    baseline_name: str
    baseline: Stats
    target: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def ratio_p50(self) -> float:
        return self.stats.p50_us / self.baseline.p50_us if self.baseline.p50_us else float("inf")

    def lines(self) -> list[str]:
        out = [
            f"{self.name}: {self.what}",
            f"  figure    p50 {self.stats.p50_us:10.2f} µs   p99 {self.stats.p99_us:10.2f} µs"
            f"   (n={self.stats.samples})",
            f"  baseline  p50 {self.baseline.p50_us:10.2f} µs   p99 {self.baseline.p99_us:10.2f} µs"
            f"   ({self.baseline_name})",
            f"  ratio     {self.ratio_p50:.1f}× the baseline at p50",
        ]
        if self.target:
            out.append(f"  target    {self.target}")
        out.extend(f"  {key} {value}" for key, value in self.extra.items())
        return out


def report(benchmark: str, figures: list[Figure], json_path: Path | None) -> None:
    for figure in figures:
        print("\n".join(figure.lines()))
    if json_path is not None:
        payload = {
            "benchmark": benchmark,
            "python": sys.version.split()[0],
            "machine": platform.machine(),
            "figures": [
                {**asdict(f), "ratio_p50": f.ratio_p50} for f in figures
            ],
        }
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"written: {json_path}")
