"""A Twilio webhook request as a flow sees it, read from a WSGI environ with every check that
needs no secret: the body's size and content type, its encoding, and the public URL it was
signed for.

The payload is the webhook's parameters exactly as Twilio sends them: for a form body (or a
GET's query) a mapping of each name to its text, or to the list of its values when the name
is repeated (Twilio's form encoding of a list); for a JSON body (signed with ``bodySHA256``)
the parsed JSON. The attributes are::

    {"method": "POST", "path": "/sms", "query": {"a": "1"},
     "headers": {"Content-Type": "...", "I-Twilio-Idempotency-Token": "...", ...},
     "idempotencyToken": "..."}

without the headers that carry secrets (:data:`SECRET_HEADERS`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote

from connector.signatures import SIGNATURE_HEADER

__all__ = [
    "IDEMPOTENCY_HEADER",
    "MAX_BODY",
    "SECRET_HEADERS",
    "BadRequest",
    "Webhook",
    "headers_of",
    "params_of",
    "public_url",
    "read_webhook",
]

#: The largest body read (Twilio's webhooks are a few kilobytes).
MAX_BODY = 64 * 1024
#: The header that is the same on every retry of one webhook.
IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token"
#: Headers never handed to a flow.
SECRET_HEADERS = frozenset(
    name.lower() for name in (SIGNATURE_HEADER, "Authorization", "Proxy-Authorization", "Cookie")
)
_FORM = "application/x-www-form-urlencoded"
_JSON = "application/json"
#: Characters of a path left as they are when the request's path is written back into a URL.
_PATH_SAFE = "/;=,:@!$&'()*+~"


class BadRequest(Exception):  # noqa: N818 - an answer, not a failure of the listener
    """A request answered with a 4xx before any flow runs; the reason is safe to send back."""

    def __init__(self, status: int, reason: str, headers: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = list(headers)


@dataclass(frozen=True)
class Webhook:
    """One webhook request: what the flow gets and what the signature covers."""

    payload: Any
    attributes: dict[str, Any]
    #: The signed parameters of a form body (``None`` for a GET or a JSON body).
    form: dict[str, str | list[str]] | None
    #: The raw body of a JSON request, whose hash the URL carries.
    json_body: bytes | None
    signature: str | None
    idempotency_token: str | None


def params_of(pairs: Iterable[tuple[str, str]]) -> dict[str, str | list[str]]:
    """Parameters by name, in the order first given; a repeated name's values as a list."""
    params: dict[str, str | list[str]] = {}
    for name, value in pairs:
        known = params.get(name)
        if known is None:
            params[name] = value
        elif isinstance(known, list):
            known.append(value)
        else:
            params[name] = [known, value]
    return params


def headers_of(environ: Mapping[str, Any]) -> dict[str, str]:
    """The request's headers by their usual names, without those that carry secrets."""
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            name = key[5:]
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            name = key
        else:
            continue
        name = "-".join(part.capitalize() for part in name.split("_"))
        if name.lower() not in SECRET_HEADERS:
            headers[name] = str(value)
    return headers


def public_url(
    environ: Mapping[str, Any],
    *,
    source_url: str | None = None,
    listener_url: str | None = None,
    trust_forwarded: bool = False,
) -> str:
    """The URL Twilio requested, as it signed it: the source's own public URL, else the
    listener's public URL and the path, else the request's scheme and host (from
    ``X-Forwarded-Proto`` / ``X-Forwarded-Host`` only when they are trusted); with the query."""
    query = environ.get("QUERY_STRING") or ""
    suffix = f"?{query}" if query else ""
    if source_url:
        return source_url + suffix
    target = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    path = quote(target, safe=_PATH_SAFE, encoding="latin-1")
    if listener_url:
        return listener_url.rstrip("/") + path + suffix
    scheme = str(environ.get("wsgi.url_scheme", "http"))
    host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
    if trust_forwarded:
        scheme = _first(environ.get("HTTP_X_FORWARDED_PROTO")) or scheme
        host = _first(environ.get("HTTP_X_FORWARDED_HOST")) or host
    return f"{scheme.lower()}://{host}{path}{suffix}"


def _first(header: str | None) -> str | None:
    """The first value of a header a chain of proxies appends to (the client's side)."""
    first = (header or "").split(",")[0].strip()
    return first or None


def read_webhook(environ: Mapping[str, Any], method: str) -> Webhook:
    """Read a request to a source: :class:`BadRequest` (413, 415, 400) when it cannot be one."""
    query_pairs = parse_qsl(environ.get("QUERY_STRING") or "", keep_blank_values=True)
    query = params_of(query_pairs)
    form: dict[str, str | list[str]] | None = None
    json_body: bytes | None = None
    if method == "GET":
        payload: Any = query
    else:
        body = _body(environ)
        media, charset = _content_type(environ.get("CONTENT_TYPE") or "")
        if charset not in (None, "utf-8", "utf8"):
            raise BadRequest(415, f"the body must be UTF-8, not {charset}")
        if media == _FORM or (not media and not body):
            form = payload = _form(body)
        elif media == _JSON:
            if "bodySHA256" not in query:
                raise BadRequest(400, "a JSON body needs the bodySHA256 query parameter")
            json_body = body
            payload = _json(body)
        else:
            raise BadRequest(415, f"the body must be {_FORM} (or {_JSON} signed with bodySHA256)")
    token = environ.get("HTTP_I_TWILIO_IDEMPOTENCY_TOKEN") or None
    attributes = {
        "method": method,
        "path": environ.get("PATH_INFO") or "/",
        "query": query,
        "headers": headers_of(environ),
        "idempotencyToken": token,
    }
    signature = environ.get("HTTP_X_TWILIO_SIGNATURE") or None
    return Webhook(payload, attributes, form, json_body, signature, token)


def _body(environ: Mapping[str, Any]) -> bytes:
    text = str(environ.get("CONTENT_LENGTH") or "").strip()
    if not text:
        return b""
    if not text.isdigit():
        raise BadRequest(400, "Content-Length is not a number")
    length = int(text)
    if length > MAX_BODY:
        raise BadRequest(413, f"the body is larger than {MAX_BODY // 1024} KiB")
    body: bytes = environ["wsgi.input"].read(length)
    if len(body) != length:
        raise BadRequest(400, "the body is shorter than its Content-Length")
    return body


def _content_type(header: str) -> tuple[str, str | None]:
    media, *params = header.split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def _form(body: bytes) -> dict[str, str | list[str]]:
    try:
        text = body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True, errors="strict")
    except ValueError:
        raise BadRequest(400, "the body is not a well-formed UTF-8 form") from None
    return params_of(pairs)


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        raise BadRequest(400, "the body is not well-formed UTF-8 JSON") from None
