"""Twilio's refusals of the From and To numbers of a message or a call.

Both check in the same order: a magic test number first (``+15005550001`` and its siblings draw
a fixed error), then a To that is not valid, a From that is not E.164, and last a From the
account may not use. Each resource gives its own codes and Twilio's texts for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from emulator import errors
from emulator.errors import TwilioError, bad_request
from emulator.resources.phone_numbers import is_sender
from emulator.store import Db
from emulator.wire import is_e164

__all__ = ["Refusals"]


@dataclass(frozen=True)
class Refusals:
    """How one resource refuses numbers: Twilio's text for each code (``{number}`` stands for
    the number refused), the magic numbers and the code each draws as a From or a To, the codes
    for an invalid To and for a From the account may not use, what makes a To valid, and
    whether a verified caller id may be the From (it may place calls, not send messages)."""

    texts: Mapping[int, str]
    magic_from: Mapping[str, int]
    magic_to: Mapping[str, int]
    invalid_to: int
    not_sender: int
    valid_to: Callable[[str], bool] = is_e164
    caller_ids: bool = True

    def refuse(self, code: int, number: str) -> TwilioError:
        """Twilio's 400 with `code` and its text about `number`."""
        return bad_request(code, self.texts[code].format(number=number))

    def check(self, db: Db, account_sid: str, sender: str, to: str) -> None:
        """Raise the first refusal of `sender` (From) or `to` that the account gets, if any."""
        for magic, number in ((self.magic_from, sender), (self.magic_to, to)):
            if number in magic:
                raise self.refuse(magic[number], number)
        if not self.valid_to(to):
            raise self.refuse(self.invalid_to, to)
        if not is_e164(sender):
            raise self.refuse(errors.INVALID_FROM, sender)
        if not is_sender(db, account_sid, sender, caller_ids=self.caller_ids):
            raise self.refuse(self.not_sender, sender)
