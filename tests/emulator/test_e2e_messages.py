"""The message operations of issue 10 end to end: invoked through the Connector against the
emulator, each checked by the state it leaves (read back through other operations)."""

from __future__ import annotations

from typing import Any

import pytest

from connector import BadRequestError, Connector, NotFoundError, ValidationError
from connector.http import requests_sent
from emulator import ManualClock
from tests.support.e2e import covers
from tests.support.emulator_api import Api
from tests.support.messaging import service_with_numbers, template

TO = "+14155550100"
FROM = "+15005550006"
PNG = "https://example.com/photo.png"


@covers(
    "send-sms-message",
    "get-message-media-list",
    "get-message-media",
    "delete-message-media",
    "get-sms-message",
)
def test_an_mms_and_its_media(twilio: Connector, api: Api) -> None:
    sent = twilio.invoke(
        "send-message", {"from": FROM, "to": TO, "mediaUrl": [PNG, "https://example.com/b.gif"]}
    )
    assert (sent["sid"][:2], sent["num_media"], sent["body"]) == ("MM", "2", "")
    media = list(twilio.invoke("get-message-media-list", {"messageSid": sent["sid"]}))
    assert sorted(item["content_type"] for item in media) == ["image/gif", "image/png"]
    one = twilio.invoke(
        "get-message-media", {"messageSid": sent["sid"], "mediaSid": media[0]["sid"]}
    )
    assert one == media[0]
    content = twilio.execute(
        "get-message-media",
        {"messageSid": sent["sid"], "mediaSid": one["sid"], "mediaFormat": "CONTENT"},
    )
    served = api.get(f"{api.url}{one['uri'].removesuffix('.json')}")
    assert content.payload == served.content
    assert isinstance(content.payload, bytes)
    assert len(content.payload) > 0
    gone = twilio.invoke(
        "delete-message-media", {"messageSid": sent["sid"], "mediaSid": media[0]["sid"]}
    )
    assert gone is None
    left = list(twilio.invoke("get-message-media-list", {"messageSid": sent["sid"], "limit": 5}))
    assert [item["sid"] for item in left] == [media[1]["sid"]]
    assert twilio.invoke("get-sms-message", {"smsMessageSid": sent["sid"]})["num_media"] == "2"


@covers("send-sms-message", "cancel-scheduled-message", "update-message", "get-all-sms-messages")
def test_a_campaign_through_a_service_with_a_scheduled_reminder(
    twilio: Connector, api: Api, clock: ManualClock
) -> None:
    service, numbers = service_with_numbers(api)
    content = template(api, {"twilio/text": {"body": "Hi {{1}}, see you at {{2}}"}}, {"2": "noon"})
    now = twilio.invoke(
        "send-sms-message",
        {
            "messagingServiceSid": service,
            "to": TO,
            "contentSid": content,
            "contentVariables": {"1": "Ana"},
        },
    )
    assert (now["status"], now["from"], now["body"]) == (
        "accepted",
        numbers[0],
        "Hi Ana, see you at noon",
    )
    reminders = [
        twilio.invoke(
            "send-sms-message",
            {
                "messagingServiceSid": service,
                "to": to,
                "body": "Reminder: tomorrow at noon",
                "scheduleType": "fixed",
                "sendAt": "2024-01-02T09:00:00+01:00",
            },
        )
        for to in (TO, "+14155550101")
    ]
    assert [r["status"] for r in reminders] == ["scheduled", "scheduled"]
    canceled = twilio.invoke("cancel-scheduled-message", {"messageSid": reminders[0]["sid"]})
    assert canceled["status"] == "canceled"
    again = twilio.invoke(
        "update-message", {"messageSid": reminders[1]["sid"], "status": "canceled"}
    )
    assert again["status"] == "canceled"
    with pytest.raises(BadRequestError) as caught:
        twilio.invoke("cancel-scheduled-message", {"messageSid": now["sid"]})
    assert caught.value.code == 30409
    clock.advance(2 * 86400)
    listed = {m["sid"]: m["status"] for m in twilio.invoke("get-all-sms-messages", {"to": TO})}
    assert listed == {now["sid"]: "delivered", reminders[0]["sid"]: "canceled"}


@covers("send-sms-message", "update-message", "create-message-feedback", "delete-message")
def test_redact_give_feedback_and_delete(twilio: Connector, clock: ManualClock) -> None:
    sent = twilio.invoke(
        "send-sms-message",
        {"from": FROM, "to": TO, "body": "Your code is 1234", "provideFeedback": True},
    )
    feedback = twilio.invoke(
        "create-message-feedback", {"messageSid": sent["sid"], "outcome": "CONFIRMED"}
    )
    assert (feedback["message_sid"], feedback["outcome"]) == (sent["sid"], "confirmed")
    with pytest.raises(BadRequestError) as caught:
        twilio.invoke("delete-message", {"messageSid": sent["sid"]})
    assert caught.value.code == 20009
    clock.advance(3)
    redacted = twilio.invoke("update-message", {"messageSid": sent["sid"], "body": ""})
    assert (redacted["body"], redacted["status"]) == ("", "delivered")
    assert twilio.invoke("get-sms-message", {"smsMessageSid": sent["sid"]})["body"] == ""
    assert twilio.invoke("delete-message", {"messageSid": sent["sid"]}) is None
    with pytest.raises(NotFoundError):
        twilio.invoke("get-sms-message", {"smsMessageSid": sent["sid"]})


@covers("send-sms-message")
def test_whatsapp_through_the_sandbox_sender(twilio: Connector) -> None:
    sent = twilio.invoke(
        "send-message", {"from": "whatsapp:+14155238886", "to": f"whatsapp:{TO}", "body": "Hola"}
    )
    assert (sent["from"], sent["to"], sent["status"]) == (
        "whatsapp:+14155238886",
        f"whatsapp:{TO}",
        "queued",
    )
    with pytest.raises(BadRequestError) as caught:
        twilio.invoke(
            "send-message", {"from": f"whatsapp:{FROM}", "to": f"whatsapp:{TO}", "body": "x"}
        )
    assert caught.value.code == 63007


MG = "MG" + "a" * 32
LATER = "2024-01-02T00:00:00Z"
SMS = {"to": TO, "from": FROM, "body": "x"}
VIA_SERVICE = {"to": TO, "messagingServiceSid": MG, "body": "x"}
ELEVEN = [f"https://e.com/{n}.png" for n in range(11)]
BROKEN: list[tuple[dict[str, Any], set[str]]] = [
    ({"to": TO, "body": "x"}, {"from | messagingServiceSid"}),
    ({"to": TO, "from": FROM}, {"body | mediaUrl | contentSid"}),
    ({**SMS, "scheduleType": "fixed", "sendAt": LATER}, {"messagingServiceSid"}),
    ({**VIA_SERVICE, "scheduleType": "fixed"}, {"sendAt"}),
    ({**VIA_SERVICE, "sendAt": LATER}, {"scheduleType"}),
    ({"to": TO, "from": FROM, "mediaUrl": ELEVEN}, {"mediaUrl"}),
    ({"to": TO, "from": FROM, "mediaUrl": ["ftp://e.com/a.png"]}, {"mediaUrl.0"}),
    ({**SMS, "contentVariables": {"1": "Ana"}}, {"contentSid"}),
    ({"to": TO, "from": FROM, "contentSid": "HX123"}, {"contentSid"}),
    ({**SMS, "validityPeriod": 36001}, {"validityPeriod"}),
    ({**SMS, "maxPrice": "cheap"}, {"maxPrice"}),
    ({**SMS, "riskCheck": "off"}, {"riskCheck"}),
    ({**VIA_SERVICE, "sendAt": "2024-02-30T10:00:00Z", "scheduleType": "fixed"}, {"sendAt"}),
]


@pytest.mark.parametrize(("params", "paths"), BROKEN, ids=[str(i) for i in range(len(BROKEN))])
def test_nothing_is_sent_when_a_rule_is_broken(
    twilio: Connector, api: Api, params: dict[str, Any], paths: set[str]
) -> None:
    before = requests_sent()
    with pytest.raises(ValidationError) as caught:
        twilio.invoke("send-sms-message", params)
    assert {problem.path for problem in caught.value.problems} == paths
    assert requests_sent() == before
    assert api.get("/Messages.json").json()["messages"] == []


@pytest.mark.parametrize(
    ("params", "paths"),
    [
        ({"messageSid": "SM" + "a" * 32}, {"body | status"}),
        ({"messageSid": "SM" + "a" * 32, "body": "", "status": "canceled"}, {"body | status"}),
        ({"messageSid": "SM" + "a" * 32, "body": "new text"}, {"body"}),
        ({"messageSid": "SM" + "a" * 32, "status": "sent"}, {"status"}),
        ({"messageSid": "XX" + "a" * 32, "body": ""}, {"messageSid"}),
    ],
)
def test_an_update_breaking_a_rule_sends_nothing(
    twilio: Connector, params: dict[str, Any], paths: set[str]
) -> None:
    before = requests_sent()
    with pytest.raises(ValidationError) as caught:
        twilio.invoke("update-message", params)
    assert {problem.path for problem in caught.value.problems} == paths
    assert requests_sent() == before
