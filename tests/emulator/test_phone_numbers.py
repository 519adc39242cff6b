"""AvailablePhoneNumbers (a deterministic inventory) and IncomingPhoneNumbers (buy, update,
transfer, release)."""

from __future__ import annotations

from typing import Any

import pytest

from emulator import Emulator
from tests.support.emulator_api import Api, assert_twilio_error

ADDRESS = {
    "CustomerName": "Acme Inc",
    "Street": "1 Main St",
    "City": "Miami",
    "Region": "FL",
    "PostalCode": "33101",
    "IsoCountry": "US",
}


def _available(
    api: Api, country: str = "US", kind: str = "Local", **params: Any
) -> list[dict[str, Any]]:
    response = api.get(f"/AvailablePhoneNumbers/{country}/{kind}.json", **params)
    assert response.status_code == 200, response.text
    numbers: list[dict[str, Any]] = response.json()["available_phone_numbers"]
    return numbers


def test_the_inventory_is_the_same_in_every_emulator(api: Api) -> None:
    with Emulator() as other:
        account = other.create_account()
        again = Api(other.url, account.sid, account.auth_token)
        assert _available(again, AreaCode=415) == _available(api, AreaCode=415)
    numbers = _available(api, AreaCode=415)
    assert len(numbers) == 40
    assert all(n["phone_number"].startswith("+1415") for n in numbers)
    assert numbers[0]["locality"] == "San Francisco"
    assert numbers[0]["region"] == "CA"
    number = numbers[0]["phone_number"]
    assert numbers[0]["friendly_name"] == f"({number[2:5]}) {number[5:8]}-{number[8:]}"


@pytest.mark.parametrize(
    ("country", "prefix"), [("US", "+1"), ("CA", "+1"), ("GB", "+44"), ("AR", "+54")]
)
def test_each_country_has_local_and_toll_free_numbers(api: Api, country: str, prefix: str) -> None:
    local = _available(api, country)
    toll_free = _available(api, country, "TollFree")
    assert local
    assert toll_free
    assert {n["iso_country"] for n in local + toll_free} == {country}
    assert all(n["phone_number"].startswith(prefix) for n in local + toll_free)
    assert not {n["phone_number"] for n in local} & {n["phone_number"] for n in toll_free}


def test_unknown_country_is_404_and_area_code_533_is_empty(api: Api) -> None:
    assert_twilio_error(api.get("/AvailablePhoneNumbers/ZZ/Local.json"), 404, 20404)
    assert _available(api, AreaCode=533) == []
    assert_twilio_error(api.get("/AvailablePhoneNumbers/US/Local.json", AreaCode="abc"), 400, 20001)


def test_search_filters(api: Api) -> None:
    assert {n["region"] for n in _available(api, InRegion="NY")} == {"NY"}
    assert {n["postal_code"] for n in _available(api, InPostalCode="94612")} == {"94612"}
    assert {n["rate_center"] for n in _available(api, InLata="722", InRateCenter="PALOALTO")} == {
        "PALOALTO"
    }
    assert {n["lata"] for n in _available(api, InLata="132")} == {"132"}
    assert {n["locality"] for n in _available(api, InLocality="oakland")} == {"Oakland"}
    assert _available(api, FaxEnabled="true") == []  # no number sold here takes faxes
    assert _available(api, FaxEnabled="false") == _available(api)

    def near_sf(**distance: int) -> set[str]:
        return {
            n["locality"]
            for n in _available(api, NearLatLong="37.78,-122.41", PageSize=1000, **distance)
        }

    assert near_sf(Distance=5) == {"San Francisco"}
    assert near_sf() == {"San Francisco", "Oakland"}
    assert near_sf(Distance=40) == {"San Francisco", "Oakland", "Palo Alto"}
    near_number = {
        n["locality"]
        for n in _available(api, NearNumber="+12125550100", Distance=10, PageSize=1000)
    }
    assert near_number == {"New York", "Brooklyn", "Jersey City"}
    assert_twilio_error(
        api.get("/AvailablePhoneNumbers/US/Local.json", NearLatLong="north"), 400, 20001
    )
    assert_twilio_error(api.get("/AvailablePhoneNumbers/US/Local.json", Distance=900), 400, 20001)


def test_contains_matches_digits_letters_and_wildcards(api: Api) -> None:
    some = _available(api, AreaCode=415)[3]["phone_number"]
    assert [n["phone_number"] for n in _available(api, Contains=some[2:])] == [some]
    assert some in [
        n["phone_number"] for n in _available(api, Contains=some[2:7] + "*" * 5, PageSize=1000)
    ]
    assert all("1" in n["phone_number"][1:] for n in _available(api, Contains="1"))
    letters = _available(api, Contains="CALL", PageSize=1000)
    assert all("2255" in n["phone_number"] for n in letters)
    assert_twilio_error(
        api.get("/AvailablePhoneNumbers/US/Local.json", Contains="55-5"), 400, 20001
    )


def test_buying_by_area_code_takes_the_first_available_number(api: Api) -> None:
    first = _available(api, AreaCode=510)[0]["phone_number"]
    bought = api.post("/IncomingPhoneNumbers.json", AreaCode="510")
    assert bought.status_code == 201
    assert bought.json()["phone_number"] == first
    assert first not in [n["phone_number"] for n in _available(api, AreaCode=510)]
    assert api.post("/IncomingPhoneNumbers.json", AreaCode="510").json()["phone_number"] != first


def test_buying_by_number_and_releasing_it(api: Api) -> None:
    wanted = _available(api, AreaCode=617)[5]["phone_number"]
    number = api.post(
        "/IncomingPhoneNumbers.json", PhoneNumber=wanted, FriendlyName="Boston"
    ).json()
    assert (number["phone_number"], number["friendly_name"], number["type"]) == (
        wanted,
        "Boston",
        "local",
    )
    assert_twilio_error(api.post("/IncomingPhoneNumbers.json", PhoneNumber=wanted), 400, 21422)
    assert api.delete(f"/IncomingPhoneNumbers/{number['sid']}.json").status_code == 204
    assert_twilio_error(api.get(f"/IncomingPhoneNumbers/{number['sid']}.json"), 404, 20404)
    assert wanted in [n["phone_number"] for n in _available(api, AreaCode=617)]


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"PhoneNumber": "+14155550100"}, 21422),
        ({"PhoneNumber": "415"}, 21421),
        ({"AreaCode": "41"}, 21451),
        ({"AreaCode": "999"}, 21452),
        ({}, 20001),
        ({"PhoneNumber": "+15005550006", "AreaCode": "500"}, 20001),
        ({"AreaCode": "415", "VoiceMethod": "PUT"}, 20001),
    ],
)
def test_bad_purchases_are_refused(api: Api, form: dict[str, str], code: int) -> None:
    assert_twilio_error(api.post("/IncomingPhoneNumbers.json", **form), 400, code)
    assert len(api.get("/IncomingPhoneNumbers.json").json()["incoming_phone_numbers"]) == 1


def test_toll_free_numbers_can_be_bought(api: Api) -> None:
    wanted = _available(api, kind="TollFree", Contains="800")[0]["phone_number"]
    assert api.post("/IncomingPhoneNumbers.json", PhoneNumber=wanted).json()["type"] == "toll-free"


def test_a_new_account_owns_the_test_number(api: Api) -> None:
    (number,) = api.get("/IncomingPhoneNumbers.json").json()["incoming_phone_numbers"]
    assert number["phone_number"] == "+15005550006"
    assert number["capabilities"] == {"fax": False, "mms": True, "sms": True, "voice": True}


def test_updating_a_number(api: Api) -> None:
    sid = api.post("/IncomingPhoneNumbers.json", AreaCode="305").json()["sid"]
    updated = api.post(
        f"/IncomingPhoneNumbers/{sid}.json",
        VoiceUrl="https://example.com/voice",
        VoiceMethod="GET",
        SmsUrl="https://example.com/sms",
        VoiceCallerIdLookup="True",
    ).json()
    assert (updated["voice_url"], updated["voice_method"], updated["sms_url"]) == (
        "https://example.com/voice",
        "GET",
        "https://example.com/sms",
    )
    assert updated["voice_caller_id_lookup"] is True
    assert (
        api.get(f"/IncomingPhoneNumbers/{sid}.json").json()["voice_url"]
        == "https://example.com/voice"
    )
    assert_twilio_error(
        api.post(f"/IncomingPhoneNumbers/{sid}.json", VoiceCallerIdLookup="yes"), 400, 20001
    )
    assert_twilio_error(api.post(f"/IncomingPhoneNumbers/{sid}.json", SmsMethod="post"), 400, 20001)


def test_a_numbers_registration_is_kept_and_checked(api: Api) -> None:
    """A regulatory bundle, identity, emergency settings, a trunk and fax mode are kept as given
    when the number is bought and when it is updated; a SID of the wrong kind, or an emergency
    address that is not the account's, is a 400."""
    bundle, trunk = "BU" + "1" * 32, "TK" + "2" * 32
    address = api.post("/Addresses.json", **ADDRESS).json()["sid"]
    stranger = "AD" + "4" * 32
    refused = api.post("/IncomingPhoneNumbers.json", AreaCode="305", EmergencyAddressSid=stranger)
    assert_twilio_error(refused, 400, 20001)
    bought = api.post(
        "/IncomingPhoneNumbers.json",
        AreaCode="305",
        BundleSid=bundle,
        IdentitySid="RI" + "3" * 32,
        EmergencyAddressSid=address,
        EmergencyStatus="Active",
        VoiceReceiveMode="fax",
    ).json()
    assert (bought["bundle_sid"], bought["identity_sid"], bought["emergency_address_sid"]) == (
        bundle,
        "RI" + "3" * 32,
        address,
    )
    assert (bought["emergency_status"], bought["voice_receive_mode"]) == ("Active", "fax")
    assert bought["emergency_address_status"] == "registered"
    assert bought["trunk_sid"] is None
    path = f"/IncomingPhoneNumbers/{bought['sid']}.json"
    updated = api.post(path, TrunkSid=trunk, VoiceReceiveMode="voice").json()
    assert (updated["trunk_sid"], updated["voice_receive_mode"]) == (trunk, "voice")
    assert api.get(path).json()["bundle_sid"] == bundle
    assert_twilio_error(api.post(path, BundleSid="AD" + "1" * 32), 400, 20001)
    assert_twilio_error(api.post(path, EmergencyStatus="on"), 400, 20001)
    plain = api.post("/IncomingPhoneNumbers.json", AreaCode="305").json()
    assert (plain["bundle_sid"], plain["emergency_status"], plain["voice_receive_mode"]) == (
        None,
        "Inactive",
        "voice",
    )
    assert plain["emergency_address_status"] == "unregistered"


def test_transferring_a_number_to_a_subaccount(api: Api) -> None:
    sub = api.post(f"{api.url}/2010-04-01/Accounts.json", FriendlyName="Team").json()
    number = api.post("/IncomingPhoneNumbers.json", AreaCode="206").json()
    moved = api.post(f"/IncomingPhoneNumbers/{number['sid']}.json", AccountSid=sub["sid"]).json()
    assert (moved["sid"], moved["account_sid"]) == (number["sid"], sub["sid"])
    assert (
        moved["uri"]
        == f"/2010-04-01/Accounts/{sub['sid']}/IncomingPhoneNumbers/{number['sid']}.json"
    )
    assert_twilio_error(api.get(f"/IncomingPhoneNumbers/{number['sid']}.json"), 404, 20404)
    as_sub = Api(api.url, sub["sid"], sub["auth_token"])
    assert as_sub.send(sender=number["phone_number"])["from"] == number["phone_number"]
    assert_twilio_error(
        api.post("/Messages.json", From=number["phone_number"], To="+14155550100", Body="x"),
        400,
        21606,
    )


def test_a_number_cannot_go_to_an_account_the_caller_does_not_control(
    emu: Emulator, api: Api
) -> None:
    stranger = emu.create_account()
    sid = api.post("/IncomingPhoneNumbers.json", AreaCode="404").json()["sid"]
    assert_twilio_error(
        api.post(f"/IncomingPhoneNumbers/{sid}.json", AccountSid=stranger.sid), 400, 20001
    )
    assert api.get(f"/IncomingPhoneNumbers/{sid}.json").json()["account_sid"] == api.sid
