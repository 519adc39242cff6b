"""The compiled input check (fastjsonschema, on every call) and the full evaluation
(jsonschema, which explains a failure) agree on every operation's schema: valid values pass
both, and values either one refuses are refused by the other. If they disagreed, input the
explanation would refuse could be sent, or valid input refused with no reason given.

Values are generated from each published schema (hypothesis-jsonschema) and near it: each
parameter given a value of any JSON type, strings of any length with newlines, ``$``, SID-like
text, and the rules between parameters (exactly one of, at least one of, needs) broken.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from operations import Operation, catalog
from operations.explain import _InputValidator

NAMES = catalog.names()
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "$", "a$", "+$5", "CA" + "a" * 32, "CA" + "a" * 32 + "\n", "GET"]),
    st.text(alphabet="0123456789abcdefACSMPN+-:T", min_size=30, max_size=36),
)
ANY_VALUE = st.one_of(
    TEXT,
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.floats(allow_nan=False),
    st.lists(TEXT, max_size=12),
    st.dictionaries(st.text(max_size=5), TEXT, max_size=3),
)


def agree(op: Operation, values: dict[str, Any]) -> None:
    full = not any(True for _ in _InputValidator(op.input_schema).iter_errors(values))
    assert op._valid(values) is full, f"{op.name}: compiled {not full}, full {full}: {values}"


@pytest.mark.parametrize("name", NAMES)
def test_they_agree_on_values_near_the_schema(name: str) -> None:
    op = catalog.get(name)
    keys = [*sorted(op.input_schema["properties"]), "unknownName"]

    @SETTINGS
    @given(st.dictionaries(st.sampled_from(keys), ANY_VALUE, max_size=len(keys)))
    def check(values: dict[str, Any]) -> None:
        agree(op, values)

    check()


@pytest.mark.parametrize("name", NAMES)
def test_they_agree_on_values_the_schema_generates(name: str) -> None:
    op = catalog.get(name)

    @settings(SETTINGS, max_examples=8)
    @given(from_schema(op.input_schema))
    def check(values: dict[str, Any]) -> None:
        agree(op, values)

    check()
