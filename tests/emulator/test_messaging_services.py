"""The emulator's Messaging Services and content templates over HTTP: Twilio's paths on both
prefixes, answers in the shape of Twilio's OpenAPI response schemas (twilio_messaging_v1.json,
twilio_content_v1.json), Twilio's errors for what it refuses, and the helpers the Messages
resource reads them with (a service's pool, a template's rendered body)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from emulator import ManualClock
from emulator.app import App
from emulator.resources import accounts
from emulator.resources.content import render_body, rendered
from emulator.resources.messaging_services import pool
from emulator.server import serve
from emulator.store import Store
from tests.support.emulator_api import SID, assert_twilio_error
from tests.support.openapi import validate_response

TEXT = {"twilio/text": {"body": "Hi {{1}}, your code is {{code}}"}}


@dataclass
class Served:
    """An emulator application on a loopback port, its store, and one account's session."""

    url: str
    store: Store
    account_sid: str
    session: requests.Session

    def post(self, path: str, **data: Any) -> requests.Response:
        return self.session.post(self.url + path, data=data, timeout=10)

    def post_json(self, path: str, body: Any) -> requests.Response:
        return self.session.post(self.url + path, json=body, timeout=10)

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.session.get(self.url + path, params=params or None, timeout=10)

    def delete(self, path: str) -> requests.Response:
        return self.session.delete(self.url + path, timeout=10)

    def test_number(self) -> str:
        """The PN SID of the account's +15005550006."""
        found = self.get(
            f"/2010-04-01/Accounts/{self.account_sid}/IncomingPhoneNumbers.json",
            PhoneNumber="+15005550006",
        )
        return str(found.json()["incoming_phone_numbers"][0]["sid"])


@pytest.fixture
def served(clock: ManualClock) -> Iterator[Served]:
    store = Store()
    with store.transaction() as db:
        account = accounts.ensure(db, clock.now().timestamp())
    server = serve("127.0.0.1", 0, App(store, clock))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    session = requests.Session()
    session.auth = (account["sid"], account["auth_token"])
    try:
        yield Served(f"http://127.0.0.1:{server.port}", store, account["sid"], session)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        store.close()


@pytest.fixture
def messaging_spec(openapi_file: Callable[[str], Path]) -> Path:
    return openapi_file("messaging")


@pytest.fixture
def content_spec(openapi_file: Callable[[str], Path]) -> Path:
    return openapi_file("content")


# -- shapes ---------------------------------------------------------------------------------


def test_service_answers_have_twilios_shape(served: Served, messaging_spec: Path) -> None:
    created = served.post("/v1/Services", FriendlyName="Shop", StatusCallback="https://e.com/s")
    assert created.status_code == 201, created.text
    service = created.json()
    validate_response(messaging_spec, "POST", "/v1/Services", 201, service)
    assert SID.match(service["sid"])
    assert service["sid"].startswith("MG")
    assert service["url"] == f"{served.url}/v1/Services/{service['sid']}"
    assert service["links"]["phone_numbers"] == service["url"] + "/PhoneNumbers"
    assert service["date_created"] == "2024-01-01T00:00:00Z"  # ISO 8601, as the v1 APIs write

    one = f"/v1/Services/{service['sid']}"
    for method, path, answer in [
        ("GET", "/v1/Services/{Sid}", served.get(one)),
        ("POST", "/v1/Services/{Sid}", served.post(one, Usecase="poll", ValidityPeriod="60")),
        ("GET", "/v1/Services", served.get("/v1/Services", PageSize=1)),
    ]:
        assert answer.status_code == 200, answer.text
        validate_response(messaging_spec, method, path, 200, answer.json())

    numbers = f"{one}/PhoneNumbers"
    added = served.post(numbers, PhoneNumberSid=served.test_number())
    assert added.status_code == 201, added.text
    path = "/v1/Services/{ServiceSid}/PhoneNumbers"
    validate_response(messaging_spec, "POST", path, 201, added.json())
    listed = served.get(numbers)
    validate_response(messaging_spec, "GET", path, 200, listed.json())
    fetched = served.get(f"{numbers}/{added.json()['sid']}")
    validate_response(messaging_spec, "GET", path + "/{Sid}", 200, fetched.json())
    assert fetched.json() == added.json() == listed.json()["phone_numbers"][0]
    assert listed.json()["meta"]["key"] == "phone_numbers"


def test_content_answers_have_twilios_shape(served: Served, content_spec: Path) -> None:
    created = served.post_json(
        "/v1/Content", {"friendly_name": "code", "language": "en", "types": TEXT}
    )
    assert created.status_code == 201, created.text
    content = created.json()
    validate_response(content_spec, "POST", "/v1/Content", 201, content)
    assert SID.match(content["sid"])
    assert content["sid"].startswith("HX")
    assert content["links"]["approval_fetch"] == content["url"] + "/ApprovalRequests"
    fetched = served.get(f"/v1/Content/{content['sid']}")
    validate_response(content_spec, "GET", "/v1/Content/{Sid}", 200, fetched.json())
    listed = served.get("/v1/Content")
    validate_response(content_spec, "GET", "/v1/Content", 200, listed.json())
    assert listed.json()["contents"] == [fetched.json()] == [content]


@pytest.mark.parametrize(
    ("prefix", "path", "key"),
    [("/messaging", "/v1/Services", "services"), ("/content", "/v1/Content", "contents")],
)
def test_each_domain_is_also_served_behind_its_name(
    served: Served, prefix: str, path: str, key: str
) -> None:
    plain, named = served.get(path).json(), served.get(prefix + path).json()
    assert plain[key] == named[key] == []
    assert named["meta"]["url"].startswith(f"{served.url}{prefix}{path}?")


def test_lists_page_by_meta_next_page_url(served: Served) -> None:
    made = [served.post("/v1/Services", FriendlyName=f"S{i}").json()["sid"] for i in range(3)]
    seen: list[str] = []
    url: str | None = f"{served.url}/v1/Services?PageSize=2"
    while url:
        page = served.session.get(url, timeout=10).json()
        seen += [item["sid"] for item in page["services"]]
        url = page["meta"]["next_page_url"]
    assert seen == made[::-1]


# -- what is refused --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({}, 20001),
        ({"FriendlyName": ""}, 20001),
        ({"FriendlyName": "x" * 65}, 20001),
        ({"FriendlyName": "S", "ValidityPeriod": "0"}, 20001),
        ({"FriendlyName": "S", "ValidityPeriod": "36001"}, 20001),
        ({"FriendlyName": "S", "Usecase": "spam"}, 20001),
        ({"FriendlyName": "S", "ScanMessageContent": "on"}, 20001),
        ({"FriendlyName": "S", "InboundMethod": "PUT"}, 20001),
        ({"FriendlyName": "S", "StickySender": "maybe"}, 20001),
        ({"FriendlyName": "S", "InboundRequestUrl": "not a url"}, 20001),
    ],
)
def test_a_bad_service_is_refused(served: Served, data: dict[str, str], code: int) -> None:
    assert_twilio_error(served.post("/v1/Services", **data), 400, code)
    assert served.get("/v1/Services").json()["services"] == []


def test_pool_refusals(served: Served) -> None:
    first = served.post("/v1/Services", FriendlyName="First").json()["sid"]
    second = served.post("/v1/Services", FriendlyName="Second").json()["sid"]
    number = served.test_number()
    assert_twilio_error(served.post(f"/v1/Services/{first}/PhoneNumbers"), 400, 20001)
    assert_twilio_error(
        served.post(f"/v1/Services/{first}/PhoneNumbers", PhoneNumberSid="PN" + "1" * 32),
        400,
        21421,
    )
    assert served.post(f"/v1/Services/{first}/PhoneNumbers", PhoneNumberSid=number).ok
    body = assert_twilio_error(
        served.post(f"/v1/Services/{second}/PhoneNumbers", PhoneNumberSid=number), 400, 21712
    )
    assert first in body["message"]
    missing = "MG" + "0" * 32
    assert_twilio_error(
        served.post(f"/v1/Services/{missing}/PhoneNumbers", PhoneNumberSid=number), 404, 20404
    )
    assert_twilio_error(served.delete(f"/v1/Services/{second}/PhoneNumbers/{number}"), 404, 20404)
    assert_twilio_error(served.delete(f"/v1/Services/{missing}"), 404, 20404)


@pytest.mark.parametrize(
    "body",
    [
        {"types": TEXT},
        {"language": "en"},
        {"language": "en", "types": {}},
        {"language": "en", "types": {"twilio/text": {}}},
        {"language": "en", "types": {"twilio/media": {"body": "no media"}}},
        {"language": "en", "types": {"twilio/quick-reply": {"body": "?", "actions": [{}]}}},
        {"language": "en", "types": {"twilio/text": {"body": 5}}},
        {"language": "en", "types": TEXT, "variables": {"1": 5}},
        ["not", "an", "object"],
    ],
)
def test_a_bad_template_is_refused(served: Served, body: Any) -> None:
    assert_twilio_error(served.post_json("/v1/Content", body), 400, 20001)
    assert served.get("/v1/Content").json()["contents"] == []


def test_a_template_needs_a_json_body(served: Served) -> None:
    answer = served.post("/v1/Content", language="en", types='{"twilio/text": {"body": "x"}}')
    body = assert_twilio_error(answer, 400, 20001)
    assert "JSON" in body["message"]


def test_nulls_are_read_as_not_given(served: Served) -> None:
    """twilio-python sends every field it was not given as null."""
    answer = served.post_json(
        "/v1/Content",
        {
            "friendly_name": None,
            "variables": None,
            "language": "en",
            "types": {"twilio/text": {"body": "x"}, "twilio/media": None},
        },
    )
    assert answer.status_code == 201, answer.text
    content = answer.json()
    assert (content["friendly_name"], content["variables"]) == ("", {})
    assert content["types"] == {"twilio/text": {"body": "x"}}


# -- for the Messages resource -----------------------------------------------------------------


def test_pool_lists_a_services_live_numbers_oldest_first(
    served: Served, clock: ManualClock
) -> None:
    service = served.post("/v1/Services", FriendlyName="Pool").json()["sid"]
    account = f"/2010-04-01/Accounts/{served.account_sid}"
    bought = served.post(f"{account}/IncomingPhoneNumbers.json", AreaCode="415").json()
    for sid in (served.test_number(), bought["sid"]):
        served.post(f"/v1/Services/{service}/PhoneNumbers", PhoneNumberSid=sid)
        clock.advance(1)
    with served.store.transaction() as db:
        assert pool(db, service) == ["+15005550006", bought["phone_number"]]
        assert pool(db, "MG" + "0" * 32) == []
    served.delete(f"{account}/IncomingPhoneNumbers/{bought['sid']}.json")
    with served.store.transaction() as db:
        assert pool(db, service) == ["+15005550006"]
    served.delete(f"/v1/Services/{service}")
    with served.store.transaction() as db:
        assert pool(db, service) == []


def test_a_stored_template_is_rendered_with_content_variables(served: Served) -> None:
    sid = served.post_json(
        "/v1/Content",
        {"language": "en", "variables": {"1": "friend", "code": "0000"}, "types": TEXT},
    ).json()["sid"]
    with served.store.transaction() as db:
        assert rendered(db, served.account_sid, sid, {"code": "4821"}) == (
            "Hi friend, your code is 4821"
        )
        assert rendered(db, served.account_sid, sid, {"1": "Ann", "code": 7}) == (
            "Hi Ann, your code is 7"
        )
        assert rendered(db, "AC" + "0" * 32, sid, {}) is None  # another account's template
        assert rendered(db, served.account_sid, "HX" + "0" * 32, {}) is None


@pytest.mark.parametrize(
    ("types", "variables", "body"),
    [
        (TEXT, {"1": "Ann", "code": "12"}, "Hi Ann, your code is 12"),
        ({"twilio/text": {"body": "{{ 1 }} and {{1}}"}}, {"1": "x"}, "x and x"),
        ({"twilio/text": {"body": "Hi {{name}}"}}, {}, "Hi {{name}}"),
        ({"twilio/media": {"media": ["https://e.com/a.png"]}}, {}, ""),
        ({"twilio/media": {"body": "See {{1}}", "media": ["https://e.com/a.png"]}}, {"1": "this"},
         "See this"),
        ({"twilio/quick-reply": {"body": "Go {{1}}?", "actions": [{"title": "Y"}]},
          "twilio/text": {"body": "Go {{1}}? (YES/NO)"}}, {"1": "now"}, "Go now? (YES/NO)"),
        ({"twilio/card": {"title": "T", "body": "card {{1}}"}}, {"1": "1"}, "card 1"),
    ],
)  # fmt: skip
def test_render_body(types: dict[str, Any], variables: dict[str, Any], body: str) -> None:
    assert render_body(types, variables) == body


def test_render_body_falls_back_to_the_templates_defaults() -> None:
    types = {"twilio/text": {"body": "{{1}} {{2}}"}}
    assert render_body(types, {"2": "b"}, defaults={"1": "a", "2": "z"}) == "a b"
