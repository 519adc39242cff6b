"""Twilio's webhook signatures: ``X-Twilio-Signature``, computed and checked as Twilio does.

Twilio signs each webhook with HMAC-SHA1, keyed by the account's auth token, over the full URL
it requested followed by the POST parameters sorted by name, each name and value concatenated
(a repeated name contributes each of its values, sorted); the digest is sent base64-encoded. A
JSON body is not signed as parameters: the URL carries ``bodySHA256``, the hex SHA-256 of the
body, and the signature covers the URL alone. Since Twilio is not consistent about the port, a
URL is accepted with and without it, as twilio-python's ``RequestValidator`` accepts it.

These functions are pure: the webhook listener (``flows.listener``) and tests use them alike.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from urllib.parse import parse_qs, urlsplit, urlunsplit

__all__ = ["SIGNATURE_HEADER", "body_sha256", "compute_signature", "url_variants", "validate"]

#: The header Twilio puts the signature in.
SIGNATURE_HEADER = "X-Twilio-Signature"
_DEFAULT_PORTS = {"https": 443, "http": 80}

#: POST parameters: each name with its value, or with its values when the name is repeated.
Params = Mapping[str, str | Sequence[str]]


def compute_signature(url: str, params: Params | None, auth_token: str) -> str:
    """The signature Twilio sends for a request to ``url`` with these POST parameters."""
    signed = url
    for name in sorted(params or {}):
        value = (params or {})[name]
        values = [value] if isinstance(value, str) else value
        signed += "".join(name + item for item in sorted(set(values)))
    digest = hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def body_sha256(body: bytes) -> str:
    """The hex SHA-256 of a body, as Twilio puts it in the ``bodySHA256`` query parameter."""
    return hashlib.sha256(body).hexdigest()


def url_variants(url: str) -> tuple[str, ...]:
    """The URL as Twilio may have signed it: without its port, and with it (the default port
    of its scheme when it names none). Empty when the URL is malformed."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return ()
    host, _, _ = parts.netloc.rpartition(":") if port is not None else (parts.netloc, "", "")
    default = _DEFAULT_PORTS.get(parts.scheme, 80)
    without = urlunsplit(parts._replace(netloc=host))
    with_port = urlunsplit(
        parts if port is not None else parts._replace(netloc=f"{host}:{default}")
    )
    return (without, with_port)


def validate(
    url: str,
    params: Params | None,
    signature: str | None,
    auth_token: str,
    *,
    body: bytes | None = None,
) -> bool:
    """Whether ``signature`` is Twilio's for this request.

    ``params`` are the POST parameters of a form body; for a JSON body give the raw ``body``
    instead: its SHA-256 must be the URL's ``bodySHA256`` and the signature covers the URL
    alone. Comparisons take constant time.
    """
    if not signature:
        return False
    if body is not None:
        given = parse_qs(urlsplit(url).query).get("bodySHA256")
        if not given or not _same(body_sha256(body), given[0]):
            return False
        params = None
    expected = signature.encode("utf-8", "replace")
    matches = [
        hmac.compare_digest(compute_signature(variant, params, auth_token).encode(), expected)
        for variant in url_variants(url)
    ]
    return any(matches)


def _same(computed: str, given: str) -> bool:
    return hmac.compare_digest(computed.encode(), given.encode("utf-8", "replace"))
