"""Messages through a Messaging Service (accepted first, a sender from its pool), scheduled
messages (scheduled until SendAt, canceled before then) and Twilio's errors for both."""

from __future__ import annotations

from typing import Any

import pytest

from emulator import Emulator, ManualClock
from tests.emulator.webhook_app import WebhookApp
from tests.support.emulator_api import Api, assert_twilio_error
from tests.support.messaging import service_with_numbers

TO = "+14155550100"
#: An hour after the ManualClock's start (2024-01-01T00:00:00Z).
IN_AN_HOUR = "2024-01-01T01:00:00Z"


def through(api: Api, service: str, **form: Any) -> Any:
    response = api.post("/Messages.json", To=TO, MessagingServiceSid=service, **form)
    assert response.status_code == 201, response.text
    return response.json()


def statuses(api: Api, clock: ManualClock, sid: str, steps: int) -> list[str]:
    seen = [api.get(f"/Messages/{sid}.json").json()["status"]]
    for _ in range(steps):
        clock.advance(1)
        seen.append(api.get(f"/Messages/{sid}.json").json()["status"])
    return seen


def test_a_service_message_is_accepted_then_sent_from_its_pool(
    api: Api, clock: ManualClock
) -> None:
    service, numbers = service_with_numbers(api, 2)
    message = through(api, service, Body="Hi")
    assert message["status"] == "accepted"
    assert message["messaging_service_sid"] == service
    assert message["from"] == numbers[0]
    assert statuses(api, clock, message["sid"], 4) == [
        "accepted",
        "queued",
        "sending",
        "sent",
        "delivered",
    ]


def test_a_given_from_is_used_with_a_service(api: Api) -> None:
    service, numbers = service_with_numbers(api, 2)
    assert through(api, service, From=numbers[1], Body="Hi")["from"] == numbers[1]


def test_a_service_of_another_account_or_none_is_refused(emu: Emulator, api: Api) -> None:
    other = emu.create_account()
    theirs, _ = service_with_numbers(Api(emu.url, other.sid, other.auth_token))
    for service in (theirs, "MG" + "0" * 32):
        refused = api.post("/Messages.json", To=TO, MessagingServiceSid=service, Body="Hi")
        assert_twilio_error(refused, 400, 21701)


def test_a_service_without_numbers_cannot_send(api: Api) -> None:
    service, _ = service_with_numbers(api, 0)
    refused = api.post("/Messages.json", To=TO, MessagingServiceSid=service, Body="Hi")
    assert_twilio_error(refused, 400, 21704)


def test_neither_from_nor_service_is_21603(api: Api) -> None:
    assert_twilio_error(api.post("/Messages.json", To=TO, Body="Hi"), 400, 21603)


def test_the_services_status_callback_is_used(
    emu: Emulator, api: Api, clock: ManualClock, webhooks: WebhookApp
) -> None:
    service, _ = service_with_numbers(api, 1, StatusCallback=webhooks.serve("/status"))
    sid = through(api, service, Body="Hi")["sid"]
    clock.advance(4)
    api.get(f"/Messages/{sid}.json")
    sent = [c["params"]["MessageStatus"] for c in emu.callbacks(sid)]
    assert sent == ["queued", "sending", "sent", "delivered"]
    assert {c["params"]["MessagingServiceSid"] for c in emu.callbacks(sid)} == {service}


def test_a_scheduled_message_waits_for_its_send_at(api: Api, clock: ManualClock) -> None:
    service, numbers = service_with_numbers(api)
    message = through(api, service, Body="Later", ScheduleType="fixed", SendAt=IN_AN_HOUR)
    assert message["status"] == "scheduled"
    clock.advance(3599)
    assert api.get(f"/Messages/{message['sid']}.json").json()["status"] == "scheduled"
    clock.advance(1)
    assert statuses(api, clock, message["sid"], 4) == [
        "accepted",
        "queued",
        "sending",
        "sent",
        "delivered",
    ]
    assert api.get(f"/Messages/{message['sid']}.json").json()["from"] == numbers[0]


def test_a_scheduled_message_can_be_canceled_before_it_is_sent(
    emu: Emulator, api: Api, clock: ManualClock, webhooks: WebhookApp
) -> None:
    service, _ = service_with_numbers(api)
    message = through(
        api,
        service,
        Body="Later",
        ScheduleType="fixed",
        SendAt=IN_AN_HOUR,
        StatusCallback=webhooks.serve("/status"),
    )
    path = f"/Messages/{message['sid']}.json"
    canceled = api.post(path, Status="canceled")
    assert canceled.status_code == 200
    assert canceled.json()["status"] == "canceled"
    clock.advance(7200)
    assert api.get(path).json()["status"] == "canceled"
    assert [c["params"]["MessageStatus"] for c in emu.callbacks(message["sid"])] == ["canceled"]
    assert_twilio_error(api.post(path, Status="canceled"), 400, 30409)


def test_only_a_scheduled_message_can_be_canceled(api: Api) -> None:
    sid = api.send()["sid"]
    assert_twilio_error(api.post(f"/Messages/{sid}.json", Status="canceled"), 400, 30409)


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"ScheduleType": "fixed"}, 35111),
        ({"ScheduleType": "fixed", "SendAt": "2024-01-01T00:10:00Z"}, 35114),
        ({"ScheduleType": "fixed", "SendAt": "2024-02-06T00:00:01Z"}, 35114),
        ({"ScheduleType": "fixed", "SendAt": "next tuesday"}, 35114),
        ({"ScheduleType": "later", "SendAt": IN_AN_HOUR}, 20001),
    ],
    ids=["no-send-at", "too-soon", "too-far", "not-a-time", "not-fixed"],
)
def test_scheduling_errors(api: Api, form: dict[str, str], code: int) -> None:
    service, _ = service_with_numbers(api)
    refused = api.post("/Messages.json", To=TO, MessagingServiceSid=service, Body="x", **form)
    assert_twilio_error(refused, 400, code)
    assert api.get("/Messages.json").json()["messages"] == []


def test_scheduling_needs_a_service(api: Api) -> None:
    refused = api.post(
        "/Messages.json",
        From="+15005550006",
        To=TO,
        Body="x",
        ScheduleType="fixed",
        SendAt=IN_AN_HOUR,
    )
    assert_twilio_error(refused, 400, 35118)


def test_the_window_edges_are_accepted(api: Api) -> None:
    service, _ = service_with_numbers(api)
    for send_at in ("2024-01-01T00:15:00Z", "2024-02-05T00:00:00+00:00"):
        assert through(api, service, Body="x", ScheduleType="fixed", SendAt=send_at)["status"] == (
            "scheduled"
        )
