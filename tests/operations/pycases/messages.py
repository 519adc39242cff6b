"""Messages (issue 10): send with media, a Messaging Service, a content template, a schedule and
Twilio's other send parameters; update, cancel, delete; media; feedback."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from twilio.rest import Client

from tests.operations.pycases import ACCOUNT_SID, Case, sid

SM = sid("SM")
MM = sid("MM")
ME = sid("ME")
MG = sid("MG")
HX = sid("HX")
AP = sid("AP")
TO = "+14155550100"
FROM = "+15005550006"


def account(c: Client) -> Any:
    """The test account's resource in twilio-python (where Feedback is)."""
    return c.api.v2010.accounts(ACCOUNT_SID)


CASES = [
    Case(
        "send-message",
        {"from": FROM, "to": TO, "mediaUrl": ["https://e.com/a.png", "https://e.com/b.gif"]},
        lambda c: c.messages.create(
            from_=FROM, to=TO, media_url=["https://e.com/a.png", "https://e.com/b.gif"]
        ),
        "media list",
    ),
    Case(
        "send-sms-message",
        {"to": TO, "messagingServiceSid": MG, "body": "Hi", "mediaUrl": "https://e.com/a.png"},
        lambda c: c.messages.create(
            to=TO, messaging_service_sid=MG, body="Hi", media_url=["https://e.com/a.png"]
        ),
        "one media URL through a service",
    ),
    Case(
        "send-sms-message",
        {
            "from": "whatsapp:+14155238886",
            "to": "whatsapp:+14155550100",
            "contentSid": HX,
            "contentVariables": {"1": "Ana", "2": "12:30"},
        },
        lambda c: c.messages.create(
            from_="whatsapp:+14155238886",
            to="whatsapp:+14155550100",
            content_sid=HX,
            content_variables='{"1": "Ana", "2": "12:30"}',
        ),
        "whatsapp template",
    ),
    Case(
        "send-sms-message",
        {
            "to": TO,
            "messagingServiceSid": MG,
            "body": "Reminder",
            "scheduleType": "fixed",
            "sendAt": "2024-02-01T10:30:00+01:00",
        },
        lambda c: c.messages.create(
            to=TO,
            messaging_service_sid=MG,
            body="Reminder",
            schedule_type="fixed",
            send_at=datetime(2024, 2, 1, 9, 30, tzinfo=UTC),
        ),
        "scheduled",
    ),
    Case(
        "send-sms-message",
        {
            "to": TO,
            "messagingServiceSid": MG,
            "body": "Hi",
            "fallbackFrom": FROM,
            "messageIntent": "account-notification",
            "trafficType": "FREE",
        },
        lambda c: c.messages.create(
            to=TO,
            messaging_service_sid=MG,
            body="Hi",
            fallback_from=FROM,
            message_intent="account-notification",
            traffic_type="free",
        ),
        "rcs fallback",
    ),
    Case(
        "send-sms-message",
        {
            "from": FROM,
            "to": TO,
            "body": "Hi",
            "validityPeriod": "600",
            "maxPrice": "0.5",
            "attempt": "2",
            "forceDelivery": "false",
            "smartEncoded": "true",
            "shortenUrls": False,
            "sendAsMms": "TRUE",
            "persistentAction": ["geo:37.78,-122.40", "mailto:a@e.com"],
            "provideFeedback": "yes",
            "addressRetention": "obfuscate",
            "contentRetention": "Discard",
            "riskCheck": "disable",
            "statusCallback": "https://e.com/s",
            "applicationSid": AP,
        },
        lambda c: c.messages.create(
            from_=FROM,
            to=TO,
            body="Hi",
            validity_period=600,
            max_price=0.5,
            attempt=2,
            force_delivery=False,
            smart_encoded=True,
            shorten_urls=False,
            send_as_mms=True,
            persistent_action=["geo:37.78,-122.40", "mailto:a@e.com"],
            provide_feedback=True,
            address_retention="obfuscate",
            content_retention="discard",
            risk_check="disable",
            status_callback="https://e.com/s",
            application_sid=AP,
        ),
        "every other parameter",
    ),
    Case(
        "update-message",
        {"messageSid": SM, "body": ""},
        lambda c: c.messages(SM).update(body=""),
        "redact",
    ),
    Case(
        "update-message",
        {"messageSid": SM, "status": "canceled"},
        lambda c: c.messages(SM).update(status="canceled"),
        "cancel",
    ),
    Case(
        "cancel-scheduled-message",
        {"messageSid": SM},
        lambda c: c.messages(SM).update(status="canceled"),
    ),
    Case("delete-message", {"messageSid": MM}, lambda c: c.messages(MM).delete()),
    Case(
        "get-message-media-list",
        {"messageSid": MM, "pageSize": 5},
        lambda c: c.messages(MM).media.page(page_size=5),
    ),
    Case(
        "get-message-media-list",
        {"messageSid": MM, "dateCreated": ">=2024-01-31T10:00:00Z"},
        lambda c: c.messages(MM).media.page(date_created_after=datetime(2024, 1, 31, 10)),
        "created after",
    ),
    Case(
        "get-message-media",
        {"messageSid": MM, "mediaSid": ME},
        lambda c: c.messages(MM).media(ME).fetch(),
    ),
    Case(
        "delete-message-media",
        {"messageSid": MM, "mediaSid": ME},
        lambda c: c.messages(MM).media(ME).delete(),
    ),
    Case(
        "create-message-feedback",
        {"messageSid": SM, "outcome": "confirmed"},
        lambda c: account(c).messages(SM).feedback.create(outcome="confirmed"),
    ),
]
