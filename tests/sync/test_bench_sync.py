"""``python -m bench sync`` runs end to end at small sizes (its own PostgreSQL cluster, the
real server, the real till) and reports its figures beside their baselines. No timing is
asserted: benchmarks report, tests check behaviour (DESIGN.md, Testing)."""

from __future__ import annotations

import bench.sync
from bench.harness import Figure


def test_the_sync_benchmark_reports_push_snapshot_and_delta_beside_baselines() -> None:
    figures = bench.sync.run(quick=True)
    assert [f.name for f in figures] == ["sync.push_sales", "sync.snapshot", "sync.delta"]
    for figure in figures:
        assert isinstance(figure, Figure)
        assert figure.stats.samples >= 1 and figure.baseline.samples >= 1
        assert figure.stats.p50_us > 0 and figure.baseline.p50_us > 0
        assert figure.baseline_name and figure.target
        assert figure.extra["total_s"] > 0
        assert all("\n" not in line for line in figure.lines())
    push, snapshot, delta = figures
    # every sale (and the day's opening) was acknowledged: nothing left pending
    assert push.extra["outbox_sent"] + push.extra.get("outbox_flagged", 0) \
        == bench.sync.QUICK_SALES + 1
    assert push.extra["batches"] == push.stats.samples == push.baseline.samples
    assert push.extra["sales_per_s"] > 0
    assert snapshot.extra["gzip_mb"] > 0 and snapshot.extra["server_build_s"] > 0
    assert delta.extra["json_kb"] > 0
