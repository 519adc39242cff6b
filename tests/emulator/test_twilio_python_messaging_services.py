"""twilio-python 9.13, a client we did not write, against the emulator: its Messaging Service
and Content clients pointed at the emulator domain by domain (``client.messaging.base_url``,
``client.content.base_url``) run the scenarios of test_e2e_messaging_services.py and
test_e2e_content.py, and read every answer into their own instances and pages."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client
from twilio.rest.content.v1.content import ContentList

from emulator import Account, Emulator


@pytest.fixture
def client(emu: Emulator, account: Account) -> Client:
    made = Client(account.sid, account.auth_token)
    made.api.base_url = emu.url
    made.messaging.base_url = emu.url
    made.content.base_url = emu.url
    return made


def sid_of_test_number(client: Client) -> str:
    return str(client.incoming_phone_numbers.list(phone_number="+15005550006")[0].sid)


def test_a_service_and_its_pool(client: Client, account: Account) -> None:
    services = client.messaging.v1.services
    created = services.create(
        friendly_name="Shop", sticky_sender=False, validity_period=600, usecase="marketing"
    )
    assert created.sid.startswith("MG")
    assert (created.account_sid, created.friendly_name) == (account.sid, "Shop")
    assert (created.sticky_sender, created.validity_period, created.usecase) == (
        False,
        600,
        "marketing",
    )
    assert created.date_created is not None  # parsed from ISO 8601 by twilio-python
    assert created.date_created.year == 2024

    updated = services(created.sid).update(friendly_name="Shop EU", area_code_geomatch=False)
    assert (updated.friendly_name, updated.area_code_geomatch) == ("Shop EU", False)
    assert services(created.sid).fetch().friendly_name == "Shop EU"

    number = sid_of_test_number(client)
    added = services(created.sid).phone_numbers.create(phone_number_sid=number)
    assert (added.sid, added.service_sid, added.phone_number) == (
        number,
        created.sid,
        "+15005550006",
    )
    assert [n.sid for n in services(created.sid).phone_numbers.list()] == [number]
    assert services(created.sid).phone_numbers(number).fetch().phone_number == "+15005550006"

    other = services.create(friendly_name="Other")
    with pytest.raises(TwilioRestException) as caught:
        services(other.sid).phone_numbers.create(phone_number_sid=number)
    assert (caught.value.status, caught.value.code) == (400, 21712)

    assert services(created.sid).phone_numbers(number).delete() is True
    assert services(created.sid).phone_numbers.list() == []
    services(other.sid).phone_numbers.create(phone_number_sid=number)

    assert services(created.sid).delete() is True
    with pytest.raises(TwilioRestException) as missing:
        services(created.sid).fetch()
    assert (missing.value.status, missing.value.code) == (404, 20404)
    assert [s.sid for s in services.list()] == [other.sid]


def test_services_page_as_twilio_python_pages(client: Client) -> None:
    made = [client.messaging.v1.services.create(friendly_name=f"S{i}").sid for i in range(5)]
    assert [s.sid for s in client.messaging.v1.services.list(page_size=2)] == made[::-1]
    page = client.messaging.v1.services.page(page_size=2)
    assert [s.sid for s in page] == made[::-1][:2]
    following = page.next_page()
    assert following is not None
    assert [s.sid for s in following] == made[::-1][2:4]


def test_content_templates(client: Client, account: Account) -> None:
    contents = client.content.v1.contents
    request = ContentList.ContentCreateRequest(
        {
            "friendly_name": "rsvp",
            "language": "en",
            "variables": {"1": "guest"},
            "types": {
                "twilio/quick-reply": {
                    "body": "Coming, {{1}}?",
                    "actions": [{"type": "QUICK_REPLY", "title": "Yes", "id": "yes"}],
                },
                "twilio/text": {"body": "Coming, {{1}}?"},
            },
        }
    )
    created = contents.create(content_create_request=request)
    assert created.sid.startswith("HX")
    assert (created.account_sid, created.language) == (account.sid, "en")
    assert created.types is not None
    assert created.types["twilio/text"] == {"body": "Coming, {{1}}?"}
    assert created.types["twilio/quick-reply"]["actions"][0]["title"] == "Yes"
    assert contents(created.sid).fetch().variables == {"1": "guest"}

    media = contents.create(
        content_create_request=ContentList.ContentCreateRequest(
            {"language": "es", "types": {"twilio/media": {"media": ["https://e.com/a.png"]}}}
        )
    )
    assert [c.sid for c in contents.list()] == [media.sid, created.sid]
    assert contents(created.sid).delete() is True
    with pytest.raises(TwilioRestException) as missing:
        contents(created.sid).fetch()
    assert missing.value.status == 404
    assert [c.sid for c in contents.list(page_size=1)] == [media.sid]
