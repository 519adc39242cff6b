"""Flow sources (Mule's message sources): the Twilio webhooks a flow starts from.

A flow with ``source:`` runs when Twilio requests the source's path on the listener
(:mod:`flows.listener`)::

    flows:
      auto-reply:
        source:
          twilio:on-incoming-message: {config-ref: main, path: /sms}
        steps: [...]

Each kind is one small class that registers itself under its name and carries its piece of
the flow-file JSON Schema (the settings every kind shares are :data:`SOURCE_SETTINGS`). A
source is checked statically like a step: its config-ref, its path, and, for the whole file
(:func:`source_problems`), one flow per path and method and an auth token in every config
that checks signatures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from flows.errors import Found, Where
from flows.loader import YamlMap
from flows.steps.base import ParseContext, text_at, value_at
from flows.twiml import is_twiml, response

__all__ = [
    "EMPTY_TWIML",
    "HEALTH_PATH",
    "SOURCES",
    "SOURCE_SETTINGS",
    "OnCallStatus",
    "OnIncomingCall",
    "OnIncomingMessage",
    "OnMessageStatus",
    "OnRecordingStatus",
    "Source",
    "parse_source",
    "source_problems",
]

#: Every source kind by name (``twilio:on-incoming-message``).
SOURCES: dict[str, type[Source]] = {}
#: The listener's own path: ``GET /healthz`` answers 200.
HEALTH_PATH = "/healthz"
#: The TwiML document that does nothing.
EMPTY_TWIML = response()

#: What every source takes: the settings of its webhook.
SOURCE_SETTINGS: dict[str, Any] = {
    "title": "the source",
    "description": "Where Twilio's webhook arrives and how its signature is checked.",
    "type": "object",
    "required": ["path"],
    "additionalProperties": False,
    "properties": {
        "config-ref": {
            "$ref": "#/$defs/name",
            "description": "The config whose authToken checks X-Twilio-Signature (a config "
            "that authenticates with an API key must give authToken too); may be left out "
            "when the file has exactly one config (or none).",
        },
        "path": {
            "title": "an absolute path such as /sms",
            "description": "The path on the listener that Twilio requests (the number's "
            "SmsUrl, VoiceUrl or status callback points here). One flow per path and method.",
            "type": "string",
            "pattern": "^/[^?#\\s]*$",
        },
        "method": {
            "title": "one of GET, POST",
            "description": "How Twilio requests the path (default POST, as Twilio's own).",
            "enum": ["GET", "POST"],
            "default": "POST",
        },
        "publicUrl": {
            "title": "an absolute URL such as https://bot.example.com/sms",
            "description": "The full URL Twilio is given for this source, when the listener "
            "is reached through a proxy: signatures are checked against it (with the "
            "request's query). Default: the listener's public URL and the path.",
            "type": "string",
            "pattern": "^https?://[^?#\\s]+$",
        },
        "trustForwardedHeaders": {
            "description": "Take the public URL's scheme and host from X-Forwarded-Proto "
            "and X-Forwarded-Host (only behind a proxy that sets them; default false).",
            "type": "boolean",
            "default": False,
        },
        "deadlineReply": {
            "title": "a TwiML document such as <Response/>",
            "description": "The reply when the flow is still running at the reply deadline "
            "(default: an empty <Response/>, or 204 for a status callback); the flow goes "
            "on in the background.",
            "type": "string",
        },
    },
}


@dataclass(frozen=True)
class Source:
    """A Twilio webhook a flow starts from; subclasses register under their ``kind``.

    ``schema`` is the kind's piece of the flow-file JSON Schema (its description and
    examples; the settings are :data:`SOURCE_SETTINGS`).
    """

    kind: ClassVar[str]
    schema: ClassVar[dict[str, Any]]
    #: A status callback: Twilio only notifies, so the reply is 204 unless the flow made TwiML.
    notifies: ClassVar[bool] = False
    #: The owned number's settings that point Twilio at this source (parameters of
    #: ``update-incoming-phone-numbers``: the URL's and the method's), if a number has them.
    number_settings: ClassVar[tuple[str, str] | None] = None

    where: Where
    flow: str
    config: str
    path: str
    method: str = "POST"
    public_url: str | None = None
    trust_forwarded_headers: bool = False
    deadline_reply: str | None = None

    def __init_subclass__(cls, kind: str | None = None, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if kind is not None:
            if kind in SOURCES:
                raise TypeError(f"two sources named {kind!r}")
            cls.kind = kind
            SOURCES[kind] = cls

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Source | None:
        """Build the source from its settings, reporting what static validation can see
        (``None`` when their shape is wrong: the schema reports that)."""
        path = text_at(body, "path")
        if not isinstance(body, YamlMap) or path is None:
            return None
        if path == HEALTH_PATH:
            ctx.report(
                value_at(body, "path", where)[1],
                f"{HEALTH_PATH} is the listener's own health check; choose another path",
            )
        config = ctx.config_ref(body, where)
        reply = text_at(body, "deadlineReply")
        if reply is not None and not is_twiml(reply):
            ctx.report(
                value_at(body, "deadlineReply", where)[1],
                "deadlineReply must be a TwiML document (<Response>...</Response>)",
            )
        return cls(
            where,
            ctx.flow,
            config,
            path,
            text_at(body, "method") or "POST",
            text_at(body, "publicUrl"),
            body.get("trustForwardedHeaders") is True,
            reply,
        )

    @property
    def route(self) -> str:
        """``METHOD path``, as logs and messages name it."""
        return f"{self.method} {self.path}"


class OnIncomingMessage(Source, kind="twilio:on-incoming-message"):
    """An SMS, MMS or WhatsApp message to one of the account's numbers."""

    schema: ClassVar[dict[str, Any]] = {
        "description": "A message to one of the account's numbers (its SmsUrl). The payload "
        "is Twilio's parameters (From, To, Body, MessageSid, NumMedia, MediaUrl0, ...); a "
        "TwiML payload at the end is the reply, anything else answers an empty <Response/>.",
        "examples": [{"config-ref": "main", "path": "/sms"}],
    }
    number_settings = ("smsUrl", "smsMethod")


class OnIncomingCall(Source, kind="twilio:on-incoming-call"):
    """A call to one of the account's numbers."""

    schema: ClassVar[dict[str, Any]] = {
        "description": "A call to one of the account's numbers (its VoiceUrl). The payload is "
        "Twilio's parameters (CallSid, From, To, CallStatus, Digits, SpeechResult, ...); a "
        "TwiML payload at the end tells Twilio what to do, anything else answers an empty "
        "<Response/> (the call ends).",
        "examples": [{"config-ref": "main", "path": "/voice"}],
    }
    number_settings = ("voiceUrl", "voiceMethod")


class OnMessageStatus(Source, kind="twilio:on-message-status"):
    """A message's status callback."""

    schema: ClassVar[dict[str, Any]] = {
        "description": "A message's status callback (its StatusCallback): MessageSid, "
        "MessageStatus, SmsStatus, ErrorCode, ... Answered 204 (or 200 with the flow's "
        "TwiML, if it made some).",
        "examples": [{"config-ref": "main", "path": "/message-status"}],
    }
    notifies = True


class OnCallStatus(Source, kind="twilio:on-call-status"):
    """A call's status callback."""

    schema: ClassVar[dict[str, Any]] = {
        "description": "A call's status callback (the number's or the call's "
        "StatusCallback): CallSid, CallStatus, CallDuration, SequenceNumber, Timestamp, ... "
        "Answered 204 (or 200 with the flow's TwiML, if it made some).",
        "examples": [{"config-ref": "main", "path": "/call-status"}],
    }
    notifies = True
    number_settings = ("statusCallback", "statusCallbackMethod")


class OnRecordingStatus(Source, kind="twilio:on-recording-status"):
    """A recording's status callback."""

    schema: ClassVar[dict[str, Any]] = {
        "description": "A recording's status callback (RecordingStatusCallback): "
        "RecordingSid, RecordingUrl, RecordingStatus, RecordingDuration, CallSid, ... "
        "Answered 204 (or 200 with the flow's TwiML, if it made some).",
        "examples": [{"config-ref": "main", "path": "/recording-status"}],
    }
    notifies = True


class OnConferenceStatus(Source, kind="twilio:on-conference-status"):
    """A conference's status callback."""

    schema: ClassVar[dict[str, Any]] = {
        "description": "A conference's status callback (a participant's "
        "ConferenceStatusCallback, or <Conference statusCallback>): ConferenceSid, "
        "FriendlyName, StatusCallbackEvent (conference-start, participant-join, "
        "participant-mute, ...), SequenceNumber, Timestamp, and for a participant CallSid, "
        "Muted, Hold, ... Answered 204 (or 200 with the flow's TwiML, if it made some).",
        "examples": [{"config-ref": "main", "path": "/conference-status"}],
    }
    notifies = True


def parse_source(node: Any, ctx: ParseContext) -> Source | None:
    """Parse a flow's ``source:`` (a mapping with one key, the kind); an unknown kind or a
    wrong shape is left to the schema, which reports it."""
    if not isinstance(node, YamlMap) or len(node) != 1:
        return None
    (kind, body), where = next(iter(node.items())), next(iter(node.key_where.values()))
    cls = SOURCES.get(kind)
    return cls.parse(body, where, ctx) if cls is not None else None


def source_problems(sources: Iterable[Source], configs: Mapping[str, Any]) -> list[Found]:
    """What only the whole file shows: two flows on one path and method, and a config that
    cannot check signatures (no authToken)."""
    found: list[Found] = []
    first: dict[tuple[str, str], Source] = {}
    for source in sorted(sources, key=lambda source: source.where):
        other = first.setdefault((source.method, source.path), source)
        if other is not source:
            found.append(
                Found(
                    source.where,
                    f"flow '{other.flow}' ({other.where}) already starts from "
                    f"{source.route}: one flow per path and method",
                )
            )
        config = configs.get(source.config)
        if isinstance(config, Mapping) and config.get("authToken") in (None, ""):
            why = (
                "authenticates with an API key"
                if config.get("apiKey") is not None
                else "has no authToken"
            )
            found.append(
                Found(
                    source.where,
                    f"config '{source.config}' {why}, but Twilio signs webhooks with the "
                    "account's auth token: a source needs it to check X-Twilio-Signature",
                    f"add authToken to config '{source.config}'; the API key still "
                    "authenticates requests",
                )
            )
    return found
