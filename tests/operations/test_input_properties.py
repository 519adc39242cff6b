"""Property-based tests over every operation's input schema, from Python and from the CLI.

Inputs are generated from each published schema (hypothesis-jsonschema) and made hostile on
purpose: names that are not text, lone surrogates, huge integers, deep nesting, dates at the
edges of the calendar, valid SIDs with a newline, ``../``, ``?`` or ``#`` after them. Whatever
the input, three things hold:

- only :class:`ConnectorError` subclasses are raised (never a traceback, never exit 1 for input);
- nothing is sent when the input is rejected;
- the request path is the operation's template with each ``{Param}`` replaced by exactly the
  percent-encoded value it was given: a value never adds a segment, a query or a fragment.

From Python the requests cross a real socket to a recording loopback server; from the CLI they
are the ``invoke --dry-run`` output. Runs are derandomized, so CI sees the same examples.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

from connector import ConnectorError, ValidationError
from flows.cli import main
from flows.cli.common import DRY_RUN_ACCOUNT
from operations import Operation, catalog
from tests.support.samples import nested

NAMES = catalog.names()

#: Problems only a value the schema accepts can have: it cannot say which dates exist.
SCHEMA_BLIND = ("is not a real date", "falls outside the years 1 to 9999")


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


# -- what a request may look like -------------------------------------------------------------


def _resolved(op: Operation, given: dict[Any, Any], account: str) -> dict[str, str]:
    """Each path placeholder's value, as given (the config's account where it defaults)."""
    values = {}
    for param in op.all_params:
        if param.location != "path":
            continue
        raw = given.get(param.name)
        if raw is None or (raw == "" and param.from_config):
            raw = account if param.from_config else None
        if raw is not None:
            values[str(param.wire)] = str(raw)
    return values


def expected_path(op: Operation, given: dict[Any, Any], account: str) -> str:
    """The operation's path template, each ``{Param}`` replaced by its quoted value."""
    values = _resolved(op, given, account)
    for template in (*op.alternate_paths, op.path):
        names = [part.split("}")[0] for part in template.split("{")[1:]]
        if all(name in values for name in names):
            break
    path = template
    for name in names:
        path = path.replace(f"{{{name}}}", quote(values[name], safe=""))
    for param in op.all_params:
        chosen = given.get(param.name)
        if param.extensions and isinstance(chosen, str):
            key = next(k for k in param.extensions if k.lower() == chosen.strip().lower())
            path = path.removesuffix(".json") + param.extensions[key]
    return path


def assert_request_shape(
    op: Operation, given: dict[Any, Any], account: str, method: str, target: str, body: set[str]
) -> None:
    """The request an accepted input produced: the path, and only the operation's wire names
    (in the query, and in the body: its form fields, or its JSON members)."""
    parts = urlsplit(target)
    assert method == op.method
    assert parts.path == expected_path(op, given, account), given
    assert not parts.fragment
    assert "#" not in target
    query_names = {"PageSize"}
    form_names = set(op.fixed_form)
    for param in op.all_params:
        if param.location == "query":
            query_names |= {str(param.wire), *param.bound_names().values()}
        elif param.location in ("form", "json"):
            form_names.add(str(param.wire))
    assert {name for name, _ in parse_qsl(parts.query, keep_blank_values=True)} <= query_names
    assert body <= form_names


# -- inputs -----------------------------------------------------------------------------------


@cache
def valid_input(name: str) -> st.SearchStrategy[dict[str, Any]]:
    """Inputs the operation's published schema accepts (hypothesis-jsonschema does not know
    every 2020-12 keyword, ``dependentRequired`` among them: a validator has the last word)."""
    schema = catalog.get(name).input_schema
    return from_schema(schema).filter(Draft202012Validator(schema).is_valid)


#: Integers too long for str() (made inside the strategy: a strategy's repr shows constants).
HUGE = st.sampled_from([5000, -4400, 4301]).map(
    lambda digits: (digits > 0 or -1) * 10 ** abs(digits)
)
SURROGATE = st.integers(0xD800, 0xDFFF).map(chr)
TAILS = ["\n", "\r\n", "\x00", " ", "/../x", "/", "?Status=completed", "#frag", "%2F", "&To=1"]
EDGE_DATES = [
    "9999-12-31T23:59:59-01:00",
    "0001-01-01T00:00:00+01:00",
    "<=0001-01-01T00:00:00+00:01",
    ">=9999-12-31T23:59:59-23:59",
    "0000-01-01",
    "2024-02-30",
    "9999-12-31T23:59:59.9999999Z",
]
OFFSETS = st.integers(-1439, 1439).map(lambda m: timezone(timedelta(minutes=m)))
HOSTILE_TEXT = st.lists(
    st.one_of(st.characters(), SURROGATE, st.sampled_from(TAILS)), max_size=6
).map("".join)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    HUGE,
    st.sampled_from([2**64, -1, 0]),
    st.floats(),
    HOSTILE_TEXT,
    st.sampled_from(EDGE_DATES),
    st.datetimes(timezones=OFFSETS),
    st.dates(),
)
HOSTILE_VALUES = st.one_of(
    SCALARS,
    st.recursive(
        SCALARS,
        lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=3), kids),
        max_leaves=6,
    ),
    st.integers(1_000, 5_000).map(nested),
    st.sampled_from([b"bytes", frozenset({1}), object(), date.max, datetime.min]),
)
ODD_KEYS = st.one_of(
    HOSTILE_TEXT,
    st.integers(),
    st.none(),
    st.booleans(),
    st.tuples(st.text(max_size=2)),
    st.floats(allow_nan=False),
)


def hostile_input(op: Operation, sample: dict[str, Any]) -> st.SearchStrategy[dict[Any, Any]]:
    """A valid sample with some parameters replaced by hostile values (or odd names added)."""
    names = sorted(op.by_name)
    spoilt = st.sampled_from(sorted(sample) or names).flatmap(
        lambda key: st.sampled_from(TAILS).map(lambda tail: {key: str(sample.get(key, "")) + tail})
    )
    extra = st.dictionaries(
        st.one_of(st.sampled_from(names), ODD_KEYS), HOSTILE_VALUES, min_size=1, max_size=3
    )
    return st.tuples(st.one_of(spoilt, extra), st.booleans()).map(
        lambda pair: {**sample, **pair[0]} if pair[1] else dict(pair[0])
    )


# -- from Python: a real socket ---------------------------------------------------------------


@pytest.fixture
def twilio(make_connector: Callable[..., Any]) -> Any:
    """One connector for all of a test's examples: its pooled connection is reused."""
    return make_connector()


def _invoke(
    twilio: Any, server: Any, op: Operation, params: dict[Any, Any]
) -> ConnectorError | None:
    """Run one input; check what reached the server against what was given."""
    before = server.attempts
    try:
        twilio.execute(op.name, params)
    except ValidationError as error:
        assert server.attempts == before, "sent although rejected"
        return error
    except ConnectorError as error:  # after sending (the loopback answers {}): fine
        return error
    finally:
        assert server.attempts - before <= 1
    if not op.sends_request:
        assert server.attempts == before, "an operation that makes its result here sent"
        return None
    got = server.requests[-1]
    assert server.attempts == before + 1
    body = set(got.json) if op.json_body else {name for name, _ in got.form}
    assert_request_shape(op, params, twilio.config.account_sid, got.method, got.target, body)
    return None


@pytest.mark.parametrize("name", NAMES)
@_settings(10)
@given(data=st.data())
def test_schema_valid_input_is_sent_as_declared(
    name: str, data: st.DataObject, server: Any, twilio: Any
) -> None:
    op = catalog.get(name)
    params = data.draw(valid_input(name), label="params")
    error = _invoke(twilio, server, op, params)
    if isinstance(error, ValidationError):
        for problem in error.problems:
            assert any(reason in problem.message for reason in SCHEMA_BLIND), problem


@pytest.mark.parametrize("name", NAMES)
@_settings(30)
@given(data=st.data())
def test_hostile_input_is_refused_with_a_typed_error(
    name: str,
    data: st.DataObject,
    server: Any,
    twilio: Any,
    sample_params: Callable[..., dict[str, Any]],
) -> None:
    op = catalog.get(name)
    params = data.draw(hostile_input(op, sample_params(op, full=False)), label="params")
    _invoke(twilio, server, op, params)


# -- from the CLI: invoke --dry-run, in-process ----------------------------------------------

#: JSON texts Python's json module cannot read: integers over 4,300 digits, deep nesting.
RAW_JSON = [
    "9" * 5000,
    "-" + "1" * 4400,
    "[" * 5000 + "]" * 5000,
    '{"a":' * 3000 + "1" + "}" * 3000,
]


def cli_argv(name: str, params: dict[Any, Any], raw: str | None, pair: str | None) -> list[str]:
    """``invoke NAME --params JSON --dry-run``: names made text, a raw JSON value spliced in."""
    as_json = {str(key): value for key, value in params.items()}
    text = json.dumps(as_json)
    if raw is not None:
        text = text[:-1] + (", " if as_json else "") + f'"raw": {raw}' + "}"
    argv = ["invoke", name, "--params", text, "--dry-run"]
    return [*argv, "-p", pair] if pair is not None else argv


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (ValueError, TypeError, RecursionError):
        return False
    return True


@pytest.mark.parametrize("name", NAMES)
@_settings(5)
@given(data=st.data())
def test_the_cli_never_shows_a_traceback(
    name: str,
    data: st.DataObject,
    capsys: pytest.CaptureFixture[str],
    no_twilio_env: pytest.MonkeyPatch,
    sample_params: Callable[..., dict[str, Any]],
) -> None:
    op = catalog.get(name)
    sample = sample_params(op, full=False)
    params = data.draw(
        st.one_of(valid_input(name), hostile_input(op, sample).filter(_jsonable)), label="params"
    )
    raw = data.draw(st.none() | st.sampled_from(RAW_JSON), label="raw JSON")
    pair = data.draw(
        st.none() | st.sampled_from([f"{key}=\udcff" for key in sample] or ["x=\udcff"]),
        label="-p",  # an argument that was not UTF-8 reaches Python as a lone surrogate
    )
    code = main(cli_argv(name, params, raw, pair))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert code in (0, 2), err
    if code == 2:
        assert out == ""
        assert err.startswith("error: ")
        return
    if not op.sends_request:  # a token made here: the dry run lists no request
        assert json.loads(out)["requests"] == []
        return
    (request,) = json.loads(out)["requests"]
    given = {str(key): value for key, value in params.items()}
    assert_request_shape(
        op,
        given,
        DRY_RUN_ACCOUNT["accountSid"],
        request["method"],
        request["url"],
        set(request.get("json", request["form"])),
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ('{"timeout": ' + "9" * 5000 + "}", "an integer of more than 4,300 digits"),
        ('{"body": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ],
    ids=["huge-integer", "deep-nesting"],
)
def test_params_json_that_python_cannot_read_is_a_usage_problem(
    params: str, message: str, capsys: pytest.CaptureFixture[str], no_twilio_env: Any
) -> None:
    """Found by the property test above: json.loads raised ValueError and RecursionError."""
    code = main(["invoke", "send-sms-message", "--params", params, "--dry-run"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert message in err


def test_a_params_file_that_is_not_utf8_is_a_usage_problem(
    tmp_path: Any, capsys: pytest.CaptureFixture[str], no_twilio_env: Any
) -> None:
    path = tmp_path / "params.json"
    path.write_bytes(b'{"body": "caf\xe9"}')
    code = main(["invoke", "send-sms-message", "--params", f"@{path}", "--dry-run"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert "is not UTF-8 text" in err
