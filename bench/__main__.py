"""``python -m bench NAME [--json FILE]``: run one benchmark and print its figures."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from bench.harness import report

BENCHMARKS = {
    "cart": "bench.cart",
    "ingest": "bench.ingest",
    "print": "bench.print",
    "store": "bench.store",
    "sync": "bench.sync",
    "ui": "bench.ui",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("name", choices=sorted(BENCHMARKS))
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--quick", action="store_true", help="fewer samples (for tests)")
    args = parser.parse_args(argv)
    module = importlib.import_module(BENCHMARKS[args.name])
    figures = module.run(quick=args.quick)
    report(args.name, figures, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
