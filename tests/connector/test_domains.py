"""Twilio's API domains (api, messaging, content...): each request goes to its domain's origin,
built as twilio-python builds it, pointed elsewhere by ``baseUrl`` or ``domains``, and pages
follow both of Twilio's list envelopes without leaving that origin (README: Configs)."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator
from twilio.rest import Client

import schemas
from connector import (
    DOMAINS,
    ApiRequest,
    Config,
    ConfigError,
    ConnectivityError,
    Connector,
    PagedList,
)
from tests.support.samples import ACCOUNT_SID as SID

SERVICES = "/v1/Services"


def config(**data: Any) -> Config:
    return Config.load({"accountSid": SID, "authToken": "t", **data})


def config_problems(**data: Any) -> dict[str, str]:
    with pytest.raises(ConfigError) as caught:
        config(**data)
    return {p.path: p.message + (f" ({p.hint})" if p.hint else "") for p in caught.value.problems}


@pytest.mark.parametrize(
    ("region", "edge"),
    [(None, None), ("ie1", None), ("au1", "sydney"), (None, "dublin"), ("ie1", "dublin")],
)
@pytest.mark.parametrize("domain", DOMAINS)
def test_each_domain_has_the_origin_twilio_python_uses(
    domain: str, region: str | None, edge: str | None
) -> None:
    twilio_python = Client(SID, "t", region=region, edge=edge)
    expected = twilio_python.get_hostname(getattr(twilio_python, domain).base_url)
    given = {key: value for key, value in {"region": region, "edge": edge}.items() if value}
    assert config(**given).origin(domain) == expected


def test_the_funnel_sends_a_request_to_its_domain() -> None:
    sent: list[dict[str, Any]] = []
    with Connector(config(region="ie1", edge="dublin"), dry_run=sent.append) as twilio:
        twilio.http.request(ApiRequest("GET", SERVICES, domain="messaging"))
        twilio.http.request(ApiRequest("GET", "/v1/Content", domain="content"))
        twilio.invoke("get-account-details")
    assert [call["url"] for call in sent] == [
        "https://messaging.dublin.ie1.twilio.com/v1/Services",
        "https://content.dublin.ie1.twilio.com/v1/Content",
        f"https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/{SID}.json",
    ]


def test_base_url_points_every_domain_at_one_origin(server: Any, make_connector: Any) -> None:
    server.answer(body={})
    twilio = make_connector(region="ie1", edge="dublin")
    for domain in DOMAINS:
        twilio.http.request(ApiRequest("GET", f"/v1/{domain}", domain=domain))
    assert [r.path for r in server.requests] == [f"/v1/{domain}" for domain in DOMAINS]
    assert len({r.header("Authorization") for r in server.requests}) == 1


def test_a_domain_entry_overrides_one_domain(
    server: Any, other_server: Any, make_connector: Any
) -> None:
    server.answer(body={"sid": SID})
    other_server.answer(body={"sid": "MG1"})
    twilio = make_connector(domains={"messaging": other_server.url + "/"})
    twilio.http.request(ApiRequest("GET", SERVICES + "/MG1", domain="messaging"))
    twilio.invoke("get-account-details")
    assert [r.path for r in other_server.requests] == [SERVICES + "/MG1"]
    assert [r.path for r in server.requests] == [f"/2010-04-01/Accounts/{SID}.json"]


def test_a_domain_entry_wins_over_region_and_edge() -> None:
    moved = config(region="ie1", domains={"content": "https://content-proxy.example.com"})
    assert moved.origin("content") == "https://content-proxy.example.com"
    assert moved.origin("messaging") == "https://messaging.ie1.twilio.com"
    assert moved.url == "https://api.ie1.twilio.com"


def test_domain_entries_are_checked_like_base_url() -> None:
    assert config_problems(
        domains={
            "mesaging": "https://proxy.example.com",
            "content": "http://example.com",
            "verify": "https://example.com/v2",
        }
    ) == {
        "domains.mesaging": "unknown key (did you mean 'messaging'?)",
        "domains.content": "must use https:// unless the host is loopback (the emulator)",
        "domains.verify": "must be scheme://host[:port] with no path",
    }


def test_an_unknown_domain_in_a_request_is_a_config_error() -> None:
    with (
        Connector(config(), dry_run=lambda _: None) as twilio,
        pytest.raises(ConfigError) as caught,
    ):
        twilio.http.request(ApiRequest("GET", SERVICES, domain="mesaging"))
    assert caught.value.message == "unknown Twilio domain 'mesaging' (did you mean 'messaging'?)"


def test_pointing_a_config_elsewhere_moves_every_domain() -> None:
    moved = config(domains={"messaging": "https://proxy.example.com"}).with_base_url(
        "http://127.0.0.1:8765"
    )
    assert {moved.origin(domain) for domain in DOMAINS} == {"http://127.0.0.1:8765"}


def services_page(server: Any, sids: list[str], page: int, last: bool) -> dict[str, Any]:
    """One page of a v1 list, as messaging.twilio.com sends it."""
    url = f"{server.url}{SERVICES}?PageSize=2&Page={page + 1}&PageToken=PT{page + 1}"
    return {
        "services": [{"sid": sid} for sid in sids],
        "meta": {
            "page": page,
            "page_size": 2,
            "first_page_url": f"{server.url}{SERVICES}?PageSize=2&Page=0",
            "next_page_url": None if last else url,
            "url": f"{server.url}{SERVICES}?PageSize=2&Page={page}",
            "key": "services",
        },
    }


def test_v1_lists_page_lazily_through_meta_next_page_url(
    server: Any, other_server: Any, make_connector: Any
) -> None:
    other_server.script(
        {"body": services_page(other_server, ["MG1", "MG2"], 0, last=False)},
        {"body": services_page(other_server, ["MG3", "MG4"], 1, last=False)},
        {"body": services_page(other_server, ["MG5"], 2, last=True)},
    )
    twilio = make_connector(domains={"messaging": other_server.url})
    request = ApiRequest("GET", SERVICES, query={"PageSize": 2}, domain="messaging")
    services = PagedList(twilio.http, request, "services")
    seen, counts = [], []
    for service in services:
        seen.append(service["sid"])
        counts.append(len(other_server.requests))
    assert seen == ["MG1", "MG2", "MG3", "MG4", "MG5"]
    assert counts == [1, 1, 2, 2, 3]
    assert [r.query for r in other_server.requests[1:]] == [
        [("PageSize", "2"), ("Page", "1"), ("PageToken", "PT1")],
        [("PageSize", "2"), ("Page", "2"), ("PageToken", "PT2")],
    ]
    assert server.attempts == 0


def test_meta_key_names_the_records_of_a_v1_page(server: Any, make_connector: Any) -> None:
    server.answer(body={"contents": [{"sid": "HX1"}], "meta": {"key": "contents"}})
    request = ApiRequest("GET", "/v1/Content", domain="content")
    assert PagedList(make_connector().http, request, "items").to_list() == [{"sid": "HX1"}]


@pytest.mark.parametrize(
    ("domain", "envelope"),
    [("messaging", "meta.next_page_url"), ("api", "next_page_uri")],
)
def test_a_page_link_to_another_domains_origin_is_refused(
    domain: str, envelope: str, server: Any, other_server: Any, make_connector: Any
) -> None:
    """Both origins get credentials, but each only for its own domain's requests."""
    twilio = make_connector(domains={"messaging": other_server.url})
    own, foreign = (other_server, server) if domain == "messaging" else (server, other_server)
    link = f"{foreign.url}{SERVICES}?Page=1"
    body: dict[str, Any] = {"services": [{"sid": "MG1"}]}
    if envelope == "next_page_uri":
        body["next_page_uri"] = link
    else:
        body["meta"] = {"next_page_url": link, "key": "services"}
    own.answer(body=body)
    pages = PagedList(twilio.http, ApiRequest("GET", SERVICES, domain=domain), "services")
    seen = []
    with pytest.raises(ConnectivityError) as caught:
        seen.extend(service["sid"] for service in pages)
    assert seen == ["MG1"]
    assert caught.value.message == (
        f"refused to follow {foreign.url}: credentials for {domain} are only sent to {own.url}"
    )
    assert (own.attempts, foreign.attempts) == (1, 0)


def test_the_published_config_schema_takes_domains() -> None:
    schema = schemas.load("config")
    domains = schema["$defs"][schema["properties"]["domains"]["$ref"].rsplit("/", 1)[1]]
    assert tuple(domains["properties"]) == DOMAINS
    assert all(prop["description"] for prop in domains["properties"].values())
    validator = Draft202012Validator(schema)
    given = {"accountSid": SID, "authToken": "t"}
    assert not list(validator.iter_errors({**given, "domains": {"messaging": "https://x.io"}}))
    (error,) = validator.iter_errors({**given, "domains": {"mesaging": "https://x.io"}})
    assert list(error.path) == ["domains"]
    assert "'mesaging' was unexpected" in error.message
