"""Calls, call recordings, conferences, participants and mobile numbers (issue 10), each
compared with twilio-python's call: the parameters that matter, event lists, answering-machine
detection and recording settings."""

from __future__ import annotations

from datetime import date

from tests.operations.pycases import Case, sid

CA = sid("CA")
CA2 = sid("CA", "b")
CF = sid("CF")
RE = sid("RE")
BY = sid("BY")
FROM, TO = "+15005550006", "+14155550100"
HOOK = "https://e.com/h"
TWIML = "<Response><Say>Hi</Say></Response>"

CASES = [
    Case(
        "make-call",
        {
            "from": FROM,
            "to": TO,
            "url": HOOK,
            "statusCallback": HOOK,
            "statusCallbackMethod": "GET",
            "statusCallbackEvent": ["initiated", "ringing", "answered", "completed"],
        },
        lambda c: c.calls.create(
            from_=FROM,
            to=TO,
            url=HOOK,
            status_callback=HOOK,
            status_callback_method="GET",
            status_callback_event=["initiated", "ringing", "answered", "completed"],
        ),
        label="events",
    ),
    Case(
        "make-call",
        {
            "from": FROM,
            "to": TO,
            "twiml": TWIML,
            "machineDetection": "DetectMessageEnd",
            "machineDetectionTimeout": 45,
            "machineDetectionSpeechThreshold": 2400,
            "machineDetectionSpeechEndThreshold": 1200,
            "machineDetectionSilenceTimeout": 5000,
            "asyncAmd": "true",
            "asyncAmdStatusCallback": HOOK,
            "asyncAmdStatusCallbackMethod": "POST",
        },
        lambda c: c.calls.create(
            from_=FROM,
            to=TO,
            twiml=TWIML,
            machine_detection="DetectMessageEnd",
            machine_detection_timeout=45,
            machine_detection_speech_threshold=2400,
            machine_detection_speech_end_threshold=1200,
            machine_detection_silence_timeout=5000,
            async_amd="true",
            async_amd_status_callback=HOOK,
            async_amd_status_callback_method="POST",
        ),
        label="amd",
    ),
    Case(
        "make-call",
        {"from": FROM, "to": TO, "url": HOOK, "ifMachine": "Hangup"},
        lambda c: c.calls.create(from_=FROM, to=TO, url=HOOK, machine_detection="Enable"),
        label="ifMachine",
    ),
    Case(
        "make-call",
        {
            "from": FROM,
            "to": TO,
            "url": HOOK,
            "record": True,
            "recordingChannels": "dual",
            "recordingTrack": "inbound",
            "trim": "do-not-trim",
            "recordingStatusCallback": HOOK,
            "recordingStatusCallbackMethod": "GET",
            "recordingStatusCallbackEvent": "in-progress completed absent",
        },
        lambda c: c.calls.create(
            from_=FROM,
            to=TO,
            url=HOOK,
            record=True,
            recording_channels="dual",
            recording_track="inbound",
            trim="do-not-trim",
            recording_status_callback=HOOK,
            recording_status_callback_method="GET",
            recording_status_callback_event=["in-progress", "completed", "absent"],
        ),
        label="recording",
    ),
    Case(
        "make-call",
        {
            "from": FROM,
            "to": "sip:alice@example.com",
            "applicationSid": sid("AP"),
            "sendDigits": "W1234#",
            "timeout": 15,
            "callerId": "alice",
            "timeLimit": 600,
            "callReason": "Your order",
            "byoc": BY,
            "sipAuthUsername": "alice",
            "sipAuthPassword": "s3cret",
            "fallbackUrl": HOOK,
            "fallbackMethod": "GET",
        },
        lambda c: c.calls.create(
            from_=FROM,
            to="sip:alice@example.com",
            application_sid=sid("AP"),
            send_digits="W1234#",
            timeout=15,
            caller_id="alice",
            time_limit=600,
            call_reason="Your order",
            byoc=BY,
            sip_auth_username="alice",
            sip_auth_password="s3cret",
            fallback_url=HOOK,
            fallback_method="GET",
        ),
        label="sip",
    ),
    Case(
        "change-call-state",
        {
            "callSid": CA,
            "twiml": TWIML,
            "fallbackUrl": HOOK,
            "fallbackMethod": "POST",
            "statusCallback": HOOK,
            "statusCallbackMethod": "GET",
            "timeLimit": 120,
        },
        lambda c: c.calls(CA).update(
            twiml=TWIML,
            fallback_url=HOOK,
            fallback_method="POST",
            status_callback=HOOK,
            status_callback_method="GET",
            time_limit=120,
        ),
    ),
    Case("delete-call", {"callSid": CA}, lambda c: c.calls(CA).delete()),
    Case(
        "get-call-recordings",
        {"callSid": CA, "dateCreated": "2024-01-31", "pageSize": 5},
        lambda c: c.calls(CA).recordings.page(date_created=date(2024, 1, 31), page_size=5),
    ),
    Case(
        "start-call-recording",
        {
            "callSid": CA,
            "recordingStatusCallback": HOOK,
            "recordingStatusCallbackMethod": "GET",
            "recordingStatusCallbackEvent": ["in-progress", "completed"],
            "trim": "trim-silence",
            "recordingChannels": "mono",
            "recordingTrack": "outbound",
        },
        lambda c: c.calls(CA).recordings.create(
            recording_status_callback=HOOK,
            recording_status_callback_method="GET",
            recording_status_callback_event=["in-progress", "completed"],
            trim="trim-silence",
            recording_channels="mono",
            recording_track="outbound",
        ),
    ),
    Case(
        "update-call-recording",
        {
            "callSid": CA,
            "recordingSid": "Twilio.CURRENT",
            "status": "paused",
            "pauseBehavior": "skip",
        },
        lambda c: (
            c.calls(CA).recordings("Twilio.CURRENT").update(status="paused", pause_behavior="skip")
        ),
        label="current",
    ),
    Case(
        "update-call-recording",
        {"callSid": CA, "recordingSid": RE, "status": "stopped"},
        lambda c: c.calls(CA).recordings(RE).update(status="stopped"),
        label="stop",
    ),
    Case(
        "update-conference",
        {"conferenceSid": CF, "status": "completed"},
        lambda c: c.conferences(CF).update(status="completed"),
        label="end",
    ),
    Case(
        "update-conference",
        {"conferenceSid": CF, "announceUrl": HOOK, "announceMethod": "GET"},
        lambda c: c.conferences(CF).update(announce_url=HOOK, announce_method="GET"),
        label="announce",
    ),
    Case(
        "add-participant",
        {
            "conferenceSid": CF,
            "from": FROM,
            "to": TO,
            "beep": "onExit",
            "startConferenceOnEnter": True,
            "endConferenceOnExit": "false",
            "muted": False,
            "record": True,
            "label": "customer",
            "timeout": 30,
            "earlyMedia": True,
            "waitUrl": HOOK,
            "waitMethod": "GET",
            "statusCallback": HOOK,
            "statusCallbackMethod": "POST",
            "statusCallbackEvent": ["ringing", "completed"],
            "conferenceStatusCallbackEvent": ["start", "end", "join"],
            "maxParticipants": 10,
        },
        lambda c: c.conferences(CF).participants.create(
            from_=FROM,
            to=TO,
            beep="onExit",
            start_conference_on_enter=True,
            end_conference_on_exit=False,
            muted=False,
            record=True,
            label="customer",
            timeout=30,
            early_media=True,
            wait_url=HOOK,
            wait_method="GET",
            status_callback=HOOK,
            status_callback_method="POST",
            status_callback_event=["ringing", "completed"],
            conference_status_callback_event=["start", "end", "join"],
            max_participants=10,
        ),
        label="conference",
    ),
    Case(
        "add-participant",
        {
            "conferenceSid": CF,
            "from": FROM,
            "to": TO,
            "coaching": True,
            "callSidToCoach": CA,
            "machineDetection": "Enable",
            "machineDetectionTimeout": 10,
            "amdStatusCallback": HOOK,
            "recordingTrack": "both",
            "recordingStatusCallbackEvent": "started stopped",
            "jitterBufferSize": "small",
            "region": "ie1",
        },
        lambda c: c.conferences(CF).participants.create(
            from_=FROM,
            to=TO,
            coaching=True,
            call_sid_to_coach=CA,
            machine_detection="Enable",
            machine_detection_timeout=10,
            amd_status_callback=HOOK,
            recording_track="both",
            recording_status_callback_event=["started", "stopped"],
            jitter_buffer_size="small",
            region="ie1",
        ),
        label="coach-amd",
    ),
    Case(
        "update-participant",
        {"conferenceSid": CF, "callSid": CA2, "hold": True, "holdUrl": HOOK, "holdMethod": "GET"},
        lambda c: (
            c.conferences(CF).participants(CA2).update(hold=True, hold_url=HOOK, hold_method="GET")
        ),
        label="hold",
    ),
    Case(
        "update-participant",
        {
            "conferenceSid": CF,
            "callSid": "agent",
            "muted": True,
            "announceUrl": HOOK,
            "announceMethod": "POST",
            "beepOnExit": False,
            "endConferenceOnExit": True,
            "coaching": True,
            "callSidToCoach": CA,
        },
        lambda c: (
            c.conferences(CF)
            .participants("agent")
            .update(
                muted=True,
                announce_url=HOOK,
                announce_method="POST",
                beep_on_exit=False,
                end_conference_on_exit=True,
                coaching=True,
                call_sid_to_coach=CA,
            )
        ),
        label="coach",
    ),
    Case(
        "get-conference-recordings",
        {"conferenceSid": CF, "dateCreated": "<=2024-02-01"},
        lambda c: c.conferences(CF).recordings.page(date_created_before=date(2024, 2, 1)),
    ),
    Case(
        "get-available-mobile-numbers",
        {"isoCountryCode": "GB", "contains": "7700", "smsEnabled": True, "voiceEnabled": False},
        lambda c: c.available_phone_numbers("GB").mobile.page(
            contains="7700", sms_enabled=True, voice_enabled=False
        ),
    ),
]
