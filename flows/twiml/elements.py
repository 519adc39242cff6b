"""The declarative table of TwiML elements (:data:`ELEMENTS`) and where each may go.

Each :class:`Element` names its attributes in TwiML's camelCase with their
:class:`~flows.twiml.kinds.Kind`, the key of its text, what it may hold and where it may go.
The table is the builder (each element is callable: positional text and elements inside,
keyword attributes, ``from_`` for ``from``), the ``twiml`` step's static checks and its JSON
Schema.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from connector import Problem, ValidationError
from connector.errors import suggest
from flows.twiml.kinds import (
    BOOLEAN,
    CALL_STATUS,
    CONFERENCE_EVENTS,
    INPUT,
    MACHINE_DETECTION,
    METHOD,
    PLAY,
    REASON,
    RECORDING_STATUS,
    SAY,
    TEXT,
    WHOLE,
    Kind,
    UnfitValueError,
    scalar,
)

__all__ = ["DO", "ELEMENTS", "Element", "Place", "Verb", "misplaced", "placement_problems"]

#: The key of the elements inside another, in order (``gather``'s ``say``, ``dial``'s nouns).
DO = "do"


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
            return [scalar(item, "text") for item in items]
        if key == self.text:
            return None if value is None else scalar(value, "text")
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


#: Every TwiML element the builder knows, by name: the verbs of a voice response, those of a
#: messaging response, and the nouns inside them (as in twilio-python 9.13's
#: ``VoiceResponse`` and ``MessagingResponse``).
ELEMENTS: Mapping[str, Element] = _table(
    Element("Say", "speak text", "voice", SAY, text="text", needs=("text",)),
    Element("Play", "play audio, or DTMF digits", "voice", PLAY, "url", needs=("url", "digits")),
    Element("Pause", "wait in silence", "voice", {"length": WHOLE}),
    Element(
        "Gather",
        "collect digits or speech, saying or playing what it holds meanwhile",
        "voice",
        {
            "input": INPUT,
            "action": TEXT,
            "method": METHOD,
            "timeout": WHOLE,
            "speechTimeout": TEXT,
            "maxSpeechTime": WHOLE,
            "profanityFilter": BOOLEAN,
            "finishOnKey": TEXT,
            "numDigits": WHOLE,
            "partialResultCallback": TEXT,
            "partialResultCallbackMethod": METHOD,
            "language": TEXT,
            "hints": TEXT,
            "bargeIn": BOOLEAN,
            "debug": BOOLEAN,
            "actionOnEmptyResult": BOOLEAN,
            "speechModel": TEXT,
            "enhanced": BOOLEAN,
        },
        children=("say", "play", "pause"),
    ),
    Element(
        "Dial",
        "connect the caller to a number, or to the numbers, clients, conference, queue or "
        "SIP endpoints it holds",
        "voice",
        {
            "action": TEXT,
            "method": METHOD,
            "timeout": WHOLE,
            "hangupOnStar": BOOLEAN,
            "timeLimit": WHOLE,
            "callerId": TEXT,
            "record": TEXT,
            "trim": TEXT,
            "recordingConfigurationId": TEXT,
            **RECORDING_STATUS,
            "answerOnBridge": BOOLEAN,
            "ringTone": TEXT,
            "recordingTrack": TEXT,
            "sequential": BOOLEAN,
            "referUrl": TEXT,
            "referMethod": METHOD,
            "events": TEXT,
            "passports": TEXT,
        },
        text="number",
        children=("number", "client", "conference", "queue", "sip"),
        needs=("number", DO),
    ),
    Element(
        "Number",
        "a phone number to dial",
        "inside",
        {"sendDigits": TEXT, **CALL_STATUS, "byoc": TEXT, **MACHINE_DETECTION},
        text="phoneNumber",
        needs=("phoneNumber",),
    ),
    Element("Client", "a client to dial", "inside", CALL_STATUS, "identity", needs=("identity",)),
    Element(
        "Conference",
        "a conference room to join",
        "inside",
        {
            "muted": BOOLEAN,
            "beep": TEXT,
            "startConferenceOnEnter": BOOLEAN,
            "endConferenceOnExit": BOOLEAN,
            "waitUrl": TEXT,
            "waitMethod": METHOD,
            "maxParticipants": WHOLE,
            "record": TEXT,
            "recordingConfigurationId": TEXT,
            "region": TEXT,
            "coach": TEXT,
            "trim": TEXT,
            "statusCallbackEvent": CONFERENCE_EVENTS,
            "statusCallback": TEXT,
            "statusCallbackMethod": METHOD,
            **RECORDING_STATUS,
            "eventCallbackUrl": TEXT,
            "jitterBufferSize": TEXT,
            "participantLabel": TEXT,
        },
        text="name",
        needs=("name",),
    ),
    Element(
        "Queue",
        "a queue to take the first caller from",
        "inside",
        {"url": TEXT, "method": METHOD, "reservationSid": TEXT, "postWorkActivitySid": TEXT},
        text="name",
        needs=("name",),
    ),
    Element(
        "Sip",
        "a SIP endpoint to dial",
        "inside",
        {"username": TEXT, "password": TEXT, **CALL_STATUS, **MACHINE_DETECTION},
        text="uri",
        needs=("uri",),
    ),
    Element(
        "Record",
        "record the caller",
        "voice",
        {
            "action": TEXT,
            "method": METHOD,
            "timeout": WHOLE,
            "finishOnKey": TEXT,
            "maxLength": WHOLE,
            "playBeep": BOOLEAN,
            "trim": TEXT,
            **RECORDING_STATUS,
            "transcribe": BOOLEAN,
            "transcribeCallback": TEXT,
            "recordingConfigurationId": TEXT,
        },
    ),
    Element(
        "Redirect",
        "fetch TwiML from another URL",
        "both",
        {"method": METHOD},
        "url",
        needs=("url",),
    ),
    Element("Hangup", "end the call", "voice"),
    Element("Reject", "decline the call without answering", "voice", {"reason": REASON}),
    Element(
        "Enqueue",
        "put the caller in a queue",
        "voice",
        {
            "action": TEXT,
            "maxQueueSize": WHOLE,
            "method": METHOD,
            "waitUrl": TEXT,
            "waitUrlMethod": METHOD,
            "workflowSid": TEXT,
        },
        text="name",
        needs=("name", "workflowSid"),
    ),
    Element("Leave", "take the caller out of its queue", "voice"),
    Element(
        "Message",
        "send a message in reply",
        "messaging",
        {"to": TEXT, "from": TEXT, "action": TEXT, "method": METHOD, "statusCallback": TEXT},
        nouns={"body": 1, "media": 10},
        needs=("body", "media"),
    ),
    Element("Body", "the message's text", "inside", text="text", needs=("text",)),
    Element("Media", "the URL of an image or file to send", "inside", text="url", needs=("url",)),
)


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
