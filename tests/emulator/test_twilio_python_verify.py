"""The Verify and Lookup scenarios run by twilio-python 9.13, a client we did not write, against
the emulator: every domain of its Client pointed at the emulator's URL."""

from __future__ import annotations

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from emulator import Account, Emulator, ManualClock

TO = "+14155550100"


@pytest.fixture
def client(emu: Emulator, account: Account) -> Client:
    client = Client(account.sid, account.auth_token)
    for domain in (client.api, client.verify, client.lookups):
        domain.base_url = emu.url
    return client


def code_for(emu: Emulator, to: str) -> str:
    response = requests.get(f"{emu.url}/_emulator/verifications", params={"to": to}, timeout=10)
    return str(response.json()["verifications"][0]["code"])


def test_services_through_twilio_python(client: Client) -> None:
    service = client.verify.v2.services.create(friendly_name="Acme", code_length=8)
    assert (service.friendly_name, service.code_length) == ("Acme", 8)
    assert service.date_created is not None  # ISO 8601, parsed by twilio-python
    assert [s.sid for s in client.verify.v2.services.list()] == [service.sid]
    updated = client.verify.v2.services(service.sid).update(friendly_name="Acme Shop")
    assert updated.friendly_name == "Acme Shop"
    assert client.verify.v2.services(service.sid).fetch().code_length == 8
    assert client.verify.v2.services(service.sid).delete() is True
    with pytest.raises(TwilioRestException) as caught:
        client.verify.v2.services(service.sid).fetch()
    assert (caught.value.status, caught.value.code) == (404, 20404)


def test_a_verification_through_twilio_python(client: Client, emu: Emulator) -> None:
    service = client.verify.v2.services.create(friendly_name="Acme")
    verifications = client.verify.v2.services(service.sid).verifications
    started = verifications.create(to=TO, channel="sms")
    assert (started.status, started.valid) == ("pending", False)
    assert verifications(started.sid).fetch().to == TO
    code = code_for(emu, TO)
    sent = client.messages.list(to=TO)
    assert [m.body for m in sent] == [f"Your Acme verification code is: {code}."]

    checks = client.verify.v2.services(service.sid).verification_checks
    wrong = "000000" if code != "000000" else "111111"
    assert checks.create(to=TO, code=wrong).status == "pending"
    approved = checks.create(verification_sid=started.sid, code=code)
    assert (approved.status, approved.valid) == ("approved", True)
    with pytest.raises(TwilioRestException) as caught:
        verifications(TO).fetch()  # by its To, as twilio-python sends it: +, unquoted
    assert caught.value.code == 20404


def test_cancel_and_expiry_through_twilio_python(
    client: Client, emu: Emulator, clock: ManualClock
) -> None:
    service = client.verify.v2.services.create(friendly_name="Acme")
    verifications = client.verify.v2.services(service.sid).verifications
    verifications.create(to=TO, channel="call")
    assert verifications(TO).update(status="canceled").status == "canceled"
    assert len(client.calls.list(to=TO)) == 1

    verifications.create(to="ada@example.com", channel="email")
    clock.advance(600)
    with pytest.raises(TwilioRestException) as caught:
        client.verify.v2.services(service.sid).verification_checks.create(
            to="ada@example.com", code=code_for(emu, "ada@example.com")
        )
    assert (caught.value.status, caught.value.code) == (404, 20404)


def test_lookup_through_twilio_python(client: Client) -> None:
    found = client.lookups.v2.phone_numbers(TO).fetch(fields="line_type_intelligence,caller_name")
    assert (found.valid, found.country_code, found.national_format) == (
        True,
        "US",
        "(415) 555-0100",
    )
    assert found.line_type_intelligence["type"] == "mobile"
    assert found.caller_name["caller_name"] == "EMULATOR SUBSCRIBER"
    invalid = client.lookups.v2.phone_numbers("+1415555010").fetch()
    assert (invalid.valid, invalid.validation_errors) == (False, ["TOO_SHORT"])
    national = client.lookups.v2.phone_numbers("4155552000").fetch(
        fields="line_type_intelligence", country_code="US"
    )
    assert (national.phone_number, national.line_type_intelligence["type"]) == (
        "+14155552000",
        "landline",
    )


def test_push_totp_and_passkeys_settings_through_twilio_python(client: Client) -> None:
    service = client.verify.v2.services.create(
        friendly_name="Acme",
        push_apn_credential_sid="CR" + "a" * 32,
        totp_time_step=45,
        totp_skew=2,
        passkeys_relying_party_id="example.com",
        passkeys_relying_party_origins="login.example.com,www.example.com",
        passkeys_user_verification="required",
    )
    assert service.push["apn_credential_sid"] == "CR" + "a" * 32
    assert service.totp == {"issuer": "Acme", "time_step": 45, "code_length": 6, "skew": 2}
    assert service.passkeys["relying_party"]["origins"] == ["login.example.com", "www.example.com"]
    assert service.passkeys["user_verification"] == "required"
    updated = client.verify.v2.services(service.sid).update(
        totp_issuer="Acme Inc", passkeys_authenticator_attachment="platform"
    )
    assert (updated.totp["issuer"], updated.totp["time_step"]) == ("Acme Inc", 45)
    assert updated.passkeys["authenticator_attachment"] == "platform"
    for bad in (
        {"totp_time_step": 10},
        {"totp_code_length": 9},
        {"passkeys_user_verification": "x"},
        {"push_fcm_credential_sid": "CR123"},
    ):
        with pytest.raises(TwilioRestException) as caught:
            client.verify.v2.services(service.sid).update(**bad)
        assert (caught.value.status, caught.value.code) == (400, 60200)


def test_silent_network_auth_through_twilio_python(client: Client) -> None:
    service = client.verify.v2.services.create(friendly_name="Acme")
    verifications = client.verify.v2.services(service.sid).verifications
    checks = client.verify.v2.services(service.sid).verification_checks
    started = verifications.create(to=TO, channel="sna", enable_sna_client_token=True)
    assert (started.channel, started.status) == ("sna", "pending")
    assert client.messages.list(to=TO) == []  # nothing is sent: the phone opens the URL
    assert checks.create(to=TO).status == "pending"  # not opened yet
    opened = requests.get(started.sna["url"], timeout=10)
    answer = dict(part.split("=", 1) for part in opened.text.split("&"))
    assert answer["ErrorCode"] == "0"
    assert checks.create(to=TO, sna_client_token="not-it").status == "pending"
    approved = checks.create(to=TO, sna_client_token=answer["SnaClientToken"])
    assert (approved.channel, approved.status, approved.valid) == ("sna", "approved", True)
    again = requests.post(started.sna["url"], timeout=10)  # used: the carrier finds nothing
    assert again.text.startswith("ErrorCode=-10&")


def test_auto_takes_sna_for_a_mobile_number_and_sms_for_another(client: Client) -> None:
    service = client.verify.v2.services.create(friendly_name="Acme")
    verifications = client.verify.v2.services(service.sid).verifications
    mobile = verifications.create(to=TO, channel="auto")
    assert (mobile.channel, mobile.sna is not None) == ("sna", True)
    voip = "+15005550006"
    other = verifications.create(to=voip, channel="auto")
    assert (other.channel, other.sna) == ("sms", None)
    assert len(client.messages.list(to=voip)) == 1
    opened = requests.get(mobile.sna["url"], timeout=10)
    assert "SnaClientToken" not in opened.text  # none was asked for
    checks = client.verify.v2.services(service.sid).verification_checks
    assert checks.create(verification_sid=mobile.sid).status == "approved"
    with pytest.raises(TwilioRestException) as caught:  # a landline: sms, which cannot reach it
        verifications.create(to="+15005550009", channel="auto")
    assert (caught.value.status, caught.value.code) == (400, 60205)
