"""Verify end to end: the connector's operations against the emulator, each checked by the state
it leaves (the messages and calls that carried the code, the verification's status), with the
code read from the emulator's admin endpoint as a person would read it off their phone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from connector import (
    BadRequestError,
    Connector,
    NotFoundError,
    TooManyRequestsError,
    ValidationError,
)
from emulator import Account, Emulator, ManualClock
from tests.support.e2e import RecordingConnector, covers

TO = "+14155550100"


def verifications(emu: Emulator, to: str) -> list[dict[str, Any]]:
    """What the admin endpoint shows of the verifications to `to`, newest first."""
    response = requests.get(f"{emu.url}/_emulator/verifications", params={"to": to}, timeout=10)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["verifications"]
    return found


def code_for(emu: Emulator, to: str) -> str:
    """The code last sent to `to`."""
    return str(verifications(emu, to)[0]["code"])


@pytest.fixture
def service(twilio: Connector) -> str:
    return str(twilio.invoke("create-verify-service", {"friendlyName": "Acme"})["sid"])


@pytest.fixture
def impatient(emu: Emulator, account: Account) -> Iterator[Connector]:
    """A connector that gives up on the first 429 (Verify's limits are 429s)."""
    config = {
        "accountSid": account.sid,
        "authToken": account.auth_token,
        "baseUrl": emu.url,
        "retry": {"maxAttempts": 1},
    }
    with RecordingConnector(config) as connector:
        yield connector


@covers(
    "create-verify-service",
    "get-verify-service",
    "get-verify-services",
    "update-verify-service",
    "delete-verify-service",
)
def test_verify_services(twilio: Connector) -> None:
    created = twilio.invoke("create-verify-service", {"friendlyName": "Acme", "codeLength": "4"})
    sid = created["sid"]
    assert (created["friendly_name"], created["code_length"]) == ("Acme", 4)
    other = twilio.invoke("create-verify-service", {"friendlyName": "Other"})["sid"]
    assert [s["sid"] for s in twilio.invoke("get-verify-services", {})] == [other, sid]

    updated = twilio.invoke(
        "update-verify-service",
        {"serviceSid": sid, "friendlyName": "Acme Shop", "customCodeEnabled": "true"},
    )
    assert (updated["friendly_name"], updated["custom_code_enabled"]) == ("Acme Shop", True)
    fetched = twilio.invoke("get-verify-service", {"serviceSid": sid})
    assert (fetched["friendly_name"], fetched["code_length"]) == ("Acme Shop", 4)

    assert twilio.invoke("delete-verify-service", {"serviceSid": sid}) is None
    with pytest.raises(NotFoundError):
        twilio.invoke("get-verify-service", {"serviceSid": sid})
    assert [s["sid"] for s in twilio.invoke("get-verify-services", {"limit": 10})] == [other]


@covers("start-verification", "check-verification", "get-verification")
def test_a_code_sent_by_sms_is_approved_once_right(
    twilio: Connector, emu: Emulator, service: str
) -> None:
    started = twilio.invoke(
        "start-verification", {"serviceSid": service, "to": TO, "channel": "sms"}
    )
    assert (started["status"], started["valid"], started["channel"]) == ("pending", False, "sms")
    code = code_for(emu, TO)
    assert len(code) == 6
    assert code.isdigit()
    texts = list(twilio.invoke("get-all-sms-messages", {"to": TO}))
    assert [m["body"] for m in texts] == [f"Your Acme verification code is: {code}."]

    wrong = "000000" if code != "000000" else "111111"
    checked = twilio.invoke("check-verification", {"serviceSid": service, "to": TO, "code": wrong})
    assert (checked["status"], checked["valid"], checked["sid"]) == (
        "pending",
        False,
        started["sid"],
    )
    pending = twilio.invoke(
        "get-verification", {"serviceSid": service, "verificationSid": started["sid"]}
    )
    assert pending["status"] == "pending"

    approved = twilio.invoke(
        "check-verification",
        {"serviceSid": service, "verificationSid": started["sid"], "code": code},
    )
    assert (approved["status"], approved["valid"]) == ("approved", True)
    assert verifications(emu, TO)[0]["status"] == "approved"
    with pytest.raises(NotFoundError):  # as on Twilio, an approved verification is gone
        twilio.invoke("get-verification", {"serviceSid": service, "verificationSid": TO})


@covers("start-verification", "cancel-verification", "check-verification")
def test_a_canceled_call_verification_takes_no_code(
    twilio: Connector, emu: Emulator, service: str
) -> None:
    started = twilio.invoke(
        "start-verification", {"serviceSid": service, "to": TO, "channel": "call"}
    )
    code = code_for(emu, TO)
    calls = list(twilio.invoke("get-calls", {"to": TO}))
    assert len(calls) == 1
    assert calls[0]["from"] == "+15005550100"

    canceled = twilio.invoke(
        "cancel-verification", {"serviceSid": service, "verificationSid": started["sid"]}
    )
    assert (canceled["status"], canceled["valid"]) == ("canceled", False)
    with pytest.raises(NotFoundError):
        twilio.invoke("check-verification", {"serviceSid": service, "to": TO, "code": code})
    assert verifications(emu, TO)[0]["status"] == "canceled"


@covers("start-verification", "check-verification")
def test_a_verification_expires_after_ten_minutes(
    twilio: Connector, emu: Emulator, clock: ManualClock, service: str
) -> None:
    email = "ada@example.com"
    twilio.invoke("start-verification", {"serviceSid": service, "to": email, "channel": "email"})
    code = code_for(emu, email)
    clock.advance(599)
    assert twilio.invoke("get-verification", {"serviceSid": service, "verificationSid": email})
    clock.advance(1)
    with pytest.raises(NotFoundError) as caught:
        twilio.invoke("check-verification", {"serviceSid": service, "to": email, "code": code})
    assert caught.value.code == 20404
    assert verifications(emu, email)[0]["status"] == "expired"


@covers("start-verification")
def test_sending_again_resends_the_same_code_five_times_at_most(
    impatient: Connector, emu: Emulator, service: str
) -> None:
    params = {"serviceSid": service, "to": TO, "channel": "sms"}
    first = impatient.invoke("start-verification", params)
    for _ in range(4):
        again = impatient.invoke("start-verification", params)
        assert again["sid"] == first["sid"]
    assert len(again["send_code_attempts"]) == 5
    with pytest.raises(TooManyRequestsError) as caught:
        impatient.invoke("start-verification", params)
    assert (caught.value.status, caught.value.code) == (429, 60203)
    code = code_for(emu, TO)
    bodies = {m["body"] for m in impatient.invoke("get-all-sms-messages", {"to": TO})}
    assert bodies == {f"Your Acme verification code is: {code}."}


@covers("check-verification")
def test_a_sixth_check_is_refused(impatient: Connector, emu: Emulator, service: str) -> None:
    impatient.invoke("start-verification", {"serviceSid": service, "to": TO, "channel": "sms"})
    code = code_for(emu, TO)
    wrong = "000000" if code != "000000" else "111111"
    check = {"serviceSid": service, "to": TO, "code": wrong}
    for _ in range(5):
        assert impatient.invoke("check-verification", check)["status"] == "pending"
    with pytest.raises(TooManyRequestsError) as caught:
        impatient.invoke("check-verification", {**check, "code": code})
    assert (caught.value.status, caught.value.code) == (429, 60202)


@covers("start-verification")
def test_sms_to_a_landline_or_an_invalid_number_is_refused(twilio: Connector, service: str) -> None:
    with pytest.raises(BadRequestError) as landline:
        twilio.invoke(
            "start-verification", {"serviceSid": service, "to": "+14155552000", "channel": "sms"}
        )
    assert landline.value.code == 60205
    with pytest.raises(BadRequestError) as invalid:
        twilio.invoke(
            "start-verification", {"serviceSid": service, "to": "+15005550001", "channel": "sms"}
        )
    assert invalid.value.code == 60200
    called = twilio.invoke(
        "start-verification", {"serviceSid": service, "to": "+14155552000", "channel": "call"}
    )
    assert called["status"] == "pending"


@covers("update-verify-service", "start-verification", "check-verification")
def test_a_custom_code_needs_the_service_to_allow_it(twilio: Connector, service: str) -> None:
    params = {"serviceSid": service, "to": TO, "channel": "whatsapp", "customCode": "4321"}
    with pytest.raises(BadRequestError) as caught:
        twilio.invoke("start-verification", params)
    assert caught.value.code == 60200
    twilio.invoke("update-verify-service", {"serviceSid": service, "customCodeEnabled": True})
    twilio.invoke("start-verification", params)
    sent = next(iter(twilio.invoke("get-all-sms-messages", {"to": f"whatsapp:{TO}"})))
    assert sent["from"] == "whatsapp:+15005550100"
    assert "4321" in sent["body"]
    checked = twilio.invoke("check-verification", {"serviceSid": service, "to": TO, "code": "4321"})
    assert checked["valid"] is True


def test_a_services_totp_and_passkeys_settings(twilio: Connector) -> None:
    created = twilio.invoke(
        "create-verify-service",
        {"friendlyName": "Acme", "totpCodeLength": 8, "passkeysRelyingPartyName": "Acme App"},
    )
    assert (created["totp"]["code_length"], created["totp"]["issuer"]) == (8, "Acme")
    assert created["passkeys"]["relying_party"]["name"] == "Acme App"
    for bad in ({"totpSkew": 3}, {"passkeysDiscoverableCredentials": "always"}):
        with pytest.raises(ValidationError):  # refused before anything is sent
            twilio.invoke("update-verify-service", {"serviceSid": created["sid"], **bad})


def test_silent_network_auth_needs_no_code(twilio: Connector, service: str) -> None:
    started = twilio.invoke(
        "start-verification", {"serviceSid": service, "to": TO, "channel": "sna"}
    )
    assert started["channel"] == "sna"
    check = {"serviceSid": service, "to": TO}
    assert twilio.invoke("check-verification", check)["status"] == "pending"
    assert requests.get(started["sna"]["url"], timeout=10).text.startswith("ErrorCode=0&")
    assert twilio.invoke("check-verification", check)["status"] == "approved"
    assert list(twilio.invoke("get-all-sms-messages", {"to": TO})) == []  # nothing sent
    sms = twilio.invoke("start-verification", {"serviceSid": service, "to": TO, "channel": "sms"})
    with pytest.raises(BadRequestError):  # any other channel's check needs the code
        twilio.invoke("check-verification", {"serviceSid": service, "verificationSid": sms["sid"]})
