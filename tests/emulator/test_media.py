"""Recordings and transcriptions in the 2010 API's other representations: WAV, MP3, XML, text."""

from __future__ import annotations

import io
import wave
from xml.etree import ElementTree as ET

from emulator import Emulator
from tests.support.emulator_api import Api, assert_twilio_error


def _recording(emu: Emulator, api: Api, duration: int = 4) -> tuple[str, str]:
    created = emu.seed(
        {"transcriptions": [{"account_sid": api.sid, "transcription_text": "Call me back."}]}
    )
    transcription = created["transcriptions"][0]
    recording = api.get(f"/Transcriptions/{transcription}.json").json()["recording_sid"]
    return recording, transcription


def test_wav_is_a_valid_audio_file_of_the_recording_length(emu: Emulator, api: Api) -> None:
    recording = emu.seed({"recordings": [{"account_sid": api.sid, "duration": 4}]})["recordings"][0]
    response = api.get(f"/Recordings/{recording}.wav")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "audio/x-wav"
    with wave.open(io.BytesIO(response.content)) as audio:
        assert (audio.getnchannels(), audio.getframerate()) == (1, 8000)
        assert audio.getnframes() / audio.getframerate() == 4
    media_url = api.get(f"/Recordings/{recording}.json").json()["media_url"]
    assert api.get(media_url).content == response.content


def test_mp3_starts_with_an_mpeg_audio_frame(emu: Emulator, api: Api) -> None:
    recording = emu.seed({"recordings": [{"account_sid": api.sid, "duration": 2}]})["recordings"][0]
    response = api.get(f"/Recordings/{recording}.mp3")
    assert response.headers["Content-Type"] == "audio/mpeg"
    data = response.content
    assert data[0] == 0xFF
    assert data[1] & 0xE0 == 0xE0
    assert data[144:146] == data[0:2]
    assert len(data) % 144 == 0


def test_recording_and_transcription_as_xml_and_text(emu: Emulator, api: Api) -> None:
    recording, transcription = _recording(emu, api)
    xml = ET.fromstring(api.get(f"/Recordings/{recording}.xml").content)
    assert xml.tag == "TwilioResponse"
    assert xml.findtext("Recording/Sid") == recording
    assert xml.findtext("Recording/SubresourceUris/Transcriptions", "").endswith(
        f"{recording}/Transcriptions.json"
    )
    text = api.get(f"/Transcriptions/{transcription}.txt")
    assert text.headers["Content-Type"].startswith("text/plain")
    assert text.text == "Call me back."
    item = ET.fromstring(api.get(f"/Transcriptions/{transcription}.xml").content)
    assert item.findtext("Transcription/TranscriptionText") == "Call me back."
    assert item.findtext("Transcription/RecordingSid") == recording


def test_transcription_lists_in_xml(emu: Emulator, api: Api) -> None:
    recording, transcription = _recording(emu, api)
    _recording(emu, api)
    for path, count in (
        ("/Transcriptions.xml", 2),
        (f"/Recordings/{recording}/Transcriptions.xml", 1),
    ):
        root = ET.fromstring(api.get(path).content)
        listing = root.find("Transcriptions")
        assert listing is not None
        assert listing.get("page") == "0"
        assert listing.get("pagesize") == "50"
        assert len(listing.findall("Transcription")) == count
    assert (
        ET.fromstring(api.get(f"/Recordings/{recording}/Transcriptions.xml").content).findtext(
            "Transcriptions/Transcription/Sid"
        )
        == transcription
    )


def test_deleted_recordings_are_gone_in_every_form(emu: Emulator, api: Api) -> None:
    recording, _ = _recording(emu, api)
    assert api.delete(f"/Recordings/{recording}.json").status_code == 204
    for extension in ("json", "wav", "mp3", "xml"):
        assert_twilio_error(api.get(f"/Recordings/{recording}.{extension}"), 404, 20404)
    assert_twilio_error(api.get(f"/Recordings/{recording}/Transcriptions.json"), 404, 20404)
    assert_twilio_error(api.delete(f"/Recordings/{recording}.json"), 404, 20404)
