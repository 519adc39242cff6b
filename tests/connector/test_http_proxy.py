"""Proxy settings are read once per client (not by requests on every call) yet still honoured:
HTTP_PROXY sends requests through the proxy, NO_PROXY exempts hosts."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from connector import Config, Connector, HttpClient
from tests.support.samples import ACCOUNT_SID as SID

PROXY_VARIABLES = (
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
)


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def connector_for(port: int) -> Connector:
    return Connector({"accountSid": SID, "authToken": "t", "baseUrl": f"http://localhost:{port}"})


def test_http_proxy_is_used(
    no_proxy_env: pytest.MonkeyPatch, server: Any, other_server: Any
) -> None:
    proxy, target = server, other_server
    proxy.answer(body={"sid": SID})
    no_proxy_env.setenv("HTTP_PROXY", proxy.url)
    with connector_for(target.port) as twilio:
        assert twilio.invoke("get-account-details") == {"sid": SID}
    assert target.attempts == 0
    assert len(proxy.requests) == 1
    got = proxy.requests[0]
    assert got.target == f"http://localhost:{target.port}/2010-04-01/Accounts/{SID}.json"
    assert got.path == f"/2010-04-01/Accounts/{SID}.json"


@pytest.mark.parametrize("no_proxy", ["localhost", "example.com,localhost", "*"])
def test_no_proxy_goes_direct(
    no_proxy: str, no_proxy_env: pytest.MonkeyPatch, server: Any, other_server: Any
) -> None:
    proxy, target = server, other_server
    target.answer(body={"sid": SID})
    no_proxy_env.setenv("HTTP_PROXY", proxy.url)
    no_proxy_env.setenv("NO_PROXY", no_proxy)
    with connector_for(target.port) as twilio:
        twilio.invoke("get-account-details")
    assert proxy.attempts == 0
    assert target.requests[0].target == f"/2010-04-01/Accounts/{SID}.json"


def test_settings_are_read_once_per_client(
    no_proxy_env: pytest.MonkeyPatch, server: Any, other_server: Any
) -> None:
    proxy, target = server, other_server
    target.answer(body={"sid": SID})
    with connector_for(target.port) as twilio:
        no_proxy_env.setenv("HTTP_PROXY", proxy.url)  # too late for this client
        twilio.invoke("get-account-details")
        twilio.invoke("get-account-details")
    assert proxy.attempts == 0
    assert len(target.requests) == 2


def test_a_users_session_is_left_as_given_and_its_trust_env_is_honoured(
    no_proxy_env: pytest.MonkeyPatch, server: Any, other_server: Any
) -> None:
    """The connector reads the environment once, itself, and never through the session (it
    sends through the session's adapters): a session told not to trust the environment keeps
    HTTP_PROXY out, as Session.request would, and the session is not changed."""
    proxy, target = server, other_server
    target.answer(body={"sid": SID})
    no_proxy_env.setenv("HTTP_PROXY", proxy.url)
    session = requests.Session()
    session.trust_env = False
    config = {"accountSid": SID, "authToken": "t", "baseUrl": f"http://localhost:{target.port}"}
    with Connector(config, session=session) as twilio:
        assert twilio.invoke("get-account-details") == {"sid": SID}
    assert proxy.attempts == 0
    assert len(target.requests) == 1
    trusting = requests.Session()
    HttpClient(Config.load(config), session=trusting).close()
    assert trusting.trust_env is True
