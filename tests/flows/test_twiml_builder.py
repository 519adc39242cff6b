"""The TwiML builder (flows.twiml): the same XML as twilio-python's VoiceResponse and
MessagingResponse for a table of documents, values written as TwiML writes them, every
problem of a document reported at once, and nothing a value holds can add XML."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from twilio.twiml.messaging_response import MessagingResponse
from twilio.twiml.voice_response import Dial, Gather, VoiceResponse

from connector import ValidationError
from flows import twiml
from flows.twiml import (
    ELEMENTS,
    Verb,
    body,
    client,
    conference,
    dial,
    enqueue,
    gather,
    hangup,
    is_twiml,
    leave,
    media,
    message,
    number,
    pause,
    play,
    queue,
    record,
    redirect,
    reject,
    response,
    say,
    sip,
)
from tests.support.twiml import HOSTILE, Tree, tree


def _voice(*build: Callable[[VoiceResponse], Any]) -> str:
    document = VoiceResponse()
    for add in build:
        add(document)
    return str(document)


def _dial_with(**nouns: Callable[[Dial], Any]) -> Callable[[VoiceResponse], Any]:
    def add(document: VoiceResponse) -> None:
        dialled = Dial(caller_id="+15005550006", timeout=20)
        for noun in nouns.values():
            noun(dialled)
        document.append(dialled)

    return add


def _gather_menu(document: VoiceResponse) -> None:
    menu = Gather(
        input="dtmf speech",
        action="/ivr/choice",
        method="POST",
        timeout=5,
        speech_timeout="auto",
        num_digits=1,
        finish_on_key="#",
        barge_in=True,
        hints="sales, support",
    )
    menu.say("Press 1 for sales", voice="Polly.Joanna", language="en-US")
    menu.pause(length=1)
    menu.play("https://example.com/menu.mp3", loop=2)
    document.append(menu)


def _message(**attributes: Any) -> Callable[[MessagingResponse], Any]:
    def add(document: MessagingResponse) -> None:
        sent = document.message(**attributes)
        sent.body("Thanks! Your order #12 ships today")
        sent.media("https://example.com/a.png")
        sent.media("https://example.com/b.png")

    return add


def _messaging(*build: Callable[[MessagingResponse], Any]) -> str:
    document = MessagingResponse()
    for add in build:
        add(document)
    return str(document)


#: (what, ours, twilio-python's)
DOCUMENTS: list[tuple[str, Callable[[], str], Callable[[], str]]] = [
    ("empty", response, _voice),
    (
        "say with voice, language and loop",
        lambda: response(say("Hello there", voice="alice", language="en-GB", loop=2)),
        lambda: _voice(lambda r: r.say("Hello there", voice="alice", language="en-GB", loop=2)),
    ),
    (
        "play a URL twice",
        lambda: response(play("https://example.com/hold.mp3", loop=2)),
        lambda: _voice(lambda r: r.play("https://example.com/hold.mp3", loop=2)),
    ),
    (
        "play DTMF digits, no URL",
        lambda: response(play(digits="ww1234#")),
        lambda: _voice(lambda r: r.play(digits="ww1234#")),
    ),
    (
        "pause",
        lambda: response(pause(length=3)),
        lambda: _voice(lambda r: r.pause(length=3)),
    ),
    (
        "gather holding say, pause and play",
        lambda: response(
            gather(
                say("Press 1 for sales", voice="Polly.Joanna", language="en-US"),
                pause(length=1),
                play("https://example.com/menu.mp3", loop=2),
                input=["dtmf", "speech"],
                action="/ivr/choice",
                method="POST",
                timeout=5,
                speechTimeout="auto",
                numDigits=1,
                finishOnKey="#",
                bargeIn=True,
                hints="sales, support",
            )
        ),
        lambda: _voice(_gather_menu),
    ),
    (
        "dial a number given as text",
        lambda: response(
            dial(
                "+14155550100",
                callerId="+15005550006",
                timeout=20,
                record="record-from-answer",
                answerOnBridge=True,
                hangupOnStar=False,
                timeLimit=600,
            )
        ),
        lambda: _voice(
            lambda r: r.dial(
                "+14155550100",
                caller_id="+15005550006",
                timeout=20,
                record="record-from-answer",
                answer_on_bridge=True,
                hangup_on_star=False,
                time_limit=600,
            )
        ),
    ),
    (
        "dial numbers with status callbacks",
        lambda: response(
            dial(
                number(
                    "+14155550100",
                    sendDigits="wwww1928",
                    statusCallbackEvent=["initiated", "ringing", "answered", "completed"],
                    statusCallback="https://example.com/status",
                    statusCallbackMethod="POST",
                ),
                number("+14155550101", machineDetection="Enable", machineDetectionTimeout=30),
                callerId="+15005550006",
                timeout=20,
            )
        ),
        lambda: _voice(
            _dial_with(
                first=lambda d: d.number(
                    "+14155550100",
                    send_digits="wwww1928",
                    status_callback_event="initiated ringing answered completed",
                    status_callback="https://example.com/status",
                    status_callback_method="POST",
                ),
                second=lambda d: d.number(
                    "+14155550101", machine_detection="Enable", machine_detection_timeout=30
                ),
            )
        ),
    ),
    (
        "dial a client and a conference",
        lambda: response(
            dial(
                client("alice", url="https://example.com/client", method="GET"),
                conference(
                    "standup",
                    beep=False,
                    startConferenceOnEnter=True,
                    endConferenceOnExit=True,
                    waitUrl="https://example.com/hold",
                    maxParticipants=10,
                    statusCallbackEvent="start end join leave",
                    muted=False,
                ),
                callerId="+15005550006",
                timeout=20,
            )
        ),
        lambda: _voice(
            _dial_with(
                who=lambda d: d.client("alice", url="https://example.com/client", method="GET"),
                room=lambda d: d.conference(
                    "standup",
                    beep=False,
                    start_conference_on_enter=True,
                    end_conference_on_exit=True,
                    wait_url="https://example.com/hold",
                    max_participants=10,
                    status_callback_event="start end join leave",
                    muted=False,
                ),
            )
        ),
    ),
    (
        "dial a queue and a SIP endpoint",
        lambda: response(
            dial(
                queue("support", url="https://example.com/whisper", reservationSid="WR123"),
                sip("sip:alice@example.com", username="alice", password="p<&>ss"),
                callerId="+15005550006",
                timeout=20,
            )
        ),
        lambda: _voice(
            _dial_with(
                line=lambda d: d.queue(
                    "support", url="https://example.com/whisper", reservation_sid="WR123"
                ),
                phone=lambda d: d.sip("sip:alice@example.com", username="alice", password="p<&>ss"),
            )
        ),
    ),
    (
        "record a voicemail",
        lambda: response(
            say("Leave a message after the beep"),
            record(
                action="/voicemail",
                maxLength=120,
                finishOnKey="*",
                playBeep=True,
                transcribe=False,
                trim="trim-silence",
                recordingStatusCallback="https://example.com/recording",
                recordingStatusCallbackEvent="in-progress completed",
            ),
            hangup(),
        ),
        lambda: _voice(
            lambda r: r.say("Leave a message after the beep"),
            lambda r: r.record(
                action="/voicemail",
                max_length=120,
                finish_on_key="*",
                play_beep=True,
                transcribe=False,
                trim="trim-silence",
                recording_status_callback="https://example.com/recording",
                recording_status_callback_event="in-progress completed",
            ),
            lambda r: r.hangup(),
        ),
    ),
    (
        "redirect a call",
        lambda: response(say("One moment"), redirect("https://example.com/next", method="GET")),
        lambda: _voice(
            lambda r: r.say("One moment"),
            lambda r: r.redirect("https://example.com/next", method="GET"),
        ),
    ),
    (
        "reject as busy",
        lambda: response(reject(reason="busy")),
        lambda: _voice(lambda r: r.reject(reason="busy")),
    ),
    (
        "enqueue, then leave",
        lambda: response(
            enqueue(
                "support",
                action="/queue/done",
                waitUrl="https://example.com/wait",
                waitUrlMethod="GET",
                maxQueueSize=50,
            ),
            leave(),
        ),
        lambda: _voice(
            lambda r: r.enqueue(
                "support",
                action="/queue/done",
                wait_url="https://example.com/wait",
                wait_url_method="GET",
                max_queue_size=50,
            ),
            lambda r: r.leave(),
        ),
    ),
    (
        "enqueue to a TaskRouter workflow, no queue name",
        lambda: response(enqueue(workflowSid="WW0123")),
        lambda: _voice(lambda r: r.enqueue(workflow_sid="WW0123")),
    ),
    (
        "message with a body and two pictures, from and to",
        lambda: response(
            message(
                "Thanks! Your order #12 ships today",
                media=["https://example.com/a.png", "https://example.com/b.png"],
                to="+14155550100",
                from_="+15005550006",
                action="/sms/status",
                method="POST",
            )
        ),
        lambda: _messaging(
            _message(to="+14155550100", from_="+15005550006", action="/sms/status", method="POST")
        ),
    ),
    (
        "message built from its nouns",
        lambda: response(
            message(
                body("Thanks! Your order #12 ships today"),
                media("https://example.com/a.png"),
                media("https://example.com/b.png"),
                statusCallback="https://example.com/status",
            )
        ),
        lambda: _messaging(_message(status_callback="https://example.com/status")),
    ),
    (
        "two messages, then a messaging redirect",
        lambda: response(
            message(body("first")), message(body("second")), redirect("/sms/next", method="POST")
        ),
        lambda: _messaging(
            lambda r: r.message().body("first"),
            lambda r: r.message().body("second"),
            lambda r: r.redirect("/sms/next", method="POST"),
        ),
    ),
    (
        "text and attributes XML must escape",
        lambda: response(say("Tom & Jerry say \"<hi>\" ]]> 'ok'", voice='a"b<c>&d')),
        lambda: _voice(lambda r: r.say("Tom & Jerry say \"<hi>\" ]]> 'ok'", voice='a"b<c>&d')),
    ),
]


@pytest.mark.parametrize(("what", "ours", "theirs"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_the_builder_writes_what_twilio_python_writes(
    what: str, ours: Callable[[], str], theirs: Callable[[], str]
) -> None:
    assert tree(ours()) == tree(theirs())


def test_the_table_covers_every_element_twilio_python_builds_in_it() -> None:
    """Every element of the table is built by at least one document of the comparison."""
    built: set[str] = set()

    def walk(node: Tree) -> None:
        built.add(node[0].lower())
        for child in node[3]:
            walk(child)

    for _, ours, _ in DOCUMENTS:
        walk(tree(ours()))
    assert built - {"response"} == set(ELEMENTS)


def test_a_document_is_the_declaration_then_a_response() -> None:
    assert response() == '<?xml version="1.0" encoding="UTF-8"?><Response />'
    text = response(say("Hi"))
    assert text == '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hi</Say></Response>'
    assert is_twiml(text)
    assert is_twiml("<Response/>")  # written out in a flow
    assert not is_twiml("<Responses/>")
    assert not is_twiml({"Response": None})


# -- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("built", "attributes"),
    [
        (record(playBeep=True, transcribe=False), {"playBeep": "true", "transcribe": "false"}),
        (record(playBeep="false"), {"playBeep": "false"}),
        (gather(say("x"), numDigits=4, timeout="7"), {"numDigits": "4", "timeout": "7"}),
        (gather(say("x"), input=["dtmf", "speech"]), {"input": "dtmf speech"}),
        (gather(say("x"), input="  speech\tdtmf "), {"input": "speech dtmf"}),
        (say("x", voice="alice", loop=None), {"voice": "alice"}),
        (number("+1", statusCallbackEvent=[]), {}),
        (conference("room", beep=False, coach="CA1"), {"beep": "false", "coach": "CA1"}),
        (message("hi", from_="+15005550006"), {"from": "+15005550006"}),
        (dial("+1", callerId=15005550006), {"callerId": "15005550006"}),
    ],
)
def test_values_are_written_as_twiml_writes_them(built: Any, attributes: dict[str, str]) -> None:
    assert dict(built.attributes) == attributes


def test_numbers_are_text_as_given() -> None:
    assert say(1.5).text == "1.5"
    assert play(digits=1234).attributes == (("digits", "1234"),)
    assert dial(14155550100).text == "14155550100"


#: (what builds, the problems: path, part of the message, part of the hint or None)
PROBLEMS: list[tuple[Callable[[], Any], list[tuple[str, str, str | None]]]] = [
    (
        lambda: say("Hi", voise="alice"),
        [("say.voise", "unknown attribute 'voise' of say", "did you mean 'voice'?")],
    ),
    (
        lambda: gather(say("x"), num_digits=1),
        [("gather.num_digits", "unknown attribute 'num_digits'", "did you mean 'numDigits'?")],
    ),
    (
        lambda: say("Hi", loop="twice", voice=["a"]),
        [
            ("say.loop", "must be a whole number (got 'twice')", None),
            ("say.voice", "must be text (got a list)", None),
        ],
    ),
    (
        lambda: record(playBeep="yes", method="post"),
        [
            ("record.playBeep", "must be true or false (got 'yes')", None),
            ("record.method", "must be GET or POST (got 'post')", "did you mean 'POST'?"),
        ],
    ),
    (
        lambda: gather(numDigits=True),
        [("gather.numDigits", "must be a whole number (got True)", None)],
    ),
    (
        lambda: number("+1", statusCallbackEvent="initiated rining"),
        [("number.statusCallbackEvent", "(got 'rining')", "did you mean 'ringing'?")],
    ),
    (
        lambda: gather(hangup()),
        [("gather", "gather holds 'say', 'play' or 'pause', not 'hangup'", "it goes at the")],
    ),
    (
        lambda: dial(number("+1"), say("x")),
        [("dial", "not 'say'", "it goes at the top of a response or inside 'gather'")],
    ),
    (dial, [("dial", "dial needs 'number' or 'do'", None)]),
    (say, [("say", "say needs 'text'", None)]),
    (lambda: hangup("now"), [("hangup", "hangup takes no text", None)]),
    (lambda: say("a", "b"), [("say", "say takes one text", None)]),
    (lambda: gather(do=["x"]), [("gather.do", "holds elements built by this module", None)]),
    (
        lambda: message(media=[f"https://example.com/{n}.png" for n in range(11)]),
        [("message.media", "holds at most 10 (got 11)", None)],
    ),
    (
        lambda: message(body("a"), body="b"),
        [("message", "message holds at most 1 body", None)],
    ),
]


@pytest.mark.parametrize(
    ("build", "problems"), PROBLEMS, ids=[f"{p[0][0]}: {p[0][1]}" for _, p in PROBLEMS]
)
def test_every_problem_of_an_element_is_reported_at_once(
    build: Callable[[], Any], problems: list[tuple[str, str, str | None]]
) -> None:
    with pytest.raises(ValidationError) as raised:
        build()
    found = raised.value.problems
    assert len(found) == len(problems), found
    for problem, (path, fragment, hint) in zip(found, problems, strict=True):
        assert problem.path == path
        assert fragment in problem.message
        assert (hint is None and problem.hint is None) or (hint and hint in str(problem.hint))


def test_a_response_is_voice_or_messaging_and_nouns_go_inside() -> None:
    with pytest.raises(ValidationError) as raised:
        response(say("Hi"), message("Hello"), number("+1"), redirect("/next"))
    assert [(p.path, p.message, p.hint) for p in raised.value.problems] == [
        (
            "response.2",
            "a response is voice TwiML or messaging TwiML, not both: 'message' is messaging, "
            "'say' is voice",
            "to text the caller, use a twilio:send-sms-message step",
        ),
        ("response.3", "'number' can't be at the top of a response", "it goes inside 'dial'"),
    ]


def test_verbs_made_by_hand_are_checked_too() -> None:
    inside_out = Verb("say", children=(Verb("gather"), Verb("sya")))
    with pytest.raises(ValidationError) as raised:
        response(Verb("dial", children=(Verb("number", text="+1"),)), inside_out, Verb("x"))
    assert [(p.path, p.message) for p in raised.value.problems] == [
        ("response.3", "unknown TwiML verb 'x'"),
        ("response.2", "say holds nothing, not 'gather'"),
        ("response.2", "unknown TwiML verb 'sya'"),
    ]


def test_the_builder_is_the_table() -> None:
    for name, element in ELEMENTS.items():
        assert getattr(twiml, name) is element
        assert element.name == name
    assert say.keys == ("text", "voice", "loop", "language")
    assert gather.keys[-1] == "do"


# -- no value can add XML ----------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_text_and_attributes_are_escaped(text: str) -> None:
    document = response(say(text, voice=text), redirect(text, method="POST"))
    assert tree(document) == (
        "Response",
        {},
        "",
        [
            ("Say", {"voice": text}, text, []),
            ("Redirect", {"method": "POST"}, text, []),
        ],
    )


def test_characters_xml_cannot_hold_become_replacement_characters() -> None:
    document = response(say("bell\x07 nul\x00 lone\ud800 tab\t ok", voice="a\x1bb"))
    assert tree(document) == (
        "Response",
        {},
        "",
        [("Say", {"voice": "a\ufffdb"}, "bell\ufffd nul\ufffd lone\ufffd tab\t ok", [])],
    )
    document.encode("utf-8")
