"""The Verify and Lookup endpoints answer in the shape of Twilio's published response schemas
(twilio_verify_v2.json, twilio_lookups_v2.json): every field present, no others."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from emulator import Emulator, ManualClock
from tests.support.openapi import spec, validate_response

LOOKUP = "/v2/PhoneNumbers/{PhoneNumber}"
SERVICES = "/v2/Services"
SERVICE = "/v2/Services/{Sid}"
VERIFICATIONS = "/v2/Services/{ServiceSid}/Verifications"
VERIFICATION = "/v2/Services/{ServiceSid}/Verifications/{Sid}"
CHECK = "/v2/Services/{ServiceSid}/VerificationCheck"


@pytest.fixture(scope="module")
def session() -> Iterator[tuple[str, requests.Session]]:
    with Emulator(clock=ManualClock()) as emu:
        account = emu.create_account(friendly_name="Main")
        http = requests.Session()
        http.auth = (account.sid, account.auth_token)
        yield emu.url, http


def answer(
    session: tuple[str, requests.Session], method: str, path: str, **data: Any
) -> tuple[int, Any]:
    url, http = session
    response = http.request(method, url + path, data=data or None, timeout=10)
    return response.status_code, (response.json() if response.content else None)


@pytest.fixture
def verify(openapi_file: Callable[[str], Path]) -> Path:
    return openapi_file("verify")


@pytest.fixture
def lookups(openapi_file: Callable[[str], Path]) -> Path:
    return openapi_file("lookups")


def test_services_have_twilios_shape(session: Any, verify: Path) -> None:
    status, created = answer(session, "POST", "/v2/Services", FriendlyName="Acme", CodeLength="5")
    validate_response(verify, "POST", SERVICES, status, created)
    sid = created["sid"]
    for method, path, template, data in (
        ("GET", f"/v2/Services/{sid}", SERVICE, {}),
        ("POST", f"/v2/Services/{sid}", SERVICE, {"LookupEnabled": "true"}),
        ("GET", "/v2/Services", SERVICES, {}),
    ):
        status, body = answer(session, method, path, **data)
        validate_response(verify, method, template, status, body)
    status, body = answer(session, "DELETE", f"/v2/Services/{sid}")
    assert (status, body) == (204, None)


@pytest.mark.parametrize("channel", ["sms", "call", "email", "whatsapp"])
def test_verifications_and_checks_have_twilios_shape(
    session: Any, verify: Path, channel: str
) -> None:
    _, service = answer(session, "POST", "/v2/Services", FriendlyName="Acme", LookupEnabled="true")
    base = f"/v2/Services/{service['sid']}"
    to = "ada@example.com" if channel == "email" else "+14155550100"
    status, started = answer(session, "POST", f"{base}/Verifications", To=to, Channel=channel)
    validate_response(verify, "POST", VERIFICATIONS, status, started)
    status, fetched = answer(session, "GET", f"{base}/Verifications/{started['sid']}")
    validate_response(verify, "GET", VERIFICATION, status, fetched)
    status, checked = answer(session, "POST", f"{base}/VerificationCheck", To=to, Code="0000")
    validate_response(verify, "POST", CHECK, status, checked)
    status, canceled = answer(
        session, "POST", f"{base}/Verifications/{started['sid']}", Status="canceled"
    )
    validate_response(verify, "POST", VERIFICATION, status, canceled)


@pytest.mark.parametrize(
    "number", ["+14155550100", "+447700900123", "+33612345678", "+1415555010", "not-a-number"]
)
def test_lookups_have_twilios_shape(session: Any, lookups: Path, number: str) -> None:
    fields = "validation,line_type_intelligence,caller_name,sim_swap,line_status,call_forwarding"
    url, http = session
    response = http.get(f"{url}/v2/PhoneNumbers/{number}", params={"Fields": fields}, timeout=10)
    validate_response(lookups, "GET", LOOKUP, response.status_code, response.json())


def test_twilios_own_lookup_examples_pass_the_same_check(lookups: Path) -> None:
    """The nulls allowed for Lookup (tests/support/openapi.py) are those Twilio's examples show."""
    operation = spec(lookups)["paths"][LOOKUP]["get"]
    examples = operation["responses"]["200"]["content"]["application/json"]["examples"]
    checked = 0
    for example in examples.values():
        body = example["value"]
        if body.get("validation_errors") is None:
            body = {**body, "validation_errors": []}  # the emulator answers [] for "none"
        if any(body.get(key) is not None for key in ("identity_match", "reassigned_number")):
            continue  # packages whose examples leave fields out; the emulator answers them null
        if body.get("sms_pumping_risk") is not None or body.get("pre_fill") is not None:
            continue
        validate_response(lookups, "GET", LOOKUP, 200, body)
        checked += 1
    assert checked >= 8
