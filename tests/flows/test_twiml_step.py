"""The ``twiml`` step: YAML flows that turn a webhook's payload into TwiML, the problems
validate finds in one (each once, at its line and column, with a hint), values from
expressions that can't add XML, and its part of the flow-file schema."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

import schemas
from flows import ExpressionError, run_file, validate_file
from flows.steps import Twiml
from flows.twiml import DECLARATION, ELEMENTS, response, say
from tests.support.twiml import HOSTILE, tree

AUTO_REPLY = """
flows:
  auto-reply:
    - choice:
        - when: "#[payload.Body | upper | trim == 'STOP']"
          do: [{twiml: {}}]
        - otherwise:
            - twiml:
                message: {body: "Thanks #[payload.From], we got: #[payload.Body]"}
"""

IVR = """
flows:
  menu:
    - twiml:
        - say: {text: "Welcome, #[payload.CallerName]", voice: alice, language: en-GB}
        - gather:
            numDigits: "#[vars.digits]"
            action: /ivr/choice
            timeout: 5
            input: dtmf speech
            do:
              - say: Press 1 for sales, 2 for support
              - pause: {length: 1}
              - play: {url: "https://example.com/menu.mp3", loop: 2}
        - say: We didn't get that. Goodbye
        - hangup: {}
"""


def _run(write_flow: Any, text: str, **kwargs: Any) -> Any:
    return run_file(write_flow(text), **kwargs)


# -- rehearsals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "reply"),
    [
        (" stop ", f"{DECLARATION}<Response />"),
        (
            "hello",
            f"{DECLARATION}<Response><Message><Body>Thanks +14155550100, we got: hello</Body>"
            "</Message></Response>",
        ),
    ],
)
def test_an_auto_reply_answers_stop_with_an_empty_response(
    body: str, reply: str, write_flow: Any
) -> None:
    payload = {"From": "+14155550100", "Body": body}
    assert _run(write_flow, AUTO_REPLY, payload=payload) == reply


def test_an_ivr_menu_is_built_from_the_payload_and_variables(write_flow: Any) -> None:
    document = _run(write_flow, IVR, payload={"CallerName": "Ada"}, vars={"digits": 1})
    assert isinstance(document, str)
    assert tree(document) == (
        "Response",
        {},
        "",
        [
            ("Say", {"voice": "alice", "language": "en-GB"}, "Welcome, Ada", []),
            (
                "Gather",
                {"numDigits": "1", "action": "/ivr/choice", "timeout": "5", "input": "dtmf speech"},
                "",
                [
                    ("Say", {}, "Press 1 for sales, 2 for support", []),
                    ("Pause", {"length": "1"}, "", []),
                    ("Play", {"loop": "2"}, "https://example.com/menu.mp3", []),
                ],
            ),
            ("Say", {}, "We didn't get that. Goodbye", []),
            ("Hangup", {}, "", []),
        ],
    )


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ("twiml: {}", response()),
        ("twiml:", response()),
        ("twiml: []", response()),
        ("twiml: {say: Hello}", "<Say>Hello</Say>"),
        ('twiml: {dial: "+14155550100"}', "<Dial>+14155550100</Dial>"),
        ("twiml: {message: Thanks}", "<Message><Body>Thanks</Body></Message>"),
        ("twiml: {redirect: /next}", "<Redirect>/next</Redirect>"),
        ("twiml: [{hangup: }]", "<Hangup />"),
        # literals reach TwiML as written
        ("twiml: {say: {text: 1e3, loop: 0}}", '<Say loop="0">1e3</Say>'),
        ("twiml: {dial: {number: 14155550100, timeLimit: 60}}", "<Dial timeLimit"),
        (
            "twiml: {message: {body: hi, media: [https://a.example/1.png, https://a.example/2.png]}}",
            "<Body>hi</Body><Media>https://a.example/1.png</Media><Media>https://a.example/2",
        ),
        (
            "twiml: {dial: {do: [{number: {phoneNumber: '+1', statusCallbackEvent: [initiated, "
            "answered]}}]}}",
            '<Number statusCallbackEvent="initiated answered">+1</Number>',
        ),
    ],
)
def test_shorthands_and_literals(step: str, expected: str, write_flow: Any) -> None:
    document = _run(write_flow, f"flows:\n  main:\n    - {step}\n")
    assert document.startswith(DECLARATION + "<Response")
    assert expected.removeprefix(DECLARATION) in document


def test_the_literal_record_is_written_exactly(write_flow: Any) -> None:
    step = "twiml: {record: {playBeep: true, maxLength: 0120}}"
    document = _run(write_flow, f"flows:\n  main:\n    - {step}\n")
    assert tree(document)[3] == [("Record", {"playBeep": "true", "maxLength": "0120"}, "", [])]


def test_expression_values_take_their_kinds(write_flow: Any) -> None:
    flow = """
    flows:
      main:
        - twiml:
            - message:
                body: "#[payload.count]"
                media: "#[payload.pictures]"
                to: "#[payload.to]"
                statusCallback: "#[payload.nothing]"
    """
    payload = {"count": 3, "pictures": ["https://a/1.png", "https://a/2.png"], "to": 14155550100}
    payload["nothing"] = None
    document = _run(write_flow, flow, payload=payload)
    assert tree(document)[3] == [
        (
            "Message",
            {"to": "14155550100"},
            "",
            [
                ("Body", {}, "3", []),
                ("Media", {}, "https://a/1.png", []),
                ("Media", {}, "https://a/2.png", []),
            ],
        )
    ]


def test_the_next_steps_see_the_document_as_text(write_flow: Any) -> None:
    flow = """
    flows:
      main:
        - twiml: {say: Hi}
        - set-payload: {value: {length: "#[payload | length]", xml: "#[payload]"}}
    """
    result = _run(write_flow, flow)
    assert result == {"length": len(response(say("Hi"))), "xml": response(say("Hi"))}


def test_a_reply_can_follow_an_operation(run_flow: Any) -> None:
    flow = """
    flows:
      main:
        - twilio:send-sms-message:
            {from: "+15005550006", to: "#[payload.From]", body: "Forwarded", target: sent}
        - twiml: {message: "Forwarded as #[vars.sent.sid] (#[vars.sent.status])"}
    """
    document = run_flow(flow, payload={"From": "+14155550100"})
    [(tag, _, _, [(_, _, text, _)])] = tree(document)[3]
    assert tag == "Message"
    assert text.startswith("Forwarded as SM")
    assert text.endswith("(queued)")


def test_a_dry_run_leaves_out_what_it_does_not_know(write_flow: Any) -> None:
    flow = """
    flows:
      main:
        - twilio:send-sms-message: {from: "+15005550006", to: "+14155550100", body: x, target: s}
        - twiml: [{say: {text: "#[vars.s.sid]", loop: "#[vars.s.num_segments]"}}]
    """
    requests: list[dict[str, Any]] = []
    stand_in = {"default": {"accountSid": "AC" + "0" * 32, "authToken": "dry-run"}}
    document = _run(write_flow, flow, dry_run=requests.append, configs=stand_in)
    assert len(requests) == 1
    assert tree(document)[3] == [("Say", {}, "", [])]


# -- no payload can add XML --------------------------------------------------------------------

ECHO = """
flows:
  main:
    - twiml:
        - message:
            to: "#[payload.From]"
            body: "You said: #[payload.Body]"
            media: "#[payload.Body]"
"""


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_payload_can_not_add_xml(hostile: str, write_flow: Any) -> None:
    document = _run(write_flow, ECHO, payload={"From": hostile, "Body": hostile})
    assert tree(document) == (
        "Response",
        {},
        "",
        [
            (
                "Message",
                {"to": hostile},
                "",
                [("Body", {}, f"You said: {hostile}", []), ("Media", {}, hostile, [])],
            )
        ],
    )


def test_an_expression_can_not_add_verbs_or_attributes(write_flow: Any) -> None:
    """The structure is fixed when the file loads: a mapping from the payload is not a verb."""
    flow = 'flows:\n  main:\n    - twiml: {say: "#[payload]"}\n'
    with pytest.raises(ExpressionError) as raised:
        _run(write_flow, flow, payload={"text": "hi", "voice": "evil"})
    assert raised.value.type == "FLOW:EXPRESSION"
    assert "'text' of say must be text (got a mapping)" in raised.value.message


# -- run-time values of the wrong kind ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("abc", "'numDigits' of gather must be a whole number (got 'abc')"),
        (-1, "'numDigits' of gather must be a whole number (got -1)"),
        ({"n": 1}, "must be a whole number (got a mapping)"),
    ],
)
def test_an_expression_giving_a_value_of_the_wrong_kind_fails_where_it_is(
    value: Any, says: str, write_flow: Any
) -> None:
    path = write_flow(IVR)
    with pytest.raises(ExpressionError) as raised:
        run_file(path, vars={"digits": value}, payload={"CallerName": "Ada"})
    assert raised.value.type == "FLOW:EXPRESSION"
    assert raised.value.expression == "vars.digits"
    assert raised.value.where == f"{path}:6:24"
    assert says in raised.value.message


def test_a_misspelt_word_from_an_expression_gets_a_hint(write_flow: Any) -> None:
    flow = 'flows:\n  main:\n    - twiml: {gather: {method: "#[payload]"}}\n'
    with pytest.raises(ExpressionError) as raised:
        _run(write_flow, flow, payload="post")
    assert raised.value.message.endswith(
        "'method' of gather must be GET or POST (got 'post') (did you mean 'POST'?)"
    )


# -- static problems -----------------------------------------------------------------------------

#: (a twiml step, each problem: the text it is at, the message, the hint)
STATIC = [
    (
        "twiml: {say: {text: Hi, voise: alice}}",
        [("voise", "unknown attribute 'voise' of say (it takes text, voice, loop, language)",
          "did you mean 'voice'?")],
    ),
    (
        "twiml: [{sya: Hi}]",
        [("sya", "unknown TwiML verb 'sya'", "did you mean 'say'?")],
    ),
    (
        "twiml: {gather: {num_digits: 1, do: [{say: x}]}}",
        [("num_digits", "unknown attribute 'num_digits' of gather (it takes input, action, "
          "method, timeout, speechTimeout, maxSpeechTime, profanityFilter, finishOnKey, "
          "numDigits, partialResultCallback, partialResultCallbackMethod, language, hints, "
          "bargeIn, debug, actionOnEmptyResult, speechModel, enhanced, do)",
          "did you mean 'numDigits'?")],
    ),
    (
        "twiml: {gather: {do: [{hangup: {}}]}}",
        [("hangup", "gather holds 'say', 'play' or 'pause', not 'hangup'",
          "it goes at the top of a response")],
    ),
    (
        "twiml: {dial: {do: [{say: Hi}]}}",
        [("say", "dial holds 'number', 'client', 'conference', 'queue' or 'sip', not 'say'",
          "it goes at the top of a response or inside 'gather'")],
    ),
    (
        "twiml: [{number: '+14155550100'}]",
        [("number", "'number' can't be at the top of a response", "it goes inside 'dial'")],
    ),
    (
        "twiml: [{say: Hi}, {message: Hello}]",
        [("message", "a response is voice TwiML or messaging TwiML, not both: 'message' is "
          "messaging, 'say' is voice", "to text the caller, use a twilio:send-sms-message step")],
    ),
    (
        "twiml: {say: Hi, hangup: {}}",
        [("hangup", "a twiml mapping holds one verb: list several verbs in order", None)],
    ),
    (
        "twiml: {gather: {numDigits: one, timeout: 1.5, bargeIn: yes, method: post, "
        "input: [dtmf, speach]}}",
        [("one", "'numDigits' of gather must be a whole number (got 'one')", None),
         ("timeout", "'timeout' of gather must be a whole number (got '1.5')", None),
         ("yes", "'bargeIn' of gather must be true or false (got 'yes')", None),
         ("post", "'method' of gather must be GET or POST (got 'post')", "did you mean 'POST'?"),
         ("[dtmf", "'input' of gather must be dtmf, speech or both (got 'speach')",
          "did you mean 'speech'?")],
    ),
    (
        "twiml: {say: {text: {a: '#[payload]'}}}",
        [("{a", "'text' of say must be text (got a mapping)", None)],
    ),
    (
        "twiml: {say: }",
        [("say", "say needs 'text'", None)],
    ),
    (
        "twiml: {hangup: now}",
        [("now", "hangup takes a mapping of attributes (hangup: {} for none) (got 'now')", None)],
    ),
    (
        "twiml: {say: [a, b]}",
        [("[a", "say takes its text as text (say: ...) or a mapping (got a list)", None)],
    ),
    (
        "twiml: {gather: {do: {say: x}}}",
        [("{say", "'do' of gather is a list of verbs (say, play, pause), in order", None)],
    ),
    (
        "twiml: [hangup]",
        [("hangup", "each item of twiml is a mapping with one key, a verb's name "
          "(- say: Hello)", None)],
    ),
    (
        "twiml: Hello",
        [("Hello", "twiml takes a mapping of one verb or a list of verbs (got 'Hello')", None)],
    ),
    (
        "twiml: {message: {media: [a, b, c, d, e, f, g, h, i, j, k]}}",
        [("[a", "'media' of message holds at most 10 (got 11)", None)],
    ),
    (
        "twiml: {say: {text: '#[payloda.Body]'}}",
        [("'#", "the expression #[payloda.Body] uses 'payloda', which is not defined: the "
          "names are attributes, error, payload, vars", "did you mean 'payload'?")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("step", "problems"), STATIC, ids=[step for step, _ in STATIC])
def test_validate_reports_each_problem_once_where_it_is(
    step: str, problems: list[tuple[str, str, str | None]], write_flow: Any
) -> None:
    path = write_flow(f"flows:\n  main:\n    - {step}\n")
    found = validate_file(path)
    indent = len("    - ") + 1
    assert [(p.path, p.message, p.hint) for p in found] == [
        (f"{path}:3:{indent + step.index(at)}", message, hint) for at, message, hint in problems
    ]


def test_problems_in_a_longer_file_are_at_their_lines(write_flow: Any) -> None:
    path = write_flow(IVR.replace("timeout: 5", "timeout: soon").replace("- pause", "- paws"))
    assert [(p.path, p.message, p.hint) for p in validate_file(path)] == [
        (f"{path}:8:22", "'timeout' of gather must be a whole number (got 'soon')", None),
        (f"{path}:12:17", "unknown TwiML verb 'paws'", "did you mean 'pause'?"),
    ]


# -- the schema ------------------------------------------------------------------------------

SCHEMA = schemas.load("flow")
EDITOR = Draft202012Validator(SCHEMA)


def _file(step_body: Any) -> dict[str, Any]:
    return {"flows": {"main": [{"twiml": step_body}]}}


def test_the_flow_schema_has_the_step_and_every_element() -> None:
    assert SCHEMA["$defs"]["step"]["properties"]["twiml"] == {"$ref": "#/$defs/twiml"}
    definitions = SCHEMA["$defs"]["twiml"]["$defs"]
    for name, element in ELEMENTS.items():
        assert list(definitions[name]["properties"]) == list(element.keys), name
    top = {name for name, element in ELEMENTS.items() if element.place != "inside"}
    assert set(SCHEMA["$defs"]["twiml"]["properties"]) == top


def _every_key() -> list[dict[str, Any]]:
    """A verb of each element using every key it takes (literals of the right kind)."""
    values = {"text": "x", "boolean": True, "wholeNumber": 2, "method": "GET"}
    values |= {"rejectReason": "busy", "input": ["dtmf"], "callEvents": "answered completed"}
    values |= {"conferenceEvents": ["join"], "recordingEvents": "completed"}

    def spec(name: str) -> dict[str, Any]:
        element = ELEMENTS[name]
        given: dict[str, Any] = {key: "x" for key in element.keys if key != "do"}
        given |= {key: values[kind.name] for key, kind in element.attributes.items()}
        if element.children:
            given["do"] = [{child: spec(child)} for child in element.children]
        return given

    return [{name: spec(name)} for name, e in ELEMENTS.items() if e.place in ("voice", "both")]


def test_a_document_with_every_key_satisfies_the_schema_and_the_parser(write_flow: Any) -> None:
    for document in (_every_key(), [{"message": {"body": "x", "media": ["a", "b"]}}]):
        assert list(EDITOR.iter_errors(_file(document))) == []
        path = write_flow(yaml.safe_dump(_file(document)))
        assert validate_file(path) == []
        assert run_file(path).startswith(DECLARATION)


@pytest.mark.parametrize(("step", "problems"), STATIC, ids=[step for step, _ in STATIC])
def test_editors_see_a_problem_wherever_validate_does(step: str, problems: Any) -> None:
    """The schema is as strict as the parser, but for two things only validate sees: voice
    and messaging verbs mixed, and the names an expression uses."""
    step_body = yaml.safe_load(step)["twiml"]
    only_validate = problems[0][1].startswith(("a response is voice", "the expression"))
    assert bool(list(EDITOR.iter_errors(_file(step_body)))) != only_validate


def test_every_example_satisfies_the_schema_and_runs(write_flow: Any) -> None:
    for example in Twiml.schema["examples"]:
        assert list(EDITOR.iter_errors(_file(copy.deepcopy(example)))) == []
        path = write_flow(yaml.safe_dump(_file(example)))
        document = run_file(path, payload={"From": "+1", "Body": "hi"}, vars={"agent": "+2"})
        assert document.startswith(DECLARATION + "<Response")
