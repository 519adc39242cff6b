"""The funnel's short way to the wire: one request on a kept-alive connection of the adapter's
own urllib3 pool, written and read with :mod:`http.client` rather than through requests' adapter
and urllib3's request and response wrappers (which cost more than the rest of a call).

It is taken only where it behaves as the adapter does (:meth:`DirectPath.for_origin`): the
session's adapter for the origin is a plain :class:`requests.adapters.HTTPAdapter` with
requests' default retries (none), no proxy applies to the origin (the session's or the
environment's), and the headers are ones ``http.client`` would send as they are. Anything else
goes through the adapter. What it shares with the adapter, it takes from it: the same pool
(so connections warmed by either serve both), its connections (urllib3's, so TLS verification,
CA bundles, SNI and socket options are urllib3's own) and its check for dropped connections.
On a plain TCP connection the timeouts are the kernel's (:func:`_kernel_timed`), so a send and
a read are one system call each; TLS connections keep Python's.
What it writes on the wire is what the adapter writes (request line, ``Host``, the headers in
the same order, the body), and each failure is raised as the same requests exception the
adapter raises for it, so :mod:`connector.failures` classifies both paths alike (a POST that
may have reached Twilio is never re-sent).
"""

from __future__ import annotations

import errno
import http.client
import io
import re
import socket
import ssl
import struct
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from socket import timeout as SocketTimeout  # noqa: N812 - urllib3's name for it
from typing import Any, cast
from urllib.parse import urlsplit

import requests
import requests.adapters
from requests.exceptions import ChunkedEncodingError, ContentDecodingError
from requests.models import PreparedRequest
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from urllib3 import HTTPConnectionPool, HTTPHeaderDict
from urllib3.exceptions import (
    ClosedPoolError,
    ConnectTimeoutError,
    DecodeError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.exceptions import SSLError as Urllib3SSLError
from urllib3.response import HTTPResponse as Urllib3Response
from urllib3.util.retry import Retry

__all__ = ["Answer", "ClientCert", "DirectPath"]

#: A TLS client certificate as requests takes it (``Session.cert``): one file holding the
#: certificate and its key, or the two files, or none.
ClientCert = str | tuple[str, str] | None

#: What http.client refuses in a request target (it raises InvalidURL): such a request goes
#: through the adapter, which raises what it always raised.
_BAD_TARGET = re.compile("[\x00-\x20\x7f#]|\\?$")
#: Headers whose framing the adapter decides itself; a session that sets one is not short-cut.
_FRAMING = frozenset({"host", "content-type", "content-length", "transfer-encoding"})
_BLOCKING_ERRNOS = {errno.EAGAIN, errno.EWOULDBLOCK}
_SEND_ERRNOS_IGNORED = {errno.EPROTOTYPE, errno.ECONNRESET}  # urllib3 reads the answer anyway


@dataclass(frozen=True)
class Answer:
    """An HTTP answer read off the wire: status, headers and the (decoded) body."""

    status: int
    reason: str
    headers: http.client.HTTPMessage
    content: bytes

    def header(self, name: str) -> str | None:
        """A header's value as requests shows it (repeated headers joined by ``, ``)."""
        values = self.headers.get_all(name)
        return None if not values else ", ".join(values)

    def as_response(self, url: str) -> requests.Response:
        """The answer as the :class:`requests.Response` the adapter would have built."""
        response = requests.Response()
        response.status_code = self.status
        response.reason = self.reason
        response.headers = CaseInsensitiveDict(HTTPHeaderDict(self.headers.items()))
        response.encoding = get_encoding_from_headers(response.headers)
        response.url = url
        response._content = self.content
        return response


def _default_retries(retries: Any) -> bool:
    """Whether an adapter's ``max_retries`` is requests' default (no urllib3 retries)."""
    default = Retry(0, read=False)
    return isinstance(retries, Retry) and vars(retries) == vars(default)


class DirectPath:
    """Requests to one origin, sent on the adapter's pool below the adapter."""

    def __init__(
        self,
        adapter: requests.adapters.HTTPAdapter,
        url: str,
        verify: bool | str,
        headers: Mapping[str, str],
        cert: ClientCert = None,
    ) -> None:
        self._adapter = adapter
        self._url = url
        self._verify = verify
        self._cert = cert
        self._probe = PreparedRequest()
        self._probe.url = url + "/"
        self._pool = self._fetch_pool()  # raises what the adapter would raise: then no short cut
        parts = urlsplit(url)
        host = parts.hostname or ""
        host_text = host.encode("idna").decode("ascii") if not host.isascii() else host
        if ":" in host_text:
            host_text = f"[{host_text}]"
        if parts.port is not None and parts.port != (443 if parts.scheme == "https" else 80):
            host_text += f":{parts.port}"
        lines = [f"Host: {host_text}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self._head = ("\r\n".join(lines) + "\r\n").encode("latin-1")

    @classmethod
    def for_origin(
        cls,
        adapter: requests.adapters.BaseAdapter,
        url: str,
        *,
        proxies: Mapping[str, str],
        verify: bool | str,
        headers: Mapping[str, str],
        cert: ClientCert = None,
    ) -> DirectPath | None:
        """The short way to ``url``, or ``None`` where only the adapter behaves as it should
        (another adapter, urllib3 retries, a proxy, headers http.client would refuse)."""
        if type(adapter) is not requests.adapters.HTTPAdapter:
            return None
        if not _default_retries(adapter.max_retries):
            return None
        if requests.utils.select_proxy(url + "/", dict(proxies)):
            return None
        if len({name.lower() for name in headers}) != len(headers):
            return None
        for name, value in headers.items():
            if name.lower() in _FRAMING or not isinstance(value, str):
                return None
            if not http.client._is_legal_header_name(name.encode("ascii", "replace")):  # type: ignore[attr-defined]
                return None
            if http.client._is_illegal_header_value(value.encode("latin-1", "replace")):  # type: ignore[attr-defined]
                return None
            if not value.isascii() and not _latin1(value):
                return None
        try:
            return cls(adapter, url, verify, headers, cert)
        except Exception:
            return None

    def _fetch_pool(self) -> HTTPConnectionPool:
        pool = self._adapter.get_connection_with_tls_context(
            self._probe, self._verify, cert=self._cert
        )
        self._adapter.cert_verify(pool, self._url, self._verify, self._cert)  # type: ignore[no-untyped-call]
        assert isinstance(pool, HTTPConnectionPool)
        return pool

    def takes(self, target: str) -> bool:
        """Whether a request target goes the short way: the adapter would send it as it is
        (no fragment to drop, no empty query), and http.client would not refuse it."""
        return target.isascii() and not _BAD_TARGET.search(target)

    def send(
        self,
        method: str,
        target: str,
        head: bytes,
        body: bytes | None,
        timeout: tuple[float, float],
    ) -> Answer:
        """Send one request (``head``: its framing header lines, if it has a body) and read
        the answer; raise the requests exception the adapter raises for the same failure."""
        pool = self._pool
        try:
            conn = pool._get_conn()
        except ClosedPoolError:  # the pool manager let this origin's pool go: take its new one
            pool = self._pool = self._fetch_pool()
            conn = pool._get_conn()
        try:
            answer = self._exchange(
                pool, conn, method, target, head=head, body=body, timeout=timeout
            )
        except BaseException:
            conn.close()
            pool._put_conn(None)
            raise
        pool._put_conn(conn)
        return answer

    def _exchange(
        self,
        pool: HTTPConnectionPool,
        conn: Any,
        method: str,
        target: str,
        *,
        head: bytes,
        body: bytes | None,
        timeout: tuple[float, float],
    ) -> Answer:
        connect, read = timeout
        conn.timeout = connect
        request = b"%s %s HTTP/1.1\r\n%s%s\r\n" % (
            method.encode("ascii"),
            target.encode("ascii"),
            self._head,
            head,
        )
        try:
            if conn.sock is None:
                conn.connect()
            sock = conn.sock
            kernel = _kernel_timed(conn, sock, connect, read)
            if not kernel:
                sock.settimeout(connect)
            try:
                sock.sendall(request + body if body else request)
            except BrokenPipeError:
                pass
            except OSError as exc:
                if kernel and exc.errno in _BLOCKING_ERRNOS:
                    raise TimeoutError("timed out") from None
                if exc.errno not in _SEND_ERRNOS_IGNORED:
                    raise
            if kernel:
                # http.client only calls makefile("rb") on what it is given
                response = http.client.HTTPResponse(cast(Any, _KernelTimed(sock)), method=method)
            else:
                sock.settimeout(read)
                response = http.client.HTTPResponse(sock, method=method)
            try:
                response.begin()
            except (ssl.SSLError, OSError) as exc:
                if isinstance(exc, SocketTimeout) or getattr(exc, "errno", None) in (
                    _BLOCKING_ERRNOS
                ):
                    message = f"Read timed out. (read timeout={read})"
                    raise ReadTimeoutError(pool, target, message) from exc
                raise
        except Exception as exc:
            raise _before_body(exc, pool, target) from None
        try:
            raw = response.read()
        except Exception as exc:
            raise _in_body(exc, pool) from None
        if response.will_close:
            conn.close()
        headers = response.msg
        if headers.get("Content-Encoding"):
            raw = _decoded(raw, headers, response.status)
        return Answer(response.status, response.reason, headers, raw)


def _kernel_timed(conn: Any, sock: Any, connect: float, read: float) -> bool:
    """Put a plain TCP socket in blocking mode with the kernel's own timeouts (``SO_SNDTIMEO``:
    the connect timeout, as urllib3 gives a write; ``SO_RCVTIMEO``: the read timeout), once per
    socket and timeouts: each send and receive is then one system call. With a Python timeout,
    each is a ``poll`` and then the call, and every call lets the interpreter lock go, which
    costs most when many threads send at once. ``False`` for anything but a plain socket: TLS
    keeps Python's timeouts, because OpenSSL retries a read the kernel timed out instead of
    failing it."""
    if not _KERNEL_TIMEOUTS or type(sock) is not socket.socket:  # TLS, or another wrapper
        return False
    if sock.gettimeout() is not None or getattr(conn, "_direct_timed", None) != (
        sock,
        connect,
        read,
    ):  # a new socket, other timeouts, or the adapter set a Python timeout on it meanwhile
        sock.settimeout(None)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, _timeval(connect))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, _timeval(read))
        conn._direct_timed = (sock, connect, read)
    return True


#: Where ``SO_RCVTIMEO`` and ``SO_SNDTIMEO`` take a ``struct timeval``.
_KERNEL_TIMEOUTS = sys.platform.startswith(("linux", "darwin"))


def _timeval(seconds: float) -> bytes:
    """``seconds`` as a ``struct timeval``: at least 1 µs, since 0 would mean no timeout."""
    return struct.pack("ll", *divmod(max(1, round(seconds * 1_000_000)), 1_000_000))


class _KernelReader(io.RawIOBase):
    """A blocking socket's bytes, a kernel timeout raised as Python's ``socket.timeout``
    (``socket.SocketIO`` would take it for the end of the data instead)."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def readable(self) -> bool:
        """It is."""
        return True

    def readinto(self, buffer: Any) -> int:
        """Read what has come, waiting at most the read timeout."""
        try:
            return self._sock.recv_into(buffer)
        except BlockingIOError:
            raise TimeoutError("timed out") from None


class _KernelTimed:
    """What :class:`http.client.HTTPResponse` reads an answer from: a kernel-timed socket."""

    __slots__ = ("_sock",)

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def makefile(self, mode: str) -> io.BufferedReader:
        """The socket as a buffered reader."""
        return io.BufferedReader(_KernelReader(self._sock))


def _latin1(value: str) -> bool:
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _before_body(exc: Exception, pool: HTTPConnectionPool, target: str) -> Exception:
    """The requests exception the adapter raises for a failure before the answer's body."""
    if isinstance(exc, ssl.SSLError | ssl.CertificateError | Urllib3SSLError):
        reason = exc if isinstance(exc, Urllib3SSLError) else Urllib3SSLError(exc)
        return requests.exceptions.SSLError(MaxRetryError(pool, target, reason))
    if isinstance(exc, NewConnectionError):
        return requests.ConnectionError(MaxRetryError(pool, target, exc))
    if isinstance(exc, ConnectTimeoutError):
        return requests.ConnectTimeout(MaxRetryError(pool, target, exc))
    if isinstance(exc, ReadTimeoutError):
        return requests.ReadTimeout(exc)
    if isinstance(exc, OSError | http.client.HTTPException):
        return requests.ConnectionError(ProtocolError("Connection aborted.", exc))
    return exc


def _in_body(exc: Exception, pool: HTTPConnectionPool) -> Exception:
    """The requests exception reading ``Response.content`` raises for a failure in the body."""
    if isinstance(exc, SocketTimeout):
        return requests.ConnectionError(ReadTimeoutError(pool, None, "Read timed out."))
    if isinstance(exc, ssl.SSLError):
        if "read operation timed out" in str(exc):
            return requests.ConnectionError(ReadTimeoutError(pool, None, "Read timed out."))
        return requests.exceptions.SSLError(Urllib3SSLError(exc))
    if isinstance(exc, OSError | http.client.HTTPException):
        return ChunkedEncodingError(ProtocolError(f"Connection broken: {exc!r}", exc))
    return exc


def _decoded(raw: bytes, headers: http.client.HTTPMessage, status: int) -> bytes:
    """A body decoded as its Content-Encoding says, by urllib3's own decoders."""
    try:
        decoded: bytes = Urllib3Response(
            body=io.BytesIO(raw),
            headers=HTTPHeaderDict(headers.items()),
            status=status,
            preload_content=True,
            decode_content=True,
            enforce_content_length=False,
        ).data
    except DecodeError as exc:
        raise ContentDecodingError(exc) from None
    return decoded
