"""Rehearsals: small YAML flows and the final payload (or error) each must produce, run against
the emulator. Every step a flow may use (README: A flow) has its cases here, error paths
included.

In an expected value, ``<account>`` stands for the test account's SID.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from connector import ConnectorError
from emulator import Account
from flows import CompositeRoutingError, ExpressionError, RetryExhaustedError


@dataclass(frozen=True)
class Rehearsal:
    """A flow and what it must come to: a payload, or an error of a type (with a code/line)."""

    name: str
    flow: str
    expect: Any = None
    error: str | None = None
    code: int | None = None
    line: int | None = None
    vars: dict[str, Any] = field(default_factory=dict)
    payload: Any = None
    faults: tuple[dict[str, Any], ...] = ()


REHEARSALS = [
    # -- twilio:<operation> -------------------------------------------------------------------
    Rehearsal(
        "operation result becomes the payload, with its attributes",
        """
        flows:
          main:
            - twilio:get-account-details: {}
            - set-payload:
                value: {sid: "#[payload.sid]", status: "#[attributes.statusCode]",
                        uri: "#[attributes.uri.endswith(payload.sid ~ '.json')]"}
        """,
        expect={"sid": "<account>", "status": 200, "uri": True},
    ),
    Rehearsal(
        "target puts the result in a variable and keeps the payload",
        """
        flows:
          main:
            - set-payload: {value: kept}
            - twilio:get-account-details: {target: me}
            - set-payload: {value: ["#[payload]", "#[vars.me.sid]", "#[attributes.statusCode]"]}
        """,
        expect=["kept", "<account>", 200],
    ),
    Rehearsal(
        "a list operation's result is a list, capped by limit; attributes are the last call's",
        """
        flows:
          main:
            - foreach:
                collection: [+14155550100, +14155550101, +14155550102]
                do:
                  - twilio:send-sms-message: {from: +15005550006, to: "#[payload]", body: hi}
            - twilio:get-all-sms-messages: {limit: 2}
            - set-payload:
                value:
                  count: "#[payload | length]"
                  list: "#[payload is sequence and payload is not mapping]"
                  last: "#[attributes.uri.split('?')[0].endswith('/Messages.json')]"
        """,
        expect={"count": 2, "list": True, "last": True},
    ),
    Rehearsal(
        "config-ref names the config; with one config it may be left out",
        """
        configs:
          main: {accountSid: "${env:NOT_SET_ANYWHERE}", authToken: x}
        flows:
          main:
            - twilio:get-account-details: {config-ref: main, target: a}
            - twilio:get-account-details: {target: b}
            - set-payload: {value: "#[vars.a.sid == vars.b.sid]"}
        """,
        expect=True,
    ),
    Rehearsal(
        "an operation error has Twilio's type and code and the step's line",
        """
        flows:
          main:
            - set-payload: {value: before}
            - twilio:send-sms-message:
                from: +15005550006
                to: +15005550001
                body: hi
        """,
        error="TWILIO:BAD_REQUEST",
        code=21211,
        line=4,
    ),
    Rehearsal(
        "a value from an expression that breaks the schema fails at run time, nothing sent",
        """
        flows:
          main:
            - twilio:get-calls: {pageSize: "#[vars.size]"}
        """,
        vars={"size": "lots"},
        error="TWILIO:VALIDATION",
        line=3,
    ),
    Rehearsal(
        "a parameter whose expression is null is left out",
        """
        flows:
          main:
            - twilio:get-all-sms-messages: {to: "#[vars.nobody]", limit: 1}
            - set-payload: {value: "#[payload]"}
        """,
        vars={"nobody": None},
        expect=[],
    ),
    # -- set-variable / set-payload -----------------------------------------------------------
    Rehearsal(
        "set-variable keeps an expression's type; literal scalars are text",
        """
        flows:
          main:
            - set-variable: {name: n, value: "#[3]"}
            - set-variable: {name: t, value: 3}
            - set-variable: {name: b, value: "#[true]"}
            - set-variable: {name: z, value: "#[none]"}
            - set-payload: {value: ["#[vars.n + 1]", "#[vars.t ~ '1']", "#[vars.b]", "#[vars.z]"]}
        """,
        expect=[4, "31", True, None],
    ),
    Rehearsal(
        "set-payload walks mappings and lists at any depth; text around expressions interpolates",
        """
        flows:
          main:
            - set-variable: {name: name, value: Ada}
            - set-payload:
                value:
                  greeting: "Hi #[vars.name]!"
                  nested: {list: [1, "#[vars.name | length]", {deep: "#[[vars.name]]"}]}
                  json: "n=#[[1, 2]] ok=#[true] none=#[none]"
                  empty: null
                  tilde: ~
        """,
        expect={
            "greeting": "Hi Ada!",
            "nested": {"list": [1, 3, {"deep": ["Ada"]}]},
            "json": "n=[1, 2] ok=true none=null",
            "empty": None,
            "tilde": None,
        },
    ),
    Rehearsal(
        "the starting payload and --var values reach the flow",
        """
        flows:
          main:
            - set-payload: {value: {got: "#[payload]", who: "#[vars.who]"}}
        """,
        payload={"a": [1, 2]},
        vars={"who": "+15005550006"},
        expect={"got": {"a": [1, 2]}, "who": "+15005550006"},
    ),
    Rehearsal(
        "an undefined name is FLOW:EXPRESSION at its line",
        """
        flows:
          main:
            - set-payload: {value: ok}
            - set-payload: {value: "#[vars.missing + 1]"}
        """,
        error="FLOW:EXPRESSION",
        line=4,
    ),
    # -- logger -------------------------------------------------------------------------------
    Rehearsal(
        "logger leaves the payload alone",
        """
        flows:
          main:
            - set-payload: {value: {a: 1}}
            - logger: {message: "payload is #[payload]", level: DEBUG}
            - logger: {message: "#[payload]"}
        """,
        expect={"a": 1},
    ),
    # -- choice -------------------------------------------------------------------------------
    Rehearsal(
        "choice runs the first route whose when is true",
        """
        flows:
          main:
            - set-variable: {name: n, value: "#[5]"}
            - choice:
                - when: "#[vars.n > 10]"
                  do: [{set-payload: {value: big}}]
                - when: "#[vars.n > 3]"
                  do: [{set-payload: {value: medium}}]
                - when: "#[vars.n > 1]"
                  do: [{set-payload: {value: small}}]
                - otherwise:
                    - set-payload: {value: tiny}
        """,
        expect="medium",
    ),
    Rehearsal(
        "choice falls to otherwise",
        """
        flows:
          main:
            - choice:
                - when: "#[payload == 'x']"
                  do: [{set-payload: {value: x}}]
                - otherwise:
                    - set-payload: {value: other}
        """,
        expect="other",
    ),
    Rehearsal(
        "choice with no true route and no otherwise changes nothing",
        """
        flows:
          main:
            - set-payload: {value: same}
            - choice:
                - when: "#[false]"
                  do: [{set-payload: {value: changed}}]
        """,
        expect="same",
    ),
    Rehearsal(
        "a failing when is FLOW:EXPRESSION",
        """
        flows:
          main:
            - choice:
                - when: "#[payload.nothing.here]"
                  do: []
        """,
        error="FLOW:EXPRESSION",
        line=4,
    ),
    # -- foreach ------------------------------------------------------------------------------
    Rehearsal(
        "foreach: payload is the item, counter counts from 1, payload restored afterwards",
        """
        flows:
          main:
            - set-payload: {value: original}
            - set-variable: {name: seen, value: "#[[]]"}
            - foreach:
                collection: "#[['a', 'b', 'c']]"
                do:
                  - set-variable: {name: seen, value: "#[vars.seen + [payload ~ vars.counter]]"}
                  - set-payload: {value: changed}
            - set-payload: {value: {payload: "#[payload]", seen: "#[vars.seen]",
                                    counter: "#[vars.counter is defined]"}}
        """,
        expect={"payload": "original", "seen": ["a1", "b2", "c3"], "counter": False},
    ),
    Rehearsal(
        "nested foreach loops keep their own counters",
        """
        flows:
          main:
            - set-variable: {name: out, value: "#[[]]"}
            - foreach:
                collection: "#[[10, 20]]"
                do:
                  - set-variable: {name: outer, value: "#[vars.counter]"}
                  - foreach:
                      collection: "#[['x', 'y']]"
                      do:
                        - set-variable:
                            name: out
                            value: "#[vars.out + [vars.outer ~ payload ~ vars.counter]]"
                  - set-variable: {name: out, value: "#[vars.out + ['c' ~ vars.counter]]"}
            - set-payload: {value: "#[vars.out]"}
        """,
        expect=["1x1", "1y2", "c1", "2x1", "2y2", "c2"],
    ),
    Rehearsal(
        "foreach over null runs nothing; over one value runs once",
        """
        flows:
          main:
            - set-variable: {name: runs, value: "#[0]"}
            - foreach:
                collection: "#[none]"
                do: [{set-variable: {name: runs, value: "#[vars.runs + 1]"}}]
            - foreach:
                collection: "#[{'one': 1}]"
                do: [{set-variable: {name: runs, value: "#[vars.runs + payload.one * 10]"}}]
            - set-payload: {value: "#[vars.runs]"}
        """,
        expect=10,
    ),
    Rehearsal(
        "foreach sends one message per item",
        """
        flows:
          main:
            - foreach:
                collection: "#[payload]"
                do:
                  - twilio:send-sms-message:
                      {from: +15005550006, to: "#[payload]", body: "n#[vars.counter]"}
            - twilio:get-all-sms-messages: {}
            - set-payload: {value: "#[payload | map(attribute='body') | sort | list]"}
        """,
        payload=["+14155550100", "+14155550101"],
        expect=["n1", "n2"],
    ),
    Rehearsal(
        "an error inside foreach stops the loop, with the item's step line",
        """
        flows:
          main:
            - foreach:
                collection: "#[['+14155550100', '+15005550001', '+14155550102']]"
                do:
                  - twilio:send-sms-message: {from: +15005550006, to: "#[payload]", body: x}
        """,
        error="TWILIO:BAD_REQUEST",
        code=21211,
        line=6,
    ),
    # -- parallel-foreach ---------------------------------------------------------------------
    Rehearsal(
        "parallel-foreach: each item's final payload, in input order; vars stay as they were",
        """
        flows:
          main:
            - set-variable: {name: mark, value: before}
            - parallel-foreach:
                collection: "#[['+14155550100', '+14155550101', '+14155550102', '+14155550103']]"
                maxConcurrency: 2
                do:
                  - set-variable: {name: mark, value: inside}
                  - twilio:send-sms-message: {from: +15005550006, to: "#[payload]", body: hi}
                  - set-payload: {value: "#[payload.to ~ '#' ~ vars.counter]"}
            - set-payload: {value: {results: "#[payload]", mark: "#[vars.mark]"}}
        """,
        expect={
            "results": ["+14155550100#1", "+14155550101#2", "+14155550102#3", "+14155550103#4"],
            "mark": "before",
        },
    ),
    Rehearsal(
        "parallel-foreach raises FLOW:COMPOSITE_ROUTING after every item ran, listing failures",
        """
        flows:
          main:
            - try:
                do:
                  - parallel-foreach:
                      collection: [+14155550100, +15005550001, +14155550102, +15005550002]
                      maxConcurrency: 4
                      do:
                        - twilio:send-sms-message: {from: +15005550006, to: "#[payload]", body: x}
                on-error:
                  - on-error-continue:
                      type: FLOW:COMPOSITE_ROUTING
                      do:
                        - twilio:get-all-sms-messages: {}
                        - set-payload:
                            value:
                              sent: "#[payload | length]"
                              failures: "#[error.failures | map(attribute='index') | list]"
                              codes: "#[error.failures | map(attribute='code') | list]"
                              results: "#[error.results | select | list | length]"
        """,
        expect={"sent": 2, "failures": [2, 4], "codes": [21211, 21612], "results": 2},
    ),
    Rehearsal(
        "an uncaught composite error is FLOW:COMPOSITE_ROUTING at the parallel-foreach",
        """
        flows:
          main:
            - parallel-foreach:
                collection: "#[[1, 2]]"
                do:
                  - raise-error: {type: "APP:BAD", description: "item #[payload]"}
        """,
        error="FLOW:COMPOSITE_ROUTING",
        line=3,
    ),
    Rehearsal(
        "parallel-foreach over nothing gives an empty list",
        """
        flows:
          main:
            - parallel-foreach:
                collection: "#[[]]"
                do: [{raise-error: {type: "APP:NEVER"}}]
        """,
        expect=[],
    ),
    # -- try / on-error-continue / on-error-propagate -----------------------------------------
    Rehearsal(
        "on-error-continue swallows the error; the flow goes on with the handler's payload",
        """
        flows:
          main:
            - try:
                do:
                  - twilio:get-sms-message: {smsMessageSid: SM00000000000000000000000000000000}
                on-error:
                  - on-error-continue:
                      type: TWILIO:NOT_FOUND
                      do:
                        - set-payload:
                            value:
                              type: "#[error.type]"
                              code: "#[error.code]"
                              status: "#[error.status]"
                              info: "#[error.moreInfo]"
                              said: "#[error.description | length > 0]"
            - set-payload: {value: {handled: "#[payload]"}}
        """,
        expect={
            "handled": {
                "type": "TWILIO:NOT_FOUND",
                "code": 20404,
                "status": 404,
                "info": "https://www.twilio.com/docs/errors/20404",
                "said": True,
            },
        },
    ),
    Rehearsal(
        "handlers are tried in order; type takes a comma list; when filters",
        """
        flows:
          main:
            - try:
                do:
                  - twilio:send-sms-message: {from: +15005550006, to: +15005550001, body: x}
                on-error:
                  - on-error-continue:
                      type: TWILIO:NOT_FOUND
                      do: [{set-payload: {value: wrong-type}}]
                  - on-error-continue:
                      type: TWILIO:NOT_FOUND, TWILIO:BAD_REQUEST
                      when: "#[error.code == 99999]"
                      do: [{set-payload: {value: wrong-when}}]
                  - on-error-continue:
                      type: TWILIO:UNAUTHORIZED,TWILIO:BAD_REQUEST
                      when: "#[error.code == 21211]"
                      do: [{set-payload: {value: right}}]
                  - on-error-continue:
                      do: [{set-payload: {value: too-late}}]
        """,
        expect="right",
    ),
    Rehearsal(
        "on-error-propagate runs its steps, then the error goes on to the outer handler",
        """
        flows:
          main:
            - try:
                do:
                  - try:
                      do:
                        - raise-error: {type: "APP:INNER", description: boom}
                      on-error:
                        - on-error-propagate:
                            type: APP:INNER
                            do: [{set-variable: {name: cleaned, value: "#[true]"}}]
                  - set-variable: {name: skipped, value: "#[false]"}
                on-error:
                  - on-error-continue:
                      type: ANY
                      do:
                        - set-payload:
                            value:
                              - "#[error.type]"
                              - "#[vars.cleaned]"
                              - "#[vars.skipped is defined]"
        """,
        expect=["APP:INNER", True, False],
    ),
    Rehearsal(
        "an error no handler takes propagates out of try",
        """
        flows:
          main:
            - try:
                do:
                  - raise-error: {type: "APP:OTHER", description: not mine}
                on-error:
                  - on-error-continue: {type: "APP:MINE"}
        """,
        error="APP:OTHER",
        line=5,
    ),
    Rehearsal(
        "an error raised inside a handler replaces the one it handled",
        """
        flows:
          main:
            - try:
                do:
                  - raise-error: {type: "APP:FIRST"}
                on-error:
                  - on-error-continue:
                      do:
                        - raise-error: {type: "APP:SECOND", description: "after #[error.type]"}
        """,
        error="APP:SECOND",
        line=9,
    ),
    # -- until-successful ---------------------------------------------------------------------
    Rehearsal(
        "until-successful retries until the steps succeed",
        """
        flows:
          main:
            - until-successful:
                maxRetries: 3
                millisBetweenRetries: 10
                do:
                  - twilio:get-account-details: {}
            - set-payload: {value: "#[payload.sid]"}
        """,
        faults=({"status": 500, "count": 2, "method": "GET"},),
        expect="<account>",
    ),
    Rehearsal(
        "each try starts from the event as it entered (3 tries, each counting from 0)",
        """
        flows:
          main:
            - set-variable: {name: tries, value: "#[0]"}
            - try:
                do:
                  - until-successful:
                      maxRetries: 2
                      millisBetweenRetries: 0
                      do:
                        - set-variable: {name: tries, value: "#[vars.tries + 1]"}
                        - raise-error: {type: "APP:ALWAYS", description: "try #[vars.tries]"}
                on-error:
                  - on-error-continue:
                      type: FLOW:RETRY_EXHAUSTED
                      do:
                        - set-payload:
                            value:
                              tries: "#[vars.tries]"
                              cause: "#[error.cause.type]"
                              said: "#[error.cause.description]"
                              retries: "#[error.retries]"
        """,
        expect={"tries": 1, "cause": "APP:ALWAYS", "said": "try 1", "retries": 2},
    ),
    Rehearsal(
        "until-successful gives up with FLOW:RETRY_EXHAUSTED",
        """
        flows:
          main:
            - until-successful:
                maxRetries: 1
                millisBetweenRetries: 0
                do:
                  - twilio:get-sms-message: {smsMessageSid: SM00000000000000000000000000000000}
        """,
        error="FLOW:RETRY_EXHAUSTED",
        line=3,
    ),
    Rehearsal(
        "a POST whose outcome is unknown is not retried (the message might exist)",
        """
        flows:
          main:
            - until-successful:
                maxRetries: 3
                millisBetweenRetries: 0
                do:
                  - twilio:send-sms-message: {from: +15005550006, to: +14155550100, body: once}
        """,
        faults=({"status": 500, "count": 1, "method": "POST", "path": "/Messages.json"},),
        error="TWILIO:SERVER_ERROR",
        line=7,
    ),
    Rehearsal(
        "sends of a parallel-foreach that may have reached Twilio are not retried either",
        """
        flows:
          main:
            - until-successful:
                maxRetries: 3
                millisBetweenRetries: 0
                do:
                  - parallel-foreach:
                      collection: [+14155550100, +14155550101]
                      do:
                        - twilio:send-sms-message: {from: +15005550006, to: "#[payload]", body: x}
        """,
        faults=({"status": 500, "count": 2, "method": "POST", "path": "/Messages.json"},),
        error="FLOW:COMPOSITE_ROUTING",
        line=7,
    ),
    Rehearsal(
        "an error leaving a foreach still restores the payload and vars.counter",
        """
        flows:
          main:
            - set-payload: {value: start}
            - try:
                do:
                  - foreach:
                      collection: [a, b]
                      do:
                        - raise-error: {type: APP:STOP, description: stop}
                on-error:
                  - on-error-continue: {type: ANY}
            - set-payload:
                value: {payload: "#[payload]", counter: "#[vars.counter | default('unset')]"}
        """,
        expect={"payload": "start", "counter": "unset"},
    ),
    # -- flow-ref -----------------------------------------------------------------------------
    Rehearsal(
        "flow-ref runs another flow with the same payload and variables",
        """
        flows:
          main:
            - set-payload: {value: "#[2]"}
            - flow-ref: {name: double}
            - flow-ref: {name: double}
            - set-payload: {value: {n: "#[payload]", calls: "#[vars.calls]"}}
          double:
            - set-payload: {value: "#[payload * 2]"}
            - set-variable: {name: calls, value: "#[(vars.calls | default(0)) + 1]"}
        """,
        expect={"n": 8, "calls": 2},
    ),
    Rehearsal(
        "a flow's own on-error handles errors of the flows it is called from",
        """
        flows:
          main:
            - flow-ref: {name: careful}
            - set-payload: {value: "caller went on after #[payload]"}
          careful:
            steps:
              - raise-error: {type: "APP:OOPS"}
            on-error:
              - on-error-continue:
                  do: [{set-payload: {value: "#[error.type]"}}]
        """,
        expect="caller went on after APP:OOPS",
    ),
    Rehearsal(
        "file:write writes and leaves the payload as it was",
        """
        flows:
          main:
            - set-payload: {value: {kept: true}}
            - file:write: {path: /dev/null, content: "#[payload]\\n", mode: APPEND}
        """,
        expect={"kept": True},
    ),
    # -- raise-error --------------------------------------------------------------------------
    Rehearsal(
        "raise-error raises the flow's own type with its description",
        """
        flows:
          main:
            - set-variable: {name: n, value: "#[0]"}
            - choice:
                - when: "#[vars.n == 0]"
                  do:
                    - raise-error: {type: "app:no_recipients", description: "none of #[vars.n]"}
        """,
        error="APP:NO_RECIPIENTS",
        line=7,
    ),
    # -- flow-level on-error ------------------------------------------------------------------
    Rehearsal(
        "flow-level on-error-continue: the flow ends with the handler's payload",
        """
        flows:
          main:
            steps:
              - set-payload: {value: start}
              - twilio:get-call: {callSid: CA00000000000000000000000000000000}
              - set-payload: {value: not reached}
            on-error:
              - on-error-continue:
                  type: TWILIO:NOT_FOUND
                  do:
                    - set-payload: {value: "#[{'missing': error.code, 'where': error.where[-4:]}]"}
        """,
        expect={"missing": 20404, "where": ":5:9"},
    ),
    Rehearsal(
        "flow-level on-error-propagate runs its steps and fails the flow",
        """
        flows:
          main:
            steps:
              - raise-error: {type: "APP:FATAL"}
            on-error:
              - on-error-propagate:
                  do: [{logger: {message: "failing: #[error.type]", level: ERROR}}]
        """,
        error="APP:FATAL",
        line=4,
    ),
    # -- twiml ----------------------------------------------------------------------------------
    Rehearsal(
        "twiml makes the payload a TwiML document, its values escaped",
        """
        flows:
          main:
            - twiml:
                message:
                  body: "Thanks #[payload.From], we got: #[payload.Body]"
                  to: "#[payload.From]"
        """,
        payload={"From": "+14155550100", "Body": "<Redirect>x</Redirect> & more"},
        expect='<?xml version="1.0" encoding="UTF-8"?><Response><Message to="+14155550100">'
        "<Body>Thanks +14155550100, we got: &lt;Redirect&gt;x&lt;/Redirect&gt; &amp; more</Body>"
        "</Message></Response>",
    ),
    Rehearsal(
        "a twiml value of the wrong kind from an expression is FLOW:EXPRESSION",
        """
        flows:
          main:
            - twiml:
                - gather: {numDigits: "#[payload]", do: [{say: Press a key}]}
        """,
        payload="one",
        error="FLOW:EXPRESSION",
        line=4,
    ),
]


def _with_account(value: Any, account: Account) -> Any:
    return json.loads(json.dumps(value).replace("<account>", account.sid))


@pytest.mark.parametrize("case", REHEARSALS, ids=[case.name for case in REHEARSALS])
def test_rehearsal(case: Rehearsal, run_flow: Any, account: Account, add_fault: Any) -> None:
    for fault in case.faults:
        add_fault(**fault)
    if case.error is None:
        payload = run_flow(case.flow, vars=case.vars, payload=case.payload)
        assert payload == _with_account(case.expect, account)
        return
    with pytest.raises(ConnectorError) as caught:
        run_flow(case.flow, vars=case.vars, payload=case.payload)
    error = caught.value
    assert error.type == case.error, str(error)
    if case.code is not None:
        assert error.code == case.code
    where = getattr(error, "where", None)
    assert where is not None
    assert re.fullmatch(r".+flow\.yaml:\d+:\d+", where), where
    if case.line is not None:
        assert where.split(":")[-2] == str(case.line), where


def test_every_step_of_the_spec_is_rehearsed() -> None:
    from flows.steps import STEPS  # noqa: PLC0415

    flows_text = "\n".join(case.flow for case in REHEARSALS)
    for kind in [*STEPS, "twilio:", "on-error-continue", "on-error-propagate"]:
        assert f"{kind}" in flows_text, f"no rehearsal uses {kind}"
    erroring = {case.error for case in REHEARSALS if case.error}
    assert {"FLOW:EXPRESSION", "FLOW:RETRY_EXHAUSTED", "FLOW:COMPOSITE_ROUTING"} <= erroring


def test_error_classes_are_the_flow_error_types(run_flow: Any) -> None:
    cases = {
        ExpressionError: "- set-payload: {value: '#[vars.nope]'}",
        RetryExhaustedError: (
            "- until-successful: {maxRetries: '0', do: [{raise-error: {type: 'A:B'}}]}"
        ),
        CompositeRoutingError: (
            "- parallel-foreach: {collection: '#[[1]]', do: [{raise-error: {type: 'A:B'}}]}"
        ),
    }
    for cls, step in cases.items():
        with pytest.raises(cls) as caught:
            run_flow(f"flows:\n  main:\n    {step}\n")
        assert caught.value.type == cls.error_type
    with pytest.raises(RetryExhaustedError) as exhausted:
        run_flow(f"flows:\n  main:\n    {cases[RetryExhaustedError]}\n")
    assert exhausted.value.__cause__ is exhausted.value.cause
    assert exhausted.value.cause.type == "A:B"
