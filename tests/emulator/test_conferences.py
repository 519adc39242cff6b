"""Conference participants: fetch, mute and hold, kick."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from emulator import Emulator, ManualClock
from tests.emulator.webhook_app import WebhookApp
from tests.support.emulator_api import Api, assert_twilio_error

FROM = "+15005550006"


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


def _events(requests: list[Any]) -> list[tuple[str, str]]:
    """Each conference status callback's event and the participant it is about."""
    return [
        (dict(r.form)["StatusCallbackEvent"], dict(r.form).get("CallSid", "")) for r in requests
    ]


def test_the_first_participants_status_callback_hears_the_conference(
    api: Api, clock: ManualClock, webhooks: WebhookApp
) -> None:
    hook = webhooks.serve("/conference")
    other = webhooks.serve("/ignored")
    add = "/Conferences/Support/Participants.json"
    first = api.post(
        add,
        From=FROM,
        To="+14155550101",
        ConferenceStatusCallback=hook,
        ConferenceStatusCallbackEvent=["start end join", "leave", "mute", "hold", "modify"],
    ).json()
    second = api.post(add, From=FROM, To="+14155550102", ConferenceStatusCallback=other).json()
    a, b = first["call_sid"], second["call_sid"]
    clock.advance(3)  # both answered: they join, and the conference starts
    joined = _events(webhooks.wait_for("/conference", 3))
    assert sorted(joined) == sorted(
        [("participant-join", a), ("participant-join", b), ("conference-start", "")]
    )
    assert joined.index(("participant-join", a)) < joined.index(("conference-start", ""))
    conference = first["conference_sid"]
    api.post(f"/Conferences/{conference}/Participants/{b}.json", Muted="true")
    api.post(f"/Conferences/{conference}/Participants/{b}.json", Hold="true", Muted="false")
    api.post(f"/Conferences/{conference}/Participants/{b}.json", EndConferenceOnExit="true")
    api.post(f"/Conferences/{conference}.json", Status="completed")

    sent = webhooks.wait_for("/conference", 10)
    assert _events(sent)[3:] == [
        ("participant-mute", b),
        ("participant-unmute", b),  # one update: its mute change, then its hold change
        ("participant-hold", b),
        ("participant-modify", b),
        ("participant-leave", a),
        ("participant-leave", b),
        ("conference-end", ""),
    ]
    assert [int(dict(r.form)["SequenceNumber"]) for r in sent] == list(range(1, 11))
    assert all(webhooks.is_signed(r) for r in sent)
    held = dict(sent[5].form)
    assert (held["Muted"], held["Hold"], held["FriendlyName"], held["ConferenceSid"]) == (
        "false",
        "true",
        "Support",
        conference,
    )
    ended = dict(sent[-1].form)
    assert ended["ReasonConferenceEnded"] == "conference-ended-via-api"
    assert webhooks.to("/ignored") == []  # only the first participant's callback counts


def test_a_conference_joined_from_twiml_reports_what_its_noun_asks(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    voice = webhooks.serve(
        "/voice",
        '<Response><Dial><Conference statusCallback="/conference" statusCallbackMethod="GET" '
        'statusCallbackEvent="join leave bogus">Room</Conference></Dial></Response>',
    )
    webhooks.serve("/conference")
    number = api.post("/IncomingPhoneNumbers.json", AreaCode="415", VoiceUrl=voice).json()
    call = emu.inbound_call(from_="+14155550100", to=number["phone_number"])["call"]
    sent = webhooks.wait_for("/conference", 2)
    assert [(r.method, dict(r.query)["StatusCallbackEvent"]) for r in sent] == [
        ("GET", "participant-join"),
        ("GET", "participant-leave"),  # no start or end: not asked for; bogus: ignored
    ]
    assert {dict(r.query)["CallSid"] for r in sent} == {call["sid"]}


def test_unknown_conference_events_are_refused(api: Api) -> None:
    refused = api.post(
        "/Conferences/Support/Participants.json",
        From=FROM,
        To="+14155550101",
        ConferenceStatusCallback="https://example.com/c",
        ConferenceStatusCallbackEvent="start finish",
    )
    assert "'finish'" in assert_twilio_error(refused, 400, 20001)["message"]


def test_a_twiml_joiners_conference_settings_are_kept(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    held = threading.Event()
    voice = webhooks.serve(
        "/voice",
        '<Response><Dial action="/after"><Conference participantLabel="agent" muted="true" '
        'startConferenceOnEnter="false" endConferenceOnExit="true">Desk</Conference></Dial>'
        "</Response>",
    )
    webhooks.serve("/after", "<Response/>", hold=held)
    number = api.post("/IncomingPhoneNumbers.json", AreaCode="415", VoiceUrl=voice).json()
    with ThreadPoolExecutor(1) as pool:
        done = pool.submit(emu.inbound_call, from_="+14155550100", to=number["phone_number"])
        webhooks.wait_for("/after", 1)  # the call is in the conference until this answers
        (conference,) = api.get("/Conferences.json", FriendlyName="Desk").json()["conferences"]
        participants = f"/Conferences/{conference['sid']}/Participants.json"
        (member,) = api.get(participants).json()["participants"]
        held.set()
        done.result(timeout=30)
    assert (member["label"], member["muted"], member["end_conference_on_exit"]) == (
        "agent",
        True,
        True,
    )
    assert conference["status"] == "init"  # it does not start the conference itself
