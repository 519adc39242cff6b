"""Where flows follow Mule's scope semantics (README: A flow):
foreach over a mapping iterates its entries, ``vars.rootMessage`` inside foreach, counts of
until-successful given as expressions, and error types written without a namespace."""

from __future__ import annotations

from typing import Any

import pytest

from flows import ExpressionError, RaisedError, RetryExhaustedError
from flows.document import check_text


@pytest.mark.parametrize(
    "collection",
    ["{first: a, second: b, third: c}", "\"#[{'first': 'a', 'second': 'b', 'third': 'c'}]\""],
)
def test_foreach_over_a_mapping_iterates_its_entries_in_order(
    collection: str, run_flow: Any
) -> None:
    payload = run_flow(
        f"""
        flows:
          main:
            - set-variable: {{name: seen, value: "#[[]]"}}
            - foreach:
                collection: {collection}
                do:
                  - set-variable:
                      name: seen
                      value: "#[vars.seen + [[vars.counter, payload, payload.keys() | list]]]"
            - set-payload: {{value: "#[vars.seen]"}}
        """
    )
    assert payload == [
        [1, {"first": "a"}, ["first"]],
        [2, {"second": "b"}, ["second"]],
        [3, {"third": "c"}, ["third"]],
    ]


def test_parallel_foreach_over_a_mapping_iterates_its_entries_too(run_flow: Any) -> None:
    payload = run_flow(
        """
        flows:
          main:
            - parallel-foreach:
                collection: "#[{'a': 1, 'b': 2}]"
                do:
                  - set-payload:
                      value: "#[[payload.keys() | first, payload.values() | first, vars.counter]]"
        """
    )
    assert payload == [["a", 1, 1], ["b", 2, 2]]


def test_an_empty_mapping_is_no_items(run_flow: Any) -> None:
    payload = run_flow(
        """
        flows:
          main:
            - foreach: {collection: "#[{}]", do: [{raise-error: {type: "APP:NEVER"}}]}
            - set-payload: {value: done}
        """
    )
    assert payload == "done"


def test_root_message_is_the_message_being_split_and_is_restored_after(run_flow: Any) -> None:
    payload = run_flow(
        """
        flows:
          main:
            - twilio:get-account-details: {target: me}
            - set-payload: {value: [x, y]}
            - set-variable: {name: rootMessage, value: mine}
            - set-variable: {name: inside, value: "#[[]]"}
            - foreach:
                collection: "#[payload]"
                do:
                  - set-payload: {value: changed}
                  - foreach:
                      collection: [1]
                      do:
                        - set-variable:
                            name: inside
                            value: "#[vars.inside + [vars.rootMessage.payload]]"
                  - set-variable:
                      name: inside
                      value: >-
                        #[vars.inside + [[vars.rootMessage.payload,
                        vars.rootMessage.attributes.statusCode]]]
            - parallel-foreach:
                collection: [1, 2]
                do:
                  - set-payload: {value: "#[vars.rootMessage.payload]"}
            - set-payload:
                value:
                  inside: "#[vars.inside]"
                  after: "#[vars.rootMessage]"
                  parallel: "#[payload]"
        """
    )
    assert payload == {
        # The inner loop splits the outer item's message (its payload changed to 'changed').
        "inside": ["changed", [["x", "y"], 200], "changed", [["x", "y"], 200]],
        "after": "mine",
        "parallel": [["x", "y"], ["x", "y"]],
    }


def test_root_message_is_not_left_behind(run_flow: Any) -> None:
    payload = run_flow(
        """
        flows:
          main:
            - foreach: {collection: [1], do: [{set-payload: {value: "#[vars.rootMessage]"}}]}
            - set-payload: {value: ["#[vars.rootMessage is defined]", "#[vars.counter is defined]"]}
        """,
        payload="start",
    )
    assert payload == [False, False]


UNTIL = """
flows:
  main:
    - until-successful:
        maxRetries: "#[vars.tries]"
        millisBetweenRetries: "#[vars.wait]"
        do:
          - raise-error: {type: "APP:FAIL"}
"""


@pytest.mark.parametrize(("tries", "retries"), [("2", 2), (0, 0), ("3", 3)])
def test_until_successful_counts_may_be_expressions(
    tries: Any, retries: int, run_flow: Any
) -> None:
    with pytest.raises(RetryExhaustedError) as caught:
        run_flow(UNTIL, vars={"tries": tries, "wait": "0"})
    assert caught.value.retries == retries


@pytest.mark.parametrize("tries", ["lots", -1, "1.5", True, None, [1], 2**31])
def test_a_count_that_is_not_a_whole_number_is_an_expression_error(
    tries: Any, run_flow: Any
) -> None:
    with pytest.raises(ExpressionError) as caught:
        run_flow(UNTIL, vars={"tries": tries, "wait": "0"})
    assert "maxRetries must be a whole number from 0 to 2147483647" in caught.value.message
    assert caught.value.where is not None
    assert caught.value.where.endswith("flow.yaml:4:21")


def test_the_counts_are_evaluated_when_the_step_starts(run_flow: Any) -> None:
    with pytest.raises(RetryExhaustedError) as caught:
        run_flow(
            """
            flows:
              main:
                - set-variable: {name: tries, value: "#[1]"}
                - until-successful:
                    maxRetries: "#[vars.tries]"
                    millisBetweenRetries: "0"
                    do:
                      - set-variable: {name: tries, value: "#[vars.tries + 10]"}
                      - raise-error: {type: "APP:FAIL"}
            """
        )
    assert caught.value.retries == 1


@pytest.mark.parametrize(
    ("types", "raised"),
    [
        ("RETRY_EXHAUSTED", "FLOW:RETRY_EXHAUSTED"),
        ("retry_exhausted", "FLOW:RETRY_EXHAUSTED"),
        ("APP:OTHER, EXPRESSION", "FLOW:EXPRESSION"),
    ],
)
def test_a_bare_error_type_in_a_handler_is_of_the_flow_namespace(
    types: str, raised: str, run_flow: Any
) -> None:
    failing = {
        "FLOW:RETRY_EXHAUSTED": (
            "{until-successful: {maxRetries: 0, do: [{raise-error: {type: 'APP:X'}}]}}"
        ),
        "FLOW:EXPRESSION": "{set-payload: {value: '#[vars.nope]'}}",
    }[raised]
    payload = run_flow(
        f"""
        flows:
          main:
            - try:
                do: [{failing}]
                on-error:
                  - on-error-continue:
                      type: "{types}"
                      do: [{{set-payload: {{value: "#[error.type]"}}}}]
        """
    )
    assert payload == raised


def test_raise_error_takes_a_bare_type_of_the_flow_namespace(run_flow: Any) -> None:
    with pytest.raises(RaisedError) as caught:
        run_flow("flows:\n  main:\n    - raise-error: {type: RETRY_EXHAUSTED}\n")
    assert caught.value.type == "FLOW:RETRY_EXHAUSTED"


@pytest.mark.parametrize(
    ("types", "says"),
    [
        ("NOT_FOUND", "did you mean 'TWILIO:NOT_FOUND'?"),
        ("VALIDATION", "did you mean 'TWILIO:VALIDATION'?"),
        ("TIMEOUT, TWILIO:NOT_FOUND", "did you mean 'TWILIO:TIMEOUT'?"),
        ("BAD_REQEST", "did you mean 'TWILIO:BAD_REQUEST'?"),
        (
            "NO_RECIPIENTS",
            "a type of the flow's own is NAMESPACE:NAME, such as 'APP:NO_RECIPIENTS'",
        ),
    ],
)
def test_a_bare_type_that_is_no_flow_type_is_a_problem_naming_the_full_type(
    types: str, says: str
) -> None:
    text = (
        "flows:\n  main:\n    steps: []\n    on-error:\n"
        f"      - on-error-propagate: {{type: '{types}'}}\n"
    )
    _, problems = check_text(text, "f.yaml")
    bare = types.split(",", maxsplit=1)[0]
    message = f"the error type '{bare}' has no namespace, and there is no FLOW:{bare}"
    assert [(p.path, p.message, p.hint) for p in problems] == [("f.yaml:5:36", message, says)]
