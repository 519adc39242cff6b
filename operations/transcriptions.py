"""Transcriptions of recordings (``Transcriptions``)."""

from __future__ import annotations

from operations.base import Operation
from operations.params import account_sid, representation, sid

TRANSCRIPTION_FORMATS = {"JSON": ".json", "XML": ".xml", "TXT": ".txt"}
#: A list has no plain-text form: Twilio serves one transcription's text, not a page's.
LIST_FORMATS = {"JSON": ".json", "XML": ".xml"}


class GetTranscriptionByTranscriptionSid(Operation, name="get-transcription-by-transcription-sid"):
    """Fetch a transcription as JSON, XML or plain text."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Transcriptions/{Sid}.json"
    params = (
        account_sid(),
        sid("transcriptionSid", "TR", description="The transcription's SID (TR...)."),
        representation("transcriptionFormat", TRANSCRIPTION_FORMATS, description="JSON (the default), XML or TXT (Twilio's text representations)."),
    )


class GetTranscriptions(Operation, name="get-transcriptions"):
    """List transcriptions of the account, or of one recording."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Transcriptions.json"
    alternate_paths = ("/2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}/Transcriptions.json",)
    list_key = "transcriptions"
    params = (
        account_sid(),
        sid("recordingSid", "RE", "RecordingSid", required=False, description="Only the transcriptions of this recording (RE...)."),
        representation("transcriptionFormat", LIST_FORMATS, description="JSON (the default, records as data) or XML (the first page as Twilio's XML)."),
    )
