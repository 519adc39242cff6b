"""Addresses end to end over the emulator: create, read, change and delete an address, and the
numbers that depend on it (a number bought with its AddressSid)."""

from __future__ import annotations

import pytest

from connector import BadRequestError, Connector, NotFoundError
from tests.support.e2e import covers
from tests.support.emulator_api import Api

HQ = {
    "customerName": "Acme Inc",
    "street": "1 Main St",
    "city": "San Francisco",
    "region": "CA",
    "postalCode": "94105",
    "isoCountry": "US",
    "friendlyName": "HQ",
}


def sids(items: object) -> list[str]:
    return [item["sid"] for item in items]  # type: ignore[attr-defined]


@covers(
    "create-address",
    "get-address",
    "get-addresses",
    "update-address",
    "delete-address",
    "get-address-dependent-phone-numbers",
)
def test_addresses(twilio: Connector, api: Api) -> None:
    hq = twilio.invoke("create-address", HQ)
    assert hq["sid"].startswith("AD")
    assert (hq["customer_name"], hq["iso_country"], hq["validated"]) == ("Acme Inc", "US", True)
    london = twilio.invoke(
        "create-address",
        {
            "customerName": "Acme Ltd",
            "street": "1 High St",
            "city": "London",
            "region": "London",
            "postalCode": "EC1A 1AA",
            "isoCountry": "GB",
            "emergencyEnabled": "true",
        },
    )
    assert sids(twilio.invoke("get-addresses", {})) == [london["sid"], hq["sid"]]
    assert sids(twilio.invoke("get-addresses", {"isoCountry": "GB"})) == [london["sid"]]
    assert sids(twilio.invoke("get-addresses", {"emergencyEnabled": "false"})) == [hq["sid"]]
    assert sids(twilio.invoke("get-addresses", {"customerName": "Acme Inc"})) == [hq["sid"]]

    twilio.invoke(
        "update-address",
        {"addressSid": hq["sid"], "street": "2 Main St", "postalCode": "94107-1234"},
    )
    fetched = twilio.invoke("get-address", {"addressSid": hq["sid"]})
    assert (fetched["street"], fetched["postal_code"], fetched["city"]) == (
        "2 Main St",
        "94107-1234",
        "San Francisco",
    )

    # a number bought with the address depends on it
    number = api.post("/IncomingPhoneNumbers.json", AreaCode="415", AddressSid=hq["sid"]).json()
    assert number["address_sid"] == hq["sid"]
    dependents = list(
        twilio.invoke("get-address-dependent-phone-numbers", {"addressSid": hq["sid"]})
    )
    assert [(d["sid"], d["phone_number"]) for d in dependents] == [
        (number["sid"], number["phone_number"])
    ]
    assert (
        list(twilio.invoke("get-address-dependent-phone-numbers", {"addressSid": london["sid"]}))
        == []
    )
    with pytest.raises(BadRequestError):
        twilio.invoke("delete-address", {"addressSid": hq["sid"]})

    twilio.invoke("delete-incoming-phone-number", {"incomingPhoneNumberSid": number["sid"]})
    assert (
        list(twilio.invoke("get-address-dependent-phone-numbers", {"addressSid": hq["sid"]})) == []
    )
    assert twilio.invoke("delete-address", {"addressSid": hq["sid"]}) is None
    assert sids(twilio.invoke("get-addresses", {})) == [london["sid"]]
    with pytest.raises(NotFoundError):
        twilio.invoke("get-address", {"addressSid": hq["sid"]})
