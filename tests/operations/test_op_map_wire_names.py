"""Every operation's wire names, places, enums and required flags agree with op_map.json, the
operations of the original MuleSoft connector mapped to Twilio's API.

Prism ignores parameter names it does not know, so the contract tests cannot catch a misspelt
optional name; this static comparison with tests/data/op_map.json (checked against Twilio's
OpenAPI file and twilio-python 9.13) does. Operations and parameters added since (issue 10) are
checked against the OpenAPI file by test_openapi_conformance.py and against twilio-python by
test_twilio_python_wire.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from connector import ValidationError
from operations import catalog
from tests.support import reference
from tests.support.reference import sends_request

PAGING = {"limit", "pageSize"}
#: Representations default to JSON (README: Operations), so the original connector's "required"
#: does not hold for them.
REPRESENTATIONS = {"recordingType", "transcriptionFormat"}
#: make-call takes exactly one of url, twiml or applicationSid (README: Operations); the original
#: connector predates TwiML.
EXTRA_PARAMS = {"make-call": {("twiml", "Twiml", "form")}}
#: A number's registration (regulatory, emergency, trunk, voice or fax), when bought or updated.
REGISTRATION = {
    "addressSid",
    "bundleSid",
    "identitySid",
    "emergencyAddressSid",
    "emergencyStatus",
    "trunkSid",
    "voiceReceiveMode",
}
#: Number searches by capability and by what buying would need.
SEARCH = {
    "smsEnabled",
    "mmsEnabled",
    "voiceEnabled",
    "faxEnabled",
    "excludeAllAddressRequired",
    "excludeLocalAddressRequired",
    "excludeForeignAddressRequired",
    "beta",
}
#: Number searches near a point or a number, or in a LATA or rate center.
GEOGRAPHY = {"nearLatLong", "nearPhoneNumber", "inLata", "inRateCenter", "distance"}
#: An application's newer settings.
APPLICATION = {
    "messageStatusCallback",
    "publicApplicationConnectEnabled",
}
#: Many of the original operations also take twilio-python's current parameters (issue 10 and
#: after), by name here; their wire names are checked elsewhere (see above).
NEWER_PARAMS = {
    # twilio-python 9.13's other grants and its region header, checked against AccessToken in
    # test_access_tokens.py
    "create-access-token": {
        "voiceEndpointId",
        "chatEndpointId",
        "chatPushCredentialSid",
        "chatDeploymentRoleSid",
        "syncEndpointId",
        "taskRouterWorkspaceSid",
        "taskRouterWorkerSid",
        "taskRouterRole",
        "playbackGrant",
        "region",
    },
    "make-call": {
        "statusCallbackEvent",
        "record",
        "recordingChannels",
        "recordingTrack",
        "trim",
        "recordingStatusCallback",
        "recordingStatusCallbackMethod",
        "recordingStatusCallbackEvent",
        "machineDetection",
        "machineDetectionTimeout",
        "machineDetectionSpeechThreshold",
        "machineDetectionSpeechEndThreshold",
        "machineDetectionSilenceTimeout",
        "asyncAmd",
        "asyncAmdStatusCallback",
        "asyncAmdStatusCallbackMethod",
        "callerId",
        "timeLimit",
        "callReason",
        "byoc",
        "sipAuthUsername",
        "sipAuthPassword",
        "recordingConfigurationId",
        "callToken",
        "passports",
        "clientNotificationUrl",
    },
    "change-call-state": {
        "twiml",
        "fallbackUrl",
        "fallbackMethod",
        "statusCallback",
        "statusCallbackMethod",
        "timeLimit",
    },
    "send-sms-message": {
        "messagingServiceSid",
        "mediaUrl",
        "contentSid",
        "contentVariables",
        "scheduleType",
        "sendAt",
        "validityPeriod",
        "maxPrice",
        "attempt",
        "forceDelivery",
        "smartEncoded",
        "shortenUrls",
        "sendAsMms",
        "persistentAction",
        "provideFeedback",
        "addressRetention",
        "contentRetention",
        "riskCheck",
        "fallbackFrom",
        "messageIntent",
        "trafficType",
    },
    "add-incoming-phone-number-by-area-code": {"apiVersion", *REGISTRATION},
    "add-incoming-phone-number-by-phone-number": {"apiVersion", *REGISTRATION},
    "update-incoming-phone-numbers": REGISTRATION,
    "add-new-caller-id": {
        "statusCallback",
        "statusCallbackMethod",
    },
    "create-application": APPLICATION,
    "update-application": APPLICATION,
    "get-available-phone-numbers": {"inLocality", *SEARCH},
    "get-available-phone-numbers-advanced-seach": {"inLocality", *SEARCH},
    "get-available-toll-free-numbers": {
        "areaCode",
        "inRegion",
        "inPostalCode",
        "inLocality",
        *GEOGRAPHY,
        *SEARCH,
    },
    "get-calls": {
        "endTime",
        "parentCallSid",
    },
    "get-incoming-phone-numbers": {
        "origin",
        "beta",
    },
    "get-participants": {
        "hold",
        "coaching",
    },
    "get-recording": {
        "includeSoftDeleted",
    },
    "get-recordings": {
        "conferenceSid",
        "includeSoftDeleted",
    },
}
#: Required by the original, optional now: a message needs from or messagingServiceSid, and
#: body, mediaUrl or contentSid (at-least-one-of rules, issue 10).
NOW_OPTIONAL = {("send-sms-message", "from"), ("send-sms-message", "body")}

#: The original 50 (and create-access-token), as op_map.json has them; the operations added
#: since are checked against Twilio's OpenAPI files in test_openapi_conformance.py.
OP_NAMES = sorted(reference.op_map())


def ours(op: Any) -> dict[str, Any]:
    """Our parameters by name (the original connector's), paging and newer ones left out."""
    newer = NEWER_PARAMS.get(op.name, set())
    return {p.name: p for p in op.all_params if p.name not in PAGING | newer}


def place(location: str) -> str:
    """op_map's location in our vocabulary."""
    return {"path-extension": "extension", "path (alt path)": "path"}.get(location, location)


def test_every_operation_of_op_map_is_in_the_catalog(op_map: dict[str, Any]) -> None:
    assert set(op_map) <= set(catalog.names())


def test_the_newer_parameters_are_declared() -> None:
    for name, newer in NEWER_PARAMS.items():
        assert newer <= {p.name for p in catalog.get(name).all_params}, name


@pytest.mark.parametrize("name", OP_NAMES)
def test_request_line_and_success_status(name: str, op_map: dict[str, Any]) -> None:
    row, op = op_map[name], catalog.get(name)
    assert op.sends_request is sends_request(row)
    if not op.sends_request:
        assert (row["method"], row["path"], row["success_status"]) == (None, None, None)
        assert not row["in_spec"]
        assert not op.retired, f"{name} is not retired: it has no request at all"
        return
    assert (op.method, op.path) == (row["method"], row["path"])
    if row["success_status"] is not None:
        assert op.success == row["success_status"]
    else:
        assert not row["in_spec"]
        assert op.retired, f"{name} is not in Twilio's API: it must say what to use instead"


@pytest.mark.parametrize("name", OP_NAMES)
def test_wire_names_and_places(name: str, op_map: dict[str, Any]) -> None:
    row, op = op_map[name], catalog.get(name)
    expected = {(p["original_name"], p["api_name"], place(p["in"])) for p in row["params"]}
    actual = {(p.name, p.wire, p.location) for p in ours(op).values()}
    assert actual - expected == EXTRA_PARAMS.get(name, set())
    assert expected - actual == set()


def test_make_call_twiml_is_the_one_extra_parameter(op_map: dict[str, Any]) -> None:
    original_names = {p["original_name"] for p in op_map["make-call"]["params"]}
    op = catalog.get("make-call")
    assert set(ours(op)) - original_names == {"twiml"}
    assert ("url", "twiml", "applicationSid") in op.exactly_one_of


@pytest.mark.parametrize("name", OP_NAMES)
def test_enums_agree_ignoring_case(name: str, op_map: dict[str, Any]) -> None:
    params = ours(catalog.get(name))
    for p in op_map[name]["params"]:
        if (name, p["original_name"]) == ("make-call", "ifMachine"):
            continue  # the one mapped enum: see the next test
        mine = params[p["original_name"]]
        want = {value.lower() for value in p.get("enum", ())}
        assert {value.lower() for value in mine.enum} == want, p["original_name"]


def test_if_machine_takes_the_original_values_and_sends_twilios() -> None:
    """Twilio's OpenAPI file declares no enum for MachineDetection; Twilio documents Enable and
    DetectMessageEnd. The original connector's Continue and Hangup both ask for detection."""
    op = catalog.get("make-call")
    base = {"from": "+15005550006", "to": "+14155550100", "url": "https://e.com/t"}
    account = "AC" + "0" * 32
    for given, wire in (
        ("Continue", "Enable"),
        ("hangup", "Enable"),
        ("enable", "Enable"),
        ("DETECTMESSAGEEND", "DetectMessageEnd"),
    ):
        request = op.build_request(op.prepare({**base, "ifMachine": given}, account))
        assert request.form["MachineDetection"] == wire, given
    with pytest.raises(ValidationError):
        op.prepare({**base, "ifMachine": "Maybe"}, account)


@pytest.mark.parametrize("name", OP_NAMES)
def test_required_flags_follow_the_original(name: str, op_map: dict[str, Any]) -> None:
    params = ours(catalog.get(name))
    for p in op_map[name]["params"]:
        mine = params[p["original_name"]]
        if p["original_name"] in REPRESENTATIONS:
            assert not mine.required, f"{p['original_name']} defaults to JSON (README: Operations)"
        elif mine.from_config:
            assert p["original_optional"], (
                f"{p['original_name']} may only default where the original allows"
            )
            assert not mine.required
            assert (mine.location, mine.pattern) == ("path", "^AC[0-9a-fA-F]{32}$")
        elif (name, p["original_name"]) in NOW_OPTIONAL:
            assert not mine.required
            op = catalog.get(name)
            assert any(p["original_name"] in group for group in op.at_least_one_of)
        else:
            assert mine.required == (not p["original_optional"]), p["original_name"]


@pytest.mark.parametrize("name", OP_NAMES)
def test_account_sid_path_params_default_to_the_config(name: str, op_map: dict[str, Any]) -> None:
    params = ours(catalog.get(name))
    for p in op_map[name]["params"]:
        is_account = p["in"] == "path" and (p.get("pattern") or "").startswith("^AC")
        if is_account and p["original_optional"]:
            assert params[p["original_name"]].from_config, p["original_name"]


@pytest.mark.parametrize("name", OP_NAMES)
def test_types_and_patterns_agree(name: str, op_map: dict[str, Any]) -> None:
    params = ours(catalog.get(name))
    for p in op_map[name]["params"]:
        mine = params[p["original_name"]]
        if p.get("type") in ("integer", "boolean", "object"):
            assert mine.kind == p["type"], p["original_name"]
        elif p.get("format") in ("date", "date-time"):
            assert mine.kind == p["format"], p["original_name"]
        elif p.get("type") == "string":
            assert mine.kind == "string", p["original_name"]
        if p.get("pattern"):
            assert mine.pattern == p["pattern"], p["original_name"]


@pytest.mark.parametrize("name", OP_NAMES)
def test_inequality_filters_are_reachable(name: str, op_map: dict[str, Any]) -> None:
    row, op = op_map[name], catalog.get(name)
    by_wire = {p["api_name"]: p["original_name"] for p in row["params"]}
    newer = NEWER_PARAMS.get(name, set())
    by_wire |= {p.wire: p.name for p in op.all_params if p.name in newer and p.wire}
    reachable = {}
    for wire_name in row["inequality_query_params"]:
        base, sign = wire_name[:-1], wire_name[-1]
        if base not in by_wire:
            continue  # a filter neither the original nor this connector offers
        alias = by_wire[base] + ("Before" if sign == "<" else "After")
        assert alias in op.by_name, f"{alias} should send {wire_name}"
        assert op.by_name[alias].bound_names()[alias] == wire_name
        reachable[alias] = wire_name
    declared = {alias for p in op.all_params for alias in p.bound_names()}
    assert declared == set(reachable), "an inequality twin that Twilio does not offer"
