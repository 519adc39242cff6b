"""Twilio's wire conventions: SIDs, RFC 2822 dates, phone numbers and typed form/query values."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from werkzeug.datastructures import MultiDict

from emulator.errors import bad_request, invalid

API_VERSION = "2010-04-01"
E164 = re.compile(r"^\+[1-9]\d{7,14}$")
METHODS = ("GET", "POST")


def new_sid(prefix: str) -> str:
    """A fresh SID: two-letter prefix and 32 lowercase hex digits."""
    return prefix + uuid.uuid4().hex


def new_secret() -> str:
    """A fresh auth token or API key secret (32 hex digits)."""
    return secrets.token_hex(16)


def rfc2822(timestamp: float | None) -> str | None:
    """A stored time (seconds since the epoch) as Twilio writes it.

    For example 'Tue, 31 Jan 2024 12:00:00 +0000'.
    """
    return None if timestamp is None else _rfc2822(int(timestamp))


@lru_cache(maxsize=4096)
def _rfc2822(seconds: int) -> str:
    return format_datetime(datetime.fromtimestamp(seconds, UTC))


def parse_instant(value: str) -> float:
    """An ISO 8601 date or date-time (UTC unless it says otherwise) as seconds since the epoch."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def day_start(day: date) -> float:
    """Midnight UTC at the start of `day`, as seconds since the epoch."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


def is_sid(value: str, prefix: str) -> bool:
    """Whether `value` is a SID of the kind `prefix` names (``CR`` and 32 hex digits)."""
    return re.fullmatch(prefix + "[0-9a-fA-F]{32}", value) is not None


def is_e164(number: str) -> bool:
    """Whether `number` is an E.164 phone number (+ and 8 to 15 digits)."""
    return E164.match(number) is not None


def formatted(number: str | None) -> str | None:
    """A phone number as Twilio displays it: '(415) 555-0100' for North America."""
    if number and len(number) == 12 and number.startswith("+1") and number[1:].isdigit():
        return f"({number[2:5]}) {number[5:8]}-{number[8:]}"
    return number


def is_url(value: str) -> bool:
    """Whether `value` is an absolute http(s) URL."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@dataclass(frozen=True)
class Field:
    """A form parameter stored as a column: its wire name, its column and its kind.

    Kinds: ``text``, ``url``, ``method`` (GET or POST), ``bool``.
    """

    param: str
    column: str
    kind: str = "text"


#: Where a number, an application or the sandbox sends its calls and texts (one fact each).
VOICE_URL = (Field("VoiceUrl", "voice_url", "url"), Field("VoiceMethod", "voice_method", "method"))
SMS_URL = (Field("SmsUrl", "sms_url", "url"), Field("SmsMethod", "sms_method", "method"))
#: What a number and an application share beyond those: fallbacks, lookups, status callback.
VOICE_AND_SMS = (
    Field("FriendlyName", "friendly_name"),
    Field("ApiVersion", "api_version"),
    *VOICE_URL,
    Field("VoiceFallbackUrl", "voice_fallback_url", "url"),
    Field("VoiceFallbackMethod", "voice_fallback_method", "method"),
    Field("VoiceCallerIdLookup", "voice_caller_id_lookup", "bool"),
    Field("StatusCallback", "status_callback", "url"),
    Field("StatusCallbackMethod", "status_callback_method", "method"),
    *SMS_URL,
    Field("SmsFallbackUrl", "sms_fallback_url", "url"),
    Field("SmsFallbackMethod", "sms_fallback_method", "method"),
)


class Params:
    """Typed access to a form or query string, answering Twilio's 400s for bad values."""

    def __init__(self, data: MultiDict[str, str]) -> None:
        self._data = data

    def __contains__(self, name: str) -> bool:
        return name in self._data

    def text(self, name: str) -> str | None:
        """The value of `name`, or None when it is not given."""
        return self._data.get(name)

    def require(self, name: str, code: int, message: str) -> str:
        """The value of `name`; a 400 with `code` when it is missing or empty."""
        value = self._data.get(name)
        if not value:
            raise bad_request(code, message)
        return value

    def boolean(self, name: str) -> bool | None:
        """`true`/`false` in any case, or None when not given."""
        value = self._data.get(name)
        if value is None:
            return None
        lowered = value.lower()
        if lowered not in ("true", "false"):
            raise invalid(f"{name} must be true or false, not {value!r}")
        return lowered == "true"

    def integer(
        self, name: str, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        """A whole number within the bounds, or None when not given."""
        value = self._data.get(name)
        if value is None:
            return None
        try:
            number = int(value)
        except ValueError:
            raise invalid(f"{name} must be an integer, not {value!r}") from None
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            raise invalid(f"{name} must be between {minimum} and {maximum}, not {number}")
        return number

    def choice(self, name: str, choices: Iterable[str]) -> str | None:
        """One of `choices` (exact case, as Twilio's enums are), or None when not given."""
        value = self._data.get(name)
        if value is None:
            return None
        allowed = tuple(choices)
        if value not in allowed:
            raise invalid(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
        return value

    def sid(self, name: str, prefix: str) -> str | None:
        """A SID of the kind `prefix` names (``BU`` and 32 hex digits), or None when not
        given."""
        value = self._data.get(name)
        if value is not None and not is_sid(value, prefix):
            raise invalid(f"{name} must be a {prefix} SID, not {value!r}")
        return value

    def url(self, name: str, code: int = 0) -> str | None:
        """An absolute http(s) URL, or None when not given."""
        value = self._data.get(name)
        if value is None or value == "":
            return value
        if not is_url(value):
            message = f"{name} is not a valid URL: {value}"
            raise bad_request(code, message) if code else invalid(message)
        return value

    def fields(self, fields: Iterable[Field]) -> dict[str, Any]:
        """The columns set by those of `fields` that are given."""
        values: dict[str, Any] = {}
        for field in fields:
            if field.param not in self._data:
                continue
            if field.kind == "bool":
                values[field.column] = self.boolean(field.param)
            elif field.kind == "method":
                values[field.column] = self.choice(field.param, METHODS)
            elif field.kind == "url":
                values[field.column] = self.url(field.param)
            else:
                values[field.column] = self.text(field.param)
        return values


def iso8601(timestamp: float | None) -> str | None:
    """A stored time as the v1/v2 APIs write it: ``2024-01-31T12:00:00Z`` (UTC, seconds)."""
    if timestamp is None:
        return None
    return datetime.fromtimestamp(int(timestamp), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
