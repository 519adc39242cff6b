"""The queue, usage, short code, connect app and key scenarios run by twilio-python's own Client
against the emulator: a client we did not write reads and writes what the emulator serves."""

from __future__ import annotations

from datetime import date

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from emulator import Account, Emulator, ManualClock
from tests.emulator.webhook_app import WebhookApp


@pytest.fixture
def client(emu: Emulator, account: Account) -> Client:
    made = Client(account.sid, account.auth_token)
    made.api.base_url = emu.url
    return made


def test_queues_and_members(client: Client, emu: Emulator, clock: ManualClock) -> None:
    queue = client.queues.create(friendly_name="support", max_size=10)
    assert (queue.friendly_name, queue.max_size, queue.current_size) == ("support", 10, 0)
    assert client.queues(queue.sid).update(friendly_name="help").friendly_name == "help"
    members = [{"date_enqueued": "2024-01-01T00:00:00Z"}, {"date_enqueued": "2024-01-01T00:00:05Z"}]
    seeded = emu.seed({"queues": [{"friendly_name": "sales", "members": members}]})["queues"][0]
    clock.advance(10)
    waiting = client.queues(seeded).members.list()
    assert [(m.position, m.wait_time) for m in waiting] == [(1, 10), (2, 5)]
    assert client.queues(seeded).members("Front").fetch().call_sid == waiting[0].call_sid
    dequeued = client.queues(seeded).members("Front").update(url="https://example.com/agent")
    assert dequeued.call_sid == waiting[0].call_sid
    assert [m.call_sid for m in client.queues(seeded).members.list()] == [waiting[1].call_sid]
    assert {q.sid for q in client.queues.list()} == {queue.sid, seeded}
    assert client.queues(queue.sid).delete() is True
    with pytest.raises(TwilioRestException) as caught:
        client.queues(queue.sid).fetch()
    assert (caught.value.status, caught.value.code) == (404, 20404)


def test_usage_records_and_triggers(
    client: Client, clock: ManualClock, webhooks: WebhookApp
) -> None:
    hook = webhooks.serve("/usage")
    trigger = client.usage.triggers.create(
        callback_url=hook, trigger_value="1", usage_category="sms-outbound", trigger_by="count"
    )
    client.messages.create(from_="+15005550006", to="+14155550100", body="hi")
    clock.advance(3)
    (record,) = client.usage.records.today.list(category="sms-outbound")
    assert (record.count, record.usage, record.count_unit) == ("1", "1", "messages")
    (daily,) = client.usage.records.daily.list(
        category="sms-outbound", start_date=date(2024, 1, 1), end_date=date(2024, 1, 1)
    )
    assert daily.start_date == date(2024, 1, 1)
    assert client.usage.records.last_month.list(category="sms-outbound")[0].count == "0"
    (request,) = webhooks.wait_for("/usage", 1)
    assert dict(request.form)["UsageTriggerSid"] == trigger.sid
    fetched = client.usage.triggers(trigger.sid).fetch()
    assert fetched.date_fired is not None
    assert client.usage.triggers(trigger.sid).update(friendly_name="cap").friendly_name == "cap"
    assert [t.sid for t in client.usage.triggers.list(trigger_by="count")] == [trigger.sid]
    assert client.usage.triggers(trigger.sid).delete() is True


def test_short_codes_and_connect_apps(client: Client, emu: Emulator) -> None:
    seeded = emu.seed(
        {
            "short_codes": [{"short_code": "89461", "friendly_name": "Promo"}],
            "connect_apps": [{"friendly_name": "Reports"}],
        }
    )
    code = seeded["short_codes"][0]
    assert [c.sid for c in client.short_codes.list(friendly_name="Promo")] == [code]
    changed = client.short_codes(code).update(sms_url="https://example.com/sms", sms_method="GET")
    assert (changed.sms_url, changed.sms_method) == ("https://example.com/sms", "GET")
    assert client.short_codes(code).fetch().short_code == "89461"
    app = seeded["connect_apps"][0]
    emu.seed({"authorized_connect_apps": [{"connect_app_sid": app, "permissions": ["post-all"]}]})
    updated = client.connect_apps(app).update(company_name="Acme", permissions=["get-all"])
    assert (updated.company_name, updated.permissions) == ("Acme", ["get-all"])
    assert [a.sid for a in client.connect_apps.list()] == [app]
    assert client.connect_apps(app).fetch().company_name == "Acme"
    (authorized,) = client.authorized_connect_apps.list()
    assert (authorized.connect_app_sid, authorized.permissions) == (app, ["post-all"])
    assert client.authorized_connect_apps(app).fetch().connect_app_company_name == "Acme"


def test_api_keys(client: Client, emu: Emulator, account: Account) -> None:
    made = client.new_keys.create(friendly_name="ci")
    keyed = Client(made.sid, made.secret, account.sid)
    keyed.api.base_url = emu.url
    assert keyed.api.v2010.accounts(account.sid).fetch().sid == account.sid
    assert [k.sid for k in client.keys.list()] == [made.sid]
    assert client.keys(made.sid).update(friendly_name="deploy").friendly_name == "deploy"
    assert client.keys(made.sid).fetch().friendly_name == "deploy"
    assert client.keys(made.sid).delete() is True
    with pytest.raises(TwilioRestException) as caught:
        keyed.api.v2010.accounts(account.sid).fetch()
    assert (caught.value.status, caught.value.code) == (401, 20003)
