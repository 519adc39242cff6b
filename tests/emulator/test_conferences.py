"""Conference participants: fetch, mute and hold, kick."""

from __future__ import annotations

from typing import Any

from emulator import Emulator
from tests.support.emulator_api import Api, assert_twilio_error


def _conference(emu: Emulator, api: Api, *participants: dict[str, Any]) -> tuple[str, list[str]]:
    created = emu.seed(
        {
            "conferences": [
                {
                    "account_sid": api.sid,
                    "friendly_name": "Board",
                    "participants": list(participants),
                }
            ]
        }
    )
    conference = created["conferences"][0]
    page = api.get(f"/Conferences/{conference}/Participants.json").json()
    return conference, [p["call_sid"] for p in page["participants"]][::-1]


def test_seeded_participants_have_calls(emu: Emulator, api: Api) -> None:
    conference, (alice, bob) = _conference(
        emu, api, {"label": "alice"}, {"label": "bob", "muted": True}
    )
    assert api.get(f"/Calls/{alice}.json").json()["status"] == "in-progress"
    by_label = api.get(f"/Conferences/{conference}/Participants/bob.json").json()
    assert (by_label["call_sid"], by_label["muted"], by_label["status"]) == (bob, True, "connected")


def test_mute_hold_and_the_muted_filter(emu: Emulator, api: Api) -> None:
    conference, (alice, bob) = _conference(emu, api, {}, {})
    url = f"/Conferences/{conference}/Participants/{alice}.json"
    muted = api.post(url, Muted="true").json()
    assert (muted["muted"], muted["hold"]) == (True, False)
    assert api.post(url, Hold="TRUE").json()["hold"] is True
    listed = api.get(f"/Conferences/{conference}/Participants.json", Muted="true").json()[
        "participants"
    ]
    assert [p["call_sid"] for p in listed] == [alice]
    assert [
        p["call_sid"]
        for p in api.get(f"/Conferences/{conference}/Participants.json", Muted="false").json()[
            "participants"
        ]
    ] == [bob]
    assert api.post(url, Muted="false").json()["muted"] is False
    assert_twilio_error(api.post(url, Muted="maybe"), 400, 20001)


def test_kicking_participants_ends_the_conference_after_the_last(emu: Emulator, api: Api) -> None:
    conference, (alice, bob) = _conference(emu, api, {}, {})
    assert api.delete(f"/Conferences/{conference}/Participants/{alice}.json").status_code == 204
    assert_twilio_error(api.get(f"/Conferences/{conference}/Participants/{alice}.json"), 404, 20404)
    assert api.get(f"/Conferences/{conference}.json").json()["status"] == "in-progress"
    assert api.delete(f"/Conferences/{conference}/Participants/{bob}.json").status_code == 204
    ended = api.get(f"/Conferences/{conference}.json").json()
    assert (ended["status"], ended["reason_conference_ended"]) == (
        "completed",
        "last-participant-kicked",
    )
    assert api.get(f"/Conferences/{conference}/Participants.json").json()["participants"] == []


def test_a_moderator_who_ends_the_conference(emu: Emulator, api: Api) -> None:
    conference, (host, _guest) = _conference(emu, api, {"end_conference_on_exit": True}, {})
    api.delete(f"/Conferences/{conference}/Participants/{host}.json")
    ended = api.get(f"/Conferences/{conference}.json").json()
    assert ended["reason_conference_ended"] == "participant-with-end-conference-on-exit-kicked"
    assert api.get(f"/Conferences/{conference}/Participants.json").json()["participants"] == []


def test_unknown_conference_or_participant_is_404(emu: Emulator, api: Api) -> None:
    conference, _ = _conference(emu, api, {})
    assert_twilio_error(api.get("/Conferences/CF" + "0" * 32 + ".json"), 404, 20404)
    assert_twilio_error(api.get("/Conferences/CF" + "0" * 32 + "/Participants.json"), 404, 20404)
    assert_twilio_error(
        api.post(f"/Conferences/{conference}/Participants/CA{'0' * 32}.json", Muted="true"),
        404,
        20404,
    )
