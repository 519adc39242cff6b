"""Sample values: the test account's credentials, and valid parameters for any operation of the
catalog, written the way flows give them (text, in any case), as the contract tests send them."""

from __future__ import annotations

import re
from typing import Any

#: The account the loopback configs and most config tests use.
ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "test-auth-token-0123456789"

_TEXT = {
    "isoCountryCode": "US",
    "apiVersion": "2010-04-01",
    "ifMachine": "Enable",
    "twiml": "<Response><Say>Hello</Say></Response>",
    "areaCode": "510",
    "nearLatLong": "37.84,-122.27",
    "inLata": "722",
    "inRateCenter": "OKLD",
    "inRegion": "CA",
    "inPostalCode": "94105",
    "contains": "555",
    "extension": "123",
    "sendDigits": "1234",
    "body": "Hello from the tests",
    "callSid": "CA" + "4" * 32,
    "domainName": "sample.sip.twilio.com",
    "ipAddress": "192.0.2.10",
    "password": "IWasAtSignal2018",
    "isoCountry": "US",
    "postalCode": "94105",
    "category": "sms-outbound",
    "usageCategory": "sms",
    "triggerValue": "100",
    "countryCode": "US",
    "addressCountryCode": "US",
    "emergencyCallerPosition": "37.7749 -122.4194",
    "dateOfBirth": "19900131",
    "lastVerifiedDate": "20240131",
    "customCode": "4321",
    "code": "123456",
}
_INTEGER = {
    "areaCode": "510",
    "distance": "25",
    "callDelay": "5",
    "timeout": "30",
    "log": "1",
    "cidrPrefixLength": "24",
    "codeLength": "6",
}
#: Structured values (a parameter with a ``shape``), as the command line gives them: JSON text.
_DOCUMENT = {
    "types": '{"twilio/text": {"body": "Hello {{1}}"}}',
    "variables": '{"1": "Sample"}',
}
_PHONE = "+14155550100"
_SID_PATTERN = re.compile(r"^\^\(?([A-Z]{2})")


def sample_value(param: Any) -> Any:
    """A value Twilio's spec accepts, given the way flows give them (text, any case)."""
    if param.name == "limit":
        return "5"
    if param.name == "pageSize":
        return "20"
    if param.kind == "integer":
        return _INTEGER.get(param.name, str(max(1, param.minimum or 1)))
    if param.kind == "number":
        return "0.75"
    if param.kind == "string" and param.max_length == 0:
        return ""  # an empty-only text (update-message's body, which redacts)
    if param.kind == "boolean":
        return "TRUE"
    if param.kind == "date":
        return "2024-01-31"
    if param.kind == "date-time":
        return "2024-01-31T10:00:00+02:00"
    if param.kind == "object" and param.shape is not None:
        return _DOCUMENT[param.name]
    if param.kind == "object":
        return '{"to": "+14155550100"}'  # JSON text, as the command line gives a mapping
    if param.kind == "list":
        if param.enum:
            return ", ".join(param.enum[:2]).upper()  # text, as a flow gives a list of choices
        if param.pattern and param.pattern.startswith("^https"):
            return ["https://example.com/a.png", "https://example.com/b.png"]
        return ["Sample"]
    if param.enum:
        first = param.enum[0]
        return first.lower() if first.isupper() else first.upper()
    if param.pattern and param.pattern.startswith("^https"):
        return "https://example.com/hook"
    if param.pattern and (match := _SID_PATTERN.match(param.pattern)):
        return match.group(1) + "3" * 32
    if param.name in _TEXT:
        return _TEXT[param.name]
    if "phone" in param.name.lower() or param.name in ("to", "from"):
        return _PHONE
    return "Sample"


def sample_params(op: Any, *, full: bool = True) -> dict[str, Any]:
    """Valid parameters for ``op``: every one it takes (``full``) or only what it requires.

    Of each exactly-one-of (and at-most-one-of) group only the first is given, and of each
    at-least-one-of group at least the first; representations stay at JSON.
    """
    groups = (*op.exactly_one_of, *op.at_most_one_of)
    excluded = {name for group in groups for name in group[1:]}
    firsts = {group[0] for group in (*op.exactly_one_of, *op.at_least_one_of)}
    params: dict[str, Any] = {}
    for param in op.all_params:
        if param.extensions or param.name in excluded:
            continue
        if not (full or param.required or param.name in firsts):
            continue
        if param.name == "accountSid" and param.from_config and not full:
            continue
        value = sample_value(param)
        params[param.name] = value
        if full:
            params.update(dict.fromkeys(param.bound_names(), value))
    return params


def nested(depth: int) -> list[Any]:
    """A list nested ``depth`` levels deep: ``[[[...]]]``."""
    root: list[Any] = []
    inner = root
    for _ in range(depth):
        inner.append([])
        inner = inner[0]
    return root
