"""The ingest benchmark runs (on its own durable PostgreSQL) and reports its figures; the
figures themselves are for people (``python -m bench ingest``), never asserted here."""

from __future__ import annotations

from bench import ingest


def test_the_ingest_benchmark_runs_and_reports_its_figures() -> None:
    figures = ingest.run(quick=True)
    assert [f.name for f in figures] == ["ingest.push_sales"]
    figure = figures[0]
    assert figure.stats.samples == ingest.QUICK_SALES // ingest.BATCH
    assert figure.baseline.samples == figure.stats.samples
    assert set(figure.extra) == {"sales_per_s", "copy_sales_per_s", "ratio_copy_over_push"}
    assert all(value > 0 for value in figure.extra.values())
    assert "1,000 sales/s" in figure.target
