"""Every magic number of shared/reference/magic-numbers.md, read from that file."""

from __future__ import annotations

import re
from typing import Any

import pytest
from emulator_support import SHARED, Api, assert_twilio_error

ROW = re.compile(r"^\| (From|To|PhoneNumber|AreaCode) \| (\+?\d+) \| (.+?) \|$")
ENDPOINTS = {
    "Sending messages": (
        "/Messages.json",
        {"From": "+15005550006", "To": "+14155550100", "Body": "hi"},
    ),
    "Making calls": (
        "/Calls.json",
        {"From": "+15005550006", "To": "+14155550100", "Url": "https://example.com/twiml"},
    ),
    "Buying numbers": ("/IncomingPhoneNumbers.json", {}),
}


def magic_numbers() -> list[tuple[str, str, str, str]]:
    rows = []
    section = ""
    for line in (SHARED / "reference" / "magic-numbers.md").read_text("utf-8").splitlines():
        if line.startswith("## "):
            section = next(name for name in [*ENDPOINTS, ""] if line[3:].startswith(name))
        match = ROW.match(line)
        if match and section:
            rows.append((section, *match.groups()))
    return rows


MAGIC = magic_numbers()


def test_the_reference_file_was_read() -> None:
    assert len(MAGIC) == 20
    assert {section for section, *_ in MAGIC} == set(ENDPOINTS)


@pytest.mark.parametrize(
    ("section", "field", "value", "outcome"),
    MAGIC,
    ids=[f"{s.split()[0]}-{f}-{v}" for s, f, v, _ in MAGIC],
)
def test_magic_number(api: Api, section: str, field: str, value: str, outcome: str) -> None:
    path, defaults = ENDPOINTS[section]
    data: dict[str, Any] = {**defaults, field: value}
    response = api.post(path, **data)
    failure = re.match(r"(\d{3}), code (\d+)", outcome)
    if failure:
        assert_twilio_error(response, int(failure.group(1)), int(failure.group(2)))
        return
    assert outcome.startswith("success"), outcome
    assert response.status_code == 201, response.text
    if "`queued`" in outcome:
        assert response.json()["status"] == "queued"


def test_calls_from_a_number_neither_owned_nor_verified_get_21210(api: Api) -> None:
    response = api.post(
        "/Calls.json", From="+14155550177", To="+14155550100", Url="https://example.com/t"
    )
    assert_twilio_error(response, 400, 21210)


def test_magic_numbers_apply_to_every_account(api: Api) -> None:
    sub = api.post(f"{api.url}/2010-04-01/Accounts.json").json()
    as_sub = Api(api.url, sub["sid"], sub["auth_token"])
    assert_twilio_error(
        as_sub.post("/Messages.json", From="+15005550006", To="+15005550003", Body="x"), 400, 21408
    )
    assert as_sub.send()["status"] == "queued"
