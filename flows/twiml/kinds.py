"""The kinds of value a TwiML attribute takes, and the attribute groups several elements share.

A :class:`Kind` writes a value as TwiML writes it (booleans ``true``/``false``, lists of words
separated by spaces, numbers as given, ``None`` left out) or raises :class:`UnfitValueError`
saying what is wrong. :mod:`flows.twiml.elements` builds its table from these.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from connector.errors import suggest

__all__ = [
    "BOOLEAN",
    "CALL_STATUS",
    "CONFERENCE_EVENTS",
    "INPUT",
    "MACHINE_DETECTION",
    "METHOD",
    "PLAY",
    "REASON",
    "RECORDING_STATUS",
    "SAY",
    "TEXT",
    "WHOLE",
    "Kind",
    "UnfitValueError",
    "scalar",
    "shown",
]

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
        text = scalar(value, self.title)
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


def scalar(value: Any, title: str) -> str:
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


#: The kinds of value the elements' attributes take.
TEXT = Kind("text", "text")
BOOLEAN = Kind("boolean", "true or false", "boolean")
WHOLE = Kind("wholeNumber", "a whole number", "whole")
METHOD = Kind("method", "GET or POST", "word", ("GET", "POST"))
REASON = Kind("rejectReason", "rejected or busy", "word", ("rejected", "busy"))
INPUT = Kind("input", "dtmf, speech or both", "word", ("dtmf", "speech"), many=True)
_CALL_EVENTS = Kind(
    "callEvents",
    "call events (initiated, ringing, answered, completed)",
    "word",
    ("initiated", "ringing", "answered", "completed"),
    many=True,
)
CONFERENCE_EVENTS = Kind(
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

#: Attributes several elements share: call status callbacks, answering-machine detection,
#: recording status callbacks, and those of ``say`` and ``play``.
CALL_STATUS = {
    "url": TEXT,
    "method": METHOD,
    "statusCallbackEvent": _CALL_EVENTS,
    "statusCallback": TEXT,
    "statusCallbackMethod": METHOD,
}
MACHINE_DETECTION = {
    "machineDetection": TEXT,
    "amdStatusCallbackMethod": METHOD,
    "amdStatusCallback": TEXT,
    "machineDetectionTimeout": WHOLE,
    "machineDetectionSpeechThreshold": WHOLE,
    "machineDetectionSpeechEndThreshold": WHOLE,
    "machineDetectionSilenceTimeout": WHOLE,
}
RECORDING_STATUS = {
    "recordingStatusCallback": TEXT,
    "recordingStatusCallbackMethod": METHOD,
    "recordingStatusCallbackEvent": _RECORDING_EVENTS,
}
SAY = {"voice": TEXT, "loop": WHOLE, "language": TEXT}
PLAY = {"loop": WHOLE, "digits": TEXT}
