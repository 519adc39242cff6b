"""Conferences and their participants (``Conferences``, ``Participants``)."""

from __future__ import annotations

from operations.base import Operation
from operations.calls import CALL_EVENTS, CALL_FORWARDING, RECORDING_CONFIGURATION
from operations.params import (
    account_sid,
    boolean,
    choices,
    date_filter,
    http_method,
    integer,
    phone,
    sid,
    text,
    url,
)

CONFERENCE = sid("conferenceSid", "CF", "ConferenceSid", description="The conference's SID (CF...).")
PARTICIPANT = sid("callSid", None, "CallSid", description="The participant's call SID (CA...) or label.")
COACH = sid("callSidToCoach", "CA", "CallSidToCoach", location="form", required=False, description="The call (CA...) this participant coaches: the only one who hears them.")


class GetConference(Operation, name="get-conference"):
    """Fetch a conference."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences/{Sid}.json"
    params = (
        account_sid(),
        sid("conferenceSid", "CF", description="The conference's SID (CF...)."),
    )


class GetConferences(Operation, name="get-conferences"):
    """List conferences, filtered by status, name or date."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences.json"
    list_key = "conferences"
    params = (
        account_sid(),
        text("status", "Status", location="query", description="Only show conferences currently in with this status.", enum=("init", "in-progress", "completed")),
        text("friendlyName", "FriendlyName", location="query", description="List conferences who's FriendlyName is the exact match of this string."),
        date_filter("dateCreated", "DateCreated", kind="date", description="Only show conferences that started on this date, given as YYYY-MM-DD."),
        date_filter("dateUpdated", "DateUpdated", kind="date", description="Only show conferences that were last updated on this date, given as YYYY-MM-DD."),
    )


class GetParticipant(Operation, name="get-participant"):
    """Fetch a participant of a conference."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json"
    params = (
        account_sid(),
        sid("conferenceSid", "CF", "ConferenceSid", description="The conference's SID (CF...)."),
        sid("callSid", None, "CallSid", description="The participant's call SID (CA...) or label."),
    )


class GetParticipants(Operation, name="get-participants"):
    """List a conference's participants, optionally only those muted, on hold or coaching."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json"
    list_key = "participants"
    params = (
        account_sid(),
        sid("conferenceSid", "CF", "ConferenceSid", description="The conference's SID (CF...)."),
        boolean("muted", "Muted", location="query", description="Only show participants that are muted or unmuted."),
        boolean("hold", "Hold", location="query", description="Only show participants that are on hold, or that are not."),
        boolean("coaching", "Coaching", location="query", description="Only show participants that coach another call, or that do not."),
    )


class UpdateParticipantStatus(Operation, name="update-participant-status"):
    """Mute or unmute a conference participant."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json"
    params = (
        account_sid(),
        sid("conferenceSid", "CF", "ConferenceSid", description="The conference's SID (CF...)."),
        sid("callSid", None, "CallSid", description="The participant's call SID (CA...) or label."),
        boolean("muted", "Muted", required=True, description="Specifying true will mute the participant, while false will un-mute."),
    )


class DeleteParticipant(Operation, name="delete-participant"):
    """Remove (kick) a participant from a conference."""

    method = "DELETE"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json"
    success = 204
    params = (
        account_sid(),
        sid("conferenceSid", "CF", "ConferenceSid", description="The conference's SID (CF...)."),
        sid("callSid", None, "CallSid", description="The participant's call SID (CA...) or label."),
    )


class UpdateConference(Operation, name="update-conference"):
    """End a conference (status completed) or play an announcement into it."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences/{Sid}.json"
    params = (
        account_sid(),
        sid("conferenceSid", "CF", description="The conference's SID (CF...)."),
        text("status", "Status", enum=("completed",), description="completed ends the conference and hangs up every participant."),
        url("announceUrl", "AnnounceUrl", description="A URL returning audio or TwiML (Play, Say, Pause, Redirect) to play into the conference."),
        http_method("announceMethod", "AnnounceMethod", description="The HTTP method for announceUrl (default POST)."),
    )


#: Who and where an emergency caller is, for an emergency call made as a participant (US and
#: CA). Twilio keeps only the first 60 characters of the address and 20 of the others.
EMERGENCY_CALLER = (
    text("emergencyName", "EmergencyName", description="The emergency caller's organization or entity name."),
    text("emergencyAddress", "EmergencyAddress", description="The emergency caller's street address: number and street (Twilio keeps 60 characters)."),
    text("emergencyCity", "EmergencyCity", description="The emergency caller's city, as the local authorities name it."),
    text("emergencyState", "EmergencyState", description="The emergency caller's state or province."),
    text("emergencyZipCode", "EmergencyZipCode", description="The emergency caller's postal code."),
    text("emergencyCountry", "EmergencyCountry", description="The emergency caller's country: US or CA."),
    text("emergencyCallerLocation", "EmergencyCallerLocation", description="Where in a building or site the emergency caller is."),
    text("emergencyCallerPosition", "EmergencyCallerPosition", pattern=r"^-?[0-9]+(\.[0-9]+)? -?[0-9]+(\.[0-9]+)?$", description="The emergency caller's GPS position in decimal degrees: latitude, a space, longitude (\"37.7749 -122.4194\")."),
)


class AddParticipant(Operation, name="add-participant"):
    """Call a number and add it to a conference when it answers."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json"
    success = 201
    needs_when = {"coaching": (True, ("callSidToCoach",))}
    needs = {"sipAuthPassword": ("sipAuthUsername",), "sipAuthUsername": ("sipAuthPassword",)}
    params = (
        account_sid(),
        sid("conferenceSid", None, "ConferenceSid", description="The conference's SID (CF...) or, to start or join one by name, its friendly name."),
        phone("from", "From", required=True, description="The caller ID: a Twilio number or a verified caller ID of the account, or a client identifier."),
        phone("to", "To", required=True, description="Who to call: a phone number (E.164), a sip: address or a client: identifier."),
        text("label", "Label", description="A name for the participant, usable instead of its call SID."),
        text("beep", "Beep", enum=("true", "false", "onEnter", "onExit"), description="When to beep to the conference: true (on enter and exit, the default), false, onEnter or onExit."),
        boolean("startConferenceOnEnter", "StartConferenceOnEnter", description="Whether the conference starts when this participant joins (default true)."),
        boolean("endConferenceOnExit", "EndConferenceOnExit", description="Whether the conference ends when this participant leaves (default false)."),
        boolean("muted", "Muted", description="Whether the participant joins muted (default false)."),
        boolean("record", "Record", description="Whether to record the participant (default false)."),
        boolean("coaching", "Coaching", description="Whether the participant coaches another call (callSidToCoach is then required)."),
        COACH,
        url("statusCallback", "StatusCallback", description="A URL Twilio requests with the participant's call progress."),
        http_method("statusCallbackMethod", "StatusCallbackMethod", description="The HTTP method for statusCallback (default POST)."),
        choices("statusCallbackEvent", "StatusCallbackEvent", CALL_EVENTS, description="The call progress events to report to statusCallback (default completed)."),
        integer("timeout", "Timeout", minimum=5, maximum=600, description="Seconds to let the phone ring before giving up (default 60)."),
        integer("timeLimit", "TimeLimit", minimum=1, description="The longest the participant's call may last, in seconds."),
        boolean("earlyMedia", "EarlyMedia", description="Whether the conference hears the call ringing (default true)."),
        url("waitUrl", "WaitUrl", description="A URL returning the audio or TwiML played before the conference starts."),
        http_method("waitMethod", "WaitMethod", description="The HTTP method for waitUrl (default POST)."),
        integer("maxParticipants", "MaxParticipants", minimum=2, maximum=250, description="The most participants the conference may have (default 250)."),
        text("conferenceRecord", "ConferenceRecord", enum=("true", "false", "record-from-start", "do-not-record"), description="Whether to record the conference this participant joins (default false)."),
        url("conferenceStatusCallback", "ConferenceStatusCallback", description="A URL Twilio requests on the conference's events."),
        http_method("conferenceStatusCallbackMethod", "ConferenceStatusCallbackMethod", description="The HTTP method for conferenceStatusCallback (default POST)."),
        choices("conferenceStatusCallbackEvent", "ConferenceStatusCallbackEvent", ("start", "end", "join", "leave", "mute", "hold", "modify", "speaker", "announcement"), description="The conference events to report to conferenceStatusCallback (default start and end)."),
        text("recordingChannels", "RecordingChannels", enum=("mono", "dual"), description="mono (the default) or dual."),
        text("recordingTrack", "RecordingTrack", enum=("inbound", "outbound", "both"), description="The audio to record: inbound, outbound or both (the default)."),
        url("recordingStatusCallback", "RecordingStatusCallback", description="A URL Twilio requests when the participant's recording changes."),
        http_method("recordingStatusCallbackMethod", "RecordingStatusCallbackMethod", description="The HTTP method for recordingStatusCallback (default POST)."),
        choices("recordingStatusCallbackEvent", "RecordingStatusCallbackEvent", ("started", "in-progress", "paused", "resumed", "stopped", "completed", "failed", "absent"), description="The recording events to report to recordingStatusCallback."),
        text("machineDetection", "MachineDetection", enum=("Enable", "DetectMessageEnd"), description="Detect whether a human, a machine or a fax answered: Enable or DetectMessageEnd."),
        integer("machineDetectionTimeout", "MachineDetectionTimeout", minimum=3, maximum=59, description="Seconds to try to detect a machine (default 30)."),
        integer("machineDetectionSpeechThreshold", "MachineDetectionSpeechThreshold", minimum=1000, maximum=6000, description="Milliseconds of speech below which the answer is a human (default 2400)."),
        integer("machineDetectionSpeechEndThreshold", "MachineDetectionSpeechEndThreshold", minimum=500, maximum=5000, description="Milliseconds of silence after speech that end it (default 1200)."),
        integer("machineDetectionSilenceTimeout", "MachineDetectionSilenceTimeout", minimum=2000, maximum=10000, description="Milliseconds of initial silence after which AnsweredBy is unknown (default 5000)."),
        url("amdStatusCallback", "AmdStatusCallback", description="A URL Twilio requests with the detection's result."),
        http_method("amdStatusCallbackMethod", "AmdStatusCallbackMethod", description="The HTTP method for amdStatusCallback (default POST)."),
        text("trim", "Trim", enum=("trim-silence", "do-not-trim"), description="Whether to trim silence from the participant's recording."),
        text("callerId", "CallerId", description="The caller ID shown to the called party, for SIP addresses or clients."),
        text("callReason", "CallReason", description="Why the call is made, shown on the called phone (Branded Calls)."),
        sid("byoc", "BY", "Byoc", location="form", required=False, description="A BYOC trunk (BY...) to route the call with."),
        text("region", "Region", enum=("us1", "us2", "ie1", "de1", "sg1", "br1", "au1", "jp1"), description="The region where the conference's audio is mixed."),
        text("jitterBufferSize", "JitterBufferSize", enum=("off", "small", "medium", "large"), description="The jitter buffer applied to the participant's audio (default large)."),
        text("sipAuthUsername", "SipAuthUsername", description="The username to authenticate with when calling a SIP address."),
        text("sipAuthPassword", "SipAuthPassword", secret=True, description="The password of sipAuthUsername (a secret: never shown in logs or errors)."),
        text("callerDisplayName", "CallerDisplayName", min_length=2, max_length=255, description="The display name in the From header, for calls to SIP addresses (2 to 255 characters)."),
        RECORDING_CONFIGURATION,
        text("conferenceTrim", "ConferenceTrim", enum=("trim-silence", "do-not-trim"), description="Whether to trim leading and trailing silence from the conference's recording (default trim-silence)."),
        url("conferenceRecordingStatusCallback", "ConferenceRecordingStatusCallback", description="A URL Twilio requests when the conference's recording changes."),
        http_method("conferenceRecordingStatusCallbackMethod", "ConferenceRecordingStatusCallbackMethod", description="The HTTP method for conferenceRecordingStatusCallback (default POST)."),
        choices("conferenceRecordingStatusCallbackEvent", "ConferenceRecordingStatusCallbackEvent", ("in-progress", "completed", "failed", "absent"), description="The conference recording events to report to conferenceRecordingStatusCallback (default completed)."),
        *CALL_FORWARDING,
        *EMERGENCY_CALLER,
    )


class UpdateParticipant(Operation, name="update-participant"):
    """Mute, hold, announce to, coach with or change a conference participant."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json"
    needs_when = {"coaching": (True, ("callSidToCoach",))}
    params = (
        account_sid(),
        CONFERENCE,
        PARTICIPANT,
        boolean("muted", "Muted", description="true mutes the participant, false unmutes them."),
        boolean("hold", "Hold", description="true puts the participant on hold, false brings them back."),
        url("holdUrl", "HoldUrl", description="A URL returning the audio or TwiML (Play, Say, Pause, Redirect) played while on hold."),
        http_method("holdMethod", "HoldMethod", description="The HTTP method for holdUrl (default GET)."),
        url("announceUrl", "AnnounceUrl", description="A URL returning audio or TwiML (Play, Say, Pause, Redirect) to play to the participant."),
        http_method("announceMethod", "AnnounceMethod", description="The HTTP method for announceUrl (default POST)."),
        url("waitUrl", "WaitUrl", description="A URL returning the audio or TwiML played before the conference starts."),
        http_method("waitMethod", "WaitMethod", description="The HTTP method for waitUrl (default POST)."),
        boolean("beepOnExit", "BeepOnExit", description="Whether to beep to the conference when the participant leaves."),
        boolean("endConferenceOnExit", "EndConferenceOnExit", description="Whether the conference ends when this participant leaves."),
        boolean("coaching", "Coaching", description="Whether the participant coaches another call (callSidToCoach is then required)."),
        COACH,
    )


class GetConferenceRecordings(Operation, name="get-conference-recordings"):
    """List the recordings of one conference."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Recordings.json"
    list_key = "recordings"
    params = (
        account_sid(),
        CONFERENCE,
        date_filter("dateCreated", "DateCreated", kind="date", description="Only recordings created on this date, given as YYYY-MM-DD."),
    )
