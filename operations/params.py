"""Declarative parameters: an operation's inputs, their wire names, types and rules.

A :class:`Param` knows how to turn what a flow gives (usually text) into the value its JSON
Schema expects, and how that value goes on the wire. The small constructors below
(:func:`account_sid`, :func:`sid`, :func:`text`, ...) keep each operation's table short.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

__all__ = [
    "DATE",
    "DATE_TIME",
    "PAGING",
    "Location",
    "Param",
    "account_sid",
    "boolean",
    "date_filter",
    "http_method",
    "integer",
    "one_of",
    "phone",
    "representation",
    "sid",
    "text",
    "url",
]

Location = Literal["path", "query", "form", "extension", "client", "token"]
Kind = Literal["string", "integer", "boolean", "date", "date-time", "object"]

DATE = r"\d{4}-\d{2}-\d{2}"
DATE_TIME = DATE + r"(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?"
_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})
_INTEGER = re.compile(r"^[+-]?\d+$")


@dataclass(frozen=True)
class Param:
    """One input of an operation.

    ``name`` is the camelCase name users write (the seed's attribute name); ``wire`` is the
    PascalCase name Twilio expects, sent in ``location``. ``inequalities`` adds the seed's
    ``<=``/``>=`` forms and explicit ``<name>Before`` / ``<name>After`` parameters, sent as
    ``Wire<`` and ``Wire>``. A ``representation`` param picks the path's extension instead;
    a ``client`` param is used by the connector and not sent (``limit``); a ``token`` param
    goes into the token an operation signs, ``wire`` naming its claim (``grants.video.room``).
    ``default`` is the value used when none is given.
    """

    name: str
    wire: str | None
    location: Location
    kind: Kind = "string"
    required: bool = False
    description: str = ""
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    from_config: bool = False
    inequalities: bool = False
    extensions: dict[str, str] = field(default_factory=dict)
    minimum: int | None = None
    maximum: int | None = None
    wire_values: dict[str, str] = field(default_factory=dict)
    default: Any = None

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of this parameter's (converted) value."""
        out: dict[str, Any]
        if self.kind == "integer":
            out = {"type": "integer"}
        elif self.kind == "boolean":
            out = {"type": "boolean"}
        elif self.kind == "date":
            out = {"type": "string", "pattern": f"^{DATE}$", "format": "date"}
        elif self.kind == "date-time":
            out = {"type": "string", "pattern": f"^{DATE_TIME}$", "format": "date-time"}
        elif self.kind == "object":
            out = {
                "type": "object",
                "additionalProperties": {"type": ["string", "number", "boolean"]},
            }
        else:
            out = {"type": "string", "minLength": 1}
        if self.enum:
            out["enum"] = list(self.enum)
        elif self.extensions:
            out["enum"] = list(self.extensions)
        if self.pattern:
            out["pattern"] = self.pattern
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        if self.default is not None:
            out["default"] = self.default
        if self.description:
            out["description"] = self.description
        return out

    def bound_names(self) -> dict[str, str]:
        """Extra parameter names this one adds, mapped to their wire names (inequalities)."""
        if not self.inequalities or self.wire is None:
            return {}
        return {f"{self.name}Before": f"{self.wire}<", f"{self.name}After": f"{self.wire}>"}

    def coerce(self, value: Any) -> Any:
        """Convert a given value to the type the schema expects; leave it alone if it can't be.

        The schema then rejects what could not be converted, with the parameter's path.
        """
        if self.kind == "integer":
            if isinstance(value, str) and _INTEGER.match(value.strip()):
                return int(value.strip())
            if isinstance(value, float) and value.is_integer():
                return int(value)
            return value
        if self.kind == "boolean":
            if isinstance(value, str):
                lowered = value.strip().lower()
                if lowered in _TRUE:
                    return True
                if lowered in _FALSE:
                    return False
            return value
        if self.kind in ("date", "date-time"):
            if isinstance(value, datetime):
                return value.isoformat() if self.kind == "date-time" else value.date().isoformat()
            if isinstance(value, date):
                return value.isoformat()
            return value.strip() if isinstance(value, str) else value
        if self.kind == "object":
            return _json_object(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        choices = self.enum or tuple(self.extensions)
        if choices and isinstance(value, str):
            for choice in choices:
                if choice.lower() == value.strip().lower():
                    return choice
        return value

    def check(self, value: Any) -> str | None:
        """What the schema's pattern cannot see: a date of the right form that does not exist."""
        if self.kind not in ("date", "date-time") or not isinstance(value, str):
            return None
        if not re.fullmatch(DATE if self.kind == "date" else DATE_TIME, value):
            return None  # the schema reports the form
        try:
            _utc_timestamp(value) if self.kind == "date-time" else date.fromisoformat(value)
        except ValueError as exc:
            return f"{value!r} is not a real date or time ({exc})"
        return None

    def to_wire(self, value: Any) -> Any:
        """The value as sent: date-time filters in UTC ``YYYY-MM-DDTHH:MM:SSZ``; enum values
        that Twilio renamed in their current form."""
        if self.kind == "date-time" and isinstance(value, str):
            return _utc_timestamp(value)
        return self.wire_values.get(value, value) if self.wire_values else value

    def describe(self) -> dict[str, Any]:
        """A row for ``twilio-connector describe``."""
        row: dict[str, Any] = {
            "name": self.name,
            "type": self.kind,
            "required": self.required,
            "in": self.location,
            "wire": self.wire,
            "description": self.description,
        }
        if self.enum or self.extensions:
            row["enum"] = list(self.enum or self.extensions)
        if self.from_config:
            row["default"] = "the config's accountSid"
        elif self.default is not None:
            row["default"] = self.default
        return row


def _json_object(value: Any) -> Any:
    """A JSON object given as text (``-p params='{"to": "bob"}'``) as a mapping; anything
    else unchanged, for the schema to judge."""
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            return json.loads(value)
        except (ValueError, RecursionError):
            return value
    return value


def _utc_timestamp(value: str) -> str:
    if re.fullmatch(DATE, value):
        return f"{date.fromisoformat(value).isoformat()}T00:00:00Z"
    text = value.replace("Z", "+00:00")
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sid_pattern(prefix: str) -> str:
    return f"^{prefix}[0-9a-fA-F]{{32}}$"


def account_sid(
    name: str = "accountSid",
    wire: str = "AccountSid",
    *,
    required: bool = False,
    description: str = "The account to act on; leave empty to use the config's accountSid.",
) -> Param:
    """The account SID path parameter, defaulting to the config's account."""
    return Param(
        name,
        wire,
        "path",
        required=required,
        description=description,
        pattern=_sid_pattern("AC"),
        from_config=not required,
    )


def sid(
    name: str,
    prefix: str | None,
    wire: str = "Sid",
    *,
    location: Location = "path",
    required: bool = True,
    description: str = "",
) -> Param:
    """A resource SID (``PN`` + 32 hex digits, say); ``prefix=None`` accepts any text."""
    pattern = None if prefix is None else _sid_pattern(prefix)
    return Param(name, wire, location, required=required, description=description, pattern=pattern)


def text(
    name: str,
    wire: str,
    *,
    location: Location = "form",
    required: bool = False,
    description: str = "",
    enum: tuple[str, ...] = (),
) -> Param:
    """A free-text parameter (or an enum, accepted in any case and sent in the API's case)."""
    return Param(name, wire, location, required=required, description=description, enum=enum)


def phone(
    name: str,
    wire: str,
    *,
    location: Location = "form",
    required: bool = False,
    description: str = "",
) -> Param:
    """A phone number (E.164 such as +14155550100; Twilio also takes other endpoints)."""
    return Param(name, wire, location, required=required, description=description)


def url(
    name: str,
    wire: str,
    *,
    location: Location = "form",
    required: bool = False,
    description: str = "",
) -> Param:
    """An absolute http(s) URL."""
    return Param(
        name,
        wire,
        location,
        required=required,
        description=description,
        pattern=r"^https?://\S+$",
    )


def http_method(name: str, wire: str, *, description: str = "") -> Param:
    """``GET`` or ``POST``: how Twilio should request a callback URL."""
    return Param(name, wire, "form", description=description, enum=("GET", "POST"))


def integer(
    name: str,
    wire: str,
    *,
    location: Location = "form",
    required: bool = False,
    description: str = "",
) -> Param:
    """An integer (text such as ``"30"`` is converted)."""
    return Param(name, wire, location, kind="integer", required=required, description=description)


def boolean(
    name: str,
    wire: str,
    *,
    location: Location = "form",
    required: bool = False,
    description: str = "",
) -> Param:
    """A boolean (``true``/``false``, ``yes``/``no`` in any case; sent as ``true``/``false``)."""
    return Param(name, wire, location, kind="boolean", required=required, description=description)


def date_filter(
    name: str,
    wire: str,
    *,
    kind: Literal["date", "date-time"] = "date-time",
    description: str = "",
) -> Param:
    """A date query filter with the ``<=``/``>=`` forms and ``...Before``/``...After`` twins."""
    return Param(name, wire, "query", kind=kind, description=description, inequalities=True)


def representation(name: str, extensions: dict[str, str], *, description: str = "") -> Param:
    """Chooses the representation Twilio returns (``JSON``, ``MP3``...), by path extension."""
    return Param(name, None, "extension", description=description, extensions=extensions)


#: Added to every list operation: how many records, and how many per request.
PAGING: tuple[Param, ...] = (
    Param(
        "limit",
        None,
        "client",
        kind="integer",
        minimum=1,
        description="The most records to return (all when left out).",
    ),
    Param(
        "pageSize",
        "PageSize",
        "query",
        kind="integer",
        minimum=1,
        maximum=1000,
        description="Records fetched per request (1-1000; Twilio's default is 50).",
    ),
)


def one_of(*names: str) -> tuple[str, ...]:
    """A rule: exactly one of these parameters must be given."""
    return names
