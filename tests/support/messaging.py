"""Messaging Services and content templates made through the emulator's API, for the tests of
messages sent through them."""

from __future__ import annotations

from typing import Any

from tests.support.emulator_api import Api


def service_with_numbers(api: Api, count: int = 1, **settings: str) -> tuple[str, list[str]]:
    """A new Messaging Service of the account with `count` newly bought numbers in its pool:
    its SID and the numbers, oldest first."""
    created = api.post(f"{api.url}/v1/Services", FriendlyName="Campaign", **settings)
    assert created.status_code == 201, created.text
    sid: str = created.json()["sid"]
    numbers = []
    for _ in range(count):
        number = api.post("/IncomingPhoneNumbers.json", AreaCode="415").json()
        added = api.post(f"{api.url}/v1/Services/{sid}/PhoneNumbers", PhoneNumberSid=number["sid"])
        assert added.status_code == 201, added.text
        numbers.append(number["phone_number"])
    return sid, numbers


def template(api: Api, types: dict[str, Any], variables: dict[str, str] | None = None) -> str:
    """A new content template of the account: its SID (HX...)."""
    body = {"friendly_name": "Template", "language": "en", "types": types}
    body["variables"] = variables or {}
    created = api.session.post(f"{api.url}/v1/Content", json=body, timeout=10)
    assert created.status_code == 201, created.text
    sid: str = created.json()["sid"]
    return sid
