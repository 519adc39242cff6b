"""Every operation, invoked through the Connector against the emulator, each checked by the
state it leaves (read back through other operations).

The original operations' scenarios are here; later families have their own
``test_e2e_<family>.py`` beside it, declaring what they cover with the same ``@covers``.
"""

from __future__ import annotations

import importlib
import io
import wave
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jwt
import pytest

from connector import BadRequestError, Connector, NotFoundError
from connector.http import requests_sent
from emulator import Account, Emulator, ManualClock
from operations import catalog
from tests.support.e2e import COVERED, RecordingConnector, covers


def not_found(twilio: Connector, operation: str, params: dict[str, Any]) -> None:
    with pytest.raises(NotFoundError) as caught:
        twilio.invoke(operation, params)
    assert caught.value.type == "TWILIO:NOT_FOUND"


def sids(items: Any) -> list[str]:
    return [item["sid"] for item in items]


def test_every_operation_is_driven() -> None:
    for module in Path(__file__).parent.glob("test_e2e_*.py"):
        importlib.import_module(module.stem)  # each family's scenarios declare what they cover
    assert set(catalog.names()) - COVERED == set()


@covers(
    "get-account-details",
    "get-all-accounts-details",
    "update-account",
    "create-sub-account",
    "get-sub-account-by-account-sid",
    "get-sub-account-by-friendly-name",
)
def test_accounts(twilio: Connector, account: Account) -> None:
    assert twilio.invoke("get-account-details", {})["friendly_name"] == "Main"
    sub = twilio.invoke("create-sub-account", {"friendlyName": "Shop"})
    assert sub["owner_account_sid"] == account.sid
    assert (
        twilio.invoke("get-sub-account-by-account-sid", {"accountSid": sub["sid"]})["friendly_name"]
        == "Shop"
    )
    assert (
        twilio.invoke("get-sub-account-by-friendly-name", {"friendlyName": "Shop"})["sid"]
        == sub["sid"]
    )
    twilio.invoke(
        "update-account",
        {"accountSid": sub["sid"], "friendlyName": "Shop 2", "accountStatus": "SUSPENDED"},
    )
    fetched = twilio.invoke("get-account-details", {"accountSid": sub["sid"]})
    assert (fetched["friendly_name"], fetched["status"]) == ("Shop 2", "suspended")
    assert sids(twilio.invoke("get-all-accounts-details", {"accountStatus": "suspended"})) == [
        sub["sid"]
    ]
    assert set(sids(twilio.invoke("get-all-accounts-details", {}))) == {account.sid, sub["sid"]}


@covers(
    "get-available-phone-numbers",
    "get-available-phone-numbers-advanced-seach",
    "get-available-toll-free-numbers",
)
def test_available_numbers(twilio: Connector) -> None:
    local = list(
        twilio.invoke(
            "get-available-phone-numbers", {"isoCountryCode": "US", "areaCode": 415, "limit": 5}
        )
    )
    assert len(local) == 5
    assert all(n["phone_number"].startswith("+1415") for n in local)
    near = twilio.invoke(
        "get-available-phone-numbers-advanced-seach",
        {
            "isoCountryCode": "US",
            "nearLatLong": "37.77,-122.41",
            "distance": 15,
            "inRegion": "CA",
            "pageSize": 100,
        },
    )
    assert {n["locality"] for n in near} == {"San Francisco", "Oakland"}
    by_lata = twilio.invoke(
        "get-available-phone-numbers-advanced-seach",
        {"isoCountryCode": "US", "inLata": "722", "inRateCenter": "OKLD"},
    )
    assert {n["rate_center"] for n in by_lata} == {"OKLD"}
    toll_free = list(
        twilio.invoke(
            "get-available-toll-free-numbers", {"isoCountryCode": "GB", "contains": "800"}
        )
    )
    assert toll_free
    assert all(n["iso_country"] == "GB" and "800" in n["phone_number"] for n in toll_free)
    by_area = twilio.invoke(
        "get-available-toll-free-numbers", {"isoCountryCode": "US", "areaCode": 888}
    )
    assert by_area
    assert all(n["phone_number"].startswith("+1888") for n in by_area)
    # toll-free and mobile numbers have no place: a geographic filter finds none of them
    for name, country in (
        ("get-available-toll-free-numbers", "US"),
        ("get-available-mobile-numbers", "GB"),
    ):
        assert list(twilio.invoke(name, {"isoCountryCode": country, "inRegion": "CA"})) == []
        near = {"isoCountryCode": country, "nearLatLong": "51.5,-0.12", "distance": 50}
        assert list(twilio.invoke(name, near)) == []


@covers(
    "add-incoming-phone-number-by-phone-number",
    "add-incoming-phone-number-by-area-code",
    "get-incoming-phone-numbers-by-incoming-phone-number-sid",
    "update-incoming-phone-numbers",
    "get-incoming-phone-numbers",
    "delete-incoming-phone-number",
    "exchange-phone-numbers-between-subaccounts",
)
def test_incoming_numbers(twilio: Connector, emu: Emulator, account: Account) -> None:
    wanted = next(
        iter(
            twilio.invoke("get-available-phone-numbers", {"isoCountryCode": "US", "areaCode": 212})
        )
    )["phone_number"]
    by_number = twilio.invoke(
        "add-incoming-phone-number-by-phone-number", {"phoneNumber": wanted, "friendlyName": "NYC"}
    )
    by_area = twilio.invoke(
        "add-incoming-phone-number-by-area-code",
        {"areaCode": "510", "smsUrl": "https://example.com/sms"},
    )
    assert by_area["phone_number"].startswith("+1510")
    assert by_area["sms_url"] == "https://example.com/sms"
    twilio.invoke(
        "update-incoming-phone-numbers",
        {
            "incomingPhoneNumberSid": by_number["sid"],
            "voiceUrl": "https://example.com/v",
            "voiceMethod": "get",
        },
    )
    fetched = twilio.invoke(
        "get-incoming-phone-numbers-by-incoming-phone-number-sid",
        {"incomingPhoneNumberSid": by_number["sid"]},
    )
    assert (fetched["voice_url"], fetched["voice_method"], fetched["friendly_name"]) == (
        "https://example.com/v",
        "GET",
        "NYC",
    )
    assert sids(twilio.invoke("get-incoming-phone-numbers", {"phoneNumber": wanted})) == [
        by_number["sid"]
    ]
    twilio.invoke("delete-incoming-phone-number", {"incomingPhoneNumberSid": by_area["sid"]})
    not_found(
        twilio,
        "get-incoming-phone-numbers-by-incoming-phone-number-sid",
        {"incomingPhoneNumberSid": by_area["sid"]},
    )
    sub = twilio.invoke("create-sub-account", {"friendlyName": "Team"})
    moved = twilio.invoke(
        "exchange-phone-numbers-between-subaccounts",
        {
            "accountSidFrom": account.sid,
            "incomingPhoneNumberSid": by_number["sid"],
            "accountSidTo": sub["sid"],
        },
    )
    assert moved["account_sid"] == sub["sid"]
    in_sub = twilio.invoke(
        "get-incoming-phone-numbers", {"accountSid": sub["sid"], "phoneNumber": wanted}
    )
    assert sids(in_sub) == [by_number["sid"]]
    assert list(twilio.invoke("get-incoming-phone-numbers", {"phoneNumber": wanted})) == []


@covers(
    "add-new-caller-id",
    "get-all-outgoing-caller-ids",
    "get-outgoing-caller-id-by-outgoing-caller-id-sid",
    "update-outgoing-caller-id-by-outgoing-caller-id-sid",
    "delete-outgoing-caller-id",
)
def test_caller_ids(twilio: Connector) -> None:
    request = twilio.invoke(
        "add-new-caller-id", {"phoneNumber": "+14155550142", "friendlyName": "Desk", "callDelay": 5}
    )
    assert len(request["validation_code"]) == 6
    assert request["call_sid"].startswith("CA")
    (caller_id,) = twilio.invoke("get-all-outgoing-caller-ids", {"phoneNumber": "+14155550142"})
    twilio.invoke(
        "update-outgoing-caller-id-by-outgoing-caller-id-sid",
        {"outgoingCallerIdSid": caller_id["sid"], "friendlyName": "Office"},
    )
    fetched = twilio.invoke(
        "get-outgoing-caller-id-by-outgoing-caller-id-sid",
        {"outgoingCallerIdSid": caller_id["sid"]},
    )
    assert (fetched["friendly_name"], fetched["phone_number"]) == ("Office", "+14155550142")
    with pytest.raises(BadRequestError) as caught:  # a verified caller id places calls only
        twilio.invoke(
            "send-sms-message", {"from": "+14155550142", "to": "+14155550100", "body": "verified"}
        )
    assert caught.value.code == 21606
    twilio.invoke("delete-outgoing-caller-id", {"outgoingCallerIdSid": caller_id["sid"]})
    not_found(
        twilio,
        "get-outgoing-caller-id-by-outgoing-caller-id-sid",
        {"outgoingCallerIdSid": caller_id["sid"]},
    )


@covers(
    "create-application",
    "get-application",
    "update-application",
    "get-all-applications",
    "delete-application",
)
def test_applications(twilio: Connector) -> None:
    app = twilio.invoke(
        "create-application",
        {"friendlyName": "IVR", "voiceUrl": "https://example.com/ivr", "voiceCallerIdLookup": True},
    )
    assert app["voice_caller_id_lookup"] is True
    twilio.invoke(
        "update-application",
        {"applicationSid": app["sid"], "smsUrl": "https://example.com/sms", "smsMethod": "GET"},
    )
    fetched = twilio.invoke("get-application", {"applicationSid": app["sid"]})
    assert (fetched["sms_url"], fetched["sms_method"], fetched["voice_url"]) == (
        "https://example.com/sms",
        "GET",
        "https://example.com/ivr",
    )
    assert sids(twilio.invoke("get-all-applications", {"friendlyName": "IVR"})) == [app["sid"]]
    twilio.invoke("delete-application", {"applicationSid": app["sid"]})
    not_found(twilio, "get-application", {"applicationSid": app["sid"]})


@covers("make-call", "get-call", "get-calls", "change-call-state")
def test_calls(twilio: Connector, clock: ManualClock) -> None:
    call = twilio.invoke(
        "make-call",
        {
            "from": "+15005550006",
            "to": "+14155550100",
            "url": "https://example.com/twiml",
            "ifMachine": "Continue",
            "timeout": 30,
        },
    )
    assert call["status"] == "queued"
    other = twilio.invoke(
        "make-call",
        {
            "from": "+15005550006",
            "to": "+14155550101",
            "twiml": "<Response><Say>Hi</Say></Response>",
        },
    )
    canceled = twilio.invoke("change-call-state", {"callSid": other["sid"], "status": "CANCELED"})
    assert canceled["status"] == "canceled"
    clock.advance(3)
    assert twilio.invoke("get-call", {"callSid": call["sid"]})["status"] == "in-progress"
    twilio.invoke("change-call-state", {"callSid": call["sid"], "status": "completed"})
    ended = twilio.invoke("get-call", {"callSid": call["sid"]})
    assert (ended["status"], ended["duration"]) == ("completed", "1")
    assert sids(twilio.invoke("get-calls", {"status": "completed"})) == [call["sid"]]
    assert sids(
        twilio.invoke("get-calls", {"startTime": ">=2024-01-01", "to": "+14155550100"})
    ) == [call["sid"]]
    assert list(twilio.invoke("get-calls", {"startTime": "<=2023-12-31"})) == []


@covers(
    "get-conference",
    "get-conferences",
    "get-participant",
    "update-participant-status",
    "delete-participant",
    "get-participants",
)
def test_conferences(twilio: Connector, clock: ManualClock) -> None:
    twiml = "<Response><Dial><Conference>Standup</Conference></Dial></Response>"
    calls = [
        twilio.invoke(
            "make-call", {"from": "+15005550006", "to": f"+1415555010{i}", "twiml": twiml}
        )["sid"]
        for i in range(2)
    ]
    clock.advance(2)
    (conference,) = twilio.invoke(
        "get-conferences", {"status": "in-progress", "dateCreated": ">=2024-01-01"}
    )
    assert (
        twilio.invoke("get-conference", {"conferenceSid": conference["sid"]})["friendly_name"]
        == "Standup"
    )
    twilio.invoke(
        "update-participant-status",
        {"conferenceSid": conference["sid"], "callSid": calls[0], "muted": "true"},
    )
    assert (
        twilio.invoke("get-participant", {"conferenceSid": conference["sid"], "callSid": calls[0]})[
            "muted"
        ]
        is True
    )
    muted = twilio.invoke("get-participants", {"conferenceSid": conference["sid"], "muted": True})
    assert [p["call_sid"] for p in muted] == [calls[0]]
    twilio.invoke("delete-participant", {"conferenceSid": conference["sid"], "callSid": calls[1]})
    not_found(twilio, "get-participant", {"conferenceSid": conference["sid"], "callSid": calls[1]})
    assert [
        p["call_sid"]
        for p in twilio.invoke("get-participants", {"conferenceSid": conference["sid"]})
    ] == [calls[0]]


@covers("send-sms-message", "get-sms-message", "get-all-sms-messages")
def test_messages(twilio: Connector, clock: ManualClock) -> None:
    sent = twilio.invoke(
        "send-sms-message", {"from": "+15005550006", "to": "+14155550100", "body": "Hello"}
    )
    assert sent["status"] == "queued"
    clock.advance(3)
    assert twilio.invoke("get-sms-message", {"smsMessageSid": sent["sid"]})["status"] == "delivered"
    assert sids(
        twilio.invoke("get-all-sms-messages", {"to": "+14155550100", "dateSent": "<=2024-01-31"})
    ) == [sent["sid"]]
    assert list(twilio.invoke("get-all-sms-messages", {"dateSentAfter": "2024-02-01"})) == []
    with pytest.raises(BadRequestError) as caught:
        twilio.invoke(
            "send-sms-message", {"from": "+14155550177", "to": "+14155550100", "body": "x"}
        )
    assert (caught.value.type, caught.value.code) == ("TWILIO:BAD_REQUEST", 21606)


@covers(
    "get-recording",
    "get-recordings",
    "delete-recording",
    "get-transcription-by-transcription-sid",
    "get-transcriptions",
)
def test_recordings_and_transcriptions(twilio: Connector, clock: ManualClock) -> None:
    call = twilio.invoke(
        "make-call",
        {
            "from": "+15005550006",
            "to": "+14155550100",
            "twiml": '<Response><Record transcribe="true"/></Response>',
        },
    )
    clock.advance(5)
    (recording,) = twilio.invoke(
        "get-recordings", {"callSid": call["sid"], "dateCreated": ">=2024-01-01"}
    )
    assert twilio.invoke("get-recording", {"recordingSid": recording["sid"]})["duration"] == "3"
    with wave.open(
        io.BytesIO(
            twilio.invoke(
                "get-recording", {"recordingSid": recording["sid"], "recordingType": "WAV"}
            )
        )
    ) as audio:
        assert audio.getnframes() == 3 * audio.getframerate()
    assert (
        twilio.invoke("get-recording", {"recordingSid": recording["sid"], "recordingType": "MP3"})[
            :2
        ]
        == b"\xff\xfb"
    )
    xml = ET.fromstring(
        twilio.invoke("get-recording", {"recordingSid": recording["sid"], "recordingType": "XML"})
    )
    assert xml.findtext("Recording/Sid") == recording["sid"]
    (transcription,) = twilio.invoke("get-transcriptions", {"recordingSid": recording["sid"]})
    assert sids(twilio.invoke("get-transcriptions", {})) == [transcription["sid"]]
    text = twilio.invoke(
        "get-transcription-by-transcription-sid",
        {"transcriptionSid": transcription["sid"], "transcriptionFormat": "TXT"},
    )
    assert text == transcription["transcription_text"]
    fetched = twilio.invoke(
        "get-transcription-by-transcription-sid", {"transcriptionSid": transcription["sid"]}
    )
    assert fetched["recording_sid"] == recording["sid"]
    twilio.invoke("delete-recording", {"recordingSid": recording["sid"]})
    not_found(twilio, "get-recording", {"recordingSid": recording["sid"]})
    assert list(twilio.invoke("get-recordings", {})) == []


@covers(
    "get-notification",
    "get-all-notifications",
    "get-notifications-by-call-sid",
    "delete-notification",
)
def test_notifications(twilio: Connector, clock: ManualClock) -> None:
    call = twilio.invoke(
        "make-call",
        {"from": "+15005550006", "to": "+14155550100", "url": "https://app.invalid/voice"},
    )
    clock.advance(2)
    (notification,) = twilio.invoke(
        "get-notifications-by-call-sid", {"callSid": call["sid"], "log": 0}
    )
    assert (
        twilio.invoke("get-notification", {"notificationSid": notification["sid"]})["error_code"]
        == "11200"
    )
    assert sids(twilio.invoke("get-all-notifications", {"messageDate": ">=2024-01-01"})) == [
        notification["sid"]
    ]
    assert list(twilio.invoke("get-all-notifications", {"log": 1})) == []
    twilio.invoke("delete-notification", {"notificationSid": notification["sid"]})
    not_found(twilio, "get-notification", {"notificationSid": notification["sid"]})


@covers("get-sandbox", "update-sandbox")
def test_sandbox(twilio: Connector) -> None:
    before = twilio.invoke("get-sandbox", {})
    twilio.invoke(
        "update-sandbox",
        {
            "voiceUrl": "https://example.com/voice",
            "voiceMethod": "get",
            "smsUrl": "https://example.com/sms",
        },
    )
    after = twilio.invoke("get-sandbox", {})
    assert (after["voice_url"], after["voice_method"], after["sms_url"]) == (
        "https://example.com/voice",
        "GET",
        "https://example.com/sms",
    )
    assert after["pin"] == before["pin"]


@covers("create-access-token")
def test_access_token(emu: Emulator, account: Account) -> None:
    """Signed with an API key the emulator knows (it signs get-account-details in too), and
    made without a request: the emulator sees none for it."""
    key, secret = emu.create_api_key(account.sid)
    config = {"accountSid": account.sid, "apiKey": key, "apiSecret": secret, "baseUrl": emu.url}
    with RecordingConnector(config) as twilio:
        assert twilio.invoke("get-account-details")["sid"] == account.sid
        before = requests_sent()
        result = twilio.invoke("create-access-token", {"identity": "alice", "videoRoom": "r1"})
        assert requests_sent() == before
    claims = jwt.decode(result["token"], secret, algorithms=["HS256"])
    assert (claims["iss"], claims["sub"]) == (key, account.sid)
    assert claims["grants"] == {"identity": "alice", "video": {"room": "r1"}}
