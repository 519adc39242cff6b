"""The emulator's Verify and Lookup behaviour at the HTTP level: Twilio's error codes for bad
input, accounts kept apart, the domain-named paths, and the lookup table's edges."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from emulator import Account, Emulator
from tests.support.emulator_api import assert_twilio_error

TO = "+14155550100"


class Http:
    """A session for one account against the emulator's other domains."""

    def __init__(self, emu: Emulator, account: Account) -> None:
        self.url = emu.url
        self.session = requests.Session()
        self.session.auth = (account.sid, account.auth_token)

    def post(self, path: str, **data: Any) -> requests.Response:
        return self.session.post(self.url + path, data=data, timeout=10)

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.session.get(self.url + path, params=params, timeout=10)


@pytest.fixture
def http(emu: Emulator, account: Account) -> Http:
    return Http(emu, account)


@pytest.fixture
def service(http: Http) -> str:
    response = http.post("/v2/Services", FriendlyName="Acme")
    assert response.status_code == 201, response.text
    return str(response.json()["sid"])


def test_services_need_a_name_and_sane_settings(http: Http) -> None:
    assert_twilio_error(http.post("/v2/Services"), 400, 60200)
    assert_twilio_error(http.post("/v2/Services", FriendlyName="A", CodeLength="3"), 400, 60200)
    assert_twilio_error(http.post("/v2/Services", FriendlyName="x" * 33), 400, 60200)
    assert_twilio_error(http.post("/v2/Services", FriendlyName="A", Psd2Enabled="yes"), 400, 60200)


def test_a_code_has_the_services_length(http: Http, emu: Emulator) -> None:
    sid = http.post("/v2/Services", FriendlyName="Acme", CodeLength="9").json()["sid"]
    http.post(f"/v2/Services/{sid}/Verifications", To=TO, Channel="sms")
    shown = requests.get(f"{emu.url}/_emulator/verifications", params={"to": TO}, timeout=10)
    (verification,) = shown.json()["verifications"]
    assert len(verification["code"]) == 9
    assert verification["code"].isdigit()
    assert (verification["send_attempts"], verification["check_attempts"]) == (1, 0)


def test_starting_needs_a_known_channel_and_a_reachable_to(http: Http, service: str) -> None:
    path = f"/v2/Services/{service}/Verifications"
    assert_twilio_error(http.post(path, Channel="sms"), 400, 60200)
    assert_twilio_error(http.post(path, To=TO, Channel="pigeon"), 400, 60200)
    assert_twilio_error(http.post(path, To="4155550100", Channel="sms"), 400, 60200)
    assert_twilio_error(http.post(path, To="not-an-address", Channel="email"), 400, 60200)
    assert_twilio_error(http.post(path, To="+15005550009", Channel="sms"), 400, 60205)


def test_a_check_needs_a_code_and_one_way_to_find_the_verification(
    http: Http, service: str
) -> None:
    path = f"/v2/Services/{service}/VerificationCheck"
    assert_twilio_error(http.post(path, Code="1234"), 400, 60200)
    assert_twilio_error(http.post(path, Code="1234", To=TO), 404, 20404)
    assert_twilio_error(http.post(path, To=TO), 404, 20404)
    http.post(f"/v2/Services/{service}/Verifications", To=TO, Channel="sms")
    assert_twilio_error(http.post(path, To=TO), 400, 60200)  # only sna goes without a code


def test_a_verification_cannot_be_set_pending(http: Http, service: str) -> None:
    sid = http.post(f"/v2/Services/{service}/Verifications", To=TO, Channel="sms").json()["sid"]
    path = f"/v2/Services/{service}/Verifications/{sid}"
    assert_twilio_error(http.post(path, Status="pending"), 400, 60200)
    assert http.post(path, Status="approved").json()["status"] == "approved"
    assert_twilio_error(http.get(path), 404, 20404)


def test_another_accounts_service_is_not_found(emu: Emulator, http: Http, service: str) -> None:
    other = Http(emu, emu.create_account(friendly_name="Other"))
    assert_twilio_error(other.get(f"/v2/Services/{service}"), 404, 20404)
    assert other.get("/v2/Services").json()["services"] == []
    response = other.post(f"/v2/Services/{service}/Verifications", To=TO, Channel="sms")
    assert_twilio_error(response, 404, 20404)


def test_deleting_a_service_drops_its_verifications(
    http: Http, emu: Emulator, service: str
) -> None:
    http.post(f"/v2/Services/{service}/Verifications", To=TO, Channel="sms")
    assert http.session.delete(f"{emu.url}/v2/Services/{service}", timeout=10).status_code == 204
    shown = requests.get(f"{emu.url}/_emulator/verifications", params={"to": TO}, timeout=10)
    assert shown.json()["verifications"] == []


def test_the_domain_named_paths_serve_the_same(http: Http, service: str) -> None:
    assert http.get(f"/verify/v2/Services/{service}").json()["sid"] == service
    found = http.get("/lookups/v2/PhoneNumbers/%2B14155550100").json()
    assert found["phone_number"] == TO


def test_lookup_refuses_unknown_fields(http: Http) -> None:
    response = http.get(f"/v2/PhoneNumbers/{TO}", Fields="validation,horoscope")
    assert_twilio_error(response, 400, 20001)


@pytest.mark.parametrize(
    ("number", "country", "e164", "national"),
    [
        ("(415) 555-0100", None, "+14155550100", "(415) 555-0100"),
        ("1 415 555 0100", "US", "+14155550100", "(415) 555-0100"),
        ("020 7946 0018", "GB", "+442079460018", "020 7946 0018"),
        ("06 12 34 56 78", "FR", "+33612345678", "06 12 34 56 78"),
    ],
)
def test_national_numbers_are_read_in_their_country(
    http: Http, number: str, country: str | None, e164: str, national: str
) -> None:
    params = {"CountryCode": country} if country else {}
    found = http.get(f"/v2/PhoneNumbers/{number}", **params).json()
    assert (found["valid"], found["phone_number"], found["national_format"]) == (
        True,
        e164,
        national,
    )


def test_an_unknown_country_code_is_invalid(http: Http) -> None:
    found = http.get("/v2/PhoneNumbers/0612345678", CountryCode="DE").json()
    assert (found["valid"], found["validation_errors"]) == (False, ["INVALID_COUNTRY_CODE"])
