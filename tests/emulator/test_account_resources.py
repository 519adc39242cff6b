"""How the emulator's queues, usage, short codes, connect apps and keys behave beyond the happy
path: <Enqueue> puts a call in a real queue, dequeuing redirects the call, and refusals carry
Twilio's codes."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from emulator import Account, Emulator, ManualClock
from emulator.fixtures import FixtureError
from tests.emulator.webhook_app import WebhookApp
from tests.support.emulator_api import Api, assert_twilio_error

CALLER = "+14155550100"


def _inbound_call(emu: Emulator, to: str) -> dict[str, Any]:
    response = requests.post(
        f"{emu.url}/_emulator/inbound/calls", data={"From": CALLER, "To": to}, timeout=60
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _number(api: Api, voice_url: str) -> str:
    response = api.post("/IncomingPhoneNumbers.json", AreaCode="415", VoiceUrl=voice_url)
    assert response.status_code == 201, response.text
    return str(response.json()["phone_number"])


def test_enqueue_waits_in_the_named_queue_behind_those_already_there(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    (queue,) = emu.seed({"queues": [{"friendly_name": "support", "members": [{}]}]})["queues"]
    voice = webhooks.serve(
        "/voice",
        '<Response><Enqueue waitUrl="/wait" action="/left">support</Enqueue></Response>',
    )
    webhooks.serve("/wait", "<Response><Say>Please hold</Say><Leave/></Response>")
    webhooks.serve("/left")
    _inbound_call(emu, _number(api, voice))
    waited = dict(webhooks.to("/wait")[0].form)
    assert (waited["QueueSid"], waited["QueuePosition"], waited["CurrentQueueSize"]) == (
        queue,
        "2",
        "2",
    )
    assert dict(webhooks.to("/left")[0].form)["QueueResult"] == "leave"
    members = api.get(f"/Queues/{queue}/Members.json").json()["queue_members"]
    assert len(members) == 1  # the caller left; the seeded call still waits


def test_enqueue_makes_the_queue_and_a_full_queue_refuses(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    emu.seed({"queues": [{"friendly_name": "tiny", "max_size": 1, "members": [{}]}]})
    voice = webhooks.serve(
        "/voice",
        '<Response><Enqueue action="/full">tiny</Enqueue>'
        '<Enqueue waitUrl="/wait">fresh</Enqueue></Response>',
    )
    webhooks.serve("/full", '<Response><Enqueue waitUrl="/wait">fresh</Enqueue></Response>')
    webhooks.serve("/wait", "<Response><Leave/></Response>")
    _inbound_call(emu, _number(api, voice))
    assert dict(webhooks.to("/full")[0].form)["QueueResult"] == "queue-full"
    names = {q["friendly_name"]: q for q in api.get("/Queues.json").json()["queues"]}
    assert set(names) == {"tiny", "fresh"}
    assert dict(webhooks.to("/wait")[0].form)["QueueSid"] == names["fresh"]["sid"]


def test_dequeue_redirects_the_call_and_a_call_that_ends_leaves(
    emu: Emulator, api: Api, clock: ManualClock
) -> None:
    (queue,) = emu.seed({"queues": [{"friendly_name": "q", "members": [{}, {}]}]})["queues"]
    first, second = (
        m["call_sid"] for m in api.get(f"/Queues/{queue}/Members.json").json()["queue_members"]
    )
    answered = api.post(
        f"/Queues/{queue}/Members/{second}.json", Url="https://example.com/agent", Method="GET"
    )
    assert answered.json()["position"] == 2
    call = api.get(f"/Calls/{second}.json").json()
    assert call["status"] == "in-progress"
    api.post(f"/Calls/{first}.json", Status="completed")
    assert api.get(f"/Queues/{queue}.json").json()["current_size"] == 0
    assert_twilio_error(api.get(f"/Queues/{queue}/Members/Front.json"), 404, 20404)


@pytest.mark.parametrize(
    ("path", "data", "code"),
    [
        ("/Queues.json", {}, 20001),
        ("/Queues.json", {"FriendlyName": "q", "MaxSize": "5001"}, 20001),
        ("/Queues.json", {"FriendlyName": "x" * 65}, 20001),
        ("/Usage/Triggers.json", {"TriggerValue": "1", "UsageCategory": "sms"}, 20001),
        (
            "/Usage/Triggers.json",
            {"CallbackUrl": "https://e.com", "TriggerValue": "1", "UsageCategory": "faxes"},
            20001,
        ),
        (
            "/Usage/Triggers.json",
            {"CallbackUrl": "https://e.com", "TriggerValue": "lots", "UsageCategory": "sms"},
            20001,
        ),
        (
            "/Usage/Triggers.json",
            {
                "CallbackUrl": "https://e.com",
                "TriggerValue": "1",
                "UsageCategory": "sms",
                "Recurring": "hourly",
            },
            20001,
        ),
    ],
)
def test_refusals_carry_twilio_codes(api: Api, path: str, data: dict[str, str], code: int) -> None:
    assert_twilio_error(api.post(path, **data), 400, code)


def test_dequeue_needs_a_url(emu: Emulator, api: Api) -> None:
    (queue,) = emu.seed({"queues": [{"friendly_name": "q", "members": [{}]}]})["queues"]
    assert_twilio_error(api.post(f"/Queues/{queue}/Members/Front.json"), 400, 21205)
    assert len(api.get(f"/Queues/{queue}/Members.json").json()["queue_members"]) == 1


@pytest.mark.parametrize(
    "query",
    [{"Category": "SMS!"}, {"StartDate": "2024-13-01"}, {"StartDate": "yesterday"}],
)
def test_usage_records_refuse_malformed_filters(api: Api, query: dict[str, str]) -> None:
    assert_twilio_error(api.get("/Usage/Records/Daily.json", **query), 400, 20001)


def test_usage_of_a_category_not_counted_here_is_empty(api: Api) -> None:
    (record,) = api.get("/Usage/Records.json", Category="recordings").json()["usage_records"]
    assert (record["count"], record["usage"], record["price"]) == ("0", "0", 0)


def test_a_recurring_trigger_fires_again_the_next_day(
    api: Api, clock: ManualClock, webhooks: WebhookApp
) -> None:
    hook = webhooks.serve("/usage")
    made = api.post(
        "/Usage/Triggers.json",
        CallbackUrl=hook,
        TriggerValue="1",
        UsageCategory="sms",
        TriggerBy="count",
        Recurring="daily",
    ).json()
    api.send()
    clock.advance(5)
    webhooks.wait_for("/usage", 1)
    api.send()
    clock.advance(5)
    assert len(webhooks.to("/usage")) == 1  # once a day
    clock.advance(86_400)
    api.send()
    clock.advance(5)
    second = webhooks.wait_for("/usage", 2)[1]
    assert dict(second.form)["UsageTriggerSid"] == made["sid"]


def test_a_deleted_key_stops_authenticating_and_its_secret_is_never_shown_again(
    emu: Emulator, api: Api, account: Account
) -> None:
    made = api.post("/Keys.json", FriendlyName="ci").json()
    keyed = Api(emu.url, made["sid"], made["secret"], account_sid=account.sid)
    assert keyed.get("/Messages.json").status_code == 200
    for body in (api.get("/Keys.json").text, api.get(f"/Keys/{made['sid']}.json").text):
        assert made["secret"] not in body
    assert api.delete(f"/Keys/{made['sid']}.json").status_code == 204
    assert_twilio_error(keyed.get("/Messages.json"), 401, 20003)


def test_fixtures_refuse_what_they_cannot_hold(emu: Emulator, account: Account) -> None:
    for bad in (
        {"queues": [{"max_size": 3}]},
        {"short_codes": [{"short_code": "abc"}]},
        {"connect_apps": [{"permissions": ["delete-all"]}]},
        {"authorized_connect_apps": [{"connect_app_sid": "CN" + "0" * 32}]},
    ):
        with pytest.raises(FixtureError):
            emu.seed(bad)
