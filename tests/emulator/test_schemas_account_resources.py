"""Queues, usage, short codes, connect apps and keys answer in the shape of Twilio's published
response schemas (every field, no others, RFC 2822 dates)."""

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


@dataclass
class World:
    """One of each resource, and the API to reach them."""

    api: Api
    queue: str
    member: str
    trigger: str
    short_code: str
    connect_app: str
    key: str
    emu: Emulator

    def seeded(self, kind: str, record: dict[str, object]) -> str:
        return str(self.emu.seed({kind: [record]})[kind][0])


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    clock = ManualClock()
    with Emulator(clock=clock) as emu:
        main = emu.create_account(friendly_name="Main")
        api = Api(emu.url, main.sid, main.auth_token)
        api.send()
        created = emu.seed(
            {
                "queues": [{"friendly_name": "support", "members": [{}, {}]}],
                "short_codes": [{"short_code": "89461"}],
                "connect_apps": [{"friendly_name": "Reports", "permissions": ["get-all"]}],
            }
        )
        app = created["connect_apps"][0]
        emu.seed(
            {"authorized_connect_apps": [{"connect_app_sid": app, "permissions": ["get-all"]}]}
        )
        clock.advance(5)
        queue = created["queues"][0]
        member = api.get(f"/Queues/{queue}/Members.json").json()["queue_members"][0]["call_sid"]
        trigger = api.post(
            "/Usage/Triggers.json",
            CallbackUrl="https://example.com/usage",
            TriggerValue="100",
            UsageCategory="sms",
        ).json()["sid"]
        key = api.post("/Keys.json", FriendlyName="ci").json()["sid"]
        yield World(api, queue, member, trigger, created["short_codes"][0], app, key, emu)


Request = Callable[[World], requests.Response]

CASES: list[tuple[str, str, int, Request]] = [
    ("POST", A + "/Queues.json", 201, lambda w: w.api.post("/Queues.json", FriendlyName="new")),
    ("GET", A + "/Queues.json", 200, lambda w: w.api.get("/Queues.json")),
    ("GET", A + "/Queues/{Sid}.json", 200, lambda w: w.api.get(f"/Queues/{w.queue}.json")),
    (
        "POST",
        A + "/Queues/{Sid}.json",
        200,
        lambda w: w.api.post(f"/Queues/{w.queue}.json", MaxSize="50"),
    ),
    (
        "DELETE",
        A + "/Queues/{Sid}.json",
        204,
        lambda w: w.api.delete(f"/Queues/{w.seeded('queues', {'friendly_name': 'gone'})}.json"),
    ),
    (
        "GET",
        A + "/Queues/{QueueSid}/Members.json",
        200,
        lambda w: w.api.get(f"/Queues/{w.queue}/Members.json"),
    ),
    (
        "GET",
        A + "/Queues/{QueueSid}/Members/{CallSid}.json",
        200,
        lambda w: w.api.get(f"/Queues/{w.queue}/Members/{w.member}.json"),
    ),
    (
        "POST",
        A + "/Queues/{QueueSid}/Members/{CallSid}.json",
        200,
        lambda w: w.api.post(f"/Queues/{w.queue}/Members/Front.json", Url="https://e.com/a"),
    ),
    (
        "GET",
        A + "/Usage/Records.json",
        200,
        lambda w: w.api.get("/Usage/Records.json", Category="sms"),
    ),
    *(
        (
            "GET",
            A + f"/Usage/Records/{name}.json",
            200,
            lambda w, name=name: w.api.get(f"/Usage/Records/{name}.json"),
        )
        for name in (
            "AllTime",
            "Daily",
            "Monthly",
            "Yearly",
            "Today",
            "Yesterday",
            "ThisMonth",
            "LastMonth",
        )
    ),
    (
        "POST",
        A + "/Usage/Triggers.json",
        201,
        lambda w: w.api.post(
            "/Usage/Triggers.json",
            CallbackUrl="https://example.com/u",
            TriggerValue="+5",
            UsageCategory="calls",
            Recurring="monthly",
            TriggerBy="price",
        ),
    ),
    ("GET", A + "/Usage/Triggers.json", 200, lambda w: w.api.get("/Usage/Triggers.json")),
    (
        "GET",
        A + "/Usage/Triggers/{Sid}.json",
        200,
        lambda w: w.api.get(f"/Usage/Triggers/{w.trigger}.json"),
    ),
    (
        "POST",
        A + "/Usage/Triggers/{Sid}.json",
        200,
        lambda w: w.api.post(f"/Usage/Triggers/{w.trigger}.json", FriendlyName="cap"),
    ),
    (
        "DELETE",
        A + "/Usage/Triggers/{Sid}.json",
        204,
        lambda w: w.api.delete(
            "/Usage/Triggers/"
            + w.api.post(
                "/Usage/Triggers.json",
                CallbackUrl="https://example.com/u",
                TriggerValue="1",
                UsageCategory="sms",
            ).json()["sid"]
            + ".json"
        ),
    ),
    ("GET", A + "/SMS/ShortCodes.json", 200, lambda w: w.api.get("/SMS/ShortCodes.json")),
    (
        "GET",
        A + "/SMS/ShortCodes/{Sid}.json",
        200,
        lambda w: w.api.get(f"/SMS/ShortCodes/{w.short_code}.json"),
    ),
    (
        "POST",
        A + "/SMS/ShortCodes/{Sid}.json",
        200,
        lambda w: w.api.post(f"/SMS/ShortCodes/{w.short_code}.json", SmsUrl="https://e.com/s"),
    ),
    ("GET", A + "/ConnectApps.json", 200, lambda w: w.api.get("/ConnectApps.json")),
    (
        "GET",
        A + "/ConnectApps/{Sid}.json",
        200,
        lambda w: w.api.get(f"/ConnectApps/{w.connect_app}.json"),
    ),
    (
        "POST",
        A + "/ConnectApps/{Sid}.json",
        200,
        lambda w: w.api.post(
            f"/ConnectApps/{w.connect_app}.json", CompanyName="Acme", Permissions="post-all"
        ),
    ),
    (
        "GET",
        A + "/AuthorizedConnectApps.json",
        200,
        lambda w: w.api.get("/AuthorizedConnectApps.json"),
    ),
    (
        "GET",
        A + "/AuthorizedConnectApps/{ConnectAppSid}.json",
        200,
        lambda w: w.api.get(f"/AuthorizedConnectApps/{w.connect_app}.json"),
    ),
    ("POST", A + "/Keys.json", 201, lambda w: w.api.post("/Keys.json", FriendlyName="new")),
    ("GET", A + "/Keys.json", 200, lambda w: w.api.get("/Keys.json")),
    ("GET", A + "/Keys/{Sid}.json", 200, lambda w: w.api.get(f"/Keys/{w.key}.json")),
    (
        "POST",
        A + "/Keys/{Sid}.json",
        200,
        lambda w: w.api.post(f"/Keys/{w.key}.json", FriendlyName="renamed"),
    ),
    (
        "DELETE",
        A + "/Keys/{Sid}.json",
        204,
        lambda w: w.api.delete(f"/Keys/{w.api.post('/Keys.json').json()['sid']}.json"),
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "status", "request_"),
    CASES,
    ids=[f"{m} {p[len(A) :]}" for m, p, _, _ in CASES],
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
    for key in ("sid", "account_sid", "call_sid", "queue_sid", "connect_app_sid"):
        if isinstance(body.get(key), str):
            assert SID.match(body[key]), f"{key}={body[key]}"
