"""The scenarios of test_e2e_messages.py run by twilio-python 9.13, a client we did not write,
with every domain pointed at the emulator: it reads what the emulator answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from emulator import Account, Emulator, ManualClock
from tests.support.emulator_api import Api
from tests.support.messaging import service_with_numbers, template

TO = "+14155550100"
FROM = "+15005550006"


@pytest.fixture
def client(emu: Emulator, account: Account) -> Client:
    made = Client(account.sid, account.auth_token)
    for domain in ("api", "messaging", "content"):
        getattr(made, domain).base_url = emu.url
    return made


def test_an_mms_and_its_media(client: Client, api: Api) -> None:
    sent = client.messages.create(
        from_=FROM, to=TO, media_url=["https://example.com/a.png", "https://example.com/b.gif"]
    )
    assert (sent.sid[:2], sent.num_media, sent.status) == ("MM", "2", "queued")
    media = client.messages(sent.sid).media.list()
    assert sorted(item.content_type for item in media) == ["image/gif", "image/png"]
    one = client.messages(sent.sid).media(media[0].sid).fetch()
    assert (one.sid, one.parent_sid) == (media[0].sid, sent.sid)
    assert api.get(f"{api.url}{one.uri.removesuffix('.json')}").content
    assert client.messages(sent.sid).media(media[0].sid).delete() is True
    assert [item.sid for item in client.messages(sent.sid).media.list()] == [media[1].sid]


def test_a_campaign_through_a_service_with_a_scheduled_reminder(
    client: Client, api: Api, clock: ManualClock
) -> None:
    service, numbers = service_with_numbers(api)
    content = template(api, {"twilio/text": {"body": "Hi {{1}}"}})
    now = client.messages.create(
        to=TO, messaging_service_sid=service, content_sid=content, content_variables='{"1": "Ana"}'
    )
    assert (now.status, now.from_, now.body, now.messaging_service_sid) == (
        "accepted",
        numbers[0],
        "Hi Ana",
        service,
    )
    reminder = client.messages.create(
        to=TO,
        messaging_service_sid=service,
        body="Reminder",
        schedule_type="fixed",
        send_at=datetime(2024, 1, 2, 9, tzinfo=UTC),
    )
    assert reminder.status == "scheduled"
    assert client.messages(reminder.sid).update(status="canceled").status == "canceled"
    with pytest.raises(TwilioRestException) as caught:
        client.messages(now.sid).update(status="canceled")
    assert (caught.value.status, caught.value.code) == (400, 30409)
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(
            to=TO,
            from_=FROM,
            body="x",
            schedule_type="fixed",
            send_at=datetime(2024, 1, 2, 9, tzinfo=UTC),
        )
    assert refused.value.code == 35118
    clock.advance(2 * 86400)
    statuses = {m.sid: m.status for m in client.messages.list(to=TO)}
    assert statuses == {now.sid: "delivered", reminder.sid: "canceled"}


def test_redact_give_feedback_and_delete(client: Client, clock: ManualClock) -> None:
    sent = client.messages.create(from_=FROM, to=TO, body="Code 1234", provide_feedback=True)
    account = client.api.v2010.accounts(sent.account_sid)
    feedback = account.messages(sent.sid).feedback.create(outcome="confirmed")
    assert (feedback.message_sid, feedback.outcome) == (sent.sid, "confirmed")
    with pytest.raises(TwilioRestException) as caught:
        client.messages(sent.sid).delete()
    assert caught.value.code == 20009
    clock.advance(3)
    assert client.messages(sent.sid).update(body="").body == ""
    assert client.messages(sent.sid).delete() is True
    with pytest.raises(TwilioRestException) as gone:
        client.messages(sent.sid).fetch()
    assert gone.value.status == 404


def test_whatsapp_through_the_sandbox_sender(client: Client) -> None:
    sent = client.messages.create(from_="whatsapp:+14155238886", to=f"whatsapp:{TO}", body="Hola")
    assert (sent.from_, sent.to) == ("whatsapp:+14155238886", f"whatsapp:{TO}")
    with pytest.raises(TwilioRestException) as caught:
        client.messages.create(from_=f"whatsapp:{FROM}", to=f"whatsapp:{TO}", body="x")
    assert caught.value.code == 63007
