"""Content templates end to end: the operations through the Connector against the emulator
(content.twilio.com/v1 paths on the emulator's one origin; create sends JSON), each checked by
the state it leaves, read back through other operations."""

from __future__ import annotations

import pytest

from connector import Connector, NotFoundError
from emulator import Account, Emulator
from tests.support.e2e import covers

QUICK_REPLY = {
    "twilio/quick-reply": {
        "body": "Are you coming, {{1}}?",
        "actions": [{"title": "Yes", "id": "yes"}, {"title": "No", "id": "no"}],
    },
    "twilio/text": {"body": "Are you coming, {{1}}? Answer YES or NO."},
}


@covers(
    "create-content-template",
    "get-content-template",
    "get-content-templates",
    "delete-content-template",
)
def test_a_template_is_created_read_listed_and_deleted(twilio: Connector, account: Account) -> None:
    created = twilio.invoke(
        "create-content-template",
        {
            "friendlyName": "rsvp",
            "language": "en",
            "variables": {"1": "guest"},
            "types": QUICK_REPLY,
        },
    )
    sid = created["sid"]
    assert sid.startswith("HX")
    assert created["account_sid"] == account.sid
    assert (created["language"], created["variables"]) == ("en", {"1": "guest"})
    assert created["types"] == QUICK_REPLY
    assert created["url"].endswith(f"/v1/Content/{sid}")
    assert twilio.invoke("get-content-template", {"contentSid": sid}) == created

    media = twilio.invoke(
        "create-content-template",
        {
            "language": "es",
            "types": {"twilio/media": {"body": "Mira", "media": ["https://example.com/a.png"]}},
        },
    )
    assert (media["friendly_name"], media["variables"]) == ("", {})
    listed = [item["sid"] for item in twilio.invoke("get-content-templates", {})]
    assert listed == [media["sid"], sid]

    assert twilio.invoke("delete-content-template", {"contentSid": sid}) is None
    with pytest.raises(NotFoundError):
        twilio.invoke("get-content-template", {"contentSid": sid})
    with pytest.raises(NotFoundError):
        twilio.invoke("delete-content-template", {"contentSid": sid})
    assert [item["sid"] for item in twilio.invoke("get-content-templates", {})] == [media["sid"]]


@covers("create-content-template", "get-content-templates")
def test_templates_written_as_a_flow_writes_them(twilio: Connector) -> None:
    """Flows give every leaf as text: numbers are converted where the shape says so."""
    pin = twilio.invoke(
        "create-content-template",
        {
            "language": "en",
            "variables": {"1": "12"},
            "types": {
                "twilio/location": {"latitude": "37.78", "longitude": "-122.4", "label": "HQ"}
            },
        },
    )
    assert pin["types"]["twilio/location"]["latitude"] == 37.78
    templates = twilio.invoke("get-content-templates", {"pageSize": 1})
    assert [item["sid"] for item in templates] == [pin["sid"]]


@covers("get-content-template")
def test_templates_are_the_accounts_own(twilio: Connector, emu: Emulator) -> None:
    mine = twilio.invoke(
        "create-content-template", {"language": "en", "types": {"twilio/text": {"body": "hi"}}}
    )
    stranger = emu.create_account()
    with Connector(
        {"accountSid": stranger.sid, "authToken": stranger.auth_token, "baseUrl": emu.url}
    ) as theirs:
        with pytest.raises(NotFoundError):
            theirs.invoke("get-content-template", {"contentSid": mine["sid"]})
        assert list(theirs.invoke("get-content-templates", {})) == []
    assert twilio.invoke("get-content-template", {"contentSid": mine["sid"]})["sid"] == mine["sid"]
