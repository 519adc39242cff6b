"""Declarative parameters: an operation's inputs, their wire names, types and rules.

A :class:`Param` knows how to turn what a flow gives (usually text) into the value its JSON
Schema expects, and how that value goes on the wire. The small constructors below
(:func:`account_sid`, :func:`sid`, :func:`text`, ...) keep each operation's table short.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from operations import values
from operations.values import DATE, DATE_TIME

__all__ = [
    "PAGING",
    "Location",
    "Param",
    "account_sid",
    "boolean",
    "choices",
    "date_filter",
    "date_time",
    "document",
    "http_method",
    "integer",
    "json_object",
    "number",
    "one_of",
    "password",
    "phone",
    "representation",
    "sid",
    "text",
    "url",
    "url_list",
]

Location = Literal["path", "query", "form", "json", "extension", "client", "token"]
Kind = Literal["string", "integer", "number", "boolean", "date", "date-time", "object", "list"]


@dataclass(frozen=True)
class Param:
    """One input of an operation.

    ``name`` is the camelCase name users write (the original MuleSoft connector's attribute
    name); ``wire`` is the PascalCase name Twilio expects, sent in ``location``.
    ``inequalities`` adds the original's
    ``<=``/``>=`` forms and explicit ``<name>Before`` / ``<name>After`` parameters, sent as
    ``Wire<`` and ``Wire>``. A ``representation`` param picks the path's extension instead;
    a ``client`` param is used by the connector and not sent (``limit``); a ``token`` param
    goes into the token an operation signs, ``wire`` naming its claim (``grants.video.room``).
    ``default`` is the value used when none is given.

    A ``list`` takes one or more text items (sent as the wire name repeated, as Twilio reads
    ``MediaUrl`` or ``StatusCallbackEvent``, or joined by ``separator`` into one value, as
    Lookup reads ``Fields``); ``enum``, ``pattern`` and the length bounds then
    apply to each item, and ``max_items`` bounds how many. An ``object`` is a flat mapping, sent
    as JSON text (``ContentVariables``) unless it is a token claim; one with a ``shape`` (a
    JSON Schema) is a structured value of that shape, nested as the shape says (a content
    template's ``types``). A ``json`` param is a member of a JSON request body, under its
    ``wire`` name, for the APIs that take one (Twilio's Content API).

    A ``secret`` (a SIP password) is sent but never shown: not in a validation problem, not
    in a dry run's request or a request's repr; its schema marks it ``writeOnly``.

    Bounds (``minimum``/``maximum`` for integers, ``min_length``/``max_length`` for text,
    ``max_items`` for lists) are written once, here: the schema enforces them and
    :attr:`documentation` words them.
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
    min_length: int = 1
    max_length: int | None = None
    wire_values: dict[str, str] = field(default_factory=dict)
    default: Any = None
    max_items: int | None = None
    secret: bool = False
    shape: dict[str, Any] | None = None
    separator: str | None = None

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of this parameter's (converted) value."""
        out: dict[str, Any]
        if self.kind == "list":
            out = {"type": "array", "items": self._scalar_schema(), "minItems": 1}
            if self.max_items is not None:
                out["maxItems"] = self.max_items
        else:
            out = self._scalar_schema()
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        if self.default is not None:
            out["default"] = self.default
        if self.documentation:
            out["description"] = self.documentation
        if self.secret:
            out["writeOnly"] = True
        return out

    def _scalar_schema(self) -> dict[str, Any]:
        """The schema of one value (of each item, for a list)."""
        out: dict[str, Any]
        if self.kind == "integer":
            out = {"type": "integer"}
        elif self.kind == "number":
            out = {"type": "number"}
        elif self.kind == "boolean":
            out = {"type": "boolean"}
        elif self.kind == "date":
            out = {"type": "string", "pattern": f"^{DATE}$", "format": "date"}
        elif self.kind == "date-time":
            out = {"type": "string", "pattern": f"^{DATE_TIME}$", "format": "date-time"}
        elif self.kind == "object" and self.shape is not None:
            out = json.loads(json.dumps(self.shape))  # a copy the caller may change
        elif self.kind == "object":
            out = {
                "type": "object",
                "additionalProperties": {"type": ["string", "number", "boolean"]},
            }
        else:
            out = {"type": "string", "minLength": self.min_length}
            if self.max_length is not None:
                out["maxLength"] = self.max_length
        if self.enum:
            out["enum"] = list(self.enum)
        elif self.extensions:
            out["enum"] = list(self.extensions)
        if self.pattern:
            out["pattern"] = self.pattern
        return out

    @property
    def documentation(self) -> str:
        """The description as published: the declared text, then the bounds in words."""
        return " ".join(part for part in (self.description, self.bounds_in_words()) if part)

    def bounds_in_words(self) -> str:
        """The schema's bounds as a sentence (``Between 1 and 600.``), or ``""`` if none."""
        if self.kind == "integer":
            low, high, unit = self.minimum, self.maximum, ""
        elif self.kind == "list":
            words = f"Up to {self.max_items:,} items." if self.max_items else ""
            if self.max_length is not None:
                words += f" Each at most {self.max_length:,} characters."
            return words.strip()
        elif self.kind == "string":
            low = self.min_length if self.min_length > 1 else None
            high, unit = self.max_length, " characters"
        else:
            return ""
        if high == 0 and unit:
            return "At most 0 characters: only the empty text."
        if low is not None and high is not None:
            return f"Between {low:,} and {high:,}{unit}."
        if high is not None:
            return f"At most {high:,}{unit}."
        if low is not None:
            return f"At least {low:,}{unit}."
        return ""

    def bound_names(self) -> dict[str, str]:
        """Extra parameter names this one adds, mapped to their wire names (inequalities)."""
        if not self.inequalities or self.wire is None:
            return {}
        return {f"{self.name}Before": f"{self.wire}<", f"{self.name}After": f"{self.wire}>"}

    def coerce(self, value: Any) -> Any:
        """Convert a given value to the type the schema expects; leave it alone if it can't be
        (see :func:`operations.values.coerce`)."""
        converted = values.coerce(self.kind, value, self.enum or tuple(self.extensions))
        return converted if self.shape is None else values.conform(converted, self.shape)

    def screen(self, value: Any) -> str | None:
        """Why a given value can never be this parameter's, or ``None``; checked before the
        schema (see :func:`operations.values.screen`; a structured value, see
        :func:`operations.values.screen_document`); a secret's reason never shows its value."""
        if self.shape is not None:
            return values.screen_document(value)
        reason = values.screen(self.kind, value)
        if reason is not None and self.secret:
            return "is not text that can be sent (a secret's value is not shown)"
        return reason

    def check(self, value: Any) -> str | None:
        """What the schema cannot see, for a value it accepted: a date of the right form that
        does not exist, or one that falls outside the calendar once converted to UTC."""
        return values.check(self.kind, value)

    def to_wire(self, value: Any) -> Any:
        """The value as sent: date-time filters in UTC ``YYYY-MM-DDTHH:MM:SSZ``; enum values
        that Twilio renamed in their current form; an object as JSON text."""
        if self.kind == "date-time" and isinstance(value, str):
            return values.utc_timestamp(value)
        if self.location == "json":
            return value
        if self.kind == "object" and self.location != "token":
            return json.dumps(value)
        if self.kind == "list" and (self.wire_values or self.separator is not None):
            items = [self.wire_values.get(item, item) for item in value]
            return items if self.separator is None else self.separator.join(items)
        return self.wire_values.get(value, value) if self.wire_values else value

    def describe(self) -> dict[str, Any]:
        """A row for ``twilio-connector describe``."""
        row: dict[str, Any] = {
            "name": self.name,
            "type": self.kind,
            "required": self.required,
            "in": self.location,
            "wire": self.wire,
            "description": self.documentation,
        }
        if self.enum or self.extensions:
            row["enum"] = list(self.enum or self.extensions)
        if self.secret:
            row["secret"] = True
        if self.from_config:
            row["default"] = "the config's accountSid"
        elif self.default is not None:
            row["default"] = self.default
        return row


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
    pattern: str | None = None,
    min_length: int = 1,
    max_length: int | None = None,
    secret: bool = False,
) -> Param:
    """A free-text parameter (or an enum, accepted in any case and sent in the API's case);
    its length bounds are worded in its description (see :attr:`Param.documentation`).
    A ``secret`` is never shown (see :class:`Param`)."""
    return Param(
        name,
        wire,
        location,
        required=required,
        description=description,
        enum=enum,
        pattern=pattern,
        min_length=min_length,
        max_length=max_length,
        secret=secret,
    )


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
    minimum: int | None = None,
    maximum: int | None = None,
) -> Param:
    """An integer (text such as ``"30"`` is converted); its bounds are worded in its
    description (see :attr:`Param.documentation`)."""
    return Param(
        name,
        wire,
        location,
        kind="integer",
        required=required,
        description=description,
        minimum=minimum,
        maximum=maximum,
    )


def number(name: str, wire: str, *, description: str = "") -> Param:
    """A decimal number (text such as ``"0.05"`` is converted), sent as written by Python."""
    return Param(name, wire, "form", kind="number", description=description)


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


def date_time(name: str, wire: str, *, description: str = "") -> Param:
    """A moment (ISO 8601; a bare date is midnight UTC), sent as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return Param(name, wire, "form", kind="date-time", description=description)


def representation(name: str, extensions: dict[str, str], *, description: str = "") -> Param:
    """Chooses the representation Twilio returns (``JSON``, ``MP3``...), by path extension."""
    return Param(name, None, "extension", description=description, extensions=extensions)


def url_list(name: str, wire: str, *, max_items: int | None = None, description: str = "") -> Param:
    """One or more absolute http(s) URLs, sent as ``wire`` repeated (``MediaUrl``)."""
    return Param(
        name,
        wire,
        "form",
        kind="list",
        description=description,
        pattern=r"^https?://\S+$",
        max_items=max_items,
    )


def choices(
    name: str,
    wire: str,
    enum: tuple[str, ...],
    *,
    location: Location = "form",
    description: str = "",
    separator: str | None = None,
) -> Param:
    """One or more of ``enum`` (a list, or text separated by commas or spaces), sent as
    ``wire`` repeated (``StatusCallbackEvent``), or as one value joined by ``separator``
    (Lookup's ``Fields``)."""
    return Param(
        name, wire, location, kind="list", description=description, enum=enum, separator=separator
    )


#: Twilio's rule for a SIP credential's password: a digit, a lower- and an upper-case letter
#: (with at least 12 characters, a length bound).
MIXED_CASE_AND_DIGIT = r"^(?=[\s\S]*[0-9])(?=[\s\S]*[a-z])(?=[\s\S]*[A-Z])"


def password(name: str, wire: str, *, required: bool = False, description: str = "") -> Param:
    """A secret that follows Twilio's password rules (12 or more characters, mixed case and a
    digit); never shown in problems or dry runs."""
    return Param(
        name,
        wire,
        "form",
        required=required,
        description=description,
        pattern=MIXED_CASE_AND_DIGIT,
        min_length=12,
        secret=True,
    )


def json_object(
    name: str, wire: str, *, location: Location = "form", description: str = ""
) -> Param:
    """A flat mapping of names to values (or its JSON text), sent as JSON text
    (``ContentVariables``), or as a JSON object in a JSON body (``location="json"``)."""
    return Param(name, wire, location, kind="object", description=description)


def document(
    name: str,
    wire: str,
    shape: dict[str, Any],
    *,
    location: Location = "json",
    required: bool = False,
    description: str = "",
) -> Param:
    """A structured value (mappings and lists, or its JSON text) whose JSON Schema is `shape`:
    validated by it, and sent as a member of the JSON request body."""
    return Param(
        name,
        wire,
        location,
        kind="object",
        required=required,
        description=description,
        shape=shape,
    )


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
        description="Records fetched per request (Twilio's default is 50).",
    ),
)


def one_of(*names: str) -> tuple[str, ...]:
    """A rule: exactly one (or, in ``at_most_one_of``, at most one) of these parameters."""
    return names
