"""The emulator's Addresses: required fields, the checks it can make (a US postal code, 21628),
dependent numbers (a number bought or updated with AddressSid) and the delete they prevent, and
every answer in the shape of Twilio's response schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from emulator import Emulator
from tests.support.emulator_api import SID, Api, assert_twilio_error
from tests.support.openapi import validate_response

A = "/2010-04-01/Accounts/{AccountSid}"
HQ = {
    "CustomerName": "Acme Inc",
    "Street": "1 Main St",
    "City": "San Francisco",
    "Region": "CA",
    "PostalCode": "94105",
    "IsoCountry": "US",
}


def created(response: requests.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("missing", sorted(HQ))
def test_every_part_of_an_address_is_required(api: Api, missing: str) -> None:
    given = {key: value for key, value in HQ.items() if key != missing}
    body = assert_twilio_error(api.post("/Addresses.json", **given), 400, 20001)
    assert missing in body["message"]
    empty = assert_twilio_error(api.post("/Addresses.json", **{**HQ, missing: ""}), 400, 20001)
    assert missing in empty["message"]


@pytest.mark.parametrize("country", ["us", "USA", "U", "1A"])
def test_the_country_is_a_two_letter_iso_code(api: Api, country: str) -> None:
    assert_twilio_error(api.post("/Addresses.json", **{**HQ, "IsoCountry": country}), 400, 20001)


@pytest.mark.parametrize("postal_code", ["9410", "ABCDE", "94105-12", "941051"])
def test_a_us_address_needs_a_us_postal_code(api: Api, postal_code: str) -> None:
    body = assert_twilio_error(
        api.post("/Addresses.json", **{**HQ, "PostalCode": postal_code}), 400, 21628
    )
    assert "cannot be validated" in body["message"]
    hq = created(api.post("/Addresses.json", **HQ))
    assert_twilio_error(
        api.post(f"/Addresses/{hq['sid']}.json", PostalCode=postal_code), 400, 21628
    )


def test_other_countries_take_their_own_postal_codes(api: Api) -> None:
    london = {
        **HQ,
        "City": "London",
        "Region": "London",
        "PostalCode": "EC1A 1AA",
        "IsoCountry": "GB",
    }
    assert created(api.post("/Addresses.json", **london))["postal_code"] == "EC1A 1AA"


def test_friendly_name_limits(api: Api) -> None:
    assert_twilio_error(api.post("/Addresses.json", **HQ, FriendlyName="x" * 65), 400, 20001)
    created(api.post("/Addresses.json", **HQ, FriendlyName="x" * 64))
    emergency = {**HQ, "EmergencyEnabled": "true"}
    assert_twilio_error(api.post("/Addresses.json", **emergency, FriendlyName="x" * 33), 400, 20001)
    hq = created(api.post("/Addresses.json", **emergency, FriendlyName="x" * 32))
    assert hq["emergency_enabled"] is True
    assert_twilio_error(api.post(f"/Addresses/{hq['sid']}.json", FriendlyName="y" * 40), 400, 20001)


def test_an_update_cannot_empty_a_required_part(api: Api) -> None:
    hq = created(api.post("/Addresses.json", **HQ))
    assert_twilio_error(api.post(f"/Addresses/{hq['sid']}.json", Street=""), 400, 20001)
    assert api.get(f"/Addresses/{hq['sid']}.json").json()["street"] == "1 Main St"


def test_numbers_depend_on_an_address_until_released_or_moved_off(api: Api) -> None:
    hq = created(api.post("/Addresses.json", **HQ))["sid"]
    other = created(api.post("/Addresses.json", **HQ, FriendlyName="Other"))["sid"]
    bought = created(api.post("/IncomingPhoneNumbers.json", AreaCode="415", AddressSid=hq))
    plain = created(api.post("/IncomingPhoneNumbers.json", AreaCode="415"))
    assert plain["address_sid"] is None
    assert api.get(f"/IncomingPhoneNumbers/{bought['sid']}.json").json()["address_sid"] == hq
    updated = api.post(f"/IncomingPhoneNumbers/{plain['sid']}.json", AddressSid=hq).json()
    assert updated["address_sid"] == hq

    listed = api.get(f"/Addresses/{hq}/DependentPhoneNumbers.json").json()
    assert {n["sid"] for n in listed["dependent_phone_numbers"]} == {bought["sid"], plain["sid"]}
    body = assert_twilio_error(api.delete(f"/Addresses/{hq}.json"), 400, 20001)
    assert "depend" in body["message"]

    api.post(f"/IncomingPhoneNumbers/{plain['sid']}.json", AddressSid=other)
    assert api.delete(f"/IncomingPhoneNumbers/{bought['sid']}.json").status_code == 204
    assert (
        api.get(f"/Addresses/{hq}/DependentPhoneNumbers.json").json()["dependent_phone_numbers"]
        == []
    )
    assert api.delete(f"/Addresses/{hq}.json").status_code == 204
    api.post(f"/IncomingPhoneNumbers/{plain['sid']}.json", AddressSid="")
    assert api.get(f"/IncomingPhoneNumbers/{plain['sid']}.json").json()["address_sid"] is None


def test_a_number_depends_only_on_an_address_of_its_account(emu: Emulator, api: Api) -> None:
    other = emu.create_account(friendly_name="Other")
    theirs = Api(emu.url, other.sid, other.auth_token)
    their_address = created(theirs.post("/Addresses.json", **HQ))["sid"]
    assert_twilio_error(
        api.post("/IncomingPhoneNumbers.json", AreaCode="415", AddressSid=their_address), 400, 20001
    )
    assert api.get(f"/Addresses/{their_address}.json").status_code == 404
    assert api.get(f"/Addresses/{their_address}/DependentPhoneNumbers.json").status_code == 404


def test_every_address_answer_matches_twilios_schema(api: Api, twilio_api_v2010: Path) -> None:
    def check(method: str, template: str, status: int, response: requests.Response) -> Any:
        assert response.status_code == status, response.text
        if status == 204:
            assert response.content == b""
            return None
        body = response.json()
        validate_response(twilio_api_v2010, method, A + template, status, body)
        if isinstance(body.get("sid"), str):
            assert SID.match(body["sid"])
        return body

    hq = check(
        "POST", "/Addresses.json", 201, api.post("/Addresses.json", **HQ, StreetSecondary="Suite 1")
    )
    sid = hq["sid"]
    check("GET", "/Addresses.json", 200, api.get("/Addresses.json", IsoCountry="US"))
    check("GET", "/Addresses/{Sid}.json", 200, api.get(f"/Addresses/{sid}.json"))
    check("POST", "/Addresses/{Sid}.json", 200, api.post(f"/Addresses/{sid}.json", City="Oakland"))
    number = created(api.post("/IncomingPhoneNumbers.json", AreaCode="415", AddressSid=sid))
    dependents = check(
        "GET",
        "/Addresses/{AddressSid}/DependentPhoneNumbers.json",
        200,
        api.get(f"/Addresses/{sid}/DependentPhoneNumbers.json"),
    )
    assert [n["sid"] for n in dependents["dependent_phone_numbers"]] == [number["sid"]]
    api.delete(f"/IncomingPhoneNumbers/{number['sid']}.json")
    check("DELETE", "/Addresses/{Sid}.json", 204, api.delete(f"/Addresses/{sid}.json"))
