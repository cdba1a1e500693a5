"""The wire models shared by the till and head office."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from pydantic import ValidationError

from pos.demo import load_demo_catalogue
from pos.domain.codec import rule_to_data
from pos.store.repo_base import canonical_json as till_canonical_json
from pos.sync.protocol import (
    MAX_BATCH_EVENTS,
    PAYLOAD_MODELS,
    PushRequest,
    TaxRuleData,
    canonical_json,
    parse_payload,
    payload_sha256,
)

SAMPLES: list[Any] = [
    {"b": 1, "a": [3, 2, {"z": None, "y": True}], "नाम": "चंदेरी साड़ी", "q": "ड़ vs ड़"},
    {"amount": -12345, "empty": {}, "list": [], "text": "quote \" and \\ and \n"},
    [1, "two", 3.5],
]


@pytest.mark.parametrize("data", SAMPLES)
def test_canonical_json_is_the_tills(data: Any) -> None:
    assert canonical_json(data) == till_canonical_json(data)
    assert payload_sha256(data) == hashlib.sha256(till_canonical_json(data).encode()).hexdigest()


def test_every_demo_tax_rule_survives_the_wire() -> None:
    for rule in load_demo_catalogue().tax_rules:
        data = TaxRuleData.model_validate(rule_to_data(rule))
        assert data.to_domain() == rule
        assert data.model_dump(mode="json") == rule_to_data(rule)


def test_payload_models_cover_the_event_types_and_are_strict_about_money() -> None:
    assert set(PAYLOAD_MODELS) == {"sale", "void", "credit_note", "day_open", "day_close",
                                   "cash_movement", "stock_move"}
    movement = {"movement_id": "m1", "day_id": "d1", "kind": "paid_out", "amount": 4000,
                "reason": "tea", "staff_id": "s1"}
    parse_payload("cash_movement", movement)
    with pytest.raises(ValidationError):
        parse_payload("cash_movement", {**movement, "amount": "4000"})  # no text for paise
    with pytest.raises(ValidationError):
        parse_payload("cash_movement", {**movement, "amount": 40.0})
    with pytest.raises(KeyError):
        parse_payload("teleport", {})


def test_a_push_request_holds_at_most_a_batch() -> None:
    schema = PushRequest.model_json_schema()
    assert schema["properties"]["events"]["maxItems"] == MAX_BATCH_EVENTS
