"""``emporium-hq``: the head-office command line."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    print("emporium-hq: head office is not built yet (see the open issues).", file=sys.stderr)
    return 2 if args else 0
