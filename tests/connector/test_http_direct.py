"""The funnel's short way to the wire (connector/direct.py) behaves as requests' adapter does.

Each request is sent both ways: the short way (the default), and through the session's adapter
(forced by mounting an adapter of the user's own, which the funnel must then use). The bytes on
the wire, the answers, and every failure (refused, connect and read timeouts, a dropped
connection, TLS, redirects, 5xx) come out the same; proxies, other adapters and urllib3 retries
take the adapter's path; TLS verification with a CA bundle works the short way, and a user's
session's own ``verify`` (a CA bundle) and ``cert`` (a client certificate) hold both ways.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import ssl
import struct
import subprocess
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import certifi
import pytest
import requests
import requests.adapters

from connector import Config, ConfigError, Connector, ConnectorError, HttpClient
from connector import direct as direct_module
from connector.direct import DirectPath
from operations import catalog
from tests.support.loopback import loopback_config
from tests.support.samples import ACCOUNT_SID

FROM, TO = "+15005550006", "+14155550100"
SMS = {"from": FROM, "to": TO, "body": "héllo & goodbye"}
MESSAGE = {"sid": "SM" + "b" * 32, "status": "queued"}


class CountingAdapter(requests.adapters.HTTPAdapter):
    """A user's own adapter: plain requests underneath, counting what it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.sent.append(f"{request.method} {request.url}")
        return super().send(request, *args, **kwargs)


def session_with(adapter: requests.adapters.BaseAdapter) -> requests.Session:
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": "twilio-connector/0.1 (python-requests)"})
    session.headers.update({"Accept": "application/json"})
    return session


def connector(url: str, way: str, **overrides: Any) -> Connector:
    """A connector to ``url`` that sends the short way (``direct``) or through its adapter."""
    session = None if way == "direct" else session_with(CountingAdapter())
    twilio = Connector(loopback_config(url, **overrides), session=session)
    assert (twilio.http._origins["api"].direct is not None) is (way == "direct")
    return twilio


WAYS = pytest.mark.parametrize("way", ["direct", "adapter"])


# -- the bytes on the wire -----------------------------------------------------------------------


class RawServer:
    """A loopback HTTP/1.1 server that keeps every request's raw bytes and answers 201."""

    def __init__(self, tls: ssl.SSLContext | None = None, *, answers: bool = True) -> None:
        self.answers = answers  # False: read each request, then never answer
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        if tls is not None:
            self.listener = tls.wrap_socket(self.listener, server_side=True)
            self.url = f"https://localhost:{self.port}"
        self.raw: list[bytes] = []
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except ssl.SSLError:
                continue  # a client that did not trust the certificate
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        buffer = b""
        with conn:
            while True:
                while b"\r\n\r\n" not in buffer:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, _, rest = buffer.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                while len(rest) < length:
                    rest += conn.recv(65536)
                self.raw.append(head + b"\r\n\r\n" + rest[:length])
                buffer = rest[length:]
                if not self.answers:
                    conn.recv(1)  # until the client gives up and closes
                    return
                body = b'{"sid": "SM' + b"b" * 32 + b'", "status": "queued"}'
                conn.sendall(
                    b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                    b"Twilio-Request-Id: RQ1\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
                )

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def raw_server() -> Iterator[RawServer]:
    srv = RawServer()
    yield srv
    srv.close()


CASES = [
    ("send-sms-message", SMS),
    ("send-sms-message", {**SMS, "mediaUrl": ["https://example.com/a.png", "https://e.x/b"]}),
    ("get-all-sms-messages", {"to": TO, "dateSent": ">=2024-01-02", "limit": 5}),
    ("delete-message", {"messageSid": "SM" + "c" * 32}),
    ("update-message", {"messageSid": "SM" + "c" * 32, "body": ""}),
    ("create-content-template", {"friendlyName": "hi", "language": "en",
                                 "types": {"twilio/text": {"body": "Hi {{1}}"}}}),
]  # fmt: skip


def test_both_ways_write_the_same_bytes(raw_server: RawServer) -> None:
    """Request line, Host, every header in the same order, and the body: byte for byte."""
    written: dict[str, list[bytes]] = {}
    for way in ("direct", "adapter"):
        raw_server.raw.clear()
        with connector(raw_server.url, way) as twilio:
            for name, params in CASES:
                with contextlib.suppress(ConnectorError):  # a list's page is not checked here
                    twilio.execute(name, params)
        written[way] = list(raw_server.raw)
    assert len(written["direct"]) == len(CASES)
    assert written["direct"] == written["adapter"]
    first = written["direct"][0]
    assert first.startswith(b"POST /2010-04-01/Accounts/" + ACCOUNT_SID.encode())
    assert b"\r\nHost: 127.0.0.1:%d\r\n" % raw_server.port in first
    assert b"\r\nContent-Type: application/x-www-form-urlencoded\r\n" in first


@WAYS
def test_answers_are_the_same(way: str, raw_server: RawServer) -> None:
    with connector(raw_server.url, way) as twilio:
        result = twilio.execute("send-sms-message", SMS)
        again = twilio.execute("send-sms-message", SMS)
    assert result.payload == again.payload == MESSAGE
    assert result.attributes.status_code == 201
    assert result.attributes.request_id == "RQ1"
    assert raw_server.connections == 1  # kept alive


# -- failures ------------------------------------------------------------------------------------


def outcome(url: str, way: str, operation: str = "send-sms-message", **overrides: Any) -> Any:
    """What sending to ``url`` came to: the error's type, message, outcome and the attempts."""
    sleeps: list[float] = []
    config = Config.load(loopback_config(url, **overrides))
    session = None if way == "direct" else session_with(CountingAdapter())
    client = HttpClient(config, session=session, sleep=sleeps.append)
    params = SMS if operation == "send-sms-message" else {"callSid": "CA" + "a" * 32}
    try:
        catalog.get(operation).execute(client, params)
    except ConnectorError as exc:
        return exc.type, exc.message, exc.outcome_unknown, len(sleeps) + 1
    finally:
        client.close()
    return None


@pytest.fixture
def full_backlog() -> Iterator[int]:
    """A port whose accept queue is full: new connections are never established."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(listener.getsockname())
        fillers.append(filler)
    time.sleep(0.05)
    yield listener.getsockname()[1]
    for sock in (*fillers, listener):
        sock.close()


@pytest.mark.parametrize("operation", ["send-sms-message", "get-call"])
@pytest.mark.parametrize(
    "failure",
    [
        {"drop": "before-read"},
        {"drop": "after-read"},
        {"delay": 3.0},
        {"status": 503, "body": {"code": 20503, "message": "Unavailable"}},
        {"status": 302, "headers": {"Location": "http://example.invalid/x"}, "body": b""},
        {"status": 400, "body": {"code": 21211, "message": "bad To"}},
    ],
    ids=["drop-before-read", "drop-after-read", "read-timeout", "503", "302", "400"],
)
def test_failures_come_out_the_same_both_ways(
    failure: dict[str, Any], operation: str, server: Any
) -> None:
    server.answer(**failure)
    seen = []
    for way in ("direct", "adapter"):
        before = server.attempts
        seen.append(outcome(server.url, way, operation, readTimeout=0.3))
        time.sleep(0.05)
        seen[-1] = (*seen[-1], server.attempts - before)
    assert seen[0][0] is not None
    assert seen[0] == seen[1]


def test_refused_and_connect_timeout_come_out_the_same_both_ways(
    refused_port: int, full_backlog: int
) -> None:
    refused = [outcome(f"http://127.0.0.1:{refused_port}", way) for way in ("direct", "adapter")]
    assert refused[0] == refused[1]
    assert refused[0][0] == "TWILIO:CONNECTIVITY"
    assert refused[0][2:] == (False, 3)  # never connected: a POST is retried
    timed_out = [
        outcome(f"http://127.0.0.1:{full_backlog}", way, connectTimeout=0.2)
        for way in ("direct", "adapter")
    ]
    assert timed_out[0] == timed_out[1]
    assert timed_out[0][0] == "TWILIO:TIMEOUT"
    assert "connect timeout after 0.2s" in timed_out[0][1]


def test_a_dropped_idle_connection_is_replaced_before_sending(server: Any) -> None:
    """A kept-alive connection the server closed while idle is noticed before a POST is
    written on it (as urllib3's pool does), so the POST is sent once, on a new connection."""
    server.answer(status=201, body=MESSAGE, headers={"Connection": "close"})
    with connector(server.url, "direct") as twilio:
        assert twilio.invoke("send-sms-message", SMS) == MESSAGE
        time.sleep(0.1)
        assert twilio.invoke("send-sms-message", SMS) == MESSAGE
    assert server.attempts == 2


# -- what takes the adapter's path --------------------------------------------------------------


def test_a_user_mounted_adapter_is_used(server: Any) -> None:
    server.answer(status=201, body=MESSAGE)
    adapter = CountingAdapter()
    with Connector(loopback_config(server.url), session=session_with(adapter)) as twilio:
        assert twilio.invoke("send-sms-message", SMS) == MESSAGE
    assert adapter.sent == [f"POST {server.url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"]


@WAYS
def test_closing_the_connector_leaves_a_callers_session_open(server: Any, way: str) -> None:
    """The caller's session keeps its pooled connections when the connector closes (as
    requests leaves a session to whoever made it); the connector's own session is closed."""
    server.answer(status=201, body=MESSAGE)
    adapter = requests.adapters.HTTPAdapter() if way == "direct" else CountingAdapter()
    session = session_with(adapter)
    with Connector(loopback_config(server.url), session=session) as twilio:
        assert (twilio.http._origins["api"].direct is not None) is (way == "direct")
        assert twilio.invoke("send-sms-message", SMS) == MESSAGE
    assert len(adapter.poolmanager.pools) == 1  # its connection pool is still there
    assert session.post(f"{server.url}/after", timeout=5).status_code == 201
    own = Connector(loopback_config(server.url))
    assert own.invoke("send-sms-message", SMS) == MESSAGE
    pools = own.http._session.get_adapter(server.url).poolmanager.pools
    own.close()
    assert len(pools) == 0


def test_an_adapter_with_urllib3_retries_is_not_short_cut(server: Any) -> None:
    server.answer(status=201, body=MESSAGE)
    session = session_with(requests.adapters.HTTPAdapter(max_retries=2))
    with Connector(loopback_config(server.url), session=session) as twilio:
        assert twilio.http._origins["api"].direct is None
        assert twilio.invoke("send-sms-message", SMS) == MESSAGE


def test_the_sessions_proxies_are_honoured(
    server: Any, other_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request through a real loopback proxy: the session's ``proxies`` send it there."""
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    proxy, target = server, other_server
    proxy.answer(status=201, body=MESSAGE)
    session = requests.Session()
    session.proxies = {"http": proxy.url}
    with Connector(loopback_config(target.url), session=session) as twilio:
        assert twilio.http._origins["api"].direct is None
        assert twilio.invoke("send-sms-message", SMS) == MESSAGE
    assert target.attempts == 0
    assert (
        proxy.requests[0].target == f"{target.url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    )


def test_the_environments_proxy_is_not_short_cut(
    server: Any, other_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy, target = server, other_server
    proxy.answer(status=201, body=MESSAGE)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with Connector(loopback_config(target.url)) as twilio:
        assert twilio.http._origins["api"].direct is None
        assert twilio.invoke("send-sms-message", SMS) == MESSAGE
    assert (proxy.attempts, target.attempts) == (1, 0)


# -- TLS -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A self-signed certificate for localhost (its own CA), with its key in the same file."""
    folder = tmp_path_factory.mktemp("tls")
    pem = folder / "localhost.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
            "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    pem.write_bytes((folder / "cert.pem").read_bytes() + (folder / "key.pem").read_bytes())
    return pem


@pytest.fixture
def tls_server(certificate: Path) -> Iterator[RawServer]:
    """The raw server behind TLS with the self-signed certificate."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate)
    srv = RawServer(context)
    yield srv
    srv.close()


@WAYS
def test_tls_is_verified_against_the_ca_bundle(
    way: str, tls_server: RawServer, certificate: Path
) -> None:
    with connector(tls_server.url, way, caBundle=str(certificate)) as twilio:
        assert twilio.invoke("send-sms-message", SMS) == MESSAGE
    assert len(tls_server.raw) == 1


def test_an_untrusted_certificate_fails_the_same_both_ways(tls_server: RawServer) -> None:
    seen = [outcome(tls_server.url, way) for way in ("direct", "adapter")]
    assert seen[0] == seen[1]
    assert seen[0][:3] == (
        "TWILIO:CONNECTIVITY",
        f"TLS failure talking to localhost:{tls_server.port}",
        False,
    )
    assert tls_server.raw == []


def session_for(way: str, **settings: Any) -> requests.Session:
    """A user's session with ``settings`` (``verify``, ``cert``...), whose adapter the funnel
    short-cuts (``direct``: requests' own) or must use (``adapter``: one of the user's)."""
    adapter = requests.adapters.HTTPAdapter() if way == "direct" else CountingAdapter()
    session = session_with(adapter)
    for name, value in settings.items():
        setattr(session, name, value)
    return session


@pytest.fixture
def no_ca_bundle_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No CA bundle in the environment (where set, it wins over a session's own, as in
    requests)."""
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)


@WAYS
@pytest.mark.usefixtures("no_ca_bundle_env")
def test_tls_follows_the_sessions_own_verify_setting(
    way: str, tls_server: RawServer, certificate: Path
) -> None:
    """A user's session's ``verify``, the path of a CA bundle, is trusted as in requests; a
    session that turns verification off is refused before anything is sent (TLS verification
    is always on)."""
    session = session_for(way, verify=str(certificate))
    with Connector(loopback_config(tls_server.url), session=session) as twilio:
        assert (twilio.http._origins["api"].direct is not None) is (way == "direct")
        assert twilio.invoke("send-sms-message", SMS) == MESSAGE
    assert len(tls_server.raw) == 1
    session = session_for(way)  # verify=True: the self-signed certificate is refused
    twilio = Connector(loopback_config(tls_server.url), session=session)
    with twilio, pytest.raises(ConnectorError, match="TLS failure"):
        twilio.invoke("send-sms-message", SMS)
    with pytest.raises(ConfigError, match="TLS verification is always on"):
        Connector(loopback_config(tls_server.url), session=session_for(way, verify=False))
    assert len(tls_server.raw) == 1


@WAYS
def test_the_environments_ca_bundle_wins_over_the_sessions_unless_it_is_not_trusted(
    way: str, tls_server: RawServer, certificate: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in requests: REQUESTS_CA_BUNDLE (here one that does not hold the server's CA) comes
    before the session's ``verify``, and a session with ``trust_env=False`` ignores it."""
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certifi.where())
    trusting = session_for(way, verify=str(certificate))
    twilio = Connector(loopback_config(tls_server.url), session=trusting)
    with twilio, pytest.raises(ConnectorError, match="TLS failure"):
        twilio.invoke("send-sms-message", SMS)
    assert tls_server.raw == []
    distrusting = session_for(way, verify=str(certificate), trust_env=False)
    with Connector(loopback_config(tls_server.url), session=distrusting) as twilio:
        assert twilio.invoke("send-sms-message", SMS) == MESSAGE
    assert len(tls_server.raw) == 1


@WAYS
@pytest.mark.usefixtures("no_ca_bundle_env")
def test_the_sessions_client_certificate_is_presented(way: str, certificate: Path) -> None:
    """A server that requires a client certificate (mutual TLS) gets the session's ``cert``;
    without one the handshake fails and nothing is sent."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate)
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(certificate)
    strict = RawServer(context)
    try:
        session = session_for(way, verify=str(certificate), cert=str(certificate))
        with Connector(loopback_config(strict.url), session=session) as twilio:
            assert twilio.invoke("send-sms-message", SMS) == MESSAGE
        assert len(strict.raw) == 1
        session = session_for(way, verify=str(certificate))
        twilio = Connector(loopback_config(strict.url), session=session)
        with twilio, pytest.raises(ConnectorError):
            twilio.invoke("send-sms-message", SMS)
        assert len(strict.raw) == 1
    finally:
        strict.close()


def test_a_read_timeout_over_tls_fails_the_same_both_ways(certificate: Path) -> None:
    """TLS keeps Python's timeouts (OpenSSL would retry a read the kernel timed out, forever):
    a TLS server that never answers times the read out, as through the adapter."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate)
    silent = RawServer(context, answers=False)
    seen: list[Any] = []

    def both() -> None:
        for way in ("direct", "adapter"):
            seen.append(outcome(silent.url, way, caBundle=str(certificate), readTimeout=0.3))

    try:
        worker = threading.Thread(target=both, daemon=True)
        worker.start()
        worker.join(20)
        assert not worker.is_alive(), "a read over TLS never timed out"
    finally:
        silent.close()
    assert seen[0] == seen[1]
    assert seen[0][0] == "TWILIO:TIMEOUT"
    assert seen[0][2:] == (True, 1)  # a POST that may have reached Twilio: not sent again
    assert len(silent.raw) == 2


@WAYS
@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_compressed_answer_is_decoded_the_same_both_ways(
    way: str, encoding: str, server: Any
) -> None:
    """requests asks for gzip and deflate (its Accept-Encoding), so Twilio may send either."""
    raw = json.dumps(MESSAGE).encode()
    body = gzip.compress(raw) if encoding == "gzip" else zlib.compress(raw)
    server.answer(status=201, body=body, headers={"Content-Encoding": encoding})
    with connector(server.url, way) as twilio:
        assert twilio.invoke("send-sms-message", SMS) == MESSAGE
    assert "gzip" in (server.requests[0].header("Accept-Encoding") or "")


@WAYS
def test_an_answer_that_does_not_decode_fails_the_same_both_ways(way: str, server: Any) -> None:
    server.answer(status=201, body=b"not gzip at all", headers={"Content-Encoding": "gzip"})
    with connector(server.url, way) as twilio, pytest.raises(ConnectorError) as caught:
        twilio.invoke("send-sms-message", SMS)
    assert caught.value.type == "TWILIO:CONNECTIVITY"
    assert caught.value.outcome_unknown  # a POST that reached Twilio is not sent again
    assert server.attempts == 1


# -- timeouts on plain TCP: the kernel's, one system call per send and per read ------------------


def direct_and_adapter(url: str) -> tuple[DirectPath, requests.Session]:
    """A session and the short way to ``url`` on the same adapter, so on the same pool."""
    session = requests.Session()
    direct = DirectPath.for_origin(
        session.get_adapter(url), url, proxies={}, verify=True, headers={}
    )
    assert direct is not None
    return direct, session


def timed(work: Any) -> tuple[str, float]:
    """What ``work`` raised (type and message) and how long it took to."""
    started = time.monotonic()
    with pytest.raises(requests.RequestException) as raised:
        work()
    return f"{type(raised.value).__name__}: {raised.value}", time.monotonic() - started


def test_a_write_the_server_never_reads_times_out_the_same_both_ways() -> None:
    """A request the server does not read fills the socket's buffers: the write gives up after
    the connect timeout (urllib3's timeout for writing), with the adapter's error."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    body = b"x" * (64 << 20)  # beyond any loopback socket buffers
    direct, session = direct_and_adapter(url)
    try:
        short = timed(lambda: direct.send("POST", "/x", b"", body, (0.3, 5.0)))
        for sock in accepted:
            sock.close()
        threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True).start()
        adapter = timed(lambda: session.post(url + "/x", data=body, timeout=(0.3, 5.0)))
    finally:
        listener.close()
        session.close()
    assert short[0] == adapter[0]
    assert short[0].startswith(
        "ConnectionError: ('Connection aborted.', TimeoutError('timed out'))"
    )
    assert short[1] < 3.0  # the connect timeout, not the read timeout nor a hang


def test_a_connection_keeps_the_right_read_timeout_whichever_way_used_it_last(
    server: Any,
) -> None:
    """The short way puts a plain socket in blocking mode with kernel timeouts; the adapter
    puts Python's timeout back. On one pooled connection, each way still times out when its
    own read timeout says, whatever the other way (or another timeout) set before."""
    direct, session = direct_and_adapter(server.url)
    fast, slow = {"body": MESSAGE}, {"body": MESSAGE, "delay": 2.0}

    def times_out(work: Any) -> None:
        error, took = timed(work)
        assert error.startswith("ReadTimeout:")
        assert took < 1.5  # the read timeout of 0.3 s, not the 2 s the answer takes

    try:
        server.script(fast, fast, slow)  # the adapter, between two short ways
        assert direct.send("GET", "/a", b"", None, (1.0, 0.3)).status == 200
        assert session.get(server.url + "/b", timeout=(1.0, 30.0)).status_code == 200
        times_out(lambda: direct.send("GET", "/c", b"", None, (1.0, 0.3)))
        server.script(fast, slow)  # another read timeout on the same socket
        assert direct.send("GET", "/d", b"", None, (1.0, 30.0)).status == 200
        times_out(lambda: direct.send("GET", "/e", b"", None, (1.0, 0.3)))
        server.script(fast, slow)  # a Python timeout left on the socket (urllib3 resets its own)
        assert direct.send("GET", "/d", b"", None, (1.0, 0.3)).status == 200
        assert direct._pool.pool is not None
        pooled = [conn for conn in direct._pool.pool.queue if conn is not None]
        assert len(pooled) == 1
        pooled[0].sock.settimeout(30.0)
        times_out(lambda: direct.send("GET", "/e", b"", None, (1.0, 0.3)))
        server.script(fast, slow)  # the short way, then the adapter
        assert direct.send("GET", "/f", b"", None, (1.0, 30.0)).status == 200
        times_out(lambda: session.get(server.url + "/g", timeout=(1.0, 0.3)))
    finally:
        session.close()
    assert server.attempts == 9


@pytest.mark.parametrize(
    ("seconds", "timeval"),
    [(0.3, (0, 300_000)), (30, (30, 0)), (0.9999999, (1, 0)), (1e-9, (0, 1))],
)
def test_kernel_timeouts_are_exact_and_never_zero(seconds: float, timeval: tuple[int, int]) -> None:
    """A kernel timeout of 0 would mean none at all: the shortest is 1 µs."""
    assert struct.unpack("ll", direct_module._timeval(seconds)) == timeval
