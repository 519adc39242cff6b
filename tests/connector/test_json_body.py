"""The request funnel's JSON body: an ApiRequest with ``json_body`` is sent as
``application/json`` to its domain's origin (Twilio's Content API takes one), shown as JSON in
a dry run, and an operation whose parameters are ``in: json`` builds one."""

from __future__ import annotations

from typing import Any

from connector import ApiRequest, Config, Connector, HttpClient
from operations import catalog
from tests.support.loopback import loopback_config

BODY = {"language": "en", "types": {"twilio/text": {"body": "Olá {{1}} ✓"}}}


def test_a_json_body_is_sent_as_json(server: Any) -> None:
    server.answer(status=201, body={"sid": "HX" + "0" * 32})
    client = HttpClient(Config.load(loopback_config(server.url)))
    client.request(ApiRequest("POST", "/v1/Content", domain="content", json_body=BODY))

    got = server.requests[0]
    assert got.header("Content-Type") == "application/json"
    assert int(got.header("Content-Length") or 0) == len(got.body)
    assert got.json == BODY
    assert got.path == "/v1/Content"


def test_without_a_json_body_a_post_is_a_form(server: Any) -> None:
    server.answer(status=201, body={"sid": "MG" + "0" * 32})
    client = HttpClient(Config.load(loopback_config(server.url)))
    client.request(ApiRequest("POST", "/v1/Services", form={"FriendlyName": "Shop"}))

    got = server.requests[0]
    assert got.header("Content-Type") == "application/x-www-form-urlencoded"
    assert got.form == [("FriendlyName", "Shop")]


def test_a_dry_run_shows_the_json_body(server: Any) -> None:
    sent: list[dict[str, Any]] = []
    with Connector(loopback_config(server.url), dry_run=sent.append) as twilio:
        twilio.invoke("create-content-template", {"language": "en", "types": BODY["types"]})
    assert server.attempts == 0
    assert sent == [
        {
            "method": "POST",
            "url": f"{server.url}/v1/Content",
            "form": {},
            "json": BODY,
            "auth": f"{twilio.config.account_sid}:<redacted>",
        }
    ]


def test_operations_say_whether_their_body_is_json() -> None:
    assert catalog.get("create-content-template").json_body
    assert not catalog.get("create-messaging-service").json_body
    assert not catalog.get("get-content-templates").json_body
    request = catalog.get("create-content-template").build_request(
        {"language": "en", "types": BODY["types"], "friendlyName": "hi"}
    )
    assert (request.form, request.json_body) == ({}, {**BODY, "friendly_name": "hi"})
