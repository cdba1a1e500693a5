"""Reading a snapshot download line by line (``pos.sync.transport``): rows come out as plain
dicts with their envelope checked; a cut download is :class:`Offline` (the engine keeps the
old catalogue and retries), a malformed one :class:`ServerError`."""

from __future__ import annotations

import gzip
import io
import json
from datetime import UTC, datetime
from typing import Any, cast

import pytest
import requests

from pos.sync.protocol import SnapshotHeader
from pos.sync.transport import Offline, ServerError, TransportError, _snapshot_rows

ROW = {"entity": "category", "id": "sarees", "op": "upsert", "change_seq": 1,
       "data": {"name_en": "Sarees", "name_hi": "साड़ियाँ"}}


class FakeResponse:
    closed = False

    def close(self) -> None:
        self.closed = True


def header(rows: int) -> SnapshotHeader:
    return SnapshotHeader(cursor=9, rows=rows, counts={"category": rows},
                          generated_at=datetime(2026, 1, 1, tzinfo=UTC))


def read(lines: list[bytes], rows: int, *, cut_at: int | None = None
         ) -> tuple[list[dict[str, Any]], FakeResponse]:
    raw = gzip.compress(b"".join(lines))
    if cut_at is not None:
        raw = raw[:cut_at]
    response = FakeResponse()
    stream = gzip.GzipFile(fileobj=io.BytesIO(raw))
    out = []
    try:
        for row in _snapshot_rows(stream, cast(requests.Response, response), header(rows)):
            out.append(row)
    finally:
        assert response.closed or cut_at is not None
    return out, response


def line(item: object) -> bytes:
    return json.dumps(item, ensure_ascii=False).encode() + b"\n"


END = b'{"kind":"end","rows":2}\n'


def test_rows_come_out_as_the_decoded_objects() -> None:
    second = {**ROW, "id": "stoles", "change_seq": 2}
    rows, response = read([line(ROW), line(second), END], 2)
    assert rows == [ROW, second]
    assert response.closed


def test_a_download_cut_in_the_middle_is_offline() -> None:
    lines = [line({**ROW, "id": f"c{i}", "change_seq": i}) for i in range(2000)]
    whole = gzip.compress(b"".join(lines))
    with pytest.raises(Offline):
        read([*lines, b'{"kind":"end","rows":2000}\n'], 2000, cut_at=len(whole) * 8 // 10)


def test_a_last_line_without_its_newline_is_a_cut_download() -> None:
    with pytest.raises(Offline):
        read([line(ROW), json.dumps(ROW).encode()[:20]], 2)


def test_a_snapshot_without_its_end_line_is_a_cut_download() -> None:
    with pytest.raises(Offline):
        read([line(ROW), line({**ROW, "id": "stoles"})], 2)


@pytest.mark.parametrize("bad", [
    b"not json\n", b"[1, 2]\n", line({**ROW, "entity": "planet"}), line({**ROW, "id": 7}),
    line({**ROW, "op": "merge"}), line({**ROW, "change_seq": "3"}),
    line({**ROW, "change_seq": True}), line({**ROW, "data": [1]}),
])
def test_a_malformed_row_is_a_server_error(bad: bytes) -> None:
    with pytest.raises(ServerError):
        read([line(ROW), bad, END], 2)


def test_row_counts_that_disagree_are_a_server_error() -> None:
    with pytest.raises(ServerError):
        read([line(ROW), END], 1)  # the end line says 2
    with pytest.raises(TransportError):
        read([line(ROW), b'{"kind":"end","rows":"x"}\n'], 1)
