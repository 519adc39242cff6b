"""Every operation's request, as a loopback server reads it off the socket.

One row per catalog operation: sample parameters and the method, path, query pairs and form
pairs Twilio must receive. The test is parametrized over the catalog, so an operation added
without a row here fails. An operation that sends no request (``create-access-token``) has no
row: the test for it is that, given every parameter, nothing reaches the server.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import unquote

import pytest

from connector import PagedList
from connector.http import requests_sent
from operations import catalog
from tests.operations import shapes
from tests.operations.shapes import ACCOUNT_SID, A, Row, sid

#: The operations that send a request; the others are worked out locally.
SENDING = [op.name for op in catalog if op.sends_request]
LOCAL = [op.name for op in catalog if not op.sends_request]
SUB = sid("AC", "b")
SUB2 = sid("AC", "c")
PN = sid("PN")
AP = sid("AP")
CA = sid("CA")
CF = sid("CF")
SM = sid("SM")
RE = sid("RE")
TR = sid("TR")
NO = sid("NO")
FROM = "+15005550006"
TO = "+14155550100"
HOOK = "https://example.com/hook"
TWIML = "<Response><Say>Hi</Say></Response>"

ROWS: dict[str, Row] = {
    "get-account-details": Row({}, "GET", f"/2010-04-01/Accounts/{ACCOUNT_SID}.json"),
    "get-all-accounts-details": Row(
        {"accountStatus": "ACTIVE", "friendlyName": "Team"},
        "GET",
        "/2010-04-01/Accounts.json",
        query=[("Status", "active"), ("FriendlyName", "Team")],
    ),
    "update-account": Row(
        {"accountSid": SUB, "accountStatus": "Suspended", "friendlyName": "Renamed"},
        "POST",
        f"/2010-04-01/Accounts/{SUB}.json",
        form=[("Status", "suspended"), ("FriendlyName", "Renamed")],
    ),
    "create-sub-account": Row(
        {"friendlyName": "Child"},
        "POST",
        "/2010-04-01/Accounts.json",
        form=[("FriendlyName", "Child")],
    ),
    "get-sub-account-by-account-sid": Row(
        {"accountSid": SUB}, "GET", f"/2010-04-01/Accounts/{SUB}.json"
    ),
    "get-sub-account-by-friendly-name": Row(
        {"friendlyName": "Child"},
        "GET",
        "/2010-04-01/Accounts.json",
        query=[("FriendlyName", "Child"), ("PageSize", "1")],
    ),
    "exchange-phone-numbers-between-subaccounts": Row(
        {"accountSidFrom": SUB2, "incomingPhoneNumberSid": PN, "accountSidTo": SUB},
        "POST",
        f"/2010-04-01/Accounts/{SUB2}/IncomingPhoneNumbers/{PN}.json",
        form=[("AccountSid", SUB)],
    ),
    "get-available-phone-numbers": Row(
        {
            "isoCountryCode": "US",
            "areaCode": "510",
            "contains": "55*",
            "inRegion": "CA",
            "inPostalCode": "94105",
        },
        "GET",
        f"{A}/AvailablePhoneNumbers/US/Local.json",
        query=[
            ("AreaCode", "510"),
            ("Contains", "55*"),
            ("InRegion", "CA"),
            ("InPostalCode", "94105"),
        ],
    ),
    "get-available-phone-numbers-advanced-seach": Row(
        {
            "isoCountryCode": "US",
            "areaCode": 510,
            "contains": "55",
            "inRegion": "CA",
            "inPostalCode": "94612",
            "nearLatLong": "37.84,-122.27",
            "nearPhoneNumber": TO,
            "inLata": "722",
            "inRateCenter": "OKLD",
            "distance": "25",
        },
        "GET",
        f"{A}/AvailablePhoneNumbers/US/Local.json",
        query=[
            ("AreaCode", "510"),
            ("Contains", "55"),
            ("InRegion", "CA"),
            ("InPostalCode", "94612"),
            ("NearLatLong", "37.84,-122.27"),
            ("NearNumber", TO),
            ("InLata", "722"),
            ("InRateCenter", "OKLD"),
            ("Distance", "25"),
        ],
    ),
    "get-available-toll-free-numbers": Row(
        {"isoCountryCode": "GB", "contains": "800"},
        "GET",
        f"{A}/AvailablePhoneNumbers/GB/TollFree.json",
        query=[("Contains", "800")],
    ),
    "get-outgoing-caller-id-by-outgoing-caller-id-sid": Row(
        {"outgoingCallerIdSid": PN}, "GET", f"{A}/OutgoingCallerIds/{PN}.json"
    ),
    "update-outgoing-caller-id-by-outgoing-caller-id-sid": Row(
        {"outgoingCallerIdSid": PN, "friendlyName": "Office"},
        "POST",
        f"{A}/OutgoingCallerIds/{PN}.json",
        form=[("FriendlyName", "Office")],
    ),
    "get-all-outgoing-caller-ids": Row(
        {"phoneNumber": TO, "friendlyName": "Office", "pageSize": "20"},
        "GET",
        f"{A}/OutgoingCallerIds.json",
        query=[("PhoneNumber", TO), ("FriendlyName", "Office"), ("PageSize", "20")],
    ),
    "add-new-caller-id": Row(
        {"phoneNumber": TO, "friendlyName": "Office", "callDelay": "5", "extension": "123"},
        "POST",
        f"{A}/OutgoingCallerIds.json",
        form=[
            ("PhoneNumber", TO),
            ("FriendlyName", "Office"),
            ("CallDelay", "5"),
            ("Extension", "123"),
        ],
    ),
    "delete-outgoing-caller-id": Row(
        {"outgoingCallerIdSid": PN}, "DELETE", f"{A}/OutgoingCallerIds/{PN}.json"
    ),
    "get-incoming-phone-numbers-by-incoming-phone-number-sid": Row(
        {"incomingPhoneNumberSid": PN}, "GET", f"{A}/IncomingPhoneNumbers/{PN}.json"
    ),
    "update-incoming-phone-numbers": Row(
        {
            "incomingPhoneNumberSid": PN,
            "friendlyName": "Main",
            "apiVersion": "2010-04-01",
            "voiceUrl": HOOK,
            "voiceMethod": "get",
            "voiceFallbackUrl": HOOK,
            "voiceFallbackMethod": "post",
            "statusCallback": HOOK,
            "statusCallbackMethod": "Post",
            "voiceCallerIdLookup": "TRUE",
            "voiceApplicationSid": AP,
            "smsUrl": HOOK,
            "smsMethod": "GET",
            "smsFallbackUrl": HOOK,
            "smsFallbackMethod": "get",
            "smsApplicationSid": AP,
            "accountSidDestination": SUB,
        },
        "POST",
        f"{A}/IncomingPhoneNumbers/{PN}.json",
        form=[
            ("FriendlyName", "Main"),
            ("ApiVersion", "2010-04-01"),
            ("VoiceUrl", HOOK),
            ("VoiceMethod", "GET"),
            ("VoiceFallbackUrl", HOOK),
            ("VoiceFallbackMethod", "POST"),
            ("StatusCallback", HOOK),
            ("StatusCallbackMethod", "POST"),
            ("VoiceCallerIdLookup", "true"),
            ("VoiceApplicationSid", AP),
            ("SmsUrl", HOOK),
            ("SmsMethod", "GET"),
            ("SmsFallbackUrl", HOOK),
            ("SmsFallbackMethod", "GET"),
            ("SmsApplicationSid", AP),
            ("AccountSid", SUB),
        ],
    ),
    "delete-incoming-phone-number": Row(
        {"incomingPhoneNumberSid": PN}, "DELETE", f"{A}/IncomingPhoneNumbers/{PN}.json"
    ),
    "get-incoming-phone-numbers": Row(
        {"phoneNumber": "555", "friendlyName": "Main"},
        "GET",
        f"{A}/IncomingPhoneNumbers.json",
        query=[("PhoneNumber", "555"), ("FriendlyName", "Main")],
    ),
    "add-incoming-phone-number-by-phone-number": Row(
        {"phoneNumber": TO, "friendlyName": "Main", "smsUrl": HOOK, "smsMethod": "post"},
        "POST",
        f"{A}/IncomingPhoneNumbers.json",
        form=[
            ("PhoneNumber", TO),
            ("FriendlyName", "Main"),
            ("SmsUrl", HOOK),
            ("SmsMethod", "POST"),
        ],
    ),
    "add-incoming-phone-number-by-area-code": Row(
        {"areaCode": "510", "voiceApplicationSid": AP, "voiceCallerIdLookup": "no"},
        "POST",
        f"{A}/IncomingPhoneNumbers.json",
        form=[("AreaCode", "510"), ("VoiceApplicationSid", AP), ("VoiceCallerIdLookup", "false")],
    ),
    "get-application": Row({"applicationSid": AP}, "GET", f"{A}/Applications/{AP}.json"),
    "update-application": Row(
        {
            "applicationSid": AP,
            "friendlyName": "IVR",
            "apiVersion": "2010-04-01",
            "voiceFallbackMethod": "get",
            "smsStatusCallback": HOOK,
        },
        "POST",
        f"{A}/Applications/{AP}.json",
        form=[
            ("FriendlyName", "IVR"),
            ("ApiVersion", "2010-04-01"),
            ("VoiceFallbackMethod", "GET"),
            ("SmsStatusCallback", HOOK),
        ],
    ),
    "delete-application": Row({"applicationSid": AP}, "DELETE", f"{A}/Applications/{AP}.json"),
    "get-all-applications": Row(
        {"friendlyName": "IVR", "limit": "5"},
        "GET",
        f"{A}/Applications.json",
        query=[("FriendlyName", "IVR"), ("PageSize", "5")],
    ),
    "create-application": Row(
        {"friendlyName": "IVR", "voiceUrl": HOOK, "statusCallbackMethod": "Post"},
        "POST",
        f"{A}/Applications.json",
        form=[("FriendlyName", "IVR"), ("VoiceUrl", HOOK), ("StatusCallbackMethod", "POST")],
    ),
    "get-call": Row({"callSid": CA}, "GET", f"{A}/Calls/{CA}.json"),
    "get-calls": Row(
        {"to": TO, "from": FROM, "status": "COMPLETED", "startTime": ">=2024-01-01"},
        "GET",
        f"{A}/Calls.json",
        query=[
            ("To", TO),
            ("From", FROM),
            ("Status", "completed"),
            ("StartTime>", "2024-01-01T00:00:00Z"),
        ],
    ),
    "make-call": Row(
        {
            "from": FROM,
            "to": TO,
            "url": HOOK,
            "method": "get",
            "timeout": "30",
            "ifMachine": "Enable",
            "sendDigits": "1234#",
        },
        "POST",
        f"{A}/Calls.json",
        form=[
            ("From", FROM),
            ("To", TO),
            ("Url", HOOK),
            ("Method", "GET"),
            ("Timeout", "30"),
            ("MachineDetection", "Enable"),
            ("SendDigits", "1234#"),
        ],
    ),
    "change-call-state": Row(
        {"callSid": CA, "status": "Completed"},
        "POST",
        f"{A}/Calls/{CA}.json",
        form=[("Status", "completed")],
    ),
    "get-conference": Row({"conferenceSid": CF}, "GET", f"{A}/Conferences/{CF}.json"),
    "get-conferences": Row(
        {
            "status": "IN-PROGRESS",
            "friendlyName": "Room",
            "dateCreated": "<=2024-01-31",
            "dateUpdatedAfter": "2024-01-01",
        },
        "GET",
        f"{A}/Conferences.json",
        query=[
            ("Status", "in-progress"),
            ("FriendlyName", "Room"),
            ("DateCreated<", "2024-01-31"),
            ("DateUpdated>", "2024-01-01"),
        ],
    ),
    "get-participant": Row(
        {"conferenceSid": CF, "callSid": CA},
        "GET",
        f"{A}/Conferences/{CF}/Participants/{CA}.json",
    ),
    "update-participant-status": Row(
        {"conferenceSid": CF, "callSid": CA, "muted": "yes"},
        "POST",
        f"{A}/Conferences/{CF}/Participants/{CA}.json",
        form=[("Muted", "true")],
    ),
    "delete-participant": Row(
        {"conferenceSid": CF, "callSid": CA},
        "DELETE",
        f"{A}/Conferences/{CF}/Participants/{CA}.json",
    ),
    "get-participants": Row(
        {"conferenceSid": CF, "muted": "FALSE"},
        "GET",
        f"{A}/Conferences/{CF}/Participants.json",
        query=[("Muted", "false")],
    ),
    "get-sms-message": Row({"smsMessageSid": SM}, "GET", f"{A}/Messages/{SM}.json"),
    "get-all-sms-messages": Row(
        {"to": TO, "from": FROM, "dateSent": "2024-01-31T10:00:00+02:00"},
        "GET",
        f"{A}/Messages.json",
        query=[("To", TO), ("From", FROM), ("DateSent", "2024-01-31T08:00:00Z")],
    ),
    "send-sms-message": Row(
        {"from": FROM, "to": TO, "body": "Hello", "statusCallback": HOOK, "applicationSid": AP},
        "POST",
        f"{A}/Messages.json",
        form=[
            ("From", FROM),
            ("To", TO),
            ("Body", "Hello"),
            ("StatusCallback", HOOK),
            ("ApplicationSid", AP),
        ],
    ),
    "get-recording": Row({"recordingSid": RE}, "GET", f"{A}/Recordings/{RE}.json"),
    "delete-recording": Row({"recordingSid": RE}, "DELETE", f"{A}/Recordings/{RE}.json"),
    "get-recordings": Row(
        {"callSid": CA, "dateCreatedBefore": "2024-01-31"},
        "GET",
        f"{A}/Recordings.json",
        query=[("CallSid", CA), ("DateCreated<", "2024-01-31T00:00:00Z")],
    ),
    "get-transcription-by-transcription-sid": Row(
        {"transcriptionSid": TR}, "GET", f"{A}/Transcriptions/{TR}.json"
    ),
    "get-transcriptions": Row({}, "GET", f"{A}/Transcriptions.json"),
    "get-notification": Row({"notificationSid": NO}, "GET", f"{A}/Notifications/{NO}.json"),
    "delete-notification": Row({"notificationSid": NO}, "DELETE", f"{A}/Notifications/{NO}.json"),
    "get-all-notifications": Row(
        {"log": "1", "messageDate": "2024-01-31"},
        "GET",
        f"{A}/Notifications.json",
        query=[("Log", "1"), ("MessageDate", "2024-01-31")],
    ),
    "get-notifications-by-call-sid": Row(
        {"callSid": CA, "messageDate": ">=2024-01-01", "pageSize": 100},
        "GET",
        f"{A}/Calls/{CA}/Notifications.json",
        query=[("MessageDate>", "2024-01-01"), ("PageSize", "100")],
    ),
    "get-sandbox": Row({}, "GET", f"{A}/Sandbox.json"),
    "update-sandbox": Row(
        {"voiceUrl": HOOK, "voiceMethod": "post", "smsUrl": HOOK, "smsMethod": "get"},
        "POST",
        f"{A}/Sandbox.json",
        form=[("VoiceUrl", HOOK), ("VoiceMethod", "POST"), ("SmsUrl", HOOK), ("SmsMethod", "GET")],
    ),
}

#: Further shapes of some operations: other representations, the alternate path, an alias.
VARIANTS: list[tuple[str, Row]] = [
    ("get-account-details", Row({"accountSid": SUB}, "GET", f"/2010-04-01/Accounts/{SUB}.json")),
    (
        "get-recording",
        Row({"recordingSid": RE, "recordingType": "mp3"}, "GET", f"{A}/Recordings/{RE}.mp3"),
    ),
    (
        "get-recording",
        Row({"recordingSid": RE, "recordingType": "WAV"}, "GET", f"{A}/Recordings/{RE}.wav"),
    ),
    (
        "get-recording",
        Row({"recordingSid": RE, "recordingType": "Xml"}, "GET", f"{A}/Recordings/{RE}.xml"),
    ),
    (
        "get-recording",
        Row({"recordingSid": RE, "recordingType": "JSON"}, "GET", f"{A}/Recordings/{RE}.json"),
    ),
    (
        "get-transcription-by-transcription-sid",
        Row(
            {"transcriptionSid": TR, "transcriptionFormat": "txt"},
            "GET",
            f"{A}/Transcriptions/{TR}.txt",
        ),
    ),
    (
        "get-transcription-by-transcription-sid",
        Row(
            {"transcriptionSid": TR, "transcriptionFormat": "XML"},
            "GET",
            f"{A}/Transcriptions/{TR}.xml",
        ),
    ),
    (
        "get-transcriptions",
        Row({"recordingSid": RE}, "GET", f"{A}/Recordings/{RE}/Transcriptions.json"),
    ),
    (
        "get-available-phone-numbers-advanced-search",
        Row(
            {"isoCountryCode": "CA", "nearLatLong": "45.5,-73.6"},
            "GET",
            f"{A}/AvailablePhoneNumbers/CA/Local.json",
            query=[("NearLatLong", "45.5,-73.6")],
        ),
    ),
    (
        "make-call",
        Row(
            {"from": FROM, "to": TO, "twiml": TWIML},
            "POST",
            f"{A}/Calls.json",
            form=[("From", FROM), ("To", TO), ("Twiml", TWIML)],
        ),
    ),
    (
        "make-call",
        Row(
            {"from": FROM, "to": TO, "applicationSid": AP},
            "POST",
            f"{A}/Calls.json",
            form=[("From", FROM), ("To", TO), ("ApplicationSid", AP)],
        ),
    ),
]

shapes.gathered(ROWS, VARIANTS)

MEDIA = {
    ".mp3": ("audio/mpeg", b"ID3\x03\x00fake-mp3"),
    ".wav": ("audio/x-wav", b"RIFF\x24\x00\x00\x00WAVEfake"),
    ".xml": ("application/xml", b"<TwilioResponse/>"),
    ".txt": ("text/plain", b"hello world"),
}


def reply_for(name: str, path: str) -> dict[str, Any]:
    """What Twilio would answer: the success status and a body of the right shape."""
    op = catalog.get(name)
    for suffix, (media_type, body) in MEDIA.items():
        if path.endswith(suffix):
            return {"status": 200, "body": body, "headers": {"Content-Type": media_type}}
    if op.success == 204:
        return {"status": 204, "body": b"", "headers": {"Content-Type": "text/plain"}}
    if op.list_key:
        records = [{"sid": SUB, "friendly_name": "Child"}] if op.first_only else []
        return {"status": op.success, "body": {op.list_key: records, "next_page_uri": None}}
    return {"status": op.success, "body": {"sid": "XX" + "0" * 32}}


def check_shape(name: str, row: Row, server: Any, make_connector: Any) -> None:
    server.answer(**reply_for(name, row.path))
    twilio = make_connector(accountSid=ACCOUNT_SID)
    result = twilio.execute(name, row.params)

    assert len(server.requests) == 1, "exactly one request per operation call"
    got = server.requests[0]
    assert (got.method, got.path) == (row.method, row.path)
    assert sorted(got.query) == sorted(row.query)
    if row.json is not None:
        assert got.header("Content-Type") == "application/json"
        assert got.json == row.json
    else:
        assert sorted(got.form) == sorted(row.form)
    token = base64.b64encode(f"{ACCOUNT_SID}:{twilio.config.password()}".encode()).decode()
    assert got.header("Authorization") == f"Basic {token}"
    if row.method == "POST" and row.json is None:
        assert got.header("Content-Type") == "application/x-www-form-urlencoded"
    elif row.json is None:
        assert got.body == b""

    op = catalog.get(name)
    assert result.attributes.status_code == server.default.status
    if op.success == 204:
        assert result.payload is None
    elif op.list_key and not op.first_only:
        assert isinstance(result.payload, PagedList)
    elif any(row.path.endswith(suffix) for suffix in (".mp3", ".wav")):
        assert result.payload == server.default.body
    elif any(row.path.endswith(suffix) for suffix in (".xml", ".txt")):
        assert result.payload == server.default.body.decode()
    elif row.path.startswith("/2010-04-01/") and "." not in row.path.rsplit("/", 1)[-1]:
        assert isinstance(result.payload, bytes)  # a media item's content, at its bare URI
    else:
        assert isinstance(result.payload, dict)


@pytest.mark.parametrize("name", SENDING)
def test_request_shape(name: str, server: Any, make_connector: Any) -> None:
    row = ROWS.get(name)
    assert row is not None, f"add a request-shape row for {name} to ROWS"
    check_shape(name, row, server, make_connector)


@pytest.mark.parametrize(
    ("name", "row"),
    VARIANTS,
    ids=[f"{name}:{row.path.rsplit('/', 1)[-1]}" for name, row in VARIANTS],
)
def test_request_shape_variants(name: str, row: Row, server: Any, make_connector: Any) -> None:
    check_shape(name, row, server, make_connector)


def test_rows_name_only_catalog_operations() -> None:
    assert set(ROWS) == set(SENDING)


@pytest.mark.parametrize("name", LOCAL)
def test_an_operation_without_a_request_sends_nothing(
    name: str, server: Any, make_connector: Any, sample_params: Any
) -> None:
    secret = "a-key-secret-of-32-characters-00"
    twilio = make_connector(authToken=None, apiKey=sid("SK"), apiSecret=secret)
    before = requests_sent()
    result = twilio.execute(name, sample_params(catalog.get(name)))
    assert (server.attempts, requests_sent() - before) == (0, 0)
    assert result.payload is not None
    assert (result.attributes.status_code, result.attributes.uri) == (None, None)


@pytest.mark.parametrize("name", SENDING)
def test_every_parameter_reaches_the_wire(
    name: str, server: Any, make_connector: Any, sample_params: Any
) -> None:
    """Given every parameter at once, each is sent under its wire name in its place."""
    op = catalog.get(name)
    params = sample_params(op)
    server.answer(**reply_for(name, op.path))
    make_connector().execute(name, params)

    got = server.requests[0]
    path = unquote(got.path)  # a path value is quoted on the wire (+ as %2B)
    segments = set(path.split("/")) | {path.rsplit("/", 1)[-1].removesuffix(".json")}
    expected: dict[str, set[str]] = {"query": set(), "form": set(), "json": set()}
    for given in params:
        param = op.by_name[given]
        wire = param.bound_names().get(given, param.wire)
        if param.location == "path":
            assert str(params[given]) in segments, f"{given} is not in the path {got.path}"
        elif param.location in expected:
            expected[param.location].add(str(wire))
    if op.first_only:
        expected["query"].add("PageSize")
    expected["form"] |= set(op.fixed_form)
    assert {key for key, _ in got.query} == expected["query"]
    if op.json_body:
        assert set(got.json) == expected["json"]
    else:
        assert {key for key, _ in got.form} == expected["form"]
