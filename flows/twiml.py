"""TwiML from Python: the verbs and nouns of a webhook's reply, from one declarative table.

    from flows.twiml import gather, hangup, response, say

    text = response(say("Hello", voice="alice"), gather(say("Press 1"), numDigits=1), hangup())
    # <?xml version="1.0" encoding="UTF-8"?><Response><Say voice="alice">Hello</Say><Gather ...

Each :class:`Element` of the table (:data:`ELEMENTS`) names its attributes in TwiML's
camelCase with their :class:`Kind`, the key of its text, what it may hold and where it may
go. The table is the builder (each element is callable: positional text and elements inside,
keyword attributes, ``from_`` for ``from``), the ``twiml`` step's static checks and its JSON
Schema. Values are written as TwiML writes them: booleans ``true``/``false``, lists of
words separated by spaces, numbers as given, ``None`` left out. Text and attributes are
escaped by :mod:`xml.etree.ElementTree`, and characters XML cannot hold become U+FFFD, so no
value can add elements or break the document. Building is pure: no HTTP.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from connector import Problem, ValidationError
from connector.errors import suggest

__all__ = [
    "DECLARATION",
    "DO",
    "ELEMENTS",
    "Element",
    "Kind",
    "Place",
    "UnfitValueError",
    "Verb",
    "body",
    "client",
    "conference",
    "dial",
    "enqueue",
    "gather",
    "hangup",
    "is_twiml",
    "leave",
    "media",
    "message",
    "misplaced",
    "number",
    "pause",
    "placement_problems",
    "play",
    "queue",
    "record",
    "redirect",
    "reject",
    "response",
    "say",
    "shown",
    "sip",
]

#: What every TwiML document starts with.
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
_TWIML = re.compile(r"\s*(<\?xml[^>]*\?>\s*)?<Response[\s/>]")
#: The key of the elements inside another, in order (``gather``'s ``say``, ``dial``'s nouns).
DO = "do"
#: Characters XML 1.0 cannot hold (written as U+FFFD).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DIGITS = re.compile(r"^[0-9]+$")


class UnfitValueError(ValueError):
    """A value an element can't take: what is wrong, and how to fix it when that is known."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Kind:
    """What an attribute's value may be: text, ``true``/``false``, a whole number, one of
    ``words``, or several of them (``many``: a list, or words separated by spaces)."""

    name: str
    title: str
    form: Literal["text", "boolean", "whole", "word"] = "text"
    words: tuple[str, ...] = ()
    many: bool = False

    def write(self, value: Any) -> str | None:
        """The value as TwiML writes it (``None``: left out); :class:`UnfitValueError` if unfit."""
        if value is None:
            return None
        if self.many:
            items = value.split() if isinstance(value, str) else value
            if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
                raise UnfitValueError(f"must be {self.title} (got {shown(value)})")
            return " ".join(self._word(item) for item in items) or None
        text = _scalar(value, self.title)
        if self.form == "boolean" and text not in ("true", "false"):
            raise UnfitValueError(f"must be true or false (got {shown(value)})")
        if self.form == "whole" and not _DIGITS.match(text):
            raise UnfitValueError(f"must be a whole number (got {shown(value)})")
        if self.form == "word":
            return self._word(text)
        return text

    def _word(self, word: str) -> str:
        if word not in self.words:
            raise UnfitValueError(f"must be {self.title} (got {word!r})", suggest(word, self.words))
        return word


def _scalar(value: Any, title: str) -> str:
    """Text, a number or a boolean as TwiML writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise UnfitValueError(f"must be {title} (got {shown(value)})")


def shown(value: Any) -> str:
    """How a value is named in a problem: ``a mapping``, ``a list``, or its repr."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return repr(value)


_TEXT = Kind("text", "text")
_BOOLEAN = Kind("boolean", "true or false", "boolean")
_WHOLE = Kind("wholeNumber", "a whole number", "whole")
_METHOD = Kind("method", "GET or POST", "word", ("GET", "POST"))
_REASON = Kind("rejectReason", "rejected or busy", "word", ("rejected", "busy"))
_INPUT = Kind("input", "dtmf, speech or both", "word", ("dtmf", "speech"), many=True)
_CALL_EVENTS = Kind(
    "callEvents",
    "call events (initiated, ringing, answered, completed)",
    "word",
    ("initiated", "ringing", "answered", "completed"),
    many=True,
)
_CONFERENCE_EVENTS = Kind(
    "conferenceEvents",
    "conference events (start, end, join, leave, mute, hold, modify, speaker, announcement)",
    "word",
    ("start", "end", "join", "leave", "mute", "hold", "modify", "speaker", "announcement"),
    many=True,
)
_RECORDING_EVENTS = Kind(
    "recordingEvents",
    "recording events (in-progress, completed, absent)",
    "word",
    ("in-progress", "completed", "absent"),
    many=True,
)


@dataclass(frozen=True, slots=True)
class Verb:
    """One TwiML element, built: its name (``say``), its attributes as TwiML writes them,
    its text and the elements inside it. Build one by calling an :class:`Element`."""

    name: str
    attributes: tuple[tuple[str, str], ...] = ()
    text: str | None = None
    children: tuple[Verb, ...] = ()


Place = Literal["voice", "messaging", "both", "inside"]


@dataclass(frozen=True, eq=False)
class Element:
    """A TwiML verb or noun: its tag, what it does, its attributes (TwiML's camelCase, each
    with its :class:`Kind`), the key of its text, the elements it holds (``children``, in
    order; ``nouns``, each under its own key with the most it may have), the keys of which
    at least one is needed (:data:`DO` for its children), and where it goes (the top of a
    voice or a messaging response, both, or only inside another element).

    Calling it builds a :class:`Verb`: ``say("Hi", voice="alice")``,
    ``dial(number("+14155550100"), callerId="+15005550006")``, ``message("Thanks",
    media=[url])``; a problem raises :class:`connector.ValidationError` listing them all.
    """

    tag: str
    summary: str
    place: Place
    attributes: Mapping[str, Kind] = field(default_factory=dict)
    text: str | None = None
    children: tuple[str, ...] = ()
    nouns: Mapping[str, int] = field(default_factory=dict)
    needs: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The element's name in YAML and Python: its tag in lower case (``say``)."""
        return self.tag.lower()

    @property
    def shorthand(self) -> str | None:
        """The key a text alone stands for (``say: Hello``): its text, else its first noun."""
        return self.text or next(iter(self.nouns), None)

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys it takes: its text, its nouns, its attributes, and ``do`` (the elements
        inside it, in order) when it holds any."""
        text = (self.text,) if self.text else ()
        return (*text, *self.nouns, *self.attributes, *((DO,) if self.children else ()))

    def unknown(self, key: str) -> tuple[str, str | None]:
        """The problem with a key it does not take, and the hint."""
        known = ", ".join(self.keys) or "none"
        return f"unknown attribute '{key}' of {self.name} (it takes {known})", suggest(
            key, self.keys
        )

    def write(self, key: str, value: Any) -> Any:
        """A key's value as TwiML writes it: text (``None`` left out) or, for a noun, a list of
        texts; :class:`UnfitValueError` when the value does not fit."""
        if key in self.nouns:
            items = value if isinstance(value, list | tuple) else [] if value is None else [value]
            if len(items) > self.nouns[key]:
                most = self.nouns[key]
                raise UnfitValueError(f"holds at most {most} (got {len(items)})")
            return [_scalar(item, "text") for item in items]
        if key == self.text:
            return None if value is None else _scalar(value, "text")
        return self.attributes[key].write(value)

    def assemble(self, written: Mapping[str, Any], children: Sequence[Verb] = ()) -> Verb:
        """The verb from values :meth:`write` gave and the elements inside it."""
        attributes = tuple(
            (key, value)
            for key, value in written.items()
            if key in self.attributes and value is not None
        )
        nouns = [Verb(key, text=text) for key in self.nouns for text in written.get(key, ())]
        text = written.get(self.text) if self.text else None
        return Verb(self.name, attributes, text, (*nouns, *children))

    def __call__(self, *content: str | int | float | Verb, **fields: Any) -> Verb:
        """Build the verb: text and elements inside it, then attributes by name."""
        problems: list[Problem] = []
        given = {key.removesuffix("_"): value for key, value in fields.items()}
        inside = list(given.pop(DO, ())) if self.children else []
        children = [item for item in (*content, *inside) if isinstance(item, Verb)]
        texts = [item for item in content if not isinstance(item, Verb)]
        if not all(isinstance(item, Verb) for item in inside):
            problems.append(Problem(f"{self.name}.{DO}", "holds elements built by this module"))
        for child in children:
            if child.name not in (*self.children, *self.nouns):
                problems.append(Problem(self.name, *misplaced(child.name, self)))
        if texts:
            if self.shorthand is None:
                problems.append(Problem(self.name, f"{self.name} takes no text"))
            else:
                if len(texts) > 1 or self.shorthand in given:
                    problems.append(Problem(self.name, f"{self.name} takes one text"))
                given.setdefault(self.shorthand, texts[0])
        written: dict[str, Any] = {}
        for key, value in given.items():
            if key not in self.keys:
                problems.append(Problem(f"{self.name}.{key}", *self.unknown(key)))
                continue
            try:
                written[key] = self.write(key, value)
            except UnfitValueError as exc:
                problems.append(Problem(f"{self.name}.{key}", exc.message, exc.hint))
        for noun, most in self.nouns.items():
            count = len(written.get(noun, ())) + sum(child.name == noun for child in children)
            if count > most:
                problems.append(Problem(self.name, f"{self.name} holds at most {most} {noun}"))
        present = {key for key, value in given.items() if value is not None and value != []}
        present |= {DO} if any(child.name in self.children for child in children) else set()
        present |= {child.name for child in children if child.name in self.nouns}
        if self.needs and not present & set(self.needs):
            problems.append(Problem(self.name, self.needs_message()))
        if problems:
            raise ValidationError(problems, what="TwiML")
        return self.assemble(written, children)

    def needs_message(self) -> str:
        """What to say when none of the keys it needs is given."""
        return f"{self.name} needs {_either(self.needs)}"


def _table(*elements: Element) -> dict[str, Element]:
    return {element.name: element for element in elements}


_CALL_STATUS = {
    "url": _TEXT,
    "method": _METHOD,
    "statusCallbackEvent": _CALL_EVENTS,
    "statusCallback": _TEXT,
    "statusCallbackMethod": _METHOD,
}
_MACHINE_DETECTION = {
    "machineDetection": _TEXT,
    "amdStatusCallbackMethod": _METHOD,
    "amdStatusCallback": _TEXT,
    "machineDetectionTimeout": _WHOLE,
    "machineDetectionSpeechThreshold": _WHOLE,
    "machineDetectionSpeechEndThreshold": _WHOLE,
    "machineDetectionSilenceTimeout": _WHOLE,
}
_RECORDING_STATUS = {
    "recordingStatusCallback": _TEXT,
    "recordingStatusCallbackMethod": _METHOD,
    "recordingStatusCallbackEvent": _RECORDING_EVENTS,
}
_SAY = {"voice": _TEXT, "loop": _WHOLE, "language": _TEXT}
_PLAY = {"loop": _WHOLE, "digits": _TEXT}

#: Every TwiML element the builder knows, by name: the verbs of a voice response, those of a
#: messaging response, and the nouns inside them (as in twilio-python 9.13's
#: ``VoiceResponse`` and ``MessagingResponse``).
ELEMENTS: Mapping[str, Element] = _table(
    Element("Say", "speak text", "voice", _SAY, text="text", needs=("text",)),
    Element("Play", "play audio, or DTMF digits", "voice", _PLAY, "url", needs=("url", "digits")),
    Element("Pause", "wait in silence", "voice", {"length": _WHOLE}),
    Element(
        "Gather",
        "collect digits or speech, saying or playing what it holds meanwhile",
        "voice",
        {
            "input": _INPUT,
            "action": _TEXT,
            "method": _METHOD,
            "timeout": _WHOLE,
            "speechTimeout": _TEXT,
            "maxSpeechTime": _WHOLE,
            "profanityFilter": _BOOLEAN,
            "finishOnKey": _TEXT,
            "numDigits": _WHOLE,
            "partialResultCallback": _TEXT,
            "partialResultCallbackMethod": _METHOD,
            "language": _TEXT,
            "hints": _TEXT,
            "bargeIn": _BOOLEAN,
            "debug": _BOOLEAN,
            "actionOnEmptyResult": _BOOLEAN,
            "speechModel": _TEXT,
            "enhanced": _BOOLEAN,
        },
        children=("say", "play", "pause"),
    ),
    Element(
        "Dial",
        "connect the caller to a number, or to the numbers, clients, conference, queue or "
        "SIP endpoints it holds",
        "voice",
        {
            "action": _TEXT,
            "method": _METHOD,
            "timeout": _WHOLE,
            "hangupOnStar": _BOOLEAN,
            "timeLimit": _WHOLE,
            "callerId": _TEXT,
            "record": _TEXT,
            "trim": _TEXT,
            "recordingConfigurationId": _TEXT,
            **_RECORDING_STATUS,
            "answerOnBridge": _BOOLEAN,
            "ringTone": _TEXT,
            "recordingTrack": _TEXT,
            "sequential": _BOOLEAN,
            "referUrl": _TEXT,
            "referMethod": _METHOD,
            "events": _TEXT,
            "passports": _TEXT,
        },
        text="number",
        children=("number", "client", "conference", "queue", "sip"),
        needs=("number", DO),
    ),
    Element(
        "Number",
        "a phone number to dial",
        "inside",
        {"sendDigits": _TEXT, **_CALL_STATUS, "byoc": _TEXT, **_MACHINE_DETECTION},
        text="phoneNumber",
        needs=("phoneNumber",),
    ),
    Element("Client", "a client to dial", "inside", _CALL_STATUS, "identity", needs=("identity",)),
    Element(
        "Conference",
        "a conference room to join",
        "inside",
        {
            "muted": _BOOLEAN,
            "beep": _TEXT,
            "startConferenceOnEnter": _BOOLEAN,
            "endConferenceOnExit": _BOOLEAN,
            "waitUrl": _TEXT,
            "waitMethod": _METHOD,
            "maxParticipants": _WHOLE,
            "record": _TEXT,
            "recordingConfigurationId": _TEXT,
            "region": _TEXT,
            "coach": _TEXT,
            "trim": _TEXT,
            "statusCallbackEvent": _CONFERENCE_EVENTS,
            "statusCallback": _TEXT,
            "statusCallbackMethod": _METHOD,
            **_RECORDING_STATUS,
            "eventCallbackUrl": _TEXT,
            "jitterBufferSize": _TEXT,
            "participantLabel": _TEXT,
        },
        text="name",
        needs=("name",),
    ),
    Element(
        "Queue",
        "a queue to take the first caller from",
        "inside",
        {"url": _TEXT, "method": _METHOD, "reservationSid": _TEXT, "postWorkActivitySid": _TEXT},
        text="name",
        needs=("name",),
    ),
    Element(
        "Sip",
        "a SIP endpoint to dial",
        "inside",
        {"username": _TEXT, "password": _TEXT, **_CALL_STATUS, **_MACHINE_DETECTION},
        text="uri",
        needs=("uri",),
    ),
    Element(
        "Record",
        "record the caller",
        "voice",
        {
            "action": _TEXT,
            "method": _METHOD,
            "timeout": _WHOLE,
            "finishOnKey": _TEXT,
            "maxLength": _WHOLE,
            "playBeep": _BOOLEAN,
            "trim": _TEXT,
            **_RECORDING_STATUS,
            "transcribe": _BOOLEAN,
            "transcribeCallback": _TEXT,
            "recordingConfigurationId": _TEXT,
        },
    ),
    Element(
        "Redirect",
        "fetch TwiML from another URL",
        "both",
        {"method": _METHOD},
        "url",
        needs=("url",),
    ),
    Element("Hangup", "end the call", "voice"),
    Element("Reject", "decline the call without answering", "voice", {"reason": _REASON}),
    Element(
        "Enqueue",
        "put the caller in a queue",
        "voice",
        {
            "action": _TEXT,
            "maxQueueSize": _WHOLE,
            "method": _METHOD,
            "waitUrl": _TEXT,
            "waitUrlMethod": _METHOD,
            "workflowSid": _TEXT,
        },
        text="name",
        needs=("name", "workflowSid"),
    ),
    Element("Leave", "take the caller out of its queue", "voice"),
    Element(
        "Message",
        "send a message in reply",
        "messaging",
        {"to": _TEXT, "from": _TEXT, "action": _TEXT, "method": _METHOD, "statusCallback": _TEXT},
        nouns={"body": 1, "media": 10},
        needs=("body", "media"),
    ),
    Element("Body", "the message's text", "inside", text="text", needs=("text",)),
    Element("Media", "the URL of an image or file to send", "inside", text="url", needs=("url",)),
)

say = ELEMENTS["say"]
play = ELEMENTS["play"]
pause = ELEMENTS["pause"]
gather = ELEMENTS["gather"]
dial = ELEMENTS["dial"]
number = ELEMENTS["number"]
client = ELEMENTS["client"]
conference = ELEMENTS["conference"]
queue = ELEMENTS["queue"]
sip = ELEMENTS["sip"]
record = ELEMENTS["record"]
redirect = ELEMENTS["redirect"]
hangup = ELEMENTS["hangup"]
reject = ELEMENTS["reject"]
enqueue = ELEMENTS["enqueue"]
leave = ELEMENTS["leave"]
message = ELEMENTS["message"]
body = ELEMENTS["body"]
media = ELEMENTS["media"]


def _either(names: Sequence[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def misplaced(name: str, parent: Element | None) -> tuple[str, str | None]:
    """Why an element can't go inside ``parent`` (``None``: at the top of a response), and
    the hint: a did-you-mean for an unknown name, else where it goes."""
    if parent is None:
        allowed = [n for n, element in ELEMENTS.items() if element.place != "inside"]
    else:
        allowed = [*parent.children, *parent.nouns]
    if name not in ELEMENTS:
        return f"unknown TwiML verb '{name}'", suggest(name, allowed)
    holders = [n for n, e in ELEMENTS.items() if name in e.children or name in e.nouns]
    places = ["at the top of a response"] if ELEMENTS[name].place != "inside" else []
    places += [f"inside {_either(holders)}"] if holders else []
    goes = f"it goes {' or '.join(places)}"
    if parent is None:
        return f"'{name}' can't be at the top of a response", goes
    return f"{parent.name} holds {_either(allowed) if allowed else 'nothing'}, not '{name}'", goes


def placement_problems(names: Sequence[str]) -> list[tuple[int, str, str | None]]:
    """What is wrong with the top-level verbs of a response, by index: elements that only
    go inside another, unknown names, and verbs of voice and messaging TwiML mixed (each
    verb of the kind the first such verb is not)."""
    found: list[tuple[int, str, str | None]] = []
    first: tuple[str, str] | None = None
    for index, name in enumerate(names):
        element = ELEMENTS.get(name)
        if element is None or element.place == "inside":
            found.append((index, *misplaced(name, None)))
            continue
        if element.place == "both":
            continue
        if first is None:
            first = (name, element.place)
        elif element.place != first[1]:
            why = (
                f"a response is voice TwiML or messaging TwiML, not both: '{name}' is "
                f"{element.place}, '{first[0]}' is {first[1]}"
            )
            text_instead = "to text the caller, use a twilio:send-sms-message step"
            found.append((index, why, text_instead if element.place == "messaging" else None))
    return found


def response(*verbs: Verb) -> str:
    """The TwiML document (voice or messaging) holding these verbs, as text: the XML
    declaration, then ``<Response>``. Problems raise :class:`connector.ValidationError`."""
    names = [verb.name for verb in verbs]
    problems = [
        Problem(f"response.{index + 1}", text, hint)
        for index, text, hint in placement_problems(names)
    ]
    for index, verb in enumerate(verbs):
        problems += _nesting_problems(verb, f"response.{index + 1}")
    if problems:
        raise ValidationError(problems, what="TwiML")
    root = ET.Element("Response")
    root.extend(_element(verb) for verb in verbs)
    return DECLARATION + ET.tostring(root, encoding="unicode")


def _nesting_problems(verb: Verb, path: str) -> list[Problem]:
    """Elements inside a verb that it can't hold (a :class:`Verb` made by hand may have
    them; those an element builds can't)."""
    parent = ELEMENTS.get(verb.name)
    if parent is None:
        return []  # reported where the verb is
    problems = []
    for child in verb.children:
        if child.name in (*parent.children, *parent.nouns):
            problems += _nesting_problems(child, f"{path}.{child.name}")
        else:
            problems.append(Problem(path, *misplaced(child.name, parent)))
    return problems


def _element(verb: Verb) -> ET.Element:
    element = ET.Element(
        ELEMENTS[verb.name].tag, {key: _clean(value) for key, value in verb.attributes}
    )
    if verb.text:
        element.text = _clean(verb.text)
    element.extend(_element(child) for child in verb.children)
    return element


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def is_twiml(value: object) -> bool:
    """Whether a value is a TwiML document: text whose root element is ``<Response>`` (made
    by :func:`response`, or written out in a flow)."""
    return isinstance(value, str) and _TWIML.match(value) is not None
