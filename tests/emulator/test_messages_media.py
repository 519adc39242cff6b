"""MMS: a message with media gets an MM SID, num_media and a Media subresource (list, fetch,
delete, content), and the checks Twilio makes of MediaUrl."""

from __future__ import annotations

import pytest

from emulator import Emulator
from tests.support.emulator_api import SID, Api, assert_twilio_error

PNG = "https://example.com/photo.png"
GIF = "https://example.com/loop.gif?size=small"


def send_mms(api: Api, *urls: str, body: str | None = "Look") -> dict[str, object]:
    form: dict[str, object] = {"From": "+15005550006", "To": "+14155550100", "MediaUrl": list(urls)}
    if body is not None:
        form["Body"] = body
    response = api.post("/Messages.json", **form)
    assert response.status_code == 201, response.text
    result: dict[str, object] = response.json()
    return result


def test_a_message_with_media_is_an_mms_with_its_media_listed(api: Api) -> None:
    message = send_mms(api, PNG, GIF)
    assert str(message["sid"]).startswith("MM")
    assert SID.match(str(message["sid"]))
    assert message["num_media"] == "2"
    uris = message["subresource_uris"]
    assert isinstance(uris, dict)
    listed = api.get(f"{api.url}{uris['media']}").json()
    media = listed["media_list"]
    assert sorted(item["content_type"] for item in media) == ["image/gif", "image/png"]
    assert {item["parent_sid"] for item in media} == {message["sid"]}
    assert all(SID.match(item["sid"]) for item in media)
    assert {item["sid"][:2] for item in media} == {"ME"}


def test_a_media_item_is_fetched_and_its_content_served_with_its_type(api: Api) -> None:
    message = send_mms(api, PNG, body=None)
    assert message["body"] == ""
    item = api.get(f"/Messages/{message['sid']}/Media.json").json()["media_list"][0]
    fetched = api.get(f"{api.url}{item['uri']}").json()
    assert fetched == item
    content = api.get(f"{api.url}{item['uri'].removesuffix('.json')}")
    assert content.status_code == 200
    assert content.headers["Content-Type"] == "image/png"
    assert content.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_other_media_types_get_a_text_placeholder(api: Api) -> None:
    message = send_mms(api, "https://example.com/menu.pdf")
    item = api.get(f"/Messages/{message['sid']}/Media.json").json()["media_list"][0]
    content = api.get(f"{api.url}{item['uri'].removesuffix('.json')}")
    assert content.headers["Content-Type"] == "application/pdf"
    assert b"https://example.com/menu.pdf" in content.content


def test_deleting_a_media_item_leaves_the_others(api: Api) -> None:
    message = send_mms(api, PNG, GIF)
    media = api.get(f"/Messages/{message['sid']}/Media.json").json()["media_list"]
    gone, kept = media
    assert api.delete(f"{api.url}{gone['uri']}").status_code == 204
    assert_twilio_error(api.get(f"{api.url}{gone['uri']}"), 404, 20404)
    left = api.get(f"/Messages/{message['sid']}/Media.json").json()["media_list"]
    assert [item["sid"] for item in left] == [kept["sid"]]
    assert_twilio_error(api.delete(f"{api.url}{gone['uri']}"), 404, 20404)


def test_a_media_item_is_only_found_under_its_own_message(api: Api) -> None:
    first, second = send_mms(api, PNG), send_mms(api, GIF)
    item = api.get(f"/Messages/{first['sid']}/Media.json").json()["media_list"][0]
    wrong = f"/Messages/{second['sid']}/Media/{item['sid']}.json"
    assert_twilio_error(api.get(wrong), 404, 20404)
    assert_twilio_error(api.delete(wrong), 404, 20404)


def test_media_of_another_account_is_not_found(emu: Emulator, api: Api) -> None:
    message = send_mms(api, PNG)
    other = emu.create_account()
    as_other = Api(emu.url, other.sid, other.auth_token)
    assert_twilio_error(as_other.get(f"/Messages/{message['sid']}/Media.json"), 404, 20404)


def test_media_lists_filter_by_creation_date(api: Api) -> None:
    message = send_mms(api, PNG)
    path = f"/Messages/{message['sid']}/Media.json"
    assert len(api.get(path, **{"DateCreated": "2024-01-01"}).json()["media_list"]) == 1
    assert api.get(path, **{"DateCreated>": "2024-01-02"}).json()["media_list"] == []


@pytest.mark.parametrize(
    ("urls", "code"),
    [([f"https://example.com/{n}.png" for n in range(11)], 21623), (["ftp://e.com/a.png"], 21620)],
    ids=["eleven", "not-http"],
)
def test_media_urls_are_checked(api: Api, urls: list[str], code: int) -> None:
    form = {"From": "+15005550006", "To": "+14155550100", "MediaUrl": urls}
    assert_twilio_error(api.post("/Messages.json", **form), 400, code)
    assert api.get("/Messages.json").json()["messages"] == []


def test_an_inbound_mms_has_its_media_listed(emu: Emulator, api: Api) -> None:
    answer = emu.inbound_message(
        from_="+14155550100", to="+15005550006", body="Pic", media_urls=[PNG]
    )
    sid = answer["message"]["sid"]
    assert sid.startswith("MM")
    media = api.get(f"/Messages/{sid}/Media.json").json()["media_list"]
    assert [item["content_type"] for item in media] == ["image/png"]
