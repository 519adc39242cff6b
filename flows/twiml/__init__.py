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

The table is :mod:`flows.twiml.elements`, the kinds of attribute value
:mod:`flows.twiml.kinds`; this module names the verbs and writes the document.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from connector import Problem, ValidationError
from flows.twiml.elements import (
    DO,
    ELEMENTS,
    Element,
    Place,
    Verb,
    misplaced,
    placement_problems,
)
from flows.twiml.kinds import Kind, UnfitValueError, shown

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
#: Characters XML 1.0 cannot hold (written as U+FFFD).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

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
