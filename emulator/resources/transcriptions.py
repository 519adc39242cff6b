"""Transcriptions, account-wide and per recording, as JSON, XML or plain text."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from emulator.paging import list_account_rows
from emulator.representations import text_response, xml_list_response, xml_response
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, insert
from emulator.wire import API_VERSION, new_sid, rfc2822

routes = Routes()

DEFAULT_TEXT = "Hello, this is a transcription from the Twilio emulator."


def render(row: Row) -> dict[str, Any]:
    """A Transcription as Twilio sends it."""
    return {
        "account_sid": row["account_sid"],
        "api_version": API_VERSION,
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "duration": None if row["duration"] is None else str(row["duration"]),
        "price": -0.05 if row["status"] == "completed" else None,
        "price_unit": "USD",
        "recording_sid": row["recording_sid"],
        "sid": row["sid"],
        "status": row["status"],
        "transcription_text": row["transcription_text"],
        "type": row["type"],
        "uri": f"/2010-04-01/Accounts/{row['account_sid']}/Transcriptions/{row['sid']}.json",
    }


def create_transcription(db: Db, values: dict[str, Any]) -> str:
    """Store a completed transcription (`values` by column); its SID."""
    sid = values.get("sid") or new_sid("TR")
    insert(
        db,
        "transcriptions",
        {"status": "completed", "transcription_text": DEFAULT_TEXT, **values, "sid": sid},
    )
    return sid


def _list(ctx: Ctx, extension: str, **columns: str) -> dict[str, Any] | Response:
    envelope = list_account_rows(ctx, "transcriptions", render, **columns)
    if extension == "xml":
        return xml_list_response("Transcriptions", "Transcription", envelope, "transcriptions")
    return envelope


@routes.get("/Transcriptions.<any(json, xml):extension>")
def list_transcriptions(ctx: Ctx, extension: str) -> dict[str, Any] | Response:
    """The account's transcriptions."""
    return _list(ctx, extension)


@routes.get("/Recordings/<recording_sid>/Transcriptions.<any(json, xml):extension>")
def list_recording_transcriptions(
    ctx: Ctx, recording_sid: str, extension: str
) -> dict[str, Any] | Response:
    """The transcriptions of one recording."""
    ctx.fetch("recordings", recording_sid)
    return _list(ctx, extension, recording_sid=recording_sid)


@routes.get("/Transcriptions/<sid>.<any(json, xml, txt):extension>")
def fetch_transcription(ctx: Ctx, sid: str, extension: str) -> dict[str, Any] | Response:
    """A transcription as JSON, XML, or its text alone."""
    row = ctx.fetch("transcriptions", sid)
    if extension == "txt":
        return text_response(row["transcription_text"] or "")
    return xml_response("Transcription", render(row)) if extension == "xml" else render(row)


@routes.delete("/Transcriptions/<sid>.json")
def delete_transcription(ctx: Ctx, sid: str) -> None:
    """Delete a transcription."""
    ctx.delete("transcriptions", sid)
