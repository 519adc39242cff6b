"""List envelopes and paging: PageSize, Page, PageToken, relative next_page_uri."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from emulator import ManualClock
from tests.support.emulator_api import Api, assert_twilio_error


def _send_many(api: Api, count: int, to: str = "+14155550100") -> list[str]:
    return [api.send(to=to, body=f"message {i}")["sid"] for i in range(count)]


def test_120_messages_in_pages_of_50(api: Api) -> None:
    sids = _send_many(api, 120)
    pages = [api.get("/Messages.json", PageSize=50).json()]
    while pages[-1]["next_page_uri"]:
        next_uri = pages[-1]["next_page_uri"]
        assert next_uri.startswith(f"/2010-04-01/Accounts/{api.sid}/Messages.json?")
        query = parse_qs(urlsplit(next_uri).query)
        assert query["PageSize"] == ["50"]
        assert "PageToken" in query
        pages.append(api.get(api.url + next_uri).json())
    assert [len(p["messages"]) for p in pages] == [50, 50, 20]
    assert [p["page"] for p in pages] == [0, 1, 2]
    assert [(p["start"], p["end"]) for p in pages] == [(0, 49), (50, 99), (100, 119)]
    assert pages[-1]["next_page_uri"] is None
    assert pages[0]["previous_page_uri"] is None
    listed = [m["sid"] for p in pages for m in p["messages"]]
    assert listed == sids[::-1]
    assert pages[0]["first_page_uri"] == pages[2]["first_page_uri"]
    assert pages[0]["uri"].endswith("Messages.json?PageSize=50&Page=0")


def test_previous_page_uri_leads_back(api: Api) -> None:
    _send_many(api, 30)
    first = api.get("/Messages.json", PageSize=10).json()
    second = api.get(api.url + first["next_page_uri"]).json()
    back = api.get(api.url + second["previous_page_uri"]).json()
    assert [m["sid"] for m in back["messages"]] == [m["sid"] for m in first["messages"]]
    assert back["page"] == 0


def test_page_without_token_is_an_offset(api: Api) -> None:
    sids = _send_many(api, 25)[::-1]
    page = api.get("/Messages.json", PageSize=10, Page=2).json()
    assert [m["sid"] for m in page["messages"]] == sids[20:]
    assert page["next_page_uri"] is None
    assert page["start"] == 20


def test_next_page_is_stable_while_records_are_added(api: Api) -> None:
    sids = _send_many(api, 6)[::-1]
    first = api.get("/Messages.json", PageSize=3).json()
    _send_many(api, 2)
    second = api.get(api.url + first["next_page_uri"]).json()
    assert [m["sid"] for m in second["messages"]] == sids[3:]


def test_filters_are_kept_in_page_uris(api: Api) -> None:
    _send_many(api, 3, to="+14155550111")
    _send_many(api, 2, to="+14155550122")
    page = api.get("/Messages.json", To="+14155550111", PageSize=2).json()
    assert parse_qs(urlsplit(page["next_page_uri"]).query)["To"] == ["+14155550111"]
    rest = api.get(api.url + page["next_page_uri"]).json()
    assert {m["to"] for m in page["messages"] + rest["messages"]} == {"+14155550111"}
    assert len(page["messages"] + rest["messages"]) == 3


def test_default_and_maximum_page_size(api: Api) -> None:
    _send_many(api, 55)
    assert len(api.get("/Messages.json").json()["messages"]) == 50
    assert len(api.get("/Messages.json", PageSize=1000).json()["messages"]) == 55


@pytest.mark.parametrize(
    "params", [{"PageSize": 1001}, {"PageSize": 0}, {"PageSize": "ten"}, {"Page": -1}]
)
def test_bad_paging_is_400(api: Api, params: dict[str, object]) -> None:
    assert_twilio_error(api.get("/Messages.json", **params), 400, 20001)


def test_an_empty_list_still_has_its_envelope(api: Api) -> None:
    page = api.get("/Applications.json").json()
    assert page["applications"] == []
    assert page["next_page_uri"] is None
    assert (page["page"], page["page_size"], page["start"], page["end"]) == (0, 50, 0, 0)


def test_a_page_is_written_as_json_dumps_writes_it_and_follows_status_changes(
    api: Api, clock: ManualClock
) -> None:
    """Message pages reuse each unchanged message's JSON: the body is still byte for byte what
    json.dumps writes, and a message whose status moved is written anew."""
    _send_many(api, 3)
    first = api.get("/Messages.json", PageSize=2)
    again = api.get("/Messages.json", PageSize=2)
    for response in (first, again):
        assert response.content == json.dumps(response.json(), separators=(", ", ": ")).encode()
    assert [m["status"] for m in again.json()["messages"]] == ["queued", "queued"]
    clock.advance(3)
    later = api.get("/Messages.json", PageSize=2)
    assert [m["status"] for m in later.json()["messages"]] == ["delivered", "delivered"]
    assert later.content == json.dumps(later.json(), separators=(", ", ": ")).encode()
