"""Twilio's error JSON for unknown paths, methods and resources."""

from __future__ import annotations

import base64
import http.client
from urllib.parse import urlsplit

import pytest
import requests

from tests.support.emulator_api import Api, assert_twilio_error


def test_unknown_path_is_a_twilio_404(api: Api) -> None:
    body = assert_twilio_error(api.get("/Nothing.json"), 404, 20404)
    assert (
        body["message"]
        == f"The requested resource /2010-04-01/Accounts/{api.sid}/Nothing.json was not found"
    )
    assert_twilio_error(requests.get(api.url + "/", timeout=10), 404, 20404)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("path", ["/v1/Brands", "/v1/ContentAndApprovals", "/v2/Forms/form-push"])
def test_another_domains_path_is_a_twilio_404(api: Api, method: str, path: str) -> None:
    """Every domain is served on the emulator's one origin: a path it has no resource for
    (messaging, content, verify) is Twilio's 404, not a 405 or an HTML page."""
    answer = api.session.request(method, api.url + path, timeout=10)
    body = assert_twilio_error(answer, 404, 20404)
    assert body["message"] == f"The requested resource {path} was not found"


def test_wrong_method_is_a_twilio_405(api: Api) -> None:
    assert_twilio_error(api.delete("/Messages.json"), 405, 20004)


def test_every_response_has_a_request_id_and_a_length(api: Api) -> None:
    response = api.get("/Messages.json")
    assert response.headers["Twilio-Request-Id"].startswith("RQ")
    assert int(response.headers["Content-Length"]) == len(response.content)
    assert response.headers.get("Connection", "keep-alive").lower() != "close"


def test_one_connection_serves_many_requests(api: Api) -> None:
    parts = urlsplit(api.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    token = base64.b64encode(":".join(api.session.auth).encode()).decode()  # type: ignore[arg-type]
    headers = {
        "Authorization": f"Basic {token}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    sockets = set()
    for body in ("From=%2B15005550006&To=%2B14155550100&Body=one", None, "bad=form"):
        connection.request(
            "POST" if body else "GET",
            f"/2010-04-01/Accounts/{api.sid}/Messages.json",
            body=body,
            headers=headers,
        )
        response = connection.getresponse()
        response.read()
        assert response.status in (200, 201, 400)
        sockets.add(id(connection.sock))
    assert len(sockets) == 1
    connection.close()
