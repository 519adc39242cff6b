"""Every bound a parameter's description states is the bound its schema enforces.

The bounds are declared once, on the parameter (``maximum=600``, ``max_length=1600``); the
schema's constraint and the description's wording ("Between 1 and 600.") are both generated
from it. The walk over the catalog below reads every description as a user would and fails on
a number bound ("at most N", "up to N characters", "limited to N characters", "between A and
B", "1-1000") that is not exactly the schema's constraint, or on a constraint it does not state.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from connector import ValidationError
from operations import catalog

NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+)"
CHARACTERS = r"(\s+characters?)?"
_MAX = re.compile(
    rf"\b(?:at most|up to|no more than|not more than|limited to|max(?:imum)?(?:\s+length)?"
    rf"(?:\s+of)?)\s+{NUMBER}{CHARACTERS}",
    re.IGNORECASE,
)
_MIN = re.compile(
    rf"\b(?:at least|no less than|not less than|min(?:imum)?(?:\s+length)?(?:\s+of)?)\s+"
    rf"{NUMBER}{CHARACTERS}",
    re.IGNORECASE,
)
_BETWEEN = re.compile(rf"\b(?:between|from)\s+{NUMBER}\s+(?:and|to)\s+{NUMBER}{CHARACTERS}", re.I)
# "1-1000", "5 to 600": not part of a date (2010-04-01), a code (E.164, GSM-7) or a number.
_RANGE = re.compile(rf"(?<![\w.,+-]){NUMBER}\s*(?:-|\u2013|to)\s*{NUMBER}(?![\w.-]){CHARACTERS}")

Bounds = dict[str, int]


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def stated(description: str) -> tuple[Bounds, bool]:
    """The number bounds a description states (``min``/``max``), and whether of characters."""
    bounds: Bounds = {}
    characters = False
    spans: list[tuple[int, int]] = []
    for pattern, keys in ((_BETWEEN, ("min", "max")), (_MAX, ("max",)), (_MIN, ("min",))):
        for match in pattern.finditer(description):
            spans.append(match.span())
            for key, number in zip(keys, match.groups(), strict=False):
                bounds[key] = _int(number)
            characters |= match.group(len(keys) + 1) is not None
    for match in _RANGE.finditer(description):
        low, high = _int(match.group(1)), _int(match.group(2))
        inside = any(start <= match.start() < end for start, end in spans)
        if low <= high and not inside:
            bounds.update(min=low, max=high)
            characters |= match.group(3) is not None
    return bounds, characters


def enforced(schema: dict[str, Any]) -> tuple[Bounds, bool]:
    """The bounds a property's schema enforces (a text's implied minLength 1 left out)."""
    if schema.get("type") == "integer":
        pairs = (("min", schema.get("minimum")), ("max", schema.get("maximum")))
        return {key: value for key, value in pairs if value is not None}, False
    if schema.get("type") == "array":
        return ({"max": schema["maxItems"]} if "maxItems" in schema else {}), False
    bounds = {"max": schema["maxLength"]} if "maxLength" in schema else {}
    if schema.get("minLength", 1) > 1:
        bounds["min"] = schema["minLength"]
    return bounds, bool(bounds)


PROPERTIES = [
    pytest.param(op.name, name, schema, id=f"{op.name}.{name}")
    for op in catalog
    for name, schema in op.input_schema["properties"].items()
]


@pytest.mark.parametrize(("operation", "name", "schema"), PROPERTIES)
def test_a_described_bound_is_the_schemas_constraint(
    operation: str, name: str, schema: dict[str, Any]
) -> None:
    assert stated(schema.get("description", "")) == enforced(schema)


@pytest.mark.parametrize(
    ("description", "bounds"),
    [
        ("The text of the message you want to send, limited to 160 characters.",
         ({"max": 160}, True)),
        ("Seconds to let the phone ring before giving up (default 60, at most 600).",
         ({"max": 600}, False)),
        ("Records fetched per request (1-1000; Twilio's default is 50).",
         ({"min": 1, "max": 1000}, False)),
        ("The number of seconds, between 0 and 60, to delay.", ({"min": 0, "max": 60}, False)),
        ("A description, up to 64 characters.", ({"max": 64}, True)),
        ("With maximum length of 64 characters.", ({"max": 64}, True)),
        ("Can be up to 1,600 characters in length.", ({"max": 1600}, True)),
        ("Between 2 and 16 characters.", ({"min": 2, "max": 16}, True)),
        ("At least 1.", ({"min": 1}, False)),
        ("An ISO 3166-1 alpha-2 code such as US.", ({}, False)),
        ("2010-04-01 (the default) or 2008-08-01.", ({}, False)),
        ("Formatted with a '+', e.g., +16175551212 (E.164 format).", ({}, False)),
        ("Over 160 GSM-7 characters (70 UCS-2) it is sent in segments.", ({}, False)),
        ("The radius of a near search (default 25).", ({}, False)),
    ],
)  # fmt: skip
def test_the_walk_reads_bounds_as_a_user_would(
    description: str, bounds: tuple[Bounds, bool]
) -> None:
    assert stated(description) == bounds


# -- the bounds hold, at the edge ----------------------------------------------------------


def _bounded() -> list[Any]:
    rows = []
    for op in catalog:
        for param in op.all_params:
            schema = op.input_schema["properties"][param.name]
            for key in ("maximum", "minimum", "maxLength", "minLength", "maxItems"):
                if key in schema and not (key == "minLength" and schema[key] <= 1):
                    rows.append(
                        pytest.param(op.name, param.name, key, id=f"{op.name}.{param.name}.{key}")
                    )
    return rows


def _edge(key: str, bound: int, *, beyond: bool, filler: str = "5") -> Any:
    step = 1 if key in ("maximum", "maxLength", "maxItems") else -1
    value = bound + step if beyond else bound
    if key == "maxItems":
        return [f"https://example.com/{n}.png" for n in range(value)]
    return (filler * value)[:value] if key.endswith("Length") else value


@pytest.mark.parametrize(("operation", "name", "key"), _bounded())
def test_every_bound_is_enforced_at_its_edge(
    operation: str, name: str, key: str, sample_params: Any
) -> None:
    op = catalog.get(operation)
    bound = op.input_schema["properties"][name][key]
    params = sample_params(op, full=False)
    for group in op.exactly_one_of + op.at_least_one_of:  # this one, not the sample's choice
        if name in group:
            params = {key: value for key, value in params.items() if key not in group}
    account = "AC" + "0" * 32
    filler = "Aa5" if op.by_name[name].secret else "5"  # a password has mixed case and a digit
    op.prepare({**params, name: _edge(key, bound, beyond=False, filler=filler)}, account)
    with pytest.raises(ValidationError) as caught:
        op.prepare({**params, name: _edge(key, bound, beyond=True, filler=filler)}, account)
    assert [p.path for p in caught.value.problems] == [name]


FROM, TO = "+15005550006", "+14155550100"


@pytest.mark.parametrize(
    ("name", "params", "wire", "too_far"),
    [
        ("send-sms-message", {"from": FROM, "to": TO, "body": "x" * 1600}, "Body",
         {"body": "x" * 2000}),
        ("make-call", {"from": FROM, "to": TO, "url": "https://e.com/t", "timeout": 600},
         "Timeout", {"timeout": 9999}),
    ],
)  # fmt: skip
def test_the_reported_bounds_hold_on_the_wire(
    make_connector: Any,
    server: Any,
    name: str,
    params: dict[str, Any],
    wire: str,
    too_far: dict[str, Any],
) -> None:
    """Issue 7: a 2,000-character body and a 9,999 s timeout were sent; now nothing is."""
    server.answer(status=201)
    twilio = make_connector()
    with pytest.raises(ValidationError) as caught:
        twilio.execute(name, {**params, **too_far})
    assert [p.path for p in caught.value.problems] == list(too_far)
    assert server.attempts == 0
    twilio.execute(name, params)
    (key,) = (k for k in params if k.lower() == wire.lower())
    assert dict(server.requests[0].form)[wire] == str(params[key])
