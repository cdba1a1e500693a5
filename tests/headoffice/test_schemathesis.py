"""Schemathesis against the published OpenAPI schema of the real server (SQLite, on
loopback): whatever it generates for every operation, valid (positive) or not (negative),
with an enrolled device's token, head office never answers with a server error.

Bounded: ``HQ_SCHEMA_EXAMPLES`` examples per operation and mode (default 25, derandomised so a
run is repeatable; raise it for a longer hunt)."""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from sqlalchemy import update

from headoffice.db import schema as t
from pos.sync.protocol import DeviceStatus
from tests.headoffice.conftest import HQ, TIMEOUT
from tests.headoffice.tillsim import SimTill

EXAMPLES = int(os.environ.get("HQ_SCHEMA_EXAMPLES", "25"))
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, database=None,
                   derandomize="HQ_SCHEMA_EXAMPLES" not in os.environ,
                   phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_no_operation_answers_with_a_server_error(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    schema = schemathesis.openapi.from_url(f"{hq.backend.base}/openapi.json", timeout=TIMEOUT)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {f"{op.method.upper()} {op.path}" for op in operations} >= {
        "POST /api/v1/enroll", "GET /api/v1/sync/meta", "POST /api/v1/sync/push",
        "GET /api/v1/catalog/changes", "GET /api/v1/catalog/snapshot"}
    server_errors: list[str] = []
    tried: dict[str, int] = {}

    def explore(operation: Any, mode: schemathesis.GenerationMode) -> None:
        name = f"{operation.method.upper()} {operation.path} ({mode.value})"

        @BOUNDED
        @given(case=operation.as_strategy(generation_mode=mode))
        def call(case: Any) -> None:
            # A damaged event may suspend the device: reinstate it, so the next example
            # reaches the code behind the check again.
            with hq.engine.begin() as conn:
                conn.execute(update(t.devices).where(t.devices.c.device_id == till.device_id)
                             .values(status=DeviceStatus.ACTIVE.value))
            # Schemathesis makes up a bearer token: use the device's, so the checks behind
            # authentication see the generated data (401 has tests of its own).
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {till.token}"}
            response = case.call(base_url=hq.backend.base, timeout=TIMEOUT)
            tried[name] = tried.get(name, 0) + 1
            if response.status_code >= 500:
                server_errors.append(f"{name}: {response.status_code} for "
                                     f"{case.as_curl_command()}\n{response.text[:500]}")

        try:
            call()
        except Unsatisfiable:
            # Nothing to make invalid (no parameters, no body): the positive run covers it.
            assert mode is schemathesis.GenerationMode.NEGATIVE, name

    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            explore(operation, mode)

    assert not server_errors, "\n\n".join(server_errors[:5])
    assert all(tried.get(f"{op.method.upper()} {op.path} (positive)") for op in operations)
