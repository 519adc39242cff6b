"""Request shapes of the newer voice operations: calls, call recordings, conferences and
participants, and mobile numbers (issue 10)."""

from __future__ import annotations

from tests.operations.shapes import A, Row, sid

CA = sid("CA")
CF = sid("CF")
RE = sid("RE")
BY = sid("BY")
FROM, TO = "+15005550006", "+14155550100"
HOOK = "https://example.com/hook"

ROWS: dict[str, Row] = {
    "delete-call": Row({"callSid": CA}, "DELETE", f"{A}/Calls/{CA}.json"),
    "get-call-recordings": Row(
        {"callSid": CA, "dateCreated": ">=2024-01-01"},
        "GET",
        f"{A}/Calls/{CA}/Recordings.json",
        query=[("DateCreated>", "2024-01-01")],
    ),
    "start-call-recording": Row(
        {
            "callSid": CA,
            "recordingChannels": "DUAL",
            "recordingTrack": "inbound",
            "trim": "do-not-trim",
            "recordingStatusCallback": HOOK,
            "recordingStatusCallbackEvent": "in-progress completed",
        },
        "POST",
        f"{A}/Calls/{CA}/Recordings.json",
        form=[
            ("RecordingChannels", "dual"),
            ("RecordingTrack", "inbound"),
            ("Trim", "do-not-trim"),
            ("RecordingStatusCallback", HOOK),
            ("RecordingStatusCallbackEvent", "in-progress"),
            ("RecordingStatusCallbackEvent", "completed"),
        ],
    ),
    "update-call-recording": Row(
        {
            "callSid": CA,
            "recordingSid": "Twilio.CURRENT",
            "status": "Paused",
            "pauseBehavior": "skip",
        },
        "POST",
        f"{A}/Calls/{CA}/Recordings/Twilio.CURRENT.json",
        form=[("Status", "paused"), ("PauseBehavior", "skip")],
    ),
    "update-conference": Row(
        {"conferenceSid": CF, "status": "completed", "announceUrl": HOOK, "announceMethod": "get"},
        "POST",
        f"{A}/Conferences/{CF}.json",
        form=[("Status", "completed"), ("AnnounceUrl", HOOK), ("AnnounceMethod", "GET")],
    ),
    "add-participant": Row(
        {
            "conferenceSid": CF,
            "from": FROM,
            "to": TO,
            "beep": "onEnter",
            "muted": "yes",
            "statusCallbackEvent": ["ringing", "answered"],
            "timeout": "20",
            "label": "agent",
        },
        "POST",
        f"{A}/Conferences/{CF}/Participants.json",
        form=[
            ("From", FROM),
            ("To", TO),
            ("Beep", "onEnter"),
            ("Muted", "true"),
            ("StatusCallbackEvent", "ringing"),
            ("StatusCallbackEvent", "answered"),
            ("Timeout", "20"),
            ("Label", "agent"),
        ],
    ),
    "update-participant": Row(
        {
            "conferenceSid": CF,
            "callSid": "agent",
            "hold": True,
            "holdUrl": HOOK,
            "holdMethod": "GET",
        },
        "POST",
        f"{A}/Conferences/{CF}/Participants/agent.json",
        form=[("Hold", "true"), ("HoldUrl", HOOK), ("HoldMethod", "GET")],
    ),
    "get-conference-recordings": Row(
        {"conferenceSid": CF}, "GET", f"{A}/Conferences/{CF}/Recordings.json"
    ),
    "get-available-mobile-numbers": Row(
        {"isoCountryCode": "GB", "contains": "7700", "smsEnabled": "true"},
        "GET",
        f"{A}/AvailablePhoneNumbers/GB/Mobile.json",
        query=[("Contains", "7700"), ("SmsEnabled", "true")],
    ),
}

VARIANTS: list[tuple[str, Row]] = [
    (
        "make-call",
        Row(
            {
                "from": FROM,
                "to": TO,
                "url": HOOK,
                "statusCallback": HOOK,
                "statusCallbackEvent": "initiated,ringing answered",
                "record": "true",
                "recordingTrack": "both",
                "machineDetection": "detectmessageend",
                "machineDetectionTimeout": "45",
                "asyncAmd": "TRUE",
                "asyncAmdStatusCallback": HOOK,
                "byoc": BY,
                "timeLimit": 600,
                "sipAuthUsername": "alice",
                "sipAuthPassword": "s3cret",
            },
            "POST",
            f"{A}/Calls.json",
            form=[
                ("From", FROM),
                ("To", TO),
                ("Url", HOOK),
                ("StatusCallback", HOOK),
                ("StatusCallbackEvent", "initiated"),
                ("StatusCallbackEvent", "ringing"),
                ("StatusCallbackEvent", "answered"),
                ("Record", "true"),
                ("RecordingTrack", "both"),
                ("MachineDetection", "DetectMessageEnd"),
                ("MachineDetectionTimeout", "45"),
                ("AsyncAmd", "true"),
                ("AsyncAmdStatusCallback", HOOK),
                ("Byoc", BY),
                ("TimeLimit", "600"),
                ("SipAuthUsername", "alice"),
                ("SipAuthPassword", "s3cret"),
            ],
        ),
    ),
    (
        "change-call-state",
        Row(
            {"callSid": CA, "twiml": "<Response><Hangup/></Response>", "timeLimit": "60"},
            "POST",
            f"{A}/Calls/{CA}.json",
            form=[("Twiml", "<Response><Hangup/></Response>"), ("TimeLimit", "60")],
        ),
    ),
    (
        "update-participant",
        Row(
            {"conferenceSid": CF, "callSid": CA, "coaching": "true", "callSidToCoach": CA},
            "POST",
            f"{A}/Conferences/{CF}/Participants/{CA}.json",
            form=[("Coaching", "true"), ("CallSidToCoach", CA)],
        ),
    ),
]
