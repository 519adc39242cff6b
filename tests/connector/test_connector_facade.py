"""The Connector facade: operations invoked by name, results with attributes, dry runs."""

from __future__ import annotations

from typing import Any

import pytest

import connector
from connector import (
    Connector,
    MethodNotAllowedError,
    NotFoundError,
    Result,
    UnknownOperationError,
)
from operations import catalog

RE = "RE" + "1" * 32
TR = "TR" + "2" * 32
NO = "NO" + "3" * 32
FROM, TO = "+15005550006", "+14155550100"


def test_public_names_exist() -> None:
    for name in connector.__all__:
        assert hasattr(connector, name), name


def test_the_default_catalog_is_the_installed_one(make_connector: Any) -> None:
    twilio = make_connector()
    assert sorted(twilio.catalog.names()) == catalog.names()
    assert twilio.operation("make-call") is catalog.get("make-call")


def test_unknown_operation_suggests_the_closest(make_connector: Any, server: Any) -> None:
    with pytest.raises(UnknownOperationError) as caught:
        make_connector().invoke("send-sms-mesage", {})
    assert caught.value.type == "TWILIO:UNKNOWN_OPERATION"
    assert "did you mean 'send-sms-message'" in caught.value.message
    assert server.attempts == 0


def test_alias_invokes_the_operation_it_stands_for(make_connector: Any, server: Any) -> None:
    server.answer(body={"available_phone_numbers": [], "next_page_uri": None})
    twilio = make_connector()
    twilio.invoke("get-available-phone-numbers-advanced-search", {"isoCountryCode": "US"})
    assert server.requests[0].path.endswith("/AvailablePhoneNumbers/US/Local.json")


def test_result_attributes(make_connector: Any, server: Any) -> None:
    message = {"sid": "SM" + "4" * 32, "from": FROM, "to": TO, "date_created": "x"}
    server.answer(
        status=201,
        body=message,
        headers={"Twilio-Request-Id": "RQabc", "Content-Type": "application/json; charset=utf-8"},
    )
    result = make_connector().execute("send-sms-message", {"from": FROM, "to": TO, "body": "hi"})
    assert isinstance(result, Result)
    assert result.payload == message
    assert result.attributes.to_dict() == {
        "statusCode": 201,
        "requestId": "RQabc",
        "uri": f"/2010-04-01/Accounts/{make_connector().config.account_sid}/Messages.json",
        "mediaType": "application/json",
    }


def test_list_attributes_keep_the_query(make_connector: Any, server: Any) -> None:
    server.answer(body={"calls": [], "next_page_uri": None})
    result = make_connector().execute("get-calls", {"status": "busy", "pageSize": 10})
    assert result.attributes.uri.endswith("/Calls.json?Status=busy&PageSize=10")


@pytest.mark.parametrize(
    ("params", "content_type", "body", "payload"),
    [
        ({"recordingType": "MP3"}, "audio/mpeg", b"ID3\x00\xff", b"ID3\x00\xff"),
        ({"recordingType": "wav"}, "audio/x-wav", b"RIFF\x00\xff", b"RIFF\x00\xff"),
        ({"recordingType": "xml"}, "application/xml", b"<Recording/>", "<Recording/>"),
        ({}, "application/json", b'{"sid": "RE1"}', {"sid": "RE1"}),
    ],
)
def test_recording_representations(
    params: dict[str, str],
    content_type: str,
    body: bytes,
    payload: Any,
    make_connector: Any,
    server: Any,
) -> None:
    server.answer(body=body, headers={"Content-Type": content_type})
    result = make_connector().execute("get-recording", {"recordingSid": RE, **params})
    assert result.payload == payload
    assert result.attributes.media_type == content_type


def test_transcription_as_text(make_connector: Any, server: Any) -> None:
    server.answer(body=b"Hello world", headers={"Content-Type": "text/plain"})
    result = make_connector().execute(
        "get-transcription-by-transcription-sid",
        {"transcriptionSid": TR, "transcriptionFormat": "TXT"},
    )
    assert result.payload == "Hello world"
    assert server.requests[0].path.endswith(f"/Transcriptions/{TR}.txt")


@pytest.mark.parametrize(
    ("name", "params", "status", "error", "hint"),
    [
        ("get-sandbox", {}, 404, NotFoundError, "get-incoming-phone-numbers"),
        ("update-sandbox", {"smsUrl": "https://e.com/s"}, 404, NotFoundError,
         "update-incoming-phone-numbers"),
        ("delete-notification", {"notificationSid": NO}, 405, MethodNotAllowedError, "expire"),
    ],
)  # fmt: skip
def test_retired_resources_explain_themselves(
    name: str,
    params: dict[str, Any],
    status: int,
    error: type[Exception],
    hint: str,
    make_connector: Any,
    server: Any,
) -> None:
    server.answer(
        status=status, body={"code": 20404, "message": "The requested resource was not found"}
    )
    with pytest.raises(error) as caught:
        make_connector().invoke(name, params)
    assert "retired" in caught.value.message
    assert hint in caught.value.message
    assert server.attempts == 1


def test_retired_resources_work_where_they_are_served(make_connector: Any, server: Any) -> None:
    """The emulator still serves the Sandbox: no error there."""
    server.answer(body={"pin": 12345678, "voice_url": "https://e.com/v"})
    assert make_connector().invoke("get-sandbox")["pin"] == 12345678


def test_dry_run_sends_nothing(make_connector: Any, server: Any, loopback_config: Any) -> None:
    sent: list[dict[str, Any]] = []
    with Connector(loopback_config(server.url), dry_run=sent.append) as twilio:
        call = twilio.invoke("make-call", {"from": FROM, "to": TO, "url": "https://e.com/t"})
        calls = twilio.invoke("get-calls", {"status": "busy"})
    assert (call, calls) == (None, [])  # a dry-run list is empty, so foreach still works
    assert server.attempts == 0
    account = twilio.config.account_sid
    assert sent == [
        {
            "method": "POST",
            "url": f"{server.url}/2010-04-01/Accounts/{account}/Calls.json",
            "form": {"From": FROM, "To": TO, "Url": "https://e.com/t"},
            "auth": f"{account}:<redacted>",
        },
        {
            "method": "GET",
            "url": f"{server.url}/2010-04-01/Accounts/{account}/Calls.json?Status=busy",
            "form": {},
            "auth": f"{account}:<redacted>",
        },
    ]


def test_dry_run_still_validates(loopback_config: Any, server: Any) -> None:
    sent: list[dict[str, Any]] = []
    with (
        Connector(loopback_config(server.url), dry_run=sent.append) as twilio,
        pytest.raises(connector.ValidationError),
    ):
        twilio.invoke("make-call", {"from": FROM, "to": TO})
    assert sent == []


def test_connections_are_reused(make_connector: Any, server: Any) -> None:
    server.answer(body={"sid": "x"})
    twilio = make_connector()
    for _ in range(5):
        twilio.invoke("get-account-details")
    assert len(server.requests) == 5
    assert all(r.header("Connection") != "close" for r in server.requests)


@pytest.mark.parametrize("name", ["get-call", "get-calls"])
def test_a_success_that_is_not_json_is_a_connector_error(
    name: str, make_connector: Any, server: Any
) -> None:
    """A captive portal or broken proxy answering 200 with HTML must not escape as a raw
    JSONDecodeError: flows and the CLI only handle TWILIO:* errors."""
    server.answer(
        body=b"<html>portal login, session=abc123</html>", headers={"Content-Type": "text/html"}
    )
    params = {"callSid": "CA" + "5" * 32} if name == "get-call" else {}

    def fetch() -> Any:
        payload = make_connector().invoke(name, params)
        return list(payload) if isinstance(payload, connector.PagedList) else payload

    with pytest.raises(connector.ConnectorError) as caught:
        fetch()
    assert caught.value.type.startswith("TWILIO:")
    assert "session=abc123" not in str(caught.value)
