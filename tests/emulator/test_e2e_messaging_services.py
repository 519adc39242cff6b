"""Messaging Services end to end: the operations through the Connector against the emulator
(messaging.twilio.com/v1 paths on the emulator's one origin, by ``baseUrl``), each checked by
the state it leaves, read back through other operations."""

from __future__ import annotations

from typing import Any

import pytest

from connector import BadRequestError, Connector, NotFoundError
from emulator import Account, Emulator
from tests.support.e2e import covers


def numbers_of(twilio: Connector, service: str) -> list[str]:
    found = twilio.invoke("get-messaging-service-phone-numbers", {"messagingServiceSid": service})
    return [item["phone_number"] for item in found]


def own_number(twilio: Connector, area_code: str = "510") -> dict[str, Any]:
    bought: dict[str, Any] = twilio.invoke(
        "add-incoming-phone-number-by-area-code", {"areaCode": area_code}
    )
    return bought


def sid_of_test_number(twilio: Connector) -> str:
    """The PN SID of the account's test number +15005550006."""
    numbers = twilio.invoke("get-incoming-phone-numbers", {"phoneNumber": "+15005550006"})
    return str(next(iter(numbers))["sid"])


@covers(
    "create-messaging-service",
    "get-messaging-service",
    "get-messaging-services",
    "update-messaging-service",
    "delete-messaging-service",
)
def test_a_service_is_created_read_changed_and_deleted(twilio: Connector, account: Account) -> None:
    created = twilio.invoke(
        "create-messaging-service",
        {
            "friendlyName": "Shop",
            "inboundRequestUrl": "https://example.com/inbound",
            "inboundMethod": "get",
            "stickySender": "false",
            "validityPeriod": "600",
            "usecase": "marketing",
        },
    )
    sid = created["sid"]
    assert sid.startswith("MG")
    assert created["account_sid"] == account.sid
    fetched = twilio.invoke("get-messaging-service", {"messagingServiceSid": sid})
    assert fetched == created
    assert (fetched["inbound_method"], fetched["sticky_sender"]) == ("GET", False)
    assert (fetched["validity_period"], fetched["usecase"]) == (600, "marketing")
    assert fetched["area_code_geomatch"] is True  # Twilio's defaults for what was not given
    assert fetched["scan_message_content"] == "inherit"

    updated = twilio.invoke(
        "update-messaging-service",
        {"messagingServiceSid": sid, "friendlyName": "Shop EU", "stickySender": True},
    )
    assert (updated["friendly_name"], updated["sticky_sender"]) == ("Shop EU", True)
    again = twilio.invoke("get-messaging-service", {"messagingServiceSid": sid})
    assert again["friendly_name"] == "Shop EU"
    assert again["validity_period"] == 600  # what the update did not name is kept

    other = twilio.invoke("create-messaging-service", {"friendlyName": "Alerts"})
    listed = [item["sid"] for item in twilio.invoke("get-messaging-services", {})]
    assert listed == [other["sid"], sid]  # newest first

    assert twilio.invoke("delete-messaging-service", {"messagingServiceSid": sid}) is None
    with pytest.raises(NotFoundError):
        twilio.invoke("get-messaging-service", {"messagingServiceSid": sid})
    assert [item["sid"] for item in twilio.invoke("get-messaging-services", {})] == [other["sid"]]


@covers("get-messaging-services")
def test_services_page_through_the_meta_envelope(twilio: Connector) -> None:
    made = [
        twilio.invoke("create-messaging-service", {"friendlyName": f"S{i}"})["sid"]
        for i in range(5)
    ]
    listed = twilio.invoke("get-messaging-services", {"pageSize": 2})
    assert [item["sid"] for item in listed] == made[::-1]
    limited = twilio.invoke("get-messaging-services", {"pageSize": 2, "limit": 3})
    assert [item["sid"] for item in limited] == made[::-1][:3]


@covers(
    "add-messaging-service-phone-number",
    "get-messaging-service-phone-numbers",
    "remove-messaging-service-phone-number",
)
def test_a_service_pool_holds_the_accounts_numbers(twilio: Connector, account: Account) -> None:
    service = twilio.invoke("create-messaging-service", {"friendlyName": "Pool"})["sid"]
    test_number = sid_of_test_number(twilio)
    bought = own_number(twilio)
    added = twilio.invoke(
        "add-messaging-service-phone-number",
        {"messagingServiceSid": service, "phoneNumberSid": test_number},
    )
    assert (added["sid"], added["service_sid"]) == (test_number, service)
    assert (added["phone_number"], added["account_sid"]) == ("+15005550006", account.sid)
    twilio.invoke(
        "add-messaging-service-phone-number",
        {"messagingServiceSid": service, "phoneNumberSid": bought["sid"]},
    )
    assert numbers_of(twilio, service) == [bought["phone_number"], "+15005550006"]

    removed = twilio.invoke(
        "remove-messaging-service-phone-number",
        {"messagingServiceSid": service, "phoneNumberSid": test_number},
    )
    assert removed is None
    assert numbers_of(twilio, service) == [bought["phone_number"]]
    # the account keeps the number it took out of the pool
    assert sid_of_test_number(twilio) == test_number
    with pytest.raises(NotFoundError):
        twilio.invoke(
            "remove-messaging-service-phone-number",
            {"messagingServiceSid": service, "phoneNumberSid": test_number},
        )


@covers("add-messaging-service-phone-number", "delete-messaging-service")
def test_a_number_is_in_one_service_until_it_is_freed(twilio: Connector) -> None:
    first = twilio.invoke("create-messaging-service", {"friendlyName": "First"})["sid"]
    second = twilio.invoke("create-messaging-service", {"friendlyName": "Second"})["sid"]
    number = sid_of_test_number(twilio)
    add = {"messagingServiceSid": first, "phoneNumberSid": number}
    twilio.invoke("add-messaging-service-phone-number", add)
    for service in (first, second):
        with pytest.raises(BadRequestError) as caught:
            twilio.invoke(
                "add-messaging-service-phone-number",
                {"messagingServiceSid": service, "phoneNumberSid": number},
            )
        assert caught.value.code == 21712
    assert numbers_of(twilio, second) == []

    twilio.invoke("delete-messaging-service", {"messagingServiceSid": first})
    twilio.invoke(
        "add-messaging-service-phone-number",
        {"messagingServiceSid": second, "phoneNumberSid": number},
    )
    assert numbers_of(twilio, second) == ["+15005550006"]


@covers("add-messaging-service-phone-number", "get-messaging-service-phone-numbers")
def test_only_the_accounts_own_numbers_join_and_released_ones_leave(
    twilio: Connector, emu: Emulator
) -> None:
    service = twilio.invoke("create-messaging-service", {"friendlyName": "Own"})["sid"]
    stranger = emu.create_account()
    with Connector(
        {"accountSid": stranger.sid, "authToken": stranger.auth_token, "baseUrl": emu.url}
    ) as theirs:
        foreign = sid_of_test_number(theirs)
        with pytest.raises(NotFoundError):  # another account's service is not there for them
            theirs.invoke("get-messaging-service", {"messagingServiceSid": service})
    for number in (foreign, "PN" + "0" * 32):
        with pytest.raises(BadRequestError) as caught:
            twilio.invoke(
                "add-messaging-service-phone-number",
                {"messagingServiceSid": service, "phoneNumberSid": number},
            )
        assert caught.value.code == 21421

    bought = own_number(twilio, "415")
    twilio.invoke(
        "add-messaging-service-phone-number",
        {"messagingServiceSid": service, "phoneNumberSid": bought["sid"]},
    )
    assert numbers_of(twilio, service) == [bought["phone_number"]]
    twilio.invoke("delete-incoming-phone-number", {"incomingPhoneNumberSid": bought["sid"]})
    assert numbers_of(twilio, service) == []


@covers("get-messaging-service-phone-numbers", "update-messaging-service")
def test_an_unknown_service_is_not_found(twilio: Connector) -> None:
    missing = "MG" + "0" * 32
    with pytest.raises(NotFoundError) as caught:
        list(twilio.invoke("get-messaging-service-phone-numbers", {"messagingServiceSid": missing}))
    assert caught.value.code == 20404
    with pytest.raises(NotFoundError):
        twilio.invoke(
            "update-messaging-service", {"messagingServiceSid": missing, "usecase": "poll"}
        )
