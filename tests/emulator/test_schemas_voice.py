"""The newer voice endpoints (call delete and recordings, conference end, participants added by
the API, conference recordings, Mobile numbers) answer in the shape of Twilio's published
response schemas."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from emulator import Emulator, ManualClock
from tests.support.emulator_api import SID, Api
from tests.support.openapi import validate_response

A = "/2010-04-01/Accounts/{AccountSid}"
FROM = "+15005550006"


@dataclass
class World:
    """The account's API on a manual clock; each case makes what it needs, fresh."""

    api: Api
    clock: ManualClock

    def call(self, to: str) -> str:
        """A new call, answered by the time this returns (it lasts 3 s more)."""
        made = self.api.post("/Calls.json", From=FROM, To=to, Url="https://e.com/t")
        self.clock.advance(2)
        return str(made.json()["sid"])

    def recorded(self, to: str) -> str:
        """A live call with a recording started on it."""
        sid = self.call(to)
        assert self.api.post(f"/Calls/{sid}/Recordings.json").status_code == 201
        return sid

    def ended_call(self, to: str) -> str:
        """A call that has ended."""
        sid = self.call(to)
        self.clock.advance(3)
        return sid

    def room(self, name: str) -> tuple[str, str]:
        """A running conference and its connected participant labelled host."""
        added = self.api.post(
            f"/Conferences/{name}/Participants.json",
            From=FROM,
            To="+14155550101",
            Label="host",
            ConferenceRecord="record-from-start",
        ).json()
        self.clock.advance(2)
        return str(added["conference_sid"]), str(added["call_sid"])

    def ended_conference(self, name: str) -> str:
        """A conference that was recorded and has ended."""
        sid, _ = self.room(name)
        self.clock.advance(1)
        assert self.api.post(f"/Conferences/{sid}.json", Status="completed").status_code == 200
        return sid


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    clock = ManualClock()
    with Emulator(clock=clock) as emu:
        account = emu.create_account(friendly_name="Voice")
        yield World(Api(emu.url, account.sid, account.auth_token), clock)


Request = Callable[[World], requests.Response]


def _coach(w: World) -> requests.Response:
    conference, host = w.room("Coached")
    return w.api.post(
        f"/Conferences/{conference}/Participants.json",
        From=FROM,
        To="+14155550104",
        Coaching="true",
        CallSidToCoach=host,
        StatusCallbackEvent="ringing",
    )


CASES: list[tuple[str, str, int, Request]] = [
    (
        "DELETE",
        A + "/Calls/{Sid}.json",
        204,
        lambda w: w.api.delete(f"/Calls/{w.ended_call('+14155550100')}.json"),
    ),
    (
        "GET",
        A + "/Calls/{CallSid}/Recordings.json",
        200,
        lambda w: w.api.get(
            f"/Calls/{w.recorded('+14155550102')}/Recordings.json", **{"DateCreated>": "2023-12-31"}
        ),
    ),
    (
        "POST",
        A + "/Calls/{CallSid}/Recordings.json",
        201,
        lambda w: w.api.post(
            f"/Calls/{w.call('+14155550103')}/Recordings.json",
            RecordingChannels="dual",
            RecordingStatusCallbackEvent="in-progress completed",
        ),
    ),
    (
        "POST",
        A + "/Calls/{CallSid}/Recordings/{Sid}.json",
        200,
        lambda w: w.api.post(
            f"/Calls/{w.recorded('+14155550105')}/Recordings/Twilio.CURRENT.json", Status="paused"
        ),
    ),
    (
        "POST",
        A + "/Conferences/{Sid}.json",
        200,
        lambda w: w.api.post(f"/Conferences/{w.room('Ending')[0]}.json", Status="completed"),
    ),
    (
        "POST",
        A + "/Conferences/{ConferenceSid}/Participants.json",
        201,
        _coach,
    ),
    (
        "POST",
        A + "/Conferences/{ConferenceSid}/Participants/{CallSid}.json",
        200,
        lambda w: w.api.post(
            f"/Conferences/{w.room('Held')[0]}/Participants/host.json",
            Hold="true",
            HoldUrl="https://e.com/music",
            BeepOnExit="false",
        ),
    ),
    (
        "GET",
        A + "/Conferences/{ConferenceSid}/Recordings.json",
        200,
        lambda w: w.api.get(f"/Conferences/{w.ended_conference('Recorded')}/Recordings.json"),
    ),
    (
        "GET",
        A + "/AvailablePhoneNumbers/{CountryCode}/Mobile.json",
        200,
        lambda w: w.api.get("/AvailablePhoneNumbers/GB/Mobile.json", Contains="7700", PageSize=3),
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "status", "request_"),
    CASES,
    ids=[f"{method} {path.removeprefix(A)}" for method, path, _, _ in CASES],
)
def test_response_matches_twilio_schema(
    world: World, method: str, path: str, status: int, request_: Request, twilio_api_v2010: Path
) -> None:
    response = request_(world)
    assert response.status_code == status, response.text
    if status == 204:
        assert response.content == b""
        return
    body = response.json()
    validate_response(twilio_api_v2010, method, path, status, body)
    items = next((v for k, v in body.items() if isinstance(v, list) and k != "meta"), [body])
    assert items, "the list is not empty, so its items are checked"
    for item in items:
        for key in ("sid", "account_sid", "call_sid", "conference_sid"):
            if isinstance(item.get(key), str):
                assert SID.match(item[key]), f"{key}={item[key]}"
