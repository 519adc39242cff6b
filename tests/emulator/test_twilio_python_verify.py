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
