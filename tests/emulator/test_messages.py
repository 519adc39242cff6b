"""Sending messages: Twilio's checks, the From rule (21606) and the message life cycle."""

from __future__ import annotations

import pytest

from emulator import ManualClock
from tests.support.emulator_api import Api, assert_twilio_error


def test_from_must_be_a_number_the_account_owns(api: Api) -> None:
    refused = api.post("/Messages.json", From="+14155550177", To="+14155550100", Body="x")
    body = assert_twilio_error(refused, 400, 21606)
    assert "+14155550177" in body["message"]


def test_test_number_and_bought_number_may_send_a_verified_caller_id_may_not(api: Api) -> None:
    assert api.send(sender="+15005550006")["from"] == "+15005550006"
    bought = api.post("/IncomingPhoneNumbers.json", AreaCode="415").json()["phone_number"]
    assert api.send(sender=bought)["from"] == bought
    api.post("/OutgoingCallerIds.json", PhoneNumber="+14155550142")
    refused = api.post("/Messages.json", From="+14155550142", To="+14155550100", Body="x")
    assert "+14155550142" in assert_twilio_error(refused, 400, 21606)["message"]
    call = api.post("/Calls.json", From="+14155550142", To="+14155550100", Url="https://e.com/v")
    assert call.status_code == 201, "a verified caller id still places calls"


def test_a_number_of_another_account_or_a_released_one_may_not_send(api: Api) -> None:
    other = api.post(f"{api.url}/2010-04-01/Accounts.json").json()
    as_other = Api(api.url, other["sid"], other["auth_token"])
    theirs = as_other.post("/IncomingPhoneNumbers.json", AreaCode="212").json()
    assert_twilio_error(
        api.post("/Messages.json", From=theirs["phone_number"], To="+14155550100", Body="x"),
        400,
        21606,
    )
    assert as_other.delete(f"/IncomingPhoneNumbers/{theirs['sid']}.json").status_code == 204
    assert_twilio_error(
        as_other.post("/Messages.json", From=theirs["phone_number"], To="+14155550100", Body="x"),
        400,
        21606,
    )


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"From": "+15005550006", "Body": "x"}, 21604),
        ({"To": "+14155550100", "Body": "x"}, 21603),
        ({"From": "+15005550006", "To": "+14155550100"}, 21602),
        ({"From": "+15005550006", "To": "+14155550100", "Body": ""}, 21602),
        ({"From": "+15005550006", "To": "4155550100", "Body": "x"}, 21211),
        ({"From": "+15005550006", "To": "+1 415 555", "Body": "x"}, 21211),
        ({"From": "15005550006", "To": "+14155550100", "Body": "x"}, 21212),
        ({"From": "+15005550006", "To": "+14155550100", "Body": "x" * 1601}, 21617),
        (
            {"From": "+15005550006", "To": "+14155550100", "Body": "x", "StatusCallback": "nope"},
            21609,
        ),
    ],
)
def test_bad_messages_are_refused(api: Api, form: dict[str, str], code: int) -> None:
    assert_twilio_error(api.post("/Messages.json", **form), 400, code)
    assert api.get("/Messages.json").json()["messages"] == []


def test_media_alone_is_a_message(api: Api) -> None:
    response = api.post(
        "/Messages.json",
        From="+15005550006",
        To="+14155550100",
        MediaUrl="https://example.com/a.png",
    )
    assert response.status_code == 201
    assert response.json()["num_media"] == "1"


def test_segments_are_counted(api: Api) -> None:
    assert api.send(body="x" * 160)["num_segments"] == "1"
    assert api.send(body="x" * 161)["num_segments"] == "2"
    assert api.send(body="é" * 71)["num_segments"] == "2"


def test_a_message_is_queued_sending_sent_then_delivered(api: Api, clock: ManualClock) -> None:
    sent = api.send()
    assert (sent["status"], sent["date_sent"], sent["price"]) == ("queued", None, None)
    seen = []
    for _ in range(4):
        seen.append(api.get(f"/Messages/{sent['sid']}.json").json())
        clock.advance(1)
    assert [m["status"] for m in seen] == ["queued", "sending", "sent", "delivered"]
    assert seen[1]["date_sent"] is None
    assert seen[2]["date_sent"] == "Mon, 01 Jan 2024 00:00:02 +0000"
    assert seen[3]["date_updated"] == "Mon, 01 Jan 2024 00:00:03 +0000"
    assert seen[3]["price"] == "-0.00790"
    assert seen[3]["error_code"] is None


def test_status_is_worked_out_from_the_clock_even_after_a_long_gap(
    api: Api, clock: ManualClock
) -> None:
    sid = api.send()["sid"]
    clock.advance(3600)
    message = api.get("/Messages.json").json()["messages"][0]
    assert (message["sid"], message["status"]) == (sid, "delivered")
    assert message["date_updated"] == "Mon, 01 Jan 2024 00:00:03 +0000"


@pytest.mark.parametrize(
    ("to", "status", "code"),
    [("+15005550010", "undelivered", 30003), ("+15005550011", "failed", 30008)],
)
def test_emulator_numbers_that_fail_after_acceptance(
    api: Api, clock: ManualClock, to: str, status: str, code: int
) -> None:
    sent = api.send(to=to)
    assert sent["status"] == "queued"
    assert sent["error_code"] is None
    clock.advance(10)
    message = api.get(f"/Messages/{sent['sid']}.json").json()
    assert (message["status"], message["error_code"]) == (status, code)
    assert message["error_message"]


def test_messages_of_another_account_are_not_found(api: Api) -> None:
    sid = api.send()["sid"]
    other = api.post(f"{api.url}/2010-04-01/Accounts.json").json()
    as_other = Api(api.url, other["sid"], other["auth_token"])
    assert_twilio_error(as_other.get(f"/Messages/{sid}.json"), 404, 20404)
    body = assert_twilio_error(api.get("/Messages/SM" + "0" * 32 + ".json"), 404, 20404)
    assert "/Messages/SM" in body["message"]
