"""Recordings: metadata as JSON or XML, media as WAV or MP3.

A call made with ``Record=true`` leaves a recording of the whole call when it completes; a call
whose TwiML holds ``<Record>`` leaves one too (and a transcription with ``transcribe="true"``).
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from emulator.paging import Filter, list_account_rows
from emulator.representations import mp3_audio, wav_audio, xml_response
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, insert
from emulator.wire import API_VERSION, new_sid, rfc2822

routes = Routes()

FILTERS = (
    Filter("CallSid", "call_sid"),
    Filter("ConferenceSid", "conference_sid"),
    Filter("DateCreated", "date_created", "datetime"),
)


def render(row: Row, base_url: str) -> dict[str, Any]:
    """A Recording as Twilio sends it; `media_url` points at the emulator itself."""
    path = f"/2010-04-01/Accounts/{row['account_sid']}/Recordings/{row['sid']}"
    return {
        "account_sid": row["account_sid"],
        "api_version": API_VERSION,
        "call_sid": row["call_sid"],
        "conference_sid": row["conference_sid"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "start_time": rfc2822(row["start_time"]),
        "duration": str(row["duration"]),
        "sid": row["sid"],
        "price": f"-{0.0025 * max(1, -(-row['duration'] // 60)):.5f}",
        "price_unit": "USD",
        "status": row["status"],
        "channels": row["channels"],
        "source": row["source"],
        "error_code": None,
        "uri": path + ".json",
        "encryption_details": None,
        "subresource_uris": {
            "add_on_results": path + "/AddOnResults.json",
            "transcriptions": path + "/Transcriptions.json",
        },
        "media_url": base_url + path,
    }


def create_recording(db: Db, values: dict[str, Any]) -> str:
    """Store a completed recording (`values` by column); its SID."""
    sid = values.get("sid") or new_sid("RE")
    insert(db, "recordings", {"status": "completed", "source": "OutboundAPI", **values, "sid": sid})
    return sid


@routes.get("/Recordings.json")
def list_recordings(ctx: Ctx) -> dict[str, Any]:
    """The account's recordings, filtered by CallSid, ConferenceSid, DateCreated (`<`/`>`)."""
    return list_account_rows(ctx, "recordings", lambda row: render(row, ctx.base_url), FILTERS)


@routes.get("/Calls/<call_sid>/Recordings.json")
def list_call_recordings(ctx: Ctx, call_sid: str) -> dict[str, Any]:
    """The recordings of one call."""
    ctx.fetch("calls", call_sid)
    return list_account_rows(
        ctx, "recordings", lambda row: render(row, ctx.base_url), FILTERS[2:], call_sid=call_sid
    )


@routes.get("/Recordings/<sid>.<any(json, xml, wav, mp3):extension>")
def fetch_recording(ctx: Ctx, sid: str, extension: str) -> dict[str, Any] | Response:
    """A recording as JSON or XML metadata, or its audio as WAV or MP3."""
    row = ctx.fetch("recordings", sid)
    if extension == "wav":
        return Response(wav_audio(row["duration"]), content_type="audio/x-wav")
    if extension == "mp3":
        return Response(mp3_audio(row["duration"]), content_type="audio/mpeg")
    data = render(row, ctx.base_url)
    return xml_response("Recording", data) if extension == "xml" else data


@routes.get("/Recordings/<sid>")
def fetch_recording_media(ctx: Ctx, sid: str) -> Response:
    """The recording's `media_url`: WAV audio, as Twilio serves it by default."""
    return Response(wav_audio(ctx.fetch("recordings", sid)["duration"]), content_type="audio/x-wav")


@routes.delete("/Recordings/<sid>.json")
def delete_recording(ctx: Ctx, sid: str) -> None:
    """Delete a recording."""
    ctx.delete("recordings", sid)
