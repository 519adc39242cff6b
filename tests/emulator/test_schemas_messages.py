"""The message endpoints added for issue 10 answer in the shape of Twilio's published response
schemas: a message sent with media, through a Messaging Service, scheduled, redacted or
canceled; its Media list and items; its Feedback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from emulator import Emulator, ManualClock
from tests.support.emulator_api import Api
from tests.support.messaging import service_with_numbers, template
from tests.support.openapi import validate_response

A = "/2010-04-01/Accounts/{AccountSid}"
MESSAGE = A + "/Messages/{Sid}.json"
MEDIA = A + "/Messages/{MessageSid}/Media/{Sid}.json"
PNG = "https://example.com/c.jpg"
CANCEL, OK = "canceled", "confirmed"


@dataclass
class World:
    """An MMS, a message through a Messaging Service and a scheduled one, made through the API."""

    api: Api
    clock: ManualClock
    service: str
    mms: str
    media: str

    def send(self, **form: str) -> requests.Response:
        return self.api.post("/Messages.json", **{"To": "+14155550100", **form})

    def schedule(self) -> requests.Response:
        return self.send(
            MessagingServiceSid=self.service,
            Body="Later",
            ScheduleType="fixed",
            SendAt="2024-02-01T00:00:00Z",
        )

    def scheduled(self) -> str:
        return str(self.schedule().json()["sid"])

    def delivered(self) -> str:
        sid = self.api.send()["sid"]
        self.clock.advance(4)
        return str(sid)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    clock = ManualClock()
    with Emulator(clock=clock) as emu:
        account = emu.create_account()
        api = Api(emu.url, account.sid, account.auth_token)
        service, _ = service_with_numbers(api)
        mms = api.post(
            "/Messages.json",
            From="+15005550006",
            To="+14155550100",
            MediaUrl=["https://example.com/a.png", "https://example.com/b.gif"],
        ).json()["sid"]
        media = api.get(f"/Messages/{mms}/Media.json").json()["media_list"][0]["sid"]
        yield World(api, clock, service, mms, media)


Request = Callable[[World], requests.Response]
FEEDBACK = A + "/Messages/{MessageSid}/Feedback.json"
MEDIA_LIST = A + "/Messages/{MessageSid}/Media.json"


def whatsapp_template(w: World) -> requests.Response:
    content = template(w.api, {"twilio/text": {"body": "Hi {{1}}"}})
    return w.send(
        From="whatsapp:+14155238886",
        To="whatsapp:+14155550100",
        ContentSid=content,
        ContentVariables='{"1": "Ana"}',
    )


CASES: list[tuple[str, str, int, Request]] = [
    ("POST", A + "/Messages.json", 201, lambda w: w.send(From="+15005550006", MediaUrl=PNG)),
    ("POST", A + "/Messages.json", 201, lambda w: w.send(MessagingServiceSid=w.service, Body="x")),
    ("POST", A + "/Messages.json", 201, lambda w: w.schedule()),
    ("POST", A + "/Messages.json", 201, whatsapp_template),
    ("GET", MESSAGE, 200, lambda w: w.api.get(f"/Messages/{w.mms}.json")),
    ("POST", MESSAGE, 200, lambda w: w.api.post(f"/Messages/{w.delivered()}.json", Body="")),
    ("POST", MESSAGE, 200, lambda w: w.api.post(f"/Messages/{w.scheduled()}.json", Status=CANCEL)),
    ("DELETE", MESSAGE, 204, lambda w: w.api.delete(f"/Messages/{w.delivered()}.json")),
    ("GET", MEDIA_LIST, 200, lambda w: w.api.get(f"/Messages/{w.mms}/Media.json")),
    ("GET", MEDIA, 200, lambda w: w.api.get(f"/Messages/{w.mms}/Media/{w.media}.json")),
    ("POST", FEEDBACK, 200, lambda w: w.api.post(f"/Messages/{w.mms}/Feedback.json", Outcome=OK)),
]


@pytest.mark.parametrize(
    ("method", "path", "status", "request_"),
    CASES,
    ids=[f"{m} {p.removeprefix(A)} {i}" for i, (m, p, _, _) in enumerate(CASES)],
)
def test_response_matches_twilio_schema(
    world: World,
    twilio_api_v2010: Path,
    method: str,
    path: str,
    status: int,
    request_: Request,
) -> None:
    response = request_(world)
    assert response.status_code == status, response.text
    if status == 204:
        assert response.content == b""
        return
    validate_response(twilio_api_v2010, method, path, status, response.json())


def test_deleting_media_answers_204_and_empty(world: World, twilio_api_v2010: Path) -> None:
    sent = world.send(From="+15005550006", MediaUrl="https://e.com/c.png").json()
    listed = world.api.get(f"/Messages/{sent['sid']}/Media.json").json()
    item = listed["media_list"][0]
    validate_response(twilio_api_v2010, "GET", A + "/Messages/{MessageSid}/Media.json", 200, listed)
    deleted = world.api.delete(f"{world.api.url}{item['uri']}")
    assert (deleted.status_code, deleted.content) == (204, b"")
