"""Requests the emulator makes to an application's URLs, as Twilio makes them.

Every request is signed: ``X-Twilio-Signature`` is the base64 HMAC-SHA1, keyed by the account's
auth token, of the full URL followed by each POST parameter's name and value, sorted by name
(a GET carries its parameters in the URL's query, and signs only the URL). It also carries an
``I-Twilio-Idempotency-Token`` (the same on every retry of one delivery) and Twilio's
``User-Agent``. Redirects are not followed, every request has a timeout, and at most
`MAX_BODY` bytes of an answer are read.
"""

from __future__ import annotations

import base64
import codecs
import contextlib
import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests
from urllib3.exceptions import HTTPError as TransportError

__all__ = ["MAX_BODY", "USER_AGENT", "Reply", "send", "session", "sign", "target"]

USER_AGENT = "TwilioProxy/1.1"
MAX_BODY = 64 * 1024
"""The largest answer read (Twilio's limit on a TwiML document); longer ones are refused."""

Params = Sequence[tuple[str, str]]
CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
"""A Content-Type's charset; without one, an answer is read as UTF-8 (XML's default)."""


def target(url: str, method: str, params: Params) -> str:
    """The URL requested: for a GET, `url` with the parameters added to its query."""
    if method != "GET" or not params:
        return url
    parts = urlsplit(url)
    query = "&".join(part for part in (parts.query, urlencode(params)) if part)
    return urlunsplit(parts._replace(query=query))


def sign(auth_token: str, url: str, params: Params) -> str:
    """Twilio's ``X-Twilio-Signature`` of a request to `url` with POST parameters `params`."""
    data = url + "".join(name + value for name, value in sorted(set(params)))
    digest = hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


@dataclass(frozen=True)
class Reply:
    """What came back: a status and body, or the `error` that stopped the request."""

    status: int | None
    body: str = ""
    error: str | None = None
    content_type: str = ""
    """The answer's media type (``text/xml``), lower case, without its parameters."""

    @property
    def ok(self) -> bool:
        """Whether the request was answered with a 2xx."""
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def retryable(self) -> bool:
        """Whether trying again may help: no answer, or a 5xx."""
        return self.status is None or self.status >= 500


def _decode(body: bytes, content_type: str) -> str:
    """`body` in the charset its Content-Type names, if Python knows it, else UTF-8."""
    found = CHARSET.search(content_type)
    encoding = "utf-8"
    if found:
        with contextlib.suppress(LookupError):
            encoding = codecs.lookup(found.group(1)).name
    return body.decode(encoding, errors="replace")


def session() -> requests.Session:
    """A session for webhook requests: the environment's proxies do not apply (Twilio's
    requests come from Twilio, not through the user's proxy)."""
    http = requests.Session()
    http.trust_env = False
    return http


def send(
    http: requests.Session,
    url: str,
    method: str,
    params: Params,
    *,
    signature: str,
    idempotency_token: str,
    timeout: float,
) -> Reply:
    """Make one signed request; never raises for a network failure."""
    headers = {
        "X-Twilio-Signature": signature,
        "I-Twilio-Idempotency-Token": idempotency_token,
        "User-Agent": USER_AGENT,
        "Accept": "*/*",
    }
    data = None
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        data = urlencode(params).encode()
    try:
        with http.request(
            method,
            target(url, method, params),
            data=data,
            headers=headers,
            timeout=(timeout, timeout),
            allow_redirects=False,
            stream=True,
        ) as response:
            body = response.raw.read(MAX_BODY + 1, decode_content=True)
    except (requests.RequestException, TransportError, OSError) as error:
        return Reply(None, error=f"{type(error).__name__}: {error}"[:500])
    header = response.headers.get("Content-Type", "")
    text = _decode(body[:MAX_BODY], header)
    kind = header.split(";", 1)[0].strip().lower()
    if len(body) > MAX_BODY:
        return Reply(response.status_code, text, f"answer over {MAX_BODY} bytes", kind)
    return Reply(response.status_code, text, content_type=kind)
