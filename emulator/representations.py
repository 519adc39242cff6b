"""The non-JSON representations the 2010 API still serves: XML, plain text, audio."""

from __future__ import annotations

import io
import math
import struct
import wave
from typing import Any
from xml.etree import ElementTree as ET

from werkzeug.wrappers import Response

SAMPLE_RATE = 8000
MAX_AUDIO_SECONDS = 60


def pascal(name: str) -> str:
    """A snake_case field name as Twilio's XML element name: account_sid -> AccountSid."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def _fill(element: ET.Element, data: dict[str, Any]) -> None:
    for name, value in data.items():
        child = ET.SubElement(element, pascal(name))
        if isinstance(value, dict):
            _fill(child, value)
        elif isinstance(value, bool):
            child.text = "true" if value else "false"
        elif value is not None:
            child.text = str(value)


def xml_response(tag: str, data: dict[str, Any]) -> Response:
    """``<TwilioResponse><Tag>...</Tag></TwilioResponse>`` for one resource."""
    root = ET.Element("TwilioResponse")
    _fill(ET.SubElement(root, tag), data)
    return _xml(root)


def xml_list_response(tag: str, item_tag: str, envelope: dict[str, Any], list_key: str) -> Response:
    """A list in the 2010 API's XML form: paging fields as attributes of the list element."""
    root = ET.Element("TwilioResponse")
    attributes = {
        k.replace("_", ""): "" if v is None else str(v)
        for k, v in envelope.items()
        if k != list_key
    }
    container = ET.SubElement(root, tag, attributes)
    for item in envelope[list_key]:
        _fill(ET.SubElement(container, item_tag), item)
    return _xml(root)


def _xml(root: ET.Element) -> Response:
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")
    return Response(body, content_type="application/xml; charset=utf-8")


def text_response(text: str) -> Response:
    """A plain-text body."""
    return Response(text.encode("utf-8"), content_type="text/plain; charset=utf-8")


def wav_audio(seconds: int) -> bytes:
    """A valid mono 8 kHz 16-bit WAV file of `seconds` of a quiet 440 Hz tone."""
    frames = SAMPLE_RATE * max(1, min(seconds, MAX_AUDIO_SECONDS))
    period = [int(3000 * math.sin(2 * math.pi * 440 * i / SAMPLE_RATE)) for i in range(SAMPLE_RATE)]
    samples = struct.pack(f"<{SAMPLE_RATE}h", *period) * (frames // SAMPLE_RATE)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(samples)
    return buffer.getvalue()


MP3_FRAME_HEADER = bytes((0xFF, 0xFB, 0x18, 0xC0))
"""MPEG-1 Layer III, no CRC, 32 kbit/s, 32 kHz, mono: each frame is 144 bytes and 36 ms."""
MP3_FRAME_SECONDS = 1152 / 32000


def mp3_audio(seconds: int) -> bytes:
    """An MP3 stream of silent frames lasting about `seconds`."""
    frame = MP3_FRAME_HEADER + bytes(144 - len(MP3_FRAME_HEADER))
    count = math.ceil(max(1, min(seconds, MAX_AUDIO_SECONDS)) / MP3_FRAME_SECONDS)
    return frame * count
