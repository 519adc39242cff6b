"""The request funnel: every HTTP request the connector makes goes through :class:`HttpClient`.

It builds the URL (only ever on the origin configured for the request's Twilio domain), encodes
query and form the way Twilio expects, applies Basic auth and timeouts, and retries or fails as
the one table of the retry policy, :data:`connector.errors.RETRY_TABLE`, says: a POST that may
have reached Twilio is never re-sent, and its error says ``outcome_unknown``. Which row a failed
attempt falls into, and the error it raises, is :mod:`connector.failures`'s to say.

Between attempts it waits as long as Twilio's ``Retry-After`` asks (seconds or an HTTP date), up
to ``retry.maxRetryAfter``: asked to wait longer, it gives up at once and says so. Without
``Retry-After`` it backs off exponentially with jitter, capped by ``retry.maxDelay``.
"""

from __future__ import annotations

import base64
import copy
import json
import logging
import math
import os
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
import requests.adapters
import requests.utils
import urllib3
from requests.models import PreparedRequest
from requests.structures import CaseInsensitiveDict

from connector.config import DOMAINS, Config
from connector.direct import Answer, ClientCert, DirectPath
from connector.errors import IDEMPOTENT_METHODS, ConfigError, ConnectivityError, ServerError
from connector.failures import FailedAttemptError, status_failure, transport_failure
from connector.wire import Pairs, encode, urlencoded

if TYPE_CHECKING:
    from connector.once import Once

__all__ = ["ApiRequest", "ApiResponse", "DryRunSink", "HttpClient", "requests_sent"]

log = logging.getLogger("connector.http")

USER_AGENT = "twilio-connector/0.1 (python-requests)"

DryRunSink = Callable[[dict[str, Any]], None]

#: Connections kept open per origin (a session of its own; requests keeps 10): a
#: parallel-foreach of up to this many items at once never closes a connection only to open
#: another for its next item. They are opened as needed; one pool per domain, so that a flow
#: using every domain does not close one's connections to make room for another's.
POOL_SIZE = 256


class _Tally:
    """A count that any thread may add to."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def add(self) -> None:
        with self._lock:
            self.count += 1


_sent = _Tally()


def requests_sent() -> int:
    """How many requests this process has put on the wire so far (each attempt counts)."""
    return _sent.count


@dataclass(frozen=True)
class ApiRequest:
    """One request, described in Twilio's terms before encoding.

    ``path`` is relative to the origin of ``domain`` (``api``, ``messaging``...; it may carry a
    query string, as ``next_page_uri`` does, or be an absolute URL on that origin, as
    ``meta.next_page_url`` is). ``query`` and ``form`` map wire names to values, encoded by
    :mod:`connector.wire`. ``json_body``, when not ``None``, is sent as the body instead of the
    form, as ``application/json`` (Twilio's Content API takes one).
    """

    method: str
    path: str
    query: Mapping[str, Any] = field(default_factory=dict)
    form: Mapping[str, Any] = field(default_factory=dict)
    operation: str | None = None
    domain: str = "api"
    json_body: Any = None
    #: Wire names whose values are secrets: sent, but never shown (repr, dry run).
    secrets: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        form = {k: "<redacted>" if k in self.secrets else v for k, v in self.form.items()}
        body = "" if self.json_body is None else f", json_body={self.json_body!r}"
        return (
            f"ApiRequest(method={self.method!r}, path={self.path!r}, query={dict(self.query)!r}, "
            f"form={form!r}{body}, operation={self.operation!r}, domain={self.domain!r})"
        )

    @property
    def idempotent(self) -> bool:
        """Whether sending it twice is harmless (its method is one of ``IDEMPOTENT_METHODS``)."""
        return self.method in IDEMPOTENT_METHODS


@dataclass(frozen=True)
class ApiResponse:
    """A successful answer: status, the headers that matter, and the body."""

    status: int
    url: str
    content: bytes
    content_type: str = ""
    request_id: str | None = None
    dry_run: bool = False

    def json(self) -> Any:
        """The body parsed as JSON (``None`` for an empty body)."""
        if not self.content:
            return None
        try:
            return json.loads(self.content)
        except ValueError:
            kind = self.content_type or "no media type"
            raise ServerError(
                f"HTTP {self.status} with a body that is not JSON ({kind})",
                status=self.status,
                request_id=self.request_id,
            ) from None


@dataclass(frozen=True)
class _Origin:
    """Where one domain's requests go, with what sending there needs."""

    url: str
    key: tuple[str, str | None, int | None]
    adapter: requests.adapters.BaseAdapter
    proxies: dict[str, str]
    #: The short way to the wire, where it behaves as the adapter does (else ``None``).
    direct: DirectPath | None

    @classmethod
    def of(
        cls,
        url: str,
        session: requests.Session,
        verify: bool | str,
        headers: dict[str, str],
        cert: ClientCert,
    ) -> _Origin:
        parts = urlsplit(url)
        adapter = session.get_adapter(url)
        # The session's proxies, and the environment's (which win, as in Session.request)
        # unless the session is told not to trust the environment.
        proxies = dict(session.proxies)
        if session.trust_env:
            proxies.update(requests.utils.get_environ_proxies(url))
        direct = DirectPath.for_origin(
            adapter, url, proxies=proxies, verify=verify, headers=headers, cert=cert
        )
        return cls(url, (parts.scheme, parts.hostname, parts.port), adapter, proxies, direct)


class HttpClient:
    """Sends :class:`ApiRequest` objects for one config over one ``requests.Session``.

    A session of the caller's own lends its mounted adapters, headers, proxies, ``verify`` (a
    CA bundle; never ``False``), ``cert`` and ``trust_env``; the client sends through the
    adapters itself, with its own auth, and never follows a redirect."""

    def __init__(
        self,
        config: Config,
        *,
        session: requests.Session | None = None,
        dry_run: DryRunSink | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self._dry_run = dry_run
        self._sleep = sleep
        self._once: Once | None = None
        self._throttled: Callable[[float | None], None] | None = None
        token = f"{config.username}:{config.password()}".encode()
        self._timeout = (config.connect_timeout, config.read_timeout)
        self._own_session = session is None  # a caller's session stays the caller's to close
        self._session = session or self._new_session()
        self._headers = {
            key: value if isinstance(value, str) else value.decode("latin-1")
            for key, value in self._session.headers.items()
        }
        self._headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
        # Proxy settings and the CA bundle are read from the environment once, here, rather
        # than by requests on every call (its per-request scan is a quarter of a loopback
        # call). TLS is verified as Session.request would: against the config's caBundle, else
        # the environment's bundle, else the session's own ``verify`` (never off); with the
        # session's client certificate (``cert``).
        trusted = self._session.trust_env
        self._verify: bool | str = (
            config.ca_bundle
            or (trusted and os.environ.get("REQUESTS_CA_BUNDLE"))
            or (trusted and os.environ.get("CURL_CA_BUNDLE"))
            or _verify_setting(self._session.verify)
        )
        self._cert: ClientCert = self._session.cert
        by_url: dict[str, _Origin] = {}  # domains on one origin (baseUrl) share it
        self._origins = {}
        for domain in DOMAINS:
            url = config.origin(domain)
            if url not in by_url:
                by_url[url] = _Origin.of(
                    url, self._session, self._verify, self._headers, self._cert
                )
            self._origins[domain] = by_url[url]
        # The CA bundle matters only over TLS; given one, requests would stat() its path on
        # every call (and release the interpreter lock to do so) even for plain-http origins
        # such as a loopback emulator, where it is not used.
        if not any(o.url.startswith("https:") or o.proxies for o in self._origins.values()):
            self._verify = True

    def __repr__(self) -> str:
        return f"HttpClient({self.config.url!r}, user={self.config.username!r})"

    @property
    def dry_run(self) -> bool:
        """Whether requests go to the dry-run sink instead of being sent."""
        return self._dry_run is not None

    @staticmethod
    def _new_session() -> requests.Session:
        session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(
            pool_connections=len(DOMAINS), pool_maxsize=POOL_SIZE
        )
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        return session

    def close(self) -> None:
        """Close pooled connections: those of the session this client made; a session the
        caller gave is left open for the caller (as ``requests`` leaves it)."""
        if self._own_session:
            self._session.close()

    def keyed(
        self,
        once: Once | None = None,
        *,
        throttled: Callable[[float | None], None] | None = None,
    ) -> HttpClient:
        """This client (same session and settings) for one operation: its request that is not
        idempotent is sent at most once under ``once``'s key, and ``throttled`` hears of each
        429 (with its Retry-After) before the request is tried again."""
        client = copy.copy(self)
        client._once, client._throttled = once, throttled
        return client

    def _origin(self, domain: str) -> _Origin:
        try:
            return self._origins[domain]
        except KeyError:
            self.config.origin(domain)  # raises the unknown-domain error, with a did-you-mean
            raise

    def url_for(self, path: str, domain: str = "api") -> str:
        """The absolute URL for a path on a domain, refusing any URL that leaves the origin
        configured for that domain."""
        origin = self._origin(domain)
        parts = urlsplit(path)
        if parts.scheme or parts.netloc:
            if (parts.scheme, parts.hostname, parts.port) != origin.key:
                raise ConnectivityError(
                    f"refused to follow {parts.scheme}://{parts.netloc}: credentials for "
                    f"{domain} are only sent to {origin.url}"
                )
            path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith("/"):
            raise ConnectivityError(f"refused relative URI {path!r}: expected a path from /")
        return origin.url + path

    def request(self, req: ApiRequest) -> ApiResponse:
        """Send one request with the retry policy; return the response or raise its error."""
        url = self.url_for(req.path, req.domain)
        query, form = encode(req.query), encode(req.form)
        if self._dry_run is not None:
            shown = [(k, "<redacted>" if k in req.secrets else v) for k, v in form]
            described = self._describe(req.method, url, query, shown)
            if req.json_body is not None:
                described["json"] = req.json_body
            self._dry_run(described)
            return ApiResponse(status=0, url=url, content=b"", dry_run=True)
        if self._once is not None and not req.idempotent:
            full = url + ("?" + urlencoded(query) if query else "")
            return self._once.send(
                self, req, full, form, lambda: self._with_retries(req, url, query, form)
            )
        return self._with_retries(req, url, query, form)

    def _with_retries(self, req: ApiRequest, url: str, query: Pairs, form: Pairs) -> ApiResponse:
        """Send, and send again as the retry policy allows."""
        retry = self.config.retry
        attempt = 1
        while True:
            try:
                return self._send_once(req, url, query, form)
            except FailedAttemptError as failed:
                error = failed.error
                error.operation = error.operation or req.operation
                if error.status == 429 and self._throttled is not None:
                    self._throttled(failed.wait)
                if not failed.retryable or attempt >= retry.max_attempts:
                    raise error from None
                if failed.wait is None:
                    wait = self._backoff(attempt)
                elif failed.wait <= retry.max_retry_after:
                    wait = failed.wait
                else:
                    error.message += (
                        f"; Twilio asked to retry after {math.ceil(failed.wait)} s, "
                        f"more than retry.maxRetryAfter ({retry.max_retry_after:g} s)"
                    )
                    raise error from None
                log.info(
                    "retrying %s %s after %s (attempt %d of %d, in %.2fs)",
                    req.method,
                    urlsplit(url).path,
                    error.type,
                    attempt + 1,
                    retry.max_attempts,
                    wait,
                )
                self._sleep(wait)
                attempt += 1

    def _send_once(self, req: ApiRequest, url: str, query: Pairs, form: Pairs) -> ApiResponse:
        origin = self._origin(req.domain)
        full = url + ("?" + urlencoded(query) if query else "")
        body, content_type = _body(req.method, form, req.json_body)
        direct = origin.direct
        failed: Callable[[str], requests.Response] | None
        started = time.perf_counter()
        _sent.add()
        try:
            if direct is not None and direct.takes(target := full[len(origin.url) :]):
                answer = self._send_direct(direct, req.method, target, body, content_type)
                status, content = answer.status, answer.content
                request_id = answer.header("Twilio-Request-Id")
                failed = answer.as_response if status >= 300 else None
                media = answer.header("Content-Type") or ""
            else:
                resp = self._send_adapted(origin, req.method, full, body, content_type)
                status, content = resp.status_code, resp.content
                request_id = resp.headers.get("Twilio-Request-Id")
                failed = (lambda _: resp) if status >= 300 else None
                media = resp.headers.get("Content-Type", "")
        except requests.RequestException as exc:
            raise transport_failure(
                exc,
                idempotent=req.idempotent,
                host=urlsplit(origin.url).netloc,
                timeout=self._timeout,
            ) from None
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "%s %s -> %d in %.1f ms (request id %s)",
                req.method,
                urlsplit(url).path,
                status,
                (time.perf_counter() - started) * 1000,
                request_id,
            )
        if failed is not None:
            raise status_failure(
                failed(full),
                idempotent=req.idempotent,
                operation=req.operation,
                request_id=request_id,
            )
        return ApiResponse(
            status=status,
            url=full,
            content=content,
            content_type=media,
            request_id=request_id,
        )

    def _send_direct(
        self,
        direct: DirectPath,
        method: str,
        target: str,
        body: str | bytes | None,
        content_type: str | None,
    ) -> Answer:
        """The request the short way (:mod:`connector.direct`)."""
        if body is None:
            return direct.send(method, target, b"", None, self._timeout)
        payload = body.encode("utf-8") if isinstance(body, str) else body
        head = b"Content-Type: %s\r\nContent-Length: %d\r\n" % (
            (content_type or "").encode("latin-1"),
            len(payload),
        )
        return direct.send(method, target, head, payload, self._timeout)

    def _send_adapted(
        self,
        origin: _Origin,
        method: str,
        full: str,
        body: str | bytes | None,
        content_type: str | None,
    ) -> requests.Response:
        """The request through the session's adapter, its body read (as the short way reads
        it, so a failure in the body is a failed attempt like any other)."""
        prepared = PreparedRequest()
        prepared.method = method
        prepared.url = full
        headers: CaseInsensitiveDict[str] = CaseInsensitiveDict(self._headers)
        if body is not None:
            headers["Content-Type"] = content_type or ""
            headers["Content-Length"] = str(len(body))
            prepared.body = body
        prepared.headers = headers
        resp = origin.adapter.send(
            prepared,
            timeout=self._timeout,
            proxies=origin.proxies,
            verify=self._verify,
            cert=self._cert,
        )
        _read_whole(resp)
        return resp

    def _backoff(self, attempt: int) -> float:
        retry = self.config.retry
        ceiling: float = min(retry.max_delay, retry.initial_delay * 2.0 ** (attempt - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def _describe(self, method: str, url: str, query: Pairs, form: Pairs) -> dict[str, Any]:
        full = url + ("?" + urlencoded(query) if query else "")
        return {
            "method": method,
            "url": full,
            "form": dict(form),
            "auth": f"{self.config.username}:<redacted>",
        }


def _verify_setting(verify: object) -> bool | str:
    """A session's ``verify`` as the adapter takes it: a CA bundle's path, or ``True``. TLS
    verification is always on: a session that turns it off is refused."""
    if isinstance(verify, str):
        return verify
    if verify is False:
        raise ConfigError(
            "TLS verification is always on: the session given has verify=False; give the "
            "config's caBundle (or the session's verify) the path of the CA bundle to trust"
        )
    return True


def _body(method: str, form: Pairs, json_body: Any) -> tuple[str | bytes | None, str | None]:
    """The body as sent, with its media type: JSON when a JSON body is given, else the form
    (for a POST, even an empty one), else none."""
    if json_body is not None:
        return json.dumps(json_body, ensure_ascii=False).encode("utf-8"), "application/json"
    if form or method == "POST":
        return urlencoded(form), "application/x-www-form-urlencoded"
    return None, None


def _read_whole(resp: requests.Response) -> bytes:
    """The whole body of a response, read at once.

    requests' ``content`` reads it 10 KB at a time through urllib3's streaming: three times as
    long for a page of 1,000 records. A failure while reading is the error ``content`` raises
    (requests' own); a response from another kind of adapter is read by ``content``.
    """
    raw = resp.raw
    if not isinstance(raw, urllib3.HTTPResponse):
        return resp.content
    try:
        content: bytes = raw.read(decode_content=True)
    except urllib3.exceptions.ProtocolError as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    except urllib3.exceptions.DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
    except urllib3.exceptions.ReadTimeoutError as exc:
        raise requests.exceptions.ConnectionError(exc) from exc
    except urllib3.exceptions.SSLError as exc:
        raise requests.exceptions.SSLError(exc) from exc
    resp._content = content  # what ``content`` gives from now on
    return content
