"""Call recordings (``Recordings``): metadata as JSON, or the audio itself."""

from __future__ import annotations

from operations.base import Operation
from operations.params import account_sid, boolean, date_filter, representation, sid

RECORDING_TYPES = {"JSON": ".json", "MP3": ".mp3", "WAV": ".wav", "XML": ".xml"}
#: Twilio keeps a deleted recording's metadata for 40 days: these reads may include it.
INCLUDE_SOFT_DELETED = boolean("includeSoftDeleted", "IncludeSoftDeleted", location="query", description="Whether to include recordings deleted in the last 40 days, whose metadata Twilio still keeps (default false).")


class GetRecording(Operation, name="get-recording"):
    """Fetch a recording as JSON metadata, as audio (MP3, WAV) or as XML."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json"
    params = (
        account_sid(),
        sid("recordingSid", "RE", description="The recording's SID (RE...)."),
        representation("recordingType", RECORDING_TYPES, description="JSON (metadata, the default), MP3 or WAV (audio bytes), or XML."),
        INCLUDE_SOFT_DELETED,
    )


class GetRecordings(Operation, name="get-recordings"):
    """List recordings, filtered by call or creation date."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Recordings.json"
    list_key = "recordings"
    params = (
        account_sid(),
        sid("callSid", "CA", "CallSid", location="query", description="Only the recordings of this call (CA...).", required=False),
        date_filter("dateCreated", "DateCreated", description="Only show recordings created on the given date."),
        sid("conferenceSid", "CF", "ConferenceSid", location="query", required=False, description="Only the recordings of this conference (CF...)."),
        INCLUDE_SOFT_DELETED,
    )


class DeleteRecording(Operation, name="delete-recording"):
    """Delete a recording."""

    method = "DELETE"
    path = "/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json"
    success = 204
    params = (
        account_sid(),
        sid("recordingSid", "RE", description="The recording's SID (RE...)."),
    )
